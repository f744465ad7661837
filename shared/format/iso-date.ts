/**
 * ISO 8601 dates from asset pages (issue_date, expiry_date). asset-web-page.md §8.1: a date without a time is
 * midnight, a time without an offset is UTC — unlike Date.parse, which reads offset-less date-times as local time.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, or null when the text is not an ISO 8601 calendar date(-time). */
export function parseIsoDate(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 February over to March: reject dates that do not exist.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    time -= sign * offsetMinutes * 60_000;
  }
  return time;
}

/** Whether an expiry date has passed at `now` (false when there is no parsable expiry date). */
export function isExpired(expiryDate: string | null | undefined, now: Date): boolean {
  const t = parseIsoDate(expiryDate);
  return t !== null && t <= now.getTime();
}

/** Whole days until the expiry date (negative once expired), or null without a parsable date. */
export function daysUntil(date: string | null | undefined, now: Date): number | null {
  const t = parseIsoDate(date);
  return t === null ? null : Math.floor((t - now.getTime()) / 86_400_000);
}
