import * as v from 'valibot';
import { parseTxHex } from '../core/raw-tx';
import { RpcError, type RpcClient, type RpcCall } from '../core/rpc-client';
import { amountToSats } from '../core/rpc-schemas';

/**
 * Reads transactions from the user's own Bitcoin Core for the local verifier, with what each input spent: the
 * spent output's satoshis (a fee decides whether a transfer list counts) and the height of the block holding it
 * (below an asset's genesis height nothing carries the asset, so the walk stops there without reading it).
 *
 * What Core offers without `-txindex` comes first: `getblock <hash> 3` gives every transaction of a block with its
 * inputs' prevouts (value, height), and `getrawtransaction <txid> 2 <blockhash>` one of them; a block is found from
 * the height a child's prevout gave. Where the place of a transaction is unknown: `getrawtransaction <txid> 2`
 * (the mempool, or any block with -txindex), then the wallet (`gettransaction`). Mempool transactions come without
 * prevouts: `gettxout <txid> <n> false` gives a confirmed input's value and depth.
 *
 * Every answer is checked: the hex must parse and hash to the txid asked for, the input count must match, sizes
 * are capped by the RPC client. A node that answers nonsense costs only the transactions concerned (unreachable).
 */
export interface ChainInput {
  txid: string;
  vout: number;
  /** Satoshis of the spent output; null when not (yet) known. */
  value: bigint | null;
  /** Height of the block holding the spent output; null: in the mempool; undefined: not known. */
  height: number | null | undefined;
}

export interface ChainTx {
  txid: string;
  /** Height in the active chain; null in the mempool. */
  height: number | null;
  blockHash: string | null;
  coinbase: boolean;
  inputs: ChainInput[];
  outputs: { value: bigint; script: Uint8Array }[];
}

/** Where a wanted transaction is, as far as the caller knows. */
export interface TxWanted {
  txid: string;
  /** Height of its block (a hint: checked); null: in the mempool; undefined: unknown. */
  height?: number | null | undefined;
  blockHash?: string | undefined;
}

export interface Unreachable {
  unreachable: string;
}

export type ReadResult = ChainTx | Unreachable;

export const isUnreachable = (r: ReadResult | undefined): r is Unreachable => r !== undefined && 'unreachable' in r;

export interface ChainReaderOptions {
  /** Blocks with at most this many transactions are read whole (one call for all of them). */
  maxBlockTxs?: number;
  /** Calls per JSON-RPC batch. */
  batchSize?: number;
  /** Transactions of whole blocks kept between reads. */
  cacheTxs?: number;
}

export interface ChainReaderStats {
  /** JSON-RPC batches sent (each one round trip). */
  roundTrips: number;
  calls: number;
  blocksRead: number;
  txsRead: number;
}

const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const Hex = v.pipe(v.string(), v.regex(/^[0-9a-fA-F]*$/), v.maxLength(8 * 1024 * 1024));
const Int = v.pipe(v.number(), v.integer());
const Amount = v.pipe(v.number(), v.minValue(0), v.maxValue(21_000_000));
const PrevoutShape = v.object({ height: v.optional(v.pipe(Int, v.minValue(0))), value: Amount });
const VinShape = v.object({ coinbase: v.optional(v.string()), prevout: v.optional(PrevoutShape) });
const TxShape = v.object({
  txid: Hex64,
  hex: Hex,
  vin: v.pipe(v.array(VinShape), v.maxLength(200_000)),
  blockhash: v.optional(Hex64),
  confirmations: v.optional(Int),
});
const BlockShape = v.object({ hash: Hex64, height: v.pipe(Int, v.minValue(0)), confirmations: Int, tx: v.pipe(v.array(TxShape), v.maxLength(1_000_000)) });
const HeaderShape = v.object({ hash: Hex64, height: v.pipe(Int, v.minValue(0)), confirmations: Int, nTx: v.pipe(Int, v.minValue(0)) });
const TxOutShape = v.nullable(v.object({ bestblock: Hex64, confirmations: Int, value: Amount }));
const WalletTxShape = v.object({ txid: Hex64, confirmations: Int, blockhash: v.optional(Hex64) });

