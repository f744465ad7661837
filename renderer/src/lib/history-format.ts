import type { AssetSummary } from '../../../shared/model/asset-view';
import type { HistoryRow } from '../../../shared/model/history';
import { formatQuantity } from '../../../shared/format/quantity';

/** Satoshis (decimal text, possibly negative) as BTC with 8 decimals; `signed` puts + on positive amounts. */
export function formatSats(sats: string, signed = false): string {
  const value = /^-?\d+$/.test(sats) ? BigInt(sats) : 0n;
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const text = `${abs / 100_000_000n}.${(abs % 100_000_000n).toString().padStart(8, '0')} BTC`;
  return negative ? `−${text}` : signed && abs > 0n ? `+${text}` : text;
}

/** Raw units in the asset's own format; null stays "unknown" (never shown as a number). */
export function formatUnits(raw: string | null, asset: AssetSummary | undefined, now: Date, signed = false): string {
  if (raw === null) return 'unknown';
  const negative = raw.startsWith('-');
  const abs = negative ? raw.slice(1) : raw;
  const text = formatQuantity(abs, asset?.display ?? null, now).text;
  return negative ? `−${text}` : signed && abs !== '0' ? `+${text}` : text;
}

export function confirmationsText(row: Pick<HistoryRow, 'confirmations'>): string {
  if (row.confirmations < 0) return 'can no longer confirm';
  if (row.confirmations === 0) return 'unconfirmed';
  return `${row.confirmations} confirmation${row.confirmations === 1 ? '' : 's'}`;
}

export const KIND_TEXT: Record<HistoryRow['kind'], string> = {
  genesis: 'Asset issued',
  transfer: 'Asset transfer',
  'payment-ref': 'Payment reference',
  message: 'Message',
  plain: 'Bitcoin',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function formatTxTime(unixSeconds: number): string {
  return unixSeconds > 0 ? dateTime.format(unixSeconds * 1000) : '—';
}
