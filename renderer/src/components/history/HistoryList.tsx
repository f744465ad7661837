import { useCallback, useLayoutEffect, useRef, useState, type UIEvent } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import type { HistoryRow } from '../../../../shared/model/history';
import { visibleRange } from '../../lib/virtual-window';
import { HistoryRowView } from './HistoryRowView';

export const HISTORY_ROW_HEIGHT = 86;

/** The transactions, windowed: only the rows on screen (and a margin) are in the DOM, so 10,000 scroll smoothly. */
export function HistoryList({ rows, assets, now, selected, onSelect }: { rows: HistoryRow[]; assets: ReadonlyMap<number, AssetSummary>; now: Date; selected: string | null; onSelect(txid: string): void }) {
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
  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), []);
  const { start, end } = visibleRange(scrollTop, height, HISTORY_ROW_HEIGHT, rows.length);
  const items = [];
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    items.push(<HistoryRowView key={row.txid} row={row} assets={assets} now={now} position={i + 1} total={rows.length} selected={row.txid === selected} onSelect={onSelect} style={{ top: i * HISTORY_ROW_HEIGHT, height: HISTORY_ROW_HEIGHT }} />);
  }
  return (
    <div className="asset-viewport" ref={viewport} onScroll={onScroll} data-testid="history-viewport">
      <ul className="asset-list" aria-label="Transactions, newest first" style={{ height: rows.length * HISTORY_ROW_HEIGHT }}>
        {items}
      </ul>
    </div>
  );
}
