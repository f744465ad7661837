import { useState } from 'react';
import { useAssetsStore, type SortKey } from '../../state/assets-store';
import { useShowHidden } from '../../state/use-show-hidden';
import { errorText } from '../../lib/errors';
import { AddAssetForm } from './AddAssetForm';

const SORTS: { key: SortKey; label: string }[] = [
  { key: 'domain', label: 'Issuer domain' },
  { key: 'name', label: 'Name' },
  { key: 'balance', label: 'Balance (largest first)' },
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
  const [showHidden, setShowHidden] = useShowHidden();
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onRefreshAll() {
    setBusy(true);
    setMessage(null);
    try {
      const n = await refreshAll();
      setMessage({ ok: true, text: `Checking ${n} asset${n === 1 ? '' : 's'} again…` });
    } catch (e) {
      setMessage({ ok: false, text: `Refresh failed: ${errorText(e)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="asset-toolbar">
      <div className="toolbar-row">
        <button type="button" className="primary" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
          Add asset…
        </button>
        <button type="button" onClick={onRefreshAll} disabled={busy}>
          {busy ? 'Refreshing…' : 'Refresh all'}
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
          {hidden > 0 ? ` (${hidden})` : ''}
        </label>
        <span className="muted count" aria-live="polite" data-testid="asset-count">
          {shown === total ? `${total} asset${total === 1 ? '' : 's'}` : `${shown} of ${total} assets`}
        </span>
      </div>
      {message && (
        <p className={message.ok ? 'field-ok' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {adding && <AddAssetForm onDone={() => setAdding(false)} />}
    </div>
  );
}
