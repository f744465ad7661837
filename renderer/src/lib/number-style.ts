import type { QuantityDisplay } from '../../../shared/model/asset-view';
import { formatQuantity, formatSmallestUnit, type FormatOptions, type FormattedQuantity } from '../../../shared/format/quantity';
import { formatSatPerVb } from '../../../shared/send/amount';
import { groupThousands } from '../../../shared/format/decimal';

/**
 * The user's locale's thousands separator and decimal mark, read once from Intl. Quantities are formatted from
 * exact decimals (never through a float), so only the two marks are taken from the locale, not its arithmetic.
 */
function localeMarks(locale?: string): Required<FormatOptions> {
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  return { thousands: group, decimal };
}

// The browser's preferred language (Electron: the OS's), as dates use too.
export const NUMBER_STYLE: Required<FormatOptions> = localeMarks(typeof navigator !== 'undefined' ? navigator.language : undefined);

/** An asset quantity as the user reads it: interest, multiple, format, locale separators. */
export function formatAmount(raw: string | bigint, display: QuantityDisplay | null, now: Date): FormattedQuantity {
  return formatQuantity(raw, display, now, NUMBER_STYLE);
}

/**
 * Raw units (decimal text, possibly negative) as the user reads them; `signed` puts + on a positive amount. Null
 * stays "unknown": an unknown quantity is never shown as a number.
 */
export function formatUnits(raw: string | null, display: QuantityDisplay | null, now: Date, signed = false): string {
  if (raw === null) return 'unknown';
  const negative = raw.startsWith('-');
  const abs = negative ? raw.slice(1) : raw;
  const text = formatAmount(abs, display, now).text;
  return negative ? `−${text}` : signed && abs !== '0' ? `+${text}` : text;
}

/** The smallest amount of an asset (one raw unit), as the user reads it. */
export function formatSmallest(display: QuantityDisplay | null): string {
  return formatSmallestUnit(display, NUMBER_STYLE);
}

/** A plain integer (raw units, counts) with the locale's separators. */
export function formatInteger(value: string | number | bigint): string {
  return groupThousands(String(value), NUMBER_STYLE.thousands);
}

/**
 * Satoshis → "0.12345678 BTC" in the user's locale (always 8 places: the unit bitcoin wallets show). `signed` puts
 * + on a positive amount; `unit: false` leaves "BTC" out (a column headed BTC).
 */
export function formatBtc(sats: string | bigint, options: { signed?: boolean; unit?: boolean } = {}): string {
  const value = typeof sats === 'bigint' ? sats : /^-?\d+$/.test(sats) ? BigInt(sats) : null;
  if (value === null) return '—';
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = groupThousands((abs / 100_000_000n).toString(), NUMBER_STYLE.thousands);
  const frac = (abs % 100_000_000n).toString().padStart(8, '0');
  const sign = negative ? '−' : options.signed && abs > 0n ? '+' : '';
  return `${sign}${whole}${NUMBER_STYLE.decimal}${frac}${options.unit === false ? '' : ' BTC'}`;
}

/** sat/kvB → "2.5" sat/vB with the locale's decimal mark (for reading; the fee field takes a point). */
export function formatFeeRate(satPerKvb: string | bigint): string {
  const [whole = '0', frac] = formatSatPerVb(satPerKvb).split('.');
  const grouped = groupThousands(whole, NUMBER_STYLE.thousands);
  return frac === undefined ? grouped : `${grouped}${NUMBER_STYLE.decimal}${frac}`;
}

/** "+2.5 %/yr", "−2 %/yr": the interest (or demurrage) mark of the asset list. Null when none. */
export function interestMark(rate: number | null): string | null {
  if (rate === null || !Number.isFinite(rate) || rate === 0) return null;
  const text = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 }).format(Math.abs(rate));
  return `${rate > 0 ? '+' : '−'}${text} %/yr`;
}
