import { useState } from 'react';
import { useSafetyStore } from '../../state/safety-store';
import { ConfirmDialog } from '../common/ConfirmDialog';

/** The locking setting, what is locked now, and "Unlock everything" (with a confirmation). */
export function AssetLockSettings() {
  const status = useSafetyStore((s) => s.status);
  const busy = useSafetyStore((s) => s.busy);
  const setLocking = useSafetyStore((s) => s.setLocking);
  const unlockAll = useSafetyStore((s) => s.unlockAll);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  if (!status) return null;
  return (
    <section className="settings-block lock-settings" aria-labelledby="lock-settings-heading" data-testid="lock-settings">
      <h3 id="lock-settings-heading">Asset locks in Bitcoin Core</h3>
      <label>
        <input type="checkbox" checked={status.enabled} disabled={busy} onChange={(e) => void setLocking(e.target.checked)} data-testid="lock-toggle" /> Lock outputs that hold assets (or may), so that Bitcoin Core’s own sends cannot spend them
      </label>
      <p className="lock-counts" data-testid="lock-counts">
        {status.lockedByWallet} output{status.lockedByWallet === 1 ? '' : 's'} locked by this wallet · {status.lockedByOthers} locked by you or another program (left alone) · {status.holdingOutputs} holding assets
        {status.unprotected > 0 ? <strong> · {status.unprotected} not locked</strong> : null}
      </p>
      <button type="button" className="danger" disabled={busy || status.lockedByWallet === 0} onClick={() => setConfirming(true)}>
        Unlock everything…
      </button>
      {result && <p className="muted" role="status">{result}</p>}
      {confirming && (
        <ConfirmDialog
          title="Unlock every output this wallet locked?"
          confirmLabel="Unlock everything"
          danger
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            void unlockAll().then((r) => {
              setConfirming(false);
              if (r) setResult(`${r.unlocked} output${r.unlocked === 1 ? '' : 's'} unlocked${r.failed > 0 ? `, ${r.failed} refused by Bitcoin Core` : ''}. Locking is now off.`);
            });
          }}
        >
          <p>
            Bitcoin Core will be free to spend the {status.lockedByWallet} output{status.lockedByWallet === 1 ? '' : 's'} this wallet locked, and locking is turned off so they stay unlocked. If Bitcoin Core (or another program) spends one of them, the assets it holds go to that transaction’s last output and are usually lost. Locks you made yourself stay.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
