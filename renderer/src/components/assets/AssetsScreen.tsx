import { useCallback, useEffect, useMemo } from 'react';
import { nameOf, useAssetsStore } from '../../state/assets-store';
import { useUndoStore } from '../../state/undo-store';
import { useShowHidden } from '../../state/use-show-hidden';
import { orderAssets } from '../../lib/asset-order';
import { useNow } from '../../lib/use-now';
import { AssetToolbar } from './AssetToolbar';
import { AssetList, neighbourOf } from './AssetList';
import { AssetDetailPanel } from './AssetDetailPanel';

/** The asset list with its toolbar, and the selected asset's details beside it. */
export function AssetsScreen() {
  const assets = useAssetsStore((s) => s.assets);
  const loaded = useAssetsStore((s) => s.loaded);
  const loadError = useAssetsStore((s) => s.loadError);
  const filter = useAssetsStore((s) => s.filter);
  const sort = useAssetsStore((s) => s.sort);
  const selectedId = useAssetsStore((s) => s.selectedId);
  const select = useAssetsStore((s) => s.select);
  const requestFocus = useAssetsStore((s) => s.requestFocus);
  const undoDelete = useAssetsStore((s) => s.undoDelete);
  const offerUndo = useUndoStore((s) => s.offerUndo);
  const [showHidden] = useShowHidden();
  const now = useNow();

  const shown = useMemo(() => orderAssets(assets, { filter, sort, showHidden }), [assets, filter, sort, showHidden]);
  const hidden = useMemo(() => assets.reduce((n, a) => (a.isVisible ? n : n + 1), 0), [assets]);
  const selected = selectedId === null ? undefined : assets.find((a) => a.assetId === selectedId);

  useEffect(() => {
    if (selectedId !== null && loaded && !selected) select(null);
  }, [selectedId, selected, loaded, select]);

  // Escape or ✕: the panel closes and focus goes back to the row it was opened from.
  const closeDetail = useCallback(() => {
    if (selectedId !== null) requestFocus({ assetId: selectedId, target: 'details' });
    select(null);
  }, [selectedId, select, requestFocus]);

  const onDeleted = useCallback(
    (assetId: number, _reference: string | null, undoToken: string) => {
      const index = shown.findIndex((a) => a.assetId === assetId);
      const next = neighbourOf(shown, index);
      const name = nameOf(shown[index]);
      select(null);
      if (next !== null) requestFocus({ assetId: next, target: 'row' });
      offerUndo(`Deleted ${name}.`, async () => {
        const back = await undoDelete(undoToken);
        requestFocus({ assetId: back.assetId, target: 'row' });
      });
    },
    [shown, select, requestFocus, offerUndo, undoDelete],
  );

  return (
    <div className={selected ? 'assets-screen with-detail' : 'assets-screen'}>
      <section className="assets-pane" aria-labelledby="assets-heading">
        <h1 id="assets-heading" className="visually-hidden">
          Assets
        </h1>
        <AssetToolbar shown={shown.length} total={assets.length} hidden={hidden} />
        {loadError && (
          <p className="notice error" role="alert">
            Could not load the asset list: {loadError}
          </p>
        )}
        {!loaded ? (
          <p className="muted empty">Loading assets…</p>
        ) : loadError ? null : assets.length === 0 ? (
          <p className="muted empty">No assets yet. Assets sent to this wallet appear here; you can also add one by its reference.</p>
        ) : shown.length === 0 ? (
          <p className="muted empty">No asset matches the filter{hidden > 0 && !showHidden ? ' (hidden assets are not shown)' : ''}.</p>
        ) : (
          <AssetList assets={shown} now={now} compact={selected !== undefined} />
        )}
      </section>
      {selected && <AssetDetailPanel summary={selected} now={now} onClose={closeDetail} onDeleted={onDeleted} />}
    </div>
  );
}
