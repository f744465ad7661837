import { useAppStore } from '../../state/app-store';
import { useAssetsStore } from '../../state/assets-store';
import { relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';

const NETWORK_NAME = { mainnet: 'Bitcoin', testnet: 'Testnet', regtest: 'Regtest' } as const;

/** Network, block height and sync, trackers reachable, last sync, work in progress. */
export function StatusBar() {
  const status = useAppStore((s) => s.connection);
  const progress = useAssetsStore((s) => s.progress);
  const now = useNow(1000);
  // Connected but the sync fails (a bad answer) or waits (a slow one): say so, not "Connected".
  const waitingSeconds = status?.waitingFor ? Math.max(0, Math.round((now.getTime() - Date.parse(status.waitingFor.since)) / 1000)) : 0;
  const dot = !status ? '' : status.state === 'connected' ? (status.syncError ? 'bad' : status.syncing || status.waitingFor ? 'busy' : 'ok') : status.state === 'error' ? 'bad' : 'busy';
  const state = !status
    ? 'Not connected'
    : status.state === 'connected'
      ? status.waitingFor
        ? `Waiting for Bitcoin Core to answer ${status.waitingFor.method}…`
        : status.syncError
          ? `Sync failed: ${status.syncError.title}`
          : status.syncing
            ? 'Syncing…'
            : 'Connected'
      : status.state === 'connecting'
        ? 'Connecting…'
        : status.state === 'error'
          ? (status.diagnosis?.title ?? 'Connection error')
          : 'Not connected';
  const pending = progress ? progress.validityPending + progress.balancesPending : 0;
  return (
    <footer className="status-bar" aria-label="Status" data-testid="status-bar">
      <span role="status">
        <span className={`dot ${dot}`} aria-hidden="true" />
        {state}
      </span>
      {status?.state === 'connected' && status.waitingFor && <span data-testid="status-waiting">for {waitingSeconds} s</span>}
      {status && <span>Network: {NETWORK_NAME[status.network]}</span>}
      {status && <span data-testid="status-height">Block {status.blockHeight === null ? '—' : status.blockHeight.toLocaleString()}</span>}
      {status && (
        <span>
          Trackers reachable: {status.trackersReachable} of {status.trackersTotal}
        </span>
      )}
      {status && <span>Last sync: {relativeTime(status.lastSync)}</span>}
      {pending > 0 && progress && (
        <span>
          Checking {progress.validityPending} asset{progress.validityPending === 1 ? '' : 's'}, {progress.balancesPending} balance{progress.balancesPending === 1 ? '' : 's'}…
        </span>
      )}
    </footer>
  );
}
