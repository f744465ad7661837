import type { AssetSummary } from '../../../shared/model/asset-view';
import type { HistoryRow } from '../../../shared/model/history';
import { formatBtc, formatInteger, formatUnits as formatAssetUnits } from './number-style';

// The history's figures use the asset list's formatter (lib/number-style): the user's locale, one set of rules.

/** Satoshis (decimal text, possibly negative) as BTC with 8 decimals; `signed` puts + on positive amounts. */
export function formatSats(sats: string, signed = false): string {
  return formatBtc(/^-?\d+$/.test(sats) ? sats : '0', { signed });
}

/** Raw units in the asset's own format; null stays "unknown" (never shown as a number). */
export function formatUnits(raw: string | null, asset: AssetSummary | undefined, now: Date, signed = false): string {
  return formatAssetUnits(raw, asset?.display ?? null, now, signed);
}

export function confirmationsText(row: Pick<HistoryRow, 'confirmations'>): string {
  if (row.confirmations < 0) return 'can no longer confirm';
  if (row.confirmations === 0) return 'unconfirmed';
  return `${formatInteger(row.confirmations)} confirmation${row.confirmations === 1 ? '' : 's'}`;
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
