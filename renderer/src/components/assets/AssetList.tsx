import { useCallback, useLayoutEffect, useRef, useState, type UIEvent } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import { nameOf, useAssetsStore } from '../../state/assets-store';
import { useAppStore } from '../../state/app-store';
import { useUndoStore } from '../../state/undo-store';
import { useShowHidden } from '../../state/use-show-hidden';
import { visibleRange } from '../../lib/virtual-window';
import { AssetRow } from './AssetRow';

/** Row heights in px: the wide layout, and the two-line layout used while the details pane is open. */
export const ROW_HEIGHT = 88;
export const COMPACT_ROW_HEIGHT = 132;

/** The row that takes focus when `index` leaves the list: the next one, else the one before. */
export function neighbourOf(assets: readonly AssetSummary[], index: number): number | null {
  return assets[index + 1]?.assetId ?? assets[index - 1]?.assetId ?? null;
}

/**
 * The assets, windowed: only the rows on screen (plus a margin) are in the DOM, so 10,000 assets scroll as
 * smoothly as ten. Rows have a fixed height and sit at absolute offsets inside a full-height spacer.
 */
export function AssetList({ assets, now, compact = false }: { assets: AssetSummary[]; now: Date; compact?: boolean }) {
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : ROW_HEIGHT;
  const selectedId = useAssetsStore((s) => s.selectedId);
  const refreshing = useAssetsStore((s) => s.refreshing);
  const actionErrors = useAssetsStore((s) => s.actionErrors);
  const results = useAssetsStore((s) => s.results);
  const focusRequest = useAssetsStore((s) => s.focusRequest);
  const requestFocus = useAssetsStore((s) => s.requestFocus);
  const select = useAssetsStore((s) => s.select);
  const refresh = useAssetsStore((s) => s.refresh);
  const setVisible = useAssetsStore((s) => s.setVisible);
  const notes = useAppStore((s) => s.info?.demo?.notes);
  const offerUndo = useUndoStore((s) => s.offerUndo);
  const [showHidden] = useShowHidden();
  // The latest order, for handlers that must not change identity on every snapshot (rows are memoised).
  const order = useRef(assets);
  order.current = assets;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight || 800);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 800));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keep the selected asset (or the one about to take focus) on screen when the layout changes or it moves.
  const keptId = focusRequest?.assetId ?? selectedId;
  const selectedIndex = keptId === null ? -1 : assets.findIndex((a) => a.assetId === keptId);
  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * rowHeight;
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - (el.clientHeight - rowHeight) / 2);
      setScrollTop(el.scrollTop);
    }
  }, [selectedIndex, rowHeight]);

  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), []);
  const onSelect = useCallback((id: number) => select(useAssetsStore.getState().selectedId === id ? null : id), [select]);
  const onRefresh = useCallback((id: number) => void refresh(id), [refresh]);
  const onFocused = useCallback(() => requestFocus(null), [requestFocus]);
  const onSetVisible = useCallback(
    (id: number, visible: boolean) => {
      const list = order.current;
      const index = list.findIndex((a) => a.assetId === id);
      const asset = list[index];
      void setVisible(id, visible).then(
        () => {
          if (visible) return;
          // The row leaves the list (unless hidden ones are shown): focus goes to the next one, and the hide can be undone.
          if (!showHidden) {
            const next = neighbourOf(list, index);
            if (next !== null) requestFocus({ assetId: next, target: 'row' });
          }
          offerUndo(`Hid ${nameOf(asset)}.`, async () => {
            await useAssetsStore.getState().setVisible(id, true);
            requestFocus({ assetId: id, target: 'row' });
          });
        },
        () => undefined, // the error is shown on the row
      );
    },
    [setVisible, showHidden, requestFocus, offerUndo],
  );

  const { start, end } = visibleRange(scrollTop, height, rowHeight, assets.length);
  const rows = [];
  for (let i = start; i < end; i++) {
    const asset = assets[i] as AssetSummary;
    rows.push(
      <AssetRow
        key={asset.assetId}
        asset={asset}
        now={now}
        style={{ top: i * rowHeight, height: rowHeight }}
        position={i + 1}
        total={assets.length}
        selected={asset.assetId === selectedId}
        busy={refreshing.has(asset.assetId) || asset.refreshing}
        error={actionErrors.get(asset.assetId)}
        result={results.get(asset.assetId)}
        demoNote={asset.genTxId ? notes?.[asset.genTxId] : undefined}
        focusRequest={focusRequest?.assetId === asset.assetId ? focusRequest : null}
        onFocused={onFocused}
        onSelect={onSelect}
        onRefresh={onRefresh}
        onSetVisible={onSetVisible}
      />,
    );
  }

  return (
    <div className="asset-viewport" ref={viewport} onScroll={onScroll} data-testid="asset-viewport">
      <ul className="asset-list" aria-label="Assets" style={{ height: assets.length * rowHeight }}>
        {rows}
      </ul>
    </div>
  );
}
