import type { BalanceRow } from '../../../shared/model/asset-lists';
import type { HistoryLedger } from '../history/history-ledger';

/** The block an asset was created in (its reference's height), when known: nothing older can hold it. */
export type AssetHeight = (assetId: number) => number | null;

/**
 * Does this balance row make its output one to keep away from Core's own sends? Yes when it holds units, or may
 * (quantity not known yet) — unless the wallet proved from its own node's data that it holds none: the history
 * worked the asset through every transaction and found nothing there, or the output is older than the asset.
 */
export function rowHolds(row: Pick<BalanceRow, 'assetId' | 'txid' | 'vout' | 'qty'>, ledger: HistoryLedger | undefined, assetHeight?: AssetHeight): boolean {
  if (row.qty !== null) return row.qty !== '0';
  if (!ledger) return true;
  const key = `${row.txid}:${row.vout}`;
  if (!ledger.isOurOutput(key)) return true;
  if (ledger.isEvaluated(row.assetId)) {
    const figure = ledger.figure(key, row.assetId);
    return figure === undefined ? false : figure.qty !== 0n;
  }
  // Not worked out yet (its genesis not fetched, e.g. an asset first seen in a transfer): an output confirmed
  // below the asset's genesis block cannot hold it.
  const created = ledger.tx(row.txid)?.height ?? null;
  const born = assetHeight?.(row.assetId) ?? null;
  return !(created !== null && born !== null && created < born);
}

/** The unspent outputs that hold (or may hold) units of some asset: the ones to lock. */
export function holdingOutputs(rows: Iterable<Readonly<BalanceRow>>, unspent: ReadonlySet<string> | ReadonlyMap<string, unknown>, ledger: HistoryLedger | undefined, assetHeight?: AssetHeight): Set<string> {
  const holding = new Set<string>();
  for (const row of rows) {
    const key = `${row.txid}:${row.vout}`;
    if (holding.has(key) || !unspent.has(key)) continue;
    if (rowHolds(row, ledger, assetHeight)) holding.add(key);
  }
  return holding;
}

export interface LockPlan {
  /** Holding outputs not locked in Core yet: lock them (persistently). */
  lock: string[];
  /** Our locks on outputs that no longer hold anything: release them. */
  unlock: string[];
  /** Our locks still standing in Core, before this plan runs. */
  oursStanding: Set<string>;
}

/**
 * What to lock and unlock so that Core's locks follow the lists. Only our own locks are ever released: an output
 * locked by someone else (the user, another program) stays locked whatever it holds. A lock of ours that Core no
 * longer lists (spent, or unlocked by hand) is forgotten; if its output still holds units it is locked again.
 */
export function planLocks(input: { wanted: ReadonlySet<string>; coreLocks: ReadonlySet<string>; ours: ReadonlySet<string> }): LockPlan {
  const oursStanding = new Set<string>();
  for (const key of input.ours) if (input.coreLocks.has(key)) oursStanding.add(key);
  const lock: string[] = [];
  for (const key of input.wanted) if (!input.coreLocks.has(key)) lock.push(key);
  const unlock: string[] = [];
  for (const key of oursStanding) if (!input.wanted.has(key)) unlock.push(key);
  return { lock, unlock, oursStanding };
}
