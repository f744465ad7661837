import { useEffect, useMemo, useState } from 'react';
import { useHistoryStore } from '../../state/history-store';
import { useAssetsStore } from '../../state/assets-store';
import { useNow } from '../../lib/use-now';
import { HistoryToolbar } from './HistoryToolbar';
import { HistoryList } from './HistoryList';
import { HistoryDetail } from './HistoryDetail';

/**
 * Every wallet transaction, newest first (issue #14 "History"): confirmations, bitcoin amount and fee, the units
 * of each asset in and out (each figure marked as worked out locally or from a tracker), payment references and
 * messages. Filter by asset, search; 10,000 transactions stay smooth (windowed list).
 */
export function HistoryScreen() {
  const follow = useHistoryStore((s) => s.follow);
  const snapshot = useHistoryStore((s) => s.snapshot);
  const error = useHistoryStore((s) => s.error);
  const assets = useAssetsStore((s) => s.assets);
  const now = useNow(60_000);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => follow(), [follow]);
  const byId = useMemo(() => new Map(assets.map((a) => [a.assetId, a])), [assets]);
  const rows = snapshot?.rows ?? [];
  const selectedRow = selected === null ? undefined : rows.find((r) => r.txid === selected);

  return (
    <div className={selectedRow ? 'assets-screen with-detail history-screen' : 'assets-screen history-screen'} data-testid="history-screen">
      <section className="assets-pane" aria-labelledby="history-heading">
        <HistoryToolbar shown={rows.length} total={snapshot?.total ?? null} />
        {error && (
          <p className="notice error" role="alert">
            Could not load the history: {error}
          </p>
        )}
        {snapshot && rows.length === 0 ? (
          <p className="empty muted">{snapshot.total === 0 ? 'No transactions yet.' : 'No transaction matches.'}</p>
        ) : (
          <HistoryList rows={rows} assets={byId} now={now} selected={selected} onSelect={(txid) => setSelected((current) => (current === txid ? null : txid))} />
        )}
      </section>
      {selectedRow && <HistoryDetail row={selectedRow} assets={byId} now={now} onClose={() => setSelected(null)} />}
    </div>
  );
}
