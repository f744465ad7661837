import { useCallback, useLayoutEffect, useRef, useState, type UIEvent } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import { useAssetsStore } from '../../state/assets-store';
import { visibleRange } from '../../lib/virtual-window';
import { AssetRow } from './AssetRow';

/** Row heights in px: the wide layout, and the two-line layout used while the details pane is open. */
export const ROW_HEIGHT = 88;
export const COMPACT_ROW_HEIGHT = 128;

/**
 * The assets, windowed: only the rows on screen (plus a margin) are in the DOM, so 10,000 assets scroll as
 * smoothly as ten. Rows have a fixed height and sit at absolute offsets inside a full-height spacer.
 */
export function AssetList({ assets, now, compact = false }: { assets: AssetSummary[]; now: Date; compact?: boolean }) {
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : ROW_HEIGHT;
  const selectedId = useAssetsStore((s) => s.selectedId);
  const refreshing = useAssetsStore((s) => s.refreshing);
  const actionErrors = useAssetsStore((s) => s.actionErrors);
  const select = useAssetsStore((s) => s.select);
  const refresh = useAssetsStore((s) => s.refresh);
  const setVisible = useAssetsStore((s) => s.setVisible);
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

  // Keep the selected asset on screen when the layout changes (details opened, rows taller) or it moves.
  const selectedIndex = selectedId === null ? -1 : assets.findIndex((a) => a.assetId === selectedId);
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
  const onSetVisible = useCallback((id: number, visible: boolean) => void setVisible(id, visible), [setVisible]);

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
