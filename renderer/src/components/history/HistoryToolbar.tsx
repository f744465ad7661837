import { useEffect, useState } from 'react';
import { useHistoryStore } from '../../state/history-store';
import { useAssetsStore } from '../../state/assets-store';
import { assetLabel } from '../../lib/asset-label';
import { formatInteger } from '../../lib/number-style';

/** The heading, the asset filter and the search box (txid, payment reference, message server, note). */
export function HistoryToolbar({ shown, total }: { shown: number; total: number | null }) {
  const query = useHistoryStore((s) => s.query);
  const setQuery = useHistoryStore((s) => s.setQuery);
  const assets = useAssetsStore((s) => s.assets);
  const [search, setSearch] = useState(query.search ?? '');
  // Search as the user types, without a request per key.
  useEffect(() => {
    if ((query.search ?? '') === search.trim()) return;
    const timer = setTimeout(() => setQuery({ ...query, search: search.trim() || undefined }), 250);
    return () => clearTimeout(timer);
  }, [search, query, setQuery]);

  return (
    <div className="asset-toolbar">
      <div className="toolbar-row">
        <h1 id="history-heading" className="toolbar-title">
          History
        </h1>
        <label className="inline" htmlFor="history-asset">
          Asset
        </label>
        <select
          id="history-asset"
          value={query.assetId ?? ''}
          onChange={(e) => setQuery({ ...query, assetId: e.target.value === '' ? undefined : Number(e.target.value) })}
          data-testid="history-asset-filter"
        >
          <option value="">All transactions</option>
          {assets.map((a) => (
            <option key={a.assetId} value={a.assetId}>
              {assetLabel(a)}
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder="Search txid, payment reference, message server…"
          aria-label="Search the history"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="history-search"
        />
        <span className="count muted" data-testid="history-count">
          {total === null ? 'Loading…' : shown === total ? `${formatInteger(total)} transaction${total === 1 ? '' : 's'}` : `${formatInteger(shown)} of ${formatInteger(total)} transactions`}
        </span>
      </div>
    </div>
  );
}
