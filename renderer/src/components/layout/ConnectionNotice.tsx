import type { SyncError } from '../../../../shared/model/connection';
import { useAppStore } from '../../state/app-store';
import { formatDateTime, relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';

/** When main cannot reach Bitcoin Core, say why (main's diagnosis) and lead to the connection settings. */
export function ConnectionNotice() {
  const status = useAppStore((s) => s.connection);
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  if (status?.state === 'connected' && status.syncError) return <SyncErrorNotice error={status.syncError} />;
  if (!status || status.state !== 'error' || !status.diagnosis || screen === 'settings') return null;
  return (
    <div className="notice error connection-notice" role="alert" data-testid="connection-notice">
      <div>
        <strong>{status.diagnosis.title}</strong> {status.diagnosis.message}
      </div>
      <button type="button" onClick={() => setScreen('settings')}>
        Set up the connection
      </button>
    </div>
  );
}

/**
 * Connected, but the sync fails: Bitcoin Core gave a wrong answer or none in time. The lists stay as they were
 * (nothing is half-applied) and the last sync time does not move; the user sees why and when it is tried again.
 */
function SyncErrorNotice({ error }: { error: SyncError }) {
  const now = useNow(5000);
  return (
    <div className="notice error connection-notice" role="alert" data-testid="sync-error">
      <div>
        <strong>{error.title}</strong> {error.message}{' '}
        <span>
          Failing since {formatDateTime(error.since)} ({error.failures} attempt{error.failures === 1 ? '' : 's'})
          {error.retryAt ? `; next attempt ${relativeTime(error.retryAt, now.getTime())}.` : '.'}
        </span>
      </div>
    </div>
  );
}
