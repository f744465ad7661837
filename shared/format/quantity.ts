import type { QuantityDisplay } from '../model/asset-view';
import { decimalFromNumber, groupThousands, isExactlyOne, multiplyInteger, renderDecimal, type Decimal } from './decimal';
import { applyInterest } from './interest';

/** asset-web-page.md §8.1: raw units → what the user reads. */
export interface FormattedQuantity {
  /** The number alone ("1234.50"). */
  number: string;
  /** The number in the asset's format ("1234.50 dollars", "1 dollar", or the number alone). */
  text: string;
}

export interface FormatOptions {
  /** Group integer digits by three (SparkBit does not; off by default). */
  thousands?: string;
  /** The decimal mark ('.' by default): the user's locale may write "1.234,50". */
  decimal?: string;
}

const ONE: Decimal = { digits: 1n, scale: 0 };

/** Raw quantities arrive as decimal strings; anything else is refused. */
export function parseRaw(raw: string | bigint): bigint | null {
  if (typeof raw === 'bigint') return raw;
  return /^-?\d{1,80}$/.test(raw.trim()) ? BigInt(raw.trim()) : null;
}

/** The multiple as an exact decimal; a missing, zero, negative or non-number multiple counts as 1 (SparkBit). */
export function multipleDecimal(multiple: number | null | undefined): Decimal {
  if (typeof multiple !== 'number' || !(multiple > 0)) return ONE;
  return decimalFromNumber(multiple) ?? ONE;
}

/** Interest to `now`, then × multiple in exact decimal, then format / format_1. */
export function formatQuantity(raw: string | bigint, display: QuantityDisplay | null, now: Date, options: FormatOptions = {}): FormattedQuantity {
  const units = parseRaw(raw);
  if (units === null) return { number: String(raw), text: String(raw) };
  if (!display) {
    const number = withGrouping(units.toString(), options);
    return { number, text: number };
  }
  const accrued = applyInterest(units, display.interestRate, display.issueDate, now);
  const value = multiplyInteger(accrued, multipleDecimal(display.multiple));
  const number = withGrouping(renderDecimal(value), options);
  return { number, text: applyFormat(number, value, display) };
}

/** The smallest amount that can be sent, formatted (raw = 1, no interest): shown when input is rounded. */
export function formatSmallestUnit(display: QuantityDisplay | null, options: FormatOptions = {}): string {
  return formatQuantity(1n, display && { ...display, interestRate: null }, new Date(0), options).text;
}

function applyFormat(number: string, value: Decimal, display: QuantityDisplay): string {
  const one = display.format1?.trim();
  if (one && isExactlyOne(value)) return display.format1 as string;
  const format = display.format;
  if (format && format.trim() !== '' && format.includes('*')) return format.replace('*', number);
  return number;
}

function withGrouping(text: string, options: FormatOptions): string {
  // Split at the one point renderDecimal wrote, so a '.' used as the group mark is never taken for it.
  const [int = '', frac] = text.split('.');
  const grouped = options.thousands ? groupThousands(int, options.thousands) : int;
  return frac === undefined ? grouped : `${grouped}${options.decimal ?? '.'}${frac}`;
}
