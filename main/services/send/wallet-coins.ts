import type { AssetListsStore } from '../assets/asset-lists-store';
import type { WalletOutput } from '../assets/assets-api';
import type { HistoryLedger } from '../history/history-ledger';
import { INPUT_WEIGHT, scriptTypeOf, type ScriptType } from './tx-bytes';

/**
 * The wallet's unspent outputs as the send builder sees them: each with its satoshis, its kind (for the size it
 * adds once signed) and what the wallet knows of the assets in it. An output "may hold" an asset when a balance row
 * names it with a quantity not known yet: a bitcoin send never spends such an output, and neither does the bitcoin
 * part of an asset send (wallet-behaviour.md §7.2, §8.2).
 *
 * A quantity is known from the balance row (a tracker's answer, or the wallet's own computation), or else from the
 * history ledger's local figure: worked out with the legal definition from the wallet's own node, which is the
 * same evidence the safety service's locks follow (safety/lock-plan.ts rowHolds).
 */
export interface Coin {
  key: string;
  txid: string;
  vout: number;
  sats: bigint;
  confirmations: number;
  scriptHex: string;
  type: ScriptType;
  /** Known non-zero quantities, by asset id. */
  known: Map<number, bigint>;
  /** Assets whose quantity here is not known yet. */
  unknown: Set<number>;
}

export interface WalletCoins {
  all: Coin[];
  byKey: Map<string, Coin>;
  /** Outputs known to hold no asset, of a kind the wallet can size: what bitcoin may be paid from. */
  free: Coin[];
  /** Outputs holding a known non-zero quantity of each asset. */
  holding(assetId: number): Coin[];
  /** Units of the asset in every unspent output: known total, and how many outputs are still unknown. */
  assetBalance(assetId: number): { known: bigint; unknownOutputs: number };
  totalSats: bigint;
}

export const coinKey = (txid: string, vout: number): string => `${txid}:${vout}`;

/** Units of the asset in the output: the row's quantity, else the ledger's local figure, else null (not known). */
export function knownQty(row: { assetId: number; txid: string; vout: number; qty: string | null }, ledger: HistoryLedger | undefined): bigint | null {
  if (row.qty !== null) return BigInt(row.qty);
  if (!ledger || !ledger.isEvaluated(row.assetId)) return null;
  const key = coinKey(row.txid, row.vout);
  if (!ledger.isOurOutput(key)) return null;
  const figure = ledger.figure(key, row.assetId);
  // Evaluated through every transaction: an output of ours without a figure holds none of it.
  return figure === undefined ? 0n : figure.qty;
}

export function classifyCoins(unspent: ReadonlyMap<string, WalletOutput>, lists: AssetListsStore, ledger?: HistoryLedger): WalletCoins {
  const byKey = new Map<string, Coin>();
  let totalSats = 0n;
  for (const [key, output] of unspent) {
    const coin: Coin = {
      key,
      txid: output.txid,
      vout: output.vout,
      sats: output.amountSats,
      confirmations: output.confirmations,
      scriptHex: output.scriptPubKey,
      type: scriptTypeOf(output.scriptPubKey),
      known: new Map(),
      unknown: new Set(),
    };
    byKey.set(key, coin);
    totalSats += output.amountSats;
  }
  const holders = new Map<number, Coin[]>();
  const balances = new Map<number, { known: bigint; unknownOutputs: number }>();
  for (const asset of lists.assets()) {
    const id = asset.assetId;
    const figures = { known: 0n, unknownOutputs: 0 };
    const list: Coin[] = [];
    for (const row of lists.balancesOf(id)) {
      // Most rows say 0 (sync gives every output a row for every asset it might hold): nothing to note, and no key to
      // build. A 0 row of a spent output changes nothing either.
      if (row.qty === '0') continue;
      const coin = byKey.get(coinKey(row.txid, row.vout));
      if (!coin) continue; // spent: only unspent outputs count
      const qty = knownQty(row, ledger);
      if (qty === null) {
        coin.unknown.add(id);
        figures.unknownOutputs++;
      } else if (qty !== 0n) {
        coin.known.set(id, qty);
        figures.known += qty;
        list.push(coin);
      }
    }
    holders.set(id, list);
    balances.set(id, figures);
  }
  const all = [...byKey.values()];
  return {
    all,
    byKey,
    free: all.filter((c) => c.known.size === 0 && c.unknown.size === 0 && c.type !== 'unsupported'),
    holding: (assetId) => holders.get(assetId) ?? [],
    assetBalance: (assetId) => balances.get(assetId) ?? { known: 0n, unknownOutputs: 0 },
    totalSats,
  };
}

/** Weight a coin adds as a signed input (see tx-bytes INPUT_WEIGHT). */
export function inputWeight(coin: Coin): number {
  if (coin.type === 'unsupported') throw new Error(`The output ${coin.key} is of a kind the wallet cannot size.`);
  return INPUT_WEIGHT[coin.type].weight;
}

/** wallet-behaviour.md §7.3: ceil(N / 5) KB × 11,000 satoshis, at least 1 KB (SparkBit). */
export function migrationReserve(outputs: number): bigint {
  return BigInt(Math.max(1, Math.ceil(outputs / 5))) * 11_000n;
}
