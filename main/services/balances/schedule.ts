/**
 * When a balance row is due for a tracker query (wallet-behaviour.md §4.3), as a pure function of the row.
 * Rows with a known quantity are not re-queried unless refreshed (which clears qtyChecked), except rows computed
 * locally (SELF) and rows whose figure only one tracker gave while the asset lists more (issue #12 item 6: one
 * tracker's word is not agreement), which are asked again on the unknown-row schedule.
 */
export interface QtyScheduleRow {
  qty: string | null;
  /** ms since the epoch, null when never checked or refreshed. */
  qtyChecked: number | null;
  qtyFailures: number | null;
  state: string;
  /** The figure is one tracker's while the asset lists more: keep asking the others. */
  awaitingConfirmation?: boolean;
}

export const QTY_TIERS: { below: number; afterMs: number }[] = [
  { below: 40, afterMs: 0 },
  { below: 80, afterMs: 15_000 },
  { below: 120, afterMs: 3_600_000 },
  { below: Infinity, afterMs: 86_400_000 },
];

/** ms epoch when the row is next due, or null when it is settled (known qty, spent). */
export function nextQtyCheck(row: QtyScheduleRow, now: number): number | null {
  if (row.state === 'SPENT' || row.state === 'DELETED') return null;
  if (row.qtyChecked === null) return now;
  if (row.qty !== null && row.state !== 'SELF' && !row.awaitingConfirmation) return null;
  const failures = row.qtyFailures ?? 0;
  const tier = QTY_TIERS.find((t) => failures < t.below) ?? QTY_TIERS[QTY_TIERS.length - 1]!;
  // "more than N seconds since qtyChecked": strictly after.
  return tier.afterMs === 0 ? row.qtyChecked : row.qtyChecked + tier.afterMs + 1;
}

export function isQtyDue(row: QtyScheduleRow, now: number): boolean {
  const next = nextQtyCheck(row, now);
  return next !== null && next <= now;
}
