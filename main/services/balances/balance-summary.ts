import type { BalanceView } from '../../../shared/model/asset-view';
import type { BalanceRow } from '../../../shared/model/asset-lists';
import type { WalletOutput } from '../assets/assets-api';
import { OLD_CONFIRMATIONS } from './balance-checker';

/**
 * The BalanceView of one asset from its balance rows and the wallet's unspent outputs: confirmed and unconfirmed
 * totals (confirmation status from our own node), "(updating…)" while a quantity is unknown, and rows still
 * unknown after 5,000 confirmations counted apart — never silently read as zero.
 */
export function summariseBalance(rows: readonly Readonly<BalanceRow>[], unspent: ReadonlyMap<string, WalletOutput>): BalanceView {
  let confirmed = 0n;
  let unconfirmed = 0n;
  let updating = false;
  let unknownOld = 0;
  const syncKnown = unspent.size > 0;
  for (const row of rows) {
    const out = unspent.get(`${row.txid}:${row.vout}`);
    if (syncKnown && !out) continue; // spent since: no longer part of the balance
    if (row.qty === null) {
      if ((out?.confirmations ?? 0) > OLD_CONFIRMATIONS) unknownOld++;
      else updating = true;
      continue;
    }
    if (row.qtyChecked === null) updating = true; // refreshing: the old figure is shown meanwhile
    if (out && out.confirmations === 0) unconfirmed += BigInt(row.qty);
    else confirmed += BigInt(row.qty);
  }
  return { confirmedRaw: confirmed.toString(), unconfirmedRaw: unconfirmed.toString(), updating, unknownOld };
}
