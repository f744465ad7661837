// One transaction through coinsparkd's indexing rules (tracker-api.md §7, protocol.md §5.9, §7.10):
// sum the inputs' records per asset, compute the fee, find the first OP_RETURN's CoinSpark metadata,
// create a new asset if it is a genesis with a sufficient fee, otherwise move every asset present in
// the inputs with the transfer list (if valid and paid for) or by the "no transfers" rule.
import type { Transaction } from 'bitcoinjs-lib';
import type { AssetRef } from '../../../shared/coinspark/index.js';
import * as cs from './protocol.js';

export interface OutRecord {
  /** satoshis */
  value: bigint;
  /** height of the creating block, or 1234567890 for a mempool transaction */
  block: number;
  /** height of the spending block, 0 if unspent (mempool spends are kept apart) */
  spent: number;
  /** units per asset (genesis txid → units); assets with no units here are absent */
  assets: Map<string, bigint>;
}

export interface AssetInfo {
  genTxId: string;
  /** genesis block height, or 1234567890 while the genesis is unconfirmed */
  block: number;
  /** genesis offset in its block (legacy serialization), null while unconfirmed */
  offset: number | null;
  /** the genesis metadata exactly as carried by its OP_RETURN (coinsparkd's genesis_metadata) */
  metadata: Uint8Array;
  /** asset reference, null while unconfirmed */
  ref: AssetRef | null;
  genesis: cs.Genesis;
}

export interface TxContext {
  block: number;
  /** byte offset of the transaction in its block, null in the mempool */
  offset: number | null;
  lookup(key: string): OutRecord | undefined;
  asset(genTxId: string): AssetInfo | undefined;
  /** units created by a genesis are multiplied by this (1 = the truth; a consistent liar inflates them) */
  creationFactor?: (genTxId: string) => bigint;
}

export interface TxEffects {
  spends: string[];
  creates: Array<[string, OutRecord]>;
  genesis: AssetInfo | null;
}

export function txidOfInput(hash: Uint8Array): string {
  return Buffer.from(hash).reverse().toString('hex');
}

export function processTx(tx: Transaction, ctx: TxContext): TxEffects {
  const txid = tx.getId();
  const coinbase = tx.isCoinbase();
  const nIn = tx.ins.length;
  const nOut = tx.outs.length;
  const spends: string[] = [];
  const inputBalances = new Map<string, bigint[]>();
  let inValue = 0n;
  if (!coinbase) {
    tx.ins.forEach((input, i) => {
      const key = `${txidOfInput(input.hash)}:${input.index}`;
      spends.push(key);
      const prev = ctx.lookup(key);
      if (prev === undefined) return; // outside what we index: no satoshis or units known
      inValue += prev.value;
      for (const [assetId, qty] of prev.assets) {
        let arr = inputBalances.get(assetId);
        if (arr === undefined) {
          arr = new Array<bigint>(nIn).fill(0n);
          inputBalances.set(assetId, arr);
        }
        arr[i] = (arr[i] ?? 0n) + qty;
      }
    });
  }
  const scripts = tx.outs.map((o) => o.script);
  const outputsSatoshis = tx.outs.map((o) => BigInt(o.value));
  const outputsRegular = cs.outputsRegularOf(scripts);
  const outValue = outputsSatoshis.reduce((a, b) => a + b, 0n);
  const fee = inValue - outValue;
  const outAssets: Array<Map<string, bigint>> = tx.outs.map(() => new Map());

  let newAsset: AssetInfo | null = null;
  const metadata = coinbase ? null : cs.scriptsToMetadata(scripts);
  const genesis = metadata === null ? null : cs.decodeGenesis(metadata);
  let transfers: cs.TransferList | null = null;
  // A genesis sets any transfer list beside it aside, paid for or not (protocol.md §2.4; coinsparkd's
  // ParseAssetTransaction decodes transfers only when the metadata is no genesis): the input assets then go by the
  // "no transfers" rule. Checked against the real coinsparkd in test/core/genesis-beside-transfers-core.test.ts.
  if (genesis !== null) {
    if (fee >= cs.genesisMinFee(genesis, outputsSatoshis, outputsRegular)) {
      const ref = ctx.offset === null ? null : cs.assetRefOf(ctx.block, ctx.offset, txid);
      newAsset = { genTxId: txid, block: ctx.block, offset: ctx.offset, ref, genesis, metadata: Uint8Array.from(metadata!) };
      const factor = ctx.creationFactor?.(txid) ?? 1n;
      cs.genesisApply(genesis, outputsRegular).forEach((q, o) => {
        if (q > 0n) outAssets[o]!.set(txid, q * factor);
      });
    }
  } else if (metadata !== null) {
    const tl = cs.decodeTransfers(metadata, nIn, nOut);
    if (tl !== null && fee >= cs.transfersMinFee(tl, nIn, outputsSatoshis, outputsRegular)) transfers = tl;
  }

  for (const [assetId, balances] of inputBalances) {
    const asset = ctx.asset(assetId);
    if (asset === undefined) continue; // cannot happen for units we recorded, but never invent an asset
    const out =
      transfers !== null
        ? cs.transfersApply(transfers, asset.ref, asset.genesis, balances, outputsRegular)
        : cs.transfersApplyNone(asset.genesis, balances, outputsRegular);
    out.forEach((q, o) => {
      if (q > 0n) outAssets[o]!.set(assetId, (outAssets[o]!.get(assetId) ?? 0n) + q);
    });
  }

  const creates: Array<[string, OutRecord]> = tx.outs.map((_, o) => [
    `${txid}:${o}`,
    { value: outputsSatoshis[o]!, block: ctx.block, spent: 0, assets: outAssets[o]! },
  ]);
  return { spends, creates, genesis: newAsset };
}
