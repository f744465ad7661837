import { parseIsoDate } from './iso-date';

/** Seconds in a Julian year (365.25 days), the unit of asset-web-page.md §8.1. */
export const SECONDS_PER_YEAR = 31_557_600;

/**
 * (1 + rate/100)^(years since issue), in double precision; 1 when interest does not apply (no rate, a zero
 * rate, or no parsable issue date). Dates in the future count as zero years.
 */
export function interestFactor(interestRate: number | null | undefined, issueDate: string | null | undefined, now: Date): number {
  if (typeof interestRate !== 'number' || !Number.isFinite(interestRate) || interestRate === 0) return 1;
  const issued = parseIsoDate(issueDate);
  if (issued === null) return 1;
  const seconds = Math.max(0, (now.getTime() - issued) / 1000);
  const base = 1 + interestRate / 100;
  if (base < 0) return 1; // a rate below -100 % has no meaning: show the raw units rather than nonsense
  return base ** (seconds / SECONDS_PER_YEAR);
}

/** floor(raw × factor): the raw quantity with interest (or demurrage) accrued up to `now`. */
export function applyInterest(raw: bigint, interestRate: number | null | undefined, issueDate: string | null | undefined, now: Date): bigint {
  const factor = interestFactor(interestRate, issueDate, now);
  if (factor === 1) return raw;
  const value = Math.floor(Number(raw) * factor);
  return Number.isFinite(value) ? BigInt(value) : raw;
}
