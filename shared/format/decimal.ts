/**
 * Exact decimal numbers for quantity display (asset-web-page.md §8.1 step 3): value = digits × 10^-scale.
 * The multiple comes from JSON as an IEEE double; we read its shortest decimal text (what JSON.stringify and
 * String() print, which round-trips the JSON literal of any sane multiple) and never multiply in floating point.
 */
export interface Decimal {
  digits: bigint;
  /** Number of decimal places, ≥ 0. */
  scale: number;
}

const NUMBER_TEXT = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** The exact decimal written by `text` ("0.01", "1e-7", "2.5E+3"), or null if it is not a plain number. */
export function parseDecimal(text: string): Decimal | null {
  const m = NUMBER_TEXT.exec(text.trim());
  if (!m) return null;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  const exponent = Number(exp);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return null;
  let digits = BigInt(int + frac);
  let scale = frac.length - exponent;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (sign) digits = -digits;
  return trimTrailingZeros({ digits, scale });
}

/** The decimal a double prints as (shortest round-trip text). Null for NaN and ±Infinity. */
export function decimalFromNumber(value: number): Decimal | null {
  if (!Number.isFinite(value)) return null;
  return parseDecimal(String(value));
}

/** 1.50 → 1.5, 100 stays 100 (only decimal places are dropped). */
export function trimTrailingZeros(d: Decimal): Decimal {
  let { digits, scale } = d;
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale -= 1;
  }
  return { digits, scale };
}

/** integer × decimal, exact; the result keeps the decimal's number of places. */
export function multiplyInteger(value: bigint, by: Decimal): Decimal {
  return { digits: value * by.digits, scale: by.scale };
}

/** Text with exactly `scale` decimal places; zero is rendered as "0" whatever the scale. */
export function renderDecimal(d: Decimal): string {
  if (d.digits === 0n) return '0';
  const negative = d.digits < 0n;
  const abs = (negative ? -d.digits : d.digits).toString();
  let text: string;
  if (d.scale === 0) {
    text = abs;
  } else {
    const padded = abs.padStart(d.scale + 1, '0');
    text = `${padded.slice(0, padded.length - d.scale)}.${padded.slice(padded.length - d.scale)}`;
  }
  return negative ? `-${text}` : text;
}

/** True when the decimal's value is exactly one. */
export function isExactlyOne(d: Decimal): boolean {
  return d.digits === 10n ** BigInt(d.scale);
}

/** Inserts a separator every three integer digits ("1234567.5" → "1,234,567.5"). */
export function groupThousands(text: string, separator = ','): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  const [, sign = '', int = '', frac = ''] = m;
  return sign + int.replace(/\B(?=(\d{3})+(?!\d))/g, separator) + frac;
}
