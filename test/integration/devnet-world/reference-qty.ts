// An independent calculation of asset quantities for the tracker tests: the protocol's "legal
// definition" (protocol.md §7.10, the library's genesisTxOutputQty / transferTxOutputQty) applied
// recursively backwards from each output, over a fresh full read of the node's chain and mempool. It
// shares nothing with the tracker's forward indexer except the node and the library. Like the tracker, and through
// the library's transferTxOutputQty, a transfer list beside a genesis moves nothing (protocol.md §2.4).
import { Block, Transaction } from 'bitcoinjs-lib';
import { assetRefFromGenesisTx, genesisTxOutputQty, transferTxOutputQty, type AssetRef, type Genesis } from '../../../shared/coinspark/index.js';
import type { RpcClient } from '../../devnet/rpc-client.js';

interface TxAt {
  tx: Transaction;
  height: number | null;
  offset: number | null;
}

export class ReferenceCalc {
  private readonly txs = new Map<string, TxAt>();
  private readonly memo = new Map<string, bigint | null>();
  private readonly geneses = new Map<string, { genesis: Genesis; ref: AssetRef | null } | null>();
  /** spending height per outpoint (1234567890 for mempool) */
  readonly spentBy = new Map<string, number>();

  static async load(rpc: RpcClient): Promise<ReferenceCalc> {
    const c = new ReferenceCalc();
    const tip = await rpc.call<number>('getblockcount');
    for (let h = 0; h <= tip; h++) {
      const block = Block.fromHex(await rpc.call<string>('getblock', await rpc.call<string>('getblockhash', h), 0));
      const txs = block.transactions ?? [];
      let offset = 80 + (txs.length < 0xfd ? 1 : 3);
      for (const tx of txs) {
        c.add(tx, h, offset);
        offset += tx.byteLength(false);
      }
    }
    for (const id of await rpc.call<string[]>('getrawmempool')) {
      c.add(Transaction.fromHex(await rpc.call<string>('getrawtransaction', id, false)), null, null);
    }
    return c;
  }

  private add(tx: Transaction, height: number | null, offset: number | null): void {
    this.txs.set(tx.getId(), { tx, height, offset });
    if (!tx.isCoinbase()) {
      for (const i of tx.ins) this.spentBy.set(`${Buffer.from(i.hash).reverse().toString('hex')}:${i.index}`, height ?? 1234567890);
    }
  }

  /** every output of every transaction known (chain and mempool) */
  outpoints(): Array<{ txid: string; vout: number }> {
    const out: Array<{ txid: string; vout: number }> = [];
    for (const [txid, t] of this.txs) {
      for (let vout = 0; vout < t.tx.outs.length; vout++) out.push({ txid, vout });
    }
    return out;
  }

  /** height of the block holding txid, 1234567890 in the mempool, undefined if unknown */
  heightOf(txid: string): number | undefined {
    const t = this.txs.get(txid);
    return t === undefined ? undefined : t.height ?? 1234567890;
  }

  satoshis(txid: string, vout: number): bigint | undefined {
    const o = this.txs.get(txid)?.tx.outs[vout];
    return o === undefined ? undefined : BigInt(o.value);
  }

  private fee(t: TxAt): bigint {
    let inValue = 0n;
    for (const i of t.tx.ins) inValue += this.satoshis(Buffer.from(i.hash).reverse().toString('hex'), i.index) ?? 0n;
    return inValue - t.tx.outs.reduce((a, o) => a + BigInt(o.value), 0n);
  }

  /** The asset's genesis if it is valid and paid for (with its reference if confirmed), else null. */
  asset(genTxId: string): { genesis: Genesis; ref: AssetRef | null } | null {
    if (this.geneses.has(genTxId)) return this.geneses.get(genTxId)!;
    const t = this.txs.get(genTxId);
    let v: { genesis: Genesis; ref: AssetRef | null } | null = null;
    if (t !== undefined && !t.tx.isCoinbase()) {
      const g = genesisTxOutputQty(t.tx.outs.map((o) => o.script), t.tx.outs.map((o) => BigInt(o.value)), this.fee(t));
      if (g.genesis !== null && g.feeSufficient) {
        v = { genesis: g.genesis, ref: t.height === null ? null : assetRefFromGenesisTx(t.height, t.offset!, genTxId) };
      }
    }
    this.geneses.set(genTxId, v);
    return v;
  }

  /** Units of the asset in txid:vout; null if the output is unknown. */
  qty(genTxId: string, txid: string, vout: number): bigint | null {
    const key = `${genTxId}/${txid}:${vout}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    const t = this.txs.get(txid);
    let q: bigint | null;
    if (t === undefined || vout >= t.tx.outs.length) q = null;
    else {
      const a = this.asset(genTxId);
      if (a === null || t.tx.isCoinbase()) q = 0n;
      else if (txid === genTxId) {
        q = genesisTxOutputQty(t.tx.outs.map((o) => o.script), t.tx.outs.map((o) => BigInt(o.value)), this.fee(t)).outputQty[vout]!;
      } else {
        const inputs = t.tx.ins.map((i) => this.qty(genTxId, Buffer.from(i.hash).reverse().toString('hex'), i.index) ?? 0n);
        if (inputs.every((x) => x === 0n)) q = 0n;
        else {
          // an unconfirmed asset has no reference: no explicit transfer can name it
          const ref = a.ref ?? { blockNum: -2, txOffset: 0, txIDPrefix: '0000' };
          q = transferTxOutputQty(a.genesis, ref, inputs, t.tx.outs.map((o) => o.script), t.tx.outs.map((o) => BigInt(o.value)), this.fee(t))[vout]!;
        }
      }
    }
    this.memo.set(key, q);
    return q;
  }
}
