import { useEffect, useMemo, useState } from 'react';
import { useSafetyStore } from '../../state/safety-store';
import { useAssetsStore } from '../../state/assets-store';
import { useAppStore } from '../../state/app-store';
import { useHistoryStore } from '../../state/history-store';
import { useNow } from '../../lib/use-now';
import { formatDateTime } from '../../lib/time';
import { SpendAlertView } from './SpendAlertView';
import { LockExplanation } from './LockExplanation';

/** Alerts shown in full at once; the rest behind "Show all" (each stays until dismissed). */
const MAX_SHOWN = 2;

/**
 * Above every screen: alerts about units that left the wallet (until dismissed), a lock Bitcoin Core refused, and
 * the first-run explanation of the locks.
 */
export function SafetyNotices() {
  const start = useSafetyStore((s) => s.start);
  const status = useSafetyStore((s) => s.status);
  const alerts = useSafetyStore((s) => s.alerts);
  const busy = useSafetyStore((s) => s.busy);
  const actionError = useSafetyStore((s) => s.actionError);
  const dismiss = useSafetyStore((s) => s.dismiss);
  const acknowledge = useSafetyStore((s) => s.acknowledge);
  const assets = useAssetsStore((s) => s.assets);
  const setScreen = useAppStore((s) => s.setScreen);
  const setQuery = useHistoryStore((s) => s.setQuery);
  const now = useNow(60_000);
  const [showAll, setShowAll] = useState(false);
  useEffect(() => start(), [start]);
  const byId = useMemo(() => new Map(assets.map((a) => [a.assetId, a])), [assets]);

  return (
    <div className="safety-notices" data-testid="safety-notices">
      {(showAll ? alerts : alerts.slice(0, MAX_SHOWN)).map((alert) => (
        <SpendAlertView
          key={alert.id}
          alert={alert}
          assets={byId}
          now={now}
          busy={busy}
          onDismiss={() => void dismiss(alert.id)}
          onShow={() => {
            setQuery({ search: alert.txid });
            setScreen('history');
          }}
        />
      ))}
      {alerts.length > MAX_SHOWN && (
        <p className="notice error">
          {showAll ? `${alerts.length} alerts.` : `${alerts.length - MAX_SHOWN} more alert${alerts.length - MAX_SHOWN === 1 ? '' : 's'}.`}{' '}
          <button type="button" className="link" onClick={() => setShowAll(!showAll)}>
            {showAll ? 'Show the newest only' : 'Show all'}
          </button>
        </p>
      )}
      {status?.lastError && (
        <p className="notice error" role="alert" data-testid="lock-error">
          Bitcoin Core refused to lock or unlock {status.lastError.outputs} output{status.lastError.outputs === 1 ? '' : 's'} ({formatDateTime(status.lastError.at)}): {status.lastError.message}
          {status.unprotected > 0 ? ` ${status.unprotected} output${status.unprotected === 1 ? '' : 's'} holding assets can be spent by Bitcoin Core.` : ''}
        </p>
      )}
      {actionError && (
        <p className="notice error" role="alert">
          {actionError}
        </p>
      )}
      {status && !status.explained && <LockExplanation status={status} busy={busy} onAcknowledge={() => void acknowledge()} />}
    </div>
  );
}
