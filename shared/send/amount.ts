/**
 * Amounts typed by the user → exact integers: asset display units → raw units (asset-web-page.md §8.2) and
 * bitcoin → satoshis. The display side is shared/format/quantity.ts (§8.1); the conversion here is its exact
 * inverse: the largest raw quantity whose display does not exceed what was typed.
 */
import { ASSET_QTY_MAX } from '../coinspark/constants';
import { multipleDecimal } from '../format/quantity';
import { interestFactor } from '../format/interest';
import type { QuantityDisplay } from '../model/asset-view';

export type AmountResult<T> = { ok: true; value: T } | { ok: false; message: string };

const PLAIN_DECIMAL = /^(\d{1,40})(?:\.(\d{1,40}))?$/;

/** "12.5" → { digits: 125n, scale: 1 }; only plain non-negative decimals with a point (no signs, exponents, commas). */
function parseTyped(text: string): { digits: bigint; scale: number } | null {
  const m = PLAIN_DECIMAL.exec(text.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  return { digits: BigInt(m[1]! + frac), scale: frac.length };
}

function typedProblem(text: string): string {
  const t = text.trim();
  if (t === '') return 'Enter an amount.';
  if (t.includes(',')) return 'Write the amount with a point for decimals and without thousands separators (for example 1234.5).';
  if (t.startsWith('-')) return 'The amount must be above zero.';
  return `“${t.slice(0, 40)}” is not an amount: use digits and at most one decimal point.`;
}

export interface RawFromDisplay {
  raw: bigint;
  /** The typed amount had more precision than raw units can carry: it was rounded down to `raw`. */
  rounded: boolean;
}

/**
 * §8.2: divide by the multiple (exactly), divide by the interest factor, floor. Done as a search around that
 * estimate so the result agrees with the display rule to the unit: the largest raw whose displayed value
 * (floor(raw × factor) × multiple) is at most the typed value.
 */
export function rawFromDisplay(text: string, display: QuantityDisplay | null, now: Date): AmountResult<RawFromDisplay> {
  const typed = parseTyped(text);
  if (!typed) return { ok: false, message: typedProblem(text) };
  if (typed.digits === 0n) return { ok: false, message: 'The amount must be above zero.' };
  const multiple = multipleDecimal(display?.multiple);
  // typed value / multiple = (typed.digits × 10^m.scale) / (m.digits × 10^typed.scale) = num / den, exactly.
  const num = typed.digits * 10n ** BigInt(multiple.scale);
  const den = multiple.digits * 10n ** BigInt(typed.scale);
  const factor = display ? interestFactor(display.interestRate, display.issueDate, now) : 1;
  let raw: bigint;
  let exact: boolean;
  if (factor === 1) {
    raw = num / den;
    exact = raw * den === num;
  } else {
    // shown(r) = floor(r × factor): the same double arithmetic as applyInterest in shared/format/interest.ts.
    const shown = (r: bigint): bigint => {
      const value = Math.floor(Number(r) * factor);
      return Number.isFinite(value) ? BigInt(value) : r;
    };
    const estimate = Number(num) / Number(den) / factor;
    raw = Number.isFinite(estimate) ? BigInt(Math.max(0, Math.floor(estimate))) : 0n;
    while (raw > 0n && shown(raw) * den > num) raw--;
    while (shown(raw + 1n) * den <= num && raw < ASSET_QTY_MAX) raw++;
    exact = shown(raw) * den === num;
  }
  if (raw === 0n) return { ok: false, message: 'The amount is smaller than one unit of this asset.' };
  if (raw > ASSET_QTY_MAX) return { ok: false, message: 'The amount is larger than any asset can hold.' };
  return { ok: true, value: { raw, rounded: !exact } };
}

/** Bitcoin as typed ("0.0015") → satoshis; more than 8 decimals is refused, not rounded. */
export function satsFromBtc(text: string): AmountResult<bigint> {
  const typed = parseTyped(text);
  if (!typed) return { ok: false, message: typedProblem(text) };
  if (typed.scale > 8) return { ok: false, message: 'Bitcoin amounts have at most 8 decimal places (1 satoshi = 0.00000001).' };
  const sats = typed.digits * 10n ** BigInt(8 - typed.scale);
  if (sats === 0n) return { ok: false, message: 'The amount must be above zero.' };
  if (sats > 2_100_000_000_000_000n) return { ok: false, message: 'That is more bitcoin than will ever exist.' };
  return { ok: true, value: sats };
}

/** Satoshis as BTC text with 8 decimals ("0.00011000"). */
export function formatBtc(sats: bigint | string): string {
  const s = typeof sats === 'string' ? BigInt(sats) : sats;
  const negative = s < 0n;
  const abs = negative ? -s : s;
  const text = `${abs / 100_000_000n}.${(abs % 100_000_000n).toString().padStart(8, '0')}`;
  return negative ? `-${text}` : text;
}

/** A fee rate as typed ("2.5" sat/vB) → satoshis per 1000 vbytes, the unit Core's policy uses. At most 3 decimals. */
export function satPerKvbFromText(text: string): AmountResult<bigint> {
  const typed = parseTyped(text);
  if (!typed) return { ok: false, message: typed === null && text.trim() === '' ? 'Enter a fee rate.' : `“${text.trim().slice(0, 20)}” is not a fee rate: use digits and at most one decimal point.` };
  if (typed.scale > 3) return { ok: false, message: 'A fee rate has at most 3 decimal places (0.001 sat/vB).' };
  return { ok: true, value: typed.digits * 10n ** BigInt(3 - typed.scale) };
}

/** sat/kvB → "2.5" (sat/vB, no trailing zeros). */
export function formatSatPerVb(satPerKvb: bigint | string): string {
  const v = typeof satPerKvb === 'string' ? BigInt(satPerKvb) : satPerKvb;
  const whole = v / 1000n;
  const frac = (v % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole.toString();
}