/** One transaction from Core's JSON (verbosity 2/3): the hex parsed and checked against the JSON around it. */
function txFromJson(j: v.InferOutput<typeof TxShape>, height: number | null, blockHash: string | null): ChainTx | null {
  const parsed = parseTxHex(j.hex);
  if (!parsed || parsed.txid !== j.txid || parsed.inputs.length !== j.vin.length) return null;
  const coinbase = j.vin.length === 1 && j.vin[0]!.coinbase !== undefined;
  return {
    txid: parsed.txid,
    height,
    blockHash,
    coinbase,
    inputs: coinbase
      ? []
      : parsed.inputs.map((input, i) => {
          const p = j.vin[i]!.prevout;
          return { txid: input.txid, vout: input.vout, value: p ? amountToSats(p.value) : null, height: p?.height };
        }),
    outputs: parsed.outputs,
  };
}

/** Bounded map in insertion order: the oldest entries go first. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private weight = 0;
  constructor(
    private readonly max: number,
    private readonly weigh: (value: V) => number,
  ) {}
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    const old = this.map.get(key);
    if (old !== undefined) this.weight -= this.weigh(old);
    this.map.delete(key);
    this.map.set(key, value);
    this.weight += this.weigh(value);
    for (const [k, old2] of this.map) {
      if (this.weight <= this.max || this.map.size <= 1) break;
      this.map.delete(k);
      this.weight -= this.weigh(old2);
    }
  }
  deleteWhere(test: (value: V) => boolean): void {
    for (const [k, value] of this.map) {
      if (!test(value)) continue;
      this.map.delete(k);
      this.weight -= this.weigh(value);
    }
  }
  clear(): void {
    this.map.clear();
    this.weight = 0;
  }
}

interface BlockTxs {
  height: number;
  txs: Map<string, ChainTx>;
}

export class ChainReader {
  private readonly hashAt = new Map<number, string>();
  private readonly headers = new Map<string, { height: number; nTx: number }>();
  private readonly blocks: Lru<string, BlockTxs>;
  private readonly maxBlockTxs: number;
  private readonly batchSize: number;
  readonly stats: ChainReaderStats = { roundTrips: 0, calls: 0, blocksRead: 0, txsRead: 0 };

  constructor(
    private readonly rpc: RpcClient,
    opts: ChainReaderOptions = {},
  ) {
    this.maxBlockTxs = opts.maxBlockTxs ?? 2000;
    this.batchSize = opts.batchSize ?? 200;
    this.blocks = new Lru(opts.cacheTxs ?? 50_000, (b) => b.txs.size);
  }

  /** A reorg: what was read above `height` may be gone from the active chain. */
  forgetAbove(height: number): void {
    for (const h of [...this.hashAt.keys()]) if (h > height) this.hashAt.delete(h);
    for (const [hash, header] of [...this.headers]) if (header.height > height) this.headers.delete(hash);
    this.blocks.deleteWhere((b) => b.height > height);
  }

  clear(): void {
    this.hashAt.clear();
    this.headers.clear();
    this.blocks.clear();
  }

  /** Reads the wanted transactions. `tipHeight` turns a confirmed output's depth into its block height. */
  async read(wanted: readonly TxWanted[], tipHeight: number): Promise<Map<string, ReadResult>> {
    const out = new Map<string, ReadResult>();
    const byHash = new Map<string, Set<string>>();
    const byHeight = new Map<number, Set<string>>();
    const locate = new Set<string>();
    const add = <K>(map: Map<K, Set<string>>, key: K, txid: string) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(txid);
    };
    for (const w of wanted) {
      if (out.has(w.txid)) continue;
      if (w.blockHash) add(byHash, w.blockHash, w.txid);
      else if (typeof w.height === 'number') add(byHeight, w.height, w.txid);
      else locate.add(w.txid);
    }

    // Heights to block hashes (active chain).
    const unknownHeights = [...byHeight.keys()].filter((h) => !this.hashAt.has(h));
    const hashes = await this.batch(unknownHeights.map((h) => ({ method: 'getblockhash', params: [h] })));
    hashes.forEach((r, i) => {
      const parsed = r.ok ? v.safeParse(Hex64, r.result) : null;
      if (parsed?.success) this.hashAt.set(unknownHeights[i]!, parsed.output);
    });
    for (const [h, txids] of byHeight) {
      const hash = this.hashAt.get(h);
      for (const txid of txids) (hash ? add(byHash, hash, txid) : locate.add(txid));
    }

    await this.readFromBlocks(byHash, out, locate);
    if (locate.size > 0) await this.locateAndRead([...locate], out);
    await this.fillMempoolInputs([...out.values()].filter((r): r is ChainTx => !isUnreachable(r)), tipHeight);
    return out;
  }

  private async readFromBlocks(byHash: Map<string, Set<string>>, out: Map<string, ReadResult>, locate: Set<string>): Promise<void> {
    const take = (hash: string, block: BlockTxs, txids: Set<string>) => {
      for (const txid of txids) {
        const tx = block.txs.get(txid);
        if (tx) out.set(txid, tx);
        else locate.add(txid); // the hint was wrong (a moved transaction): find it another way
      }
    };
    const missing: string[] = [];
    for (const [hash, txids] of byHash) {
      const cached = this.blocks.get(hash);
      if (cached) take(hash, cached, txids);
      else missing.push(hash);
    }
    if (missing.length === 0) return;

    const noHeader = missing.filter((h) => !this.headers.has(h));
    const headers = await this.batch(noHeader.map((h) => ({ method: 'getblockheader', params: [h, true] })));
    headers.forEach((r, i) => {
      const parsed = r.ok ? v.safeParse(HeaderShape, r.result) : null;
      // A block out of the active chain (confirmations −1) is not read: its transactions are looked for elsewhere.
      if (parsed?.success && parsed.output.hash === noHeader[i] && parsed.output.confirmations >= 0) this.headers.set(parsed.output.hash, { height: parsed.output.height, nTx: parsed.output.nTx });
    });

    const whole: string[] = [];
    const single: { txid: string; hash: string }[] = [];
    for (const hash of missing) {
      const header = this.headers.get(hash);
      const txids = byHash.get(hash)!;
      if (!header) {
        for (const txid of txids) locate.add(txid);
        continue;
      }
      // A small block, or several transactions wanted from it: read it whole (the walk usually comes back for more).
      if (header.nTx <= this.maxBlockTxs || txids.size * 20 >= header.nTx) whole.push(hash);
      else for (const txid of txids) single.push({ txid, hash });
    }

    // Whole blocks, a few per batch so one answer stays within the client's size cap.
    for (let i = 0; i < whole.length; ) {
      const group: string[] = [];
      let txs = 0;
      while (i < whole.length && (group.length === 0 || txs + this.headers.get(whole[i]!)!.nTx <= 4 * this.maxBlockTxs)) {
        txs += this.headers.get(whole[i]!)!.nTx;
        group.push(whole[i++]!);
      }
      const answers = await this.batch(group.map((h) => ({ method: 'getblock', params: [h, 3] })));
      answers.forEach((r, k) => {
        const hash = group[k]!;
        const txids = byHash.get(hash)!;
        const block = r.ok ? this.parseBlock(hash, r.result) : null;
        if (!block) {
          for (const txid of txids) locate.add(txid);
          return;
        }
        this.blocks.set(hash, block);
        take(hash, block, txids);
      });
    }

    if (single.length > 0) {
      const answers = await this.batch(single.map((s) => ({ method: 'getrawtransaction', params: [s.txid, 2, s.hash] })));
      answers.forEach((r, k) => {
        const { txid, hash } = single[k]!;
        const parsed = r.ok ? v.safeParse(TxShape, r.result) : null;
        const tx = parsed?.success ? txFromJson(parsed.output, this.headers.get(hash)!.height, hash) : null;
        if (tx && tx.txid === txid) {
          out.set(txid, tx);
          this.stats.txsRead++;
        } else locate.add(txid);
      });
    }
  }

  private parseBlock(hash: string, raw: unknown): BlockTxs | null {
    const parsed = v.safeParse(BlockShape, raw);
    if (!parsed.success || parsed.output.hash !== hash || parsed.output.confirmations < 0) return null;
    const txs = new Map<string, ChainTx>();
    for (const j of parsed.output.tx) {
      const tx = txFromJson(j, parsed.output.height, hash);
      if (!tx) return null; // one transaction that does not check: the whole answer is not trusted
      txs.set(tx.txid, tx);
    }
    this.stats.blocksRead++;
    this.stats.txsRead += txs.size;
    return { height: parsed.output.height, txs };
  }

  /** Transactions whose block is unknown: the mempool or -txindex, then the wallet, else unreachable. */
  private async locateAndRead(txids: string[], out: Map<string, ReadResult>): Promise<void> {
    const answers = await this.batch(txids.map((txid) => ({ method: 'getrawtransaction', params: [txid, 2] })));
    const notFound: string[] = [];
    const needBlock = new Map<string, Set<string>>();
    answers.forEach((r, i) => {
      const txid = txids[i]!;
      if (!r.ok) {
        notFound.push(txid);
        return;
      }
      const parsed = v.safeParse(TxShape, r.result);
      if (!parsed.success) {
        out.set(txid, { unreachable: `Bitcoin Core's answer for transaction ${txid} has an unexpected shape.` });
        return;
      }
      const j = parsed.output;
      if (j.blockhash && (j.confirmations ?? 0) > 0) {
        // Confirmed (found through -txindex): read it from its block, which gives its height and prevouts.
        let set = needBlock.get(j.blockhash);
        if (!set) needBlock.set(j.blockhash, (set = new Set()));
        set.add(txid);
        return;
      }
      const tx = txFromJson(j, null, null);
      if (!tx || tx.txid !== txid) out.set(txid, { unreachable: `Bitcoin Core's transaction ${txid} does not match its id.` });
      else {
        out.set(txid, tx);
        this.stats.txsRead++;
      }
    });
    if (notFound.length > 0) {
      // Not in the mempool and no -txindex: the wallet knows the block of its own transactions.
      const wallet = await this.batch(notFound.map((txid) => ({ method: 'gettransaction', params: [txid] })), true);
      wallet.forEach((r, i) => {
        const txid = notFound[i]!;
        const parsed = r.ok ? v.safeParse(WalletTxShape, r.result) : null;
        if (parsed?.success && parsed.output.blockhash && parsed.output.confirmations > 0) {
          let set = needBlock.get(parsed.output.blockhash);
          if (!set) needBlock.set(parsed.output.blockhash, (set = new Set()));
          set.add(txid);
          return;
        }
        const code = !r.ok ? r.error.code : null;
        out.set(txid, {
          unreachable:
            code === -5 || code === -18 || code === -19 || r.ok
              ? `Your node cannot give transaction ${txid}: it is not in its wallet or mempool, and -txindex is off.`
              : `Your node could not give transaction ${txid} (${!r.ok ? r.error.message : 'unexpected answer'}).`,
        });
      });
    }
    if (needBlock.size > 0) {
      const again = new Set<string>();
      await this.readFromBlocks(needBlock, out, again);
      for (const txid of again) if (!out.has(txid)) out.set(txid, { unreachable: `Transaction ${txid} is not in the block Bitcoin Core named for it.` });
    }
  }

  /** Mempool transactions come without prevouts: a confirmed input's value and height from `gettxout`. */
  private async fillMempoolInputs(txs: ChainTx[], tipHeight: number): Promise<void> {
    const wanted: { input: ChainInput }[] = [];
    for (const tx of txs) {
      if (tx.height !== null) continue;
      for (const input of tx.inputs) if (input.height === undefined) wanted.push({ input });
    }
    if (wanted.length === 0) return;
    const answers = await this.batch(wanted.map(({ input }) => ({ method: 'gettxout', params: [input.txid, input.vout, false] })));
    const found: { input: ChainInput; bestblock: string; confirmations: number; value: bigint }[] = [];
    answers.forEach((r, i) => {
      const { input } = wanted[i]!;
      if (!r.ok) return;
      const parsed = v.safeParse(TxOutShape, r.result);
      if (!parsed.success) return;
      if (parsed.output === null) {
        input.height = null; // not a confirmed unspent output: it is made by another mempool transaction
        return;
      }
      if (parsed.output.confirmations >= 1) found.push({ input, bestblock: parsed.output.bestblock, confirmations: parsed.output.confirmations, value: amountToSats(parsed.output.value) });
    });
    // Depth is counted from the answer's own best block (a block may have come meanwhile).
    const bests = [...new Set(found.map((f) => f.bestblock))].filter((h) => !this.headers.has(h));
    const headers = await this.batch(bests.map((h) => ({ method: 'getblockheader', params: [h, true] })));
    headers.forEach((r) => {
      const parsed = r.ok ? v.safeParse(HeaderShape, r.result) : null;
      if (parsed?.success && parsed.output.confirmations >= 0) this.headers.set(parsed.output.hash, { height: parsed.output.height, nTx: parsed.output.nTx });
    });
    for (const f of found) {
      const best = this.headers.get(f.bestblock)?.height ?? tipHeight;
      f.input.value = f.value;
      f.input.height = best - f.confirmations + 1;
    }
  }

  /** Node calls in batches; a call that failed is an error result, a transport failure throws. */
  private async batch(calls: RpcCall[], wallet = false): Promise<({ ok: true; result: unknown } | { ok: false; error: RpcError })[]> {
    const results: ({ ok: true; result: unknown } | { ok: false; error: RpcError })[] = [];
    for (let i = 0; i < calls.length; i += this.batchSize) {
      const chunk = calls.slice(i, i + this.batchSize);
      this.stats.roundTrips++;
      this.stats.calls += chunk.length;
      results.push(...(await this.rpc.batch(chunk, wallet)));
    }
    return results;
  }
}
