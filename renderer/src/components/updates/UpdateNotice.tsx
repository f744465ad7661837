import { useEffect, type ReactNode } from 'react';
import type { UpdateState } from '../../../../shared/ipc/channels/updates';
import { openExternal } from '../../lib/open-external';
import { useUpdatesStore } from '../../state/updates-store';

/** Whether the state deserves a notice: offers and consents always; checks and their failures only when asked for. */
function noticeWorthy(u: UpdateState): boolean {
  switch (u.kind) {
    case 'available':
    case 'downloading':
    case 'verifying':
    case 'downloaded':
    case 'installing':
      return true;
    case 'checking':
    case 'up-to-date':
      return u.userInitiated;
    case 'failed':
      return u.userInitiated || u.stage !== 'check';
    case 'idle':
    case 'unsupported':
      return false;
  }
}

/**
 * The updater's voice in the window: a new version, the consent to download it, the consent to restart into it,
 * and every refusal in plain words. Nothing shows in the headless host (its state is "unsupported").
 */
export function UpdateNotice() {
  const update = useUpdatesStore((s) => s.update);
  const dismissed = useUpdatesStore((s) => s.dismissed);
  const actionError = useUpdatesStore((s) => s.actionError);
  const { start, download, install, dismiss } = useUpdatesStore.getState();
  useEffect(() => start(), [start]);
  if (!update || update === dismissed || !noticeWorthy(update)) return null;

  const release = (url: string) => (
    <button type="button" className="link" onClick={() => void openExternal(url)}>
      What’s new
    </button>
  );
  let tone = 'info';
  let body: ReactNode;
  let actions: ReactNode = null;
  switch (update.kind) {
    case 'checking':
      body = 'Checking for updates…';
      break;
    case 'up-to-date':
      tone = 'ok';
      body = `CoinSpark Wallet ${update.currentVersion} is the latest version.`;
      break;
    case 'available':
      body = (
        <>
          <strong>Version {update.version} is available</strong> (you have {update.currentVersion}). {release(update.releaseUrl)}
        </>
      );
      actions = (
        <button type="button" onClick={() => void download(update.version)}>
          Download
        </button>
      );
      break;
    case 'downloading':
      body = `Downloading version ${update.version}… ${update.percent}%`;
      break;
    case 'verifying':
      body = `Checking that version ${update.version} is signed by the CoinSpark Wallet developers…`;
      break;
    case 'downloaded':
      tone = 'ok';
      body = (
        <>
          <strong>Version {update.version} is ready to install.</strong> Its signature is ours. The wallet will close and restart.
        </>
      );
      actions = (
        <button type="button" onClick={() => void install(update.version)}>
          Restart and install
        </button>
      );
      break;
    case 'installing':
      body = `Installing version ${update.version}…`;
      break;
    case 'failed':
      tone = update.stage === 'verify' ? 'error' : 'warn';
      body = update.message;
      if (update.version && (update.stage === 'download' || update.stage === 'verify')) {
        const version = update.version;
        actions = (
          <button type="button" onClick={() => void download(version)}>
            Try again
          </button>
        );
      }
      break;
    default:
      return null;
  }
  const closable = update.kind !== 'downloading' && update.kind !== 'verifying' && update.kind !== 'installing';
  return (
    <div className={`notice ${tone} update-notice`} role="status" data-testid="update-notice">
      <div>
        {body}
        {actionError ? <div className="update-error">{actionError}</div> : null}
      </div>
      <div className="update-actions">
        {actions}
        {closable ? (
          <button type="button" onClick={dismiss} aria-label="Close the update notice">
            {update.kind === 'available' || update.kind === 'downloaded' ? 'Not now' : 'Close'}
          </button>
        ) : null}
      </div>
    </div>
  );
}
