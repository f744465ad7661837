import type { ValidState } from '../../../shared/model/asset-view';

/**
 * When an asset's validity is next due (wallet-behaviour.md §4.2), as a pure function of the row. Long intervals
 * get a small deterministic jitter per asset (up to 5 %), so that a hundred assets checked together at start do
 * not all come due in the same tick a day later, and so that the "next check" shown to the user is stable.
 */
export interface ValidityScheduleRow {
  assetId: number;
  validState: ValidState;
  /** ms since the epoch, null when never checked. */
  validChecked: number | null;
  validFailures: number;
  /** genesis known (else the row is still being located, §4.1). */
  hasGenesis: boolean;
}

export const VALID_INTERVAL_MS = 86_400_000;
export const FAILURE_SLOW_INTERVAL_MS = 1_800_000;
export const FAILURE_DAILY_INTERVAL_MS = 86_400_000;
export const FAILURES_FAST = 60;
export const FAILURES_SLOW = 200;
export const NO_GENESIS_FAST = 10;
export const NO_GENESIS_SLOW = 20;
export const NO_GENESIS_SLOW_INTERVAL_MS = 600_000;
export const JITTER_FRACTION = 0.05;

/** A stable pseudo-random fraction in [0, 1) per asset. */
export function jitterFraction(assetId: number): number {
  // Multiplicative hashing with the 32-bit golden ratio.
  return (Math.imul(assetId >>> 0, 0x9e3779b1) >>> 0) / 2 ** 32;
}

function later(row: ValidityScheduleRow, interval: number): number {
  const checked = row.validChecked ?? 0;
  return checked + interval + Math.floor(interval * JITTER_FRACTION * jitterFraction(row.assetId));
}

/** ms epoch at which the row is due; a value ≤ now means "due now" (the next 5-second tick). */
export function nextValidityCheck(row: ValidityScheduleRow, now: number): number {
  if (row.validChecked === null) return now;
  if (row.validState === 'NOT_VALIDATED_YET' || row.validState === 'REFRESH') return now;
  if (!row.hasGenesis) {
    if (row.validFailures < NO_GENESIS_FAST) return now;
    if (row.validFailures < NO_GENESIS_SLOW) return later(row, NO_GENESIS_SLOW_INTERVAL_MS);
    return later(row, FAILURE_DAILY_INTERVAL_MS);
  }
  if (row.validState === 'VALID') return later(row, VALID_INTERVAL_MS);
  if (row.validFailures < FAILURES_FAST) return row.validChecked;
  if (row.validFailures < FAILURES_SLOW) return later(row, FAILURE_SLOW_INTERVAL_MS);
  return later(row, FAILURE_DAILY_INTERVAL_MS);
}

export function isValidityDue(row: ValidityScheduleRow, now: number): boolean {
  return nextValidityCheck(row, now) <= now;
}
