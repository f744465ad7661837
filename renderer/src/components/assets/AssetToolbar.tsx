import { useState } from 'react';
import { refreshRunText, useAssetsStore, type SortKey } from '../../state/assets-store';
import { useShowHidden } from '../../state/use-show-hidden';
import { errorText } from '../../lib/errors';
import { formatInteger } from '../../lib/number-style';
import { AddAssetForm } from './AddAssetForm';
import { SwapLabel } from '../common/SwapLabel';

const SORTS: { key: SortKey; label: string }[] = [
  { key: 'domain', label: 'Issuer domain' },
  { key: 'name', label: 'Name' },
  { key: 'balance', label: 'Held first' },
  { key: 'status', label: 'Status (problems first)' },
  { key: 'added', label: 'Recently added' },
];

/** Refresh all, add, filter, sort, show hidden. */
export function AssetToolbar({ shown, total, hidden }: { shown: number; total: number; hidden: number }) {
  const filter = useAssetsStore((s) => s.filter);
  const sort = useAssetsStore((s) => s.sort);
  const setFilter = useAssetsStore((s) => s.setFilter);
  const setSort = useAssetsStore((s) => s.setSort);
  const refreshAll = useAssetsStore((s) => s.refreshAll);
  const run = useAssetsStore((s) => s.refreshRun);
  const [showHidden, setShowHidden] = useShowHidden();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Busy from the click until every asset it covers has finished checking (not just until main answered).
  const busy = run !== null && run.result === null;

  async function onRefreshAll() {
    setError(null);
    try {
      await refreshAll();
    } catch (e) {
      setError(`Refresh failed: ${errorText(e)}`);
    }
  }

  return (
    <div className="asset-toolbar">
      <div className="toolbar-row">
        <button type="button" className="primary" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
          Add asset…
        </button>
        <button type="button" onClick={onRefreshAll} disabled={busy} data-testid="refresh-all">
          <SwapLabel shown={busy ? 1 : 0} labels={['Refresh all', 'Refreshing…']} />
        </button>
        <input type="search" aria-label="Filter assets" placeholder="Filter by domain, name, issuer or reference" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <label className="inline">
          Sort by{' '}
          <select aria-label="Sort assets by" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            {SORTS.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} /> Show hidden assets
          {hidden > 0 ? ` (${formatInteger(hidden)})` : ''}
        </label>
      </div>
      <div className="toolbar-status">
        <span className="muted count" aria-live="polite" data-testid="asset-count">
          {shown === total ? `${formatInteger(total)} asset${total === 1 ? '' : 's'}` : `${formatInteger(shown)} of ${formatInteger(total)} assets`}
        </span>
        <span className={`toolbar-message ${error ? 'field-error' : run?.result?.problems ? 'problem' : 'field-ok'}`} role="status" data-testid="refresh-all-message">
          {error ?? (run ? refreshRunText(run) : '')}
        </span>
      </div>
      {adding && <AddAssetForm onDone={() => setAdding(false)} />}
    </div>
  );
}
