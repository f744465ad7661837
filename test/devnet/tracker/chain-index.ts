// The tracker's chain follower and output index: what coinsparkd does (tracker-api.md §7), over Bitcoin
// Core's JSON-RPC instead of P2P. It follows the node's best chain block by block from `startHeight`,
// records for every output its satoshis, creating block, spending block and the units of every asset
// in it (computed with shared/coinspark exactly as protocol.md §5.9 and §7.10 define), rolls blocks back
// on a reorg and rebuilds a pseudo block 1234567890 from the memory pool on every poll.
import { Block, Transaction } from 'bitcoinjs-lib';
import type { RpcClient } from '../rpc-client.js';
import { processTx, type AssetInfo, type OutRecord, type TxContext } from './tx-processor.js';

export const MEMPOOL_BLOCK = 1234567890;

interface BlockUndo {
  height: number;
  hash: string;
  time: number;
  processedAt: number;
  txCount: number;
  created: string[];
  spent: string[];
  geneses: string[];
}

export interface ChainIndexOptions {
  /** first block to index (default 0: the whole chain, as coinsparkd does) */
  startHeight?: number;
  /** poll interval in ms (default 250) */
  pollMs?: number;
  /** called after an indexing error (the follower keeps polling) */
  onError?: (err: unknown) => void;
  /**
   * Units a genesis creates are multiplied by this, and then followed by the real rules: a liar whose every answer
   * is consistent with its answers for the inputs (only a walk back to the genesis shows the lie).
   */
  creationFactor?: (genTxId: string) => bigint;
}

export interface BlockInfo {
  height: number;
  hash: string;
  time: number;
  processedAt: number;
  /** transactions in the block (coinsparkd's getblockmetadata txcount) */
  txCount: number;
}

export const outKey = (txid: string, vout: number): string => `${txid}:${vout}`;

export class ChainIndex {
  /** confirmed outputs by "txid:vout" (txid lower-case display hex) */
  readonly outputs = new Map<string, OutRecord>();
  /** confirmed assets by genesis txid */
  readonly assets = new Map<string, AssetInfo>();
  /** processed blocks, index = height - startHeight */
  private readonly blocks: BlockUndo[] = [];
  /** mempool overlay, rebuilt on every poll */
  memOutputs = new Map<string, OutRecord>();
  memSpent = new Set<string>();
  memAssets = new Map<string, AssetInfo>();
  private readonly memTxCache = new Map<string, Transaction>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly startHeight: number;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly rpc: RpcClient,
    private readonly opts: ChainIndexOptions = {},
  ) {
    this.startHeight = opts.startHeight ?? 0;
  }

  /** Another index over the same node, with other options (e.g. a consistent liar's own bookkeeping). */
  fork(opts: Partial<ChainIndexOptions>): ChainIndex {
    return new ChainIndex(this.rpc, { ...this.opts, ...opts });
  }

  /** height of the last indexed block (startHeight - 1 before the first) */
  get height(): number {
    return this.startHeight + this.blocks.length - 1;
  }

  blockAt(height: number): BlockInfo | undefined {
    const b = this.blocks[height - this.startHeight];
    return b === undefined ? undefined : { height: b.height, hash: b.hash, time: b.time, processedAt: b.processedAt, txCount: b.txCount };
  }

  /** An indexed block by its hash (display hex, lower-case). */
  blockByHash(hash: string): BlockInfo | undefined {
    const b = this.blocks.find((x) => x.hash === hash);
    return b === undefined ? undefined : this.blockAt(b.height);
  }

  /** Start polling; resolves after the first complete sync. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.sync();
    const tick = (): void => {
      if (this.stopped) return;
      this.sync()
        .catch((err: unknown) => this.opts.onError?.(err))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs ?? 250);
        });
    };
    this.timer = setTimeout(tick, this.opts.pollMs ?? 250);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One catch-up pass (blocks, reorgs, mempool). Concurrent callers share the pass in progress. */
  sync(): Promise<void> {
    if (this.running === null) {
      this.running = this.syncPass().finally(() => {
        this.running = null;
        for (const w of this.waiters.splice(0)) w();
      });
    }
    return this.running;
  }

  /** Wait until a pass that *started* after this call has completed: the index then reflects the node. */
  async synced(): Promise<void> {
    if (this.running !== null) await this.running.catch(() => undefined);
    await this.sync();
  }

  private async syncPass(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      const tip = await this.rpc.call<number>('getblockcount');
      // reorg: roll back every indexed block that is no longer on the best chain
      while (this.blocks.length > 0) {
        const last = this.blocks[this.blocks.length - 1]!;
        if (last.height <= tip) {
          const hash = await this.rpc.call<string>('getblockhash', last.height);
          if (hash === last.hash) break;
        }
        this.rollback();
      }
      let changedUnderUs = false;
      for (let h = this.height + 1; h <= tip; h++) {
        const hash = await this.rpc.call<string>('getblockhash', h);
        const hex = await this.rpc.call<string>('getblock', hash, 0);
        const block = Block.fromHex(hex);
        const prev = this.blocks[this.blocks.length - 1];
        if (prev !== undefined && Buffer.from(block.prevHash!).reverse().toString('hex') !== prev.hash) {
          changedUnderUs = true; // the chain moved between calls: start over with reorg detection
          break;
        }
        this.applyBlock(h, hash, block);
      }
      if (changedUnderUs) continue;
      await this.rebuildMempool();
      // if the tip moved while we read the mempool, go round again so blocks and mempool agree
      const tipAfter = await this.rpc.call<string>('getbestblockhash');
      const last = this.blocks[this.blocks.length - 1];
      if (last === undefined || last.hash === tipAfter) return;
    }
  }

  private lookupConfirmed = (key: string): OutRecord | undefined => this.outputs.get(key);

  private applyBlock(height: number, hash: string, block: Block): void {
    const txs = block.transactions ?? [];
    const undo: BlockUndo = { height, hash, time: block.timestamp, processedAt: Math.floor(Date.now() / 1000), txCount: txs.length, created: [], spent: [], geneses: [] };
    let offset = 80 + varIntSize(txs.length);
    for (const tx of txs) {
      const ctx: TxContext = {
        block: height,
        offset,
        lookup: this.lookupConfirmed,
        asset: (id) => this.assets.get(id),
        ...(this.opts.creationFactor ? { creationFactor: this.opts.creationFactor } : {}),
      };
      const r = processTx(tx, ctx);
      for (const key of r.spends) {
        const rec = this.outputs.get(key);
        if (rec !== undefined && rec.spent === 0) {
          rec.spent = height;
          undo.spent.push(key);
        }
      }
      for (const [key, rec] of r.creates) {
        this.outputs.set(key, rec);
        undo.created.push(key);
      }
      if (r.genesis !== null) {
        this.assets.set(r.genesis.genTxId, r.genesis);
        undo.geneses.push(r.genesis.genTxId);
      }
      offset += tx.byteLength(false);
    }
    this.blocks.push(undo);
  }

  private rollback(): void {
    const undo = this.blocks.pop();
    if (undo === undefined) return;
    for (const id of undo.geneses) this.assets.delete(id);
    for (const key of undo.created) this.outputs.delete(key);
    for (const key of undo.spent) {
      const rec = this.outputs.get(key);
      if (rec !== undefined) rec.spent = 0;
    }
  }

  private async rebuildMempool(): Promise<void> {
    const txids = await this.rpc.call<string[]>('getrawmempool');
    const wanted = new Set(txids);
    for (const id of this.memTxCache.keys()) if (!wanted.has(id)) this.memTxCache.delete(id);
    for (const id of txids) {
      if (this.memTxCache.has(id)) continue;
      try {
        const hex = await this.rpc.call<string>('getrawtransaction', id, false);
        this.memTxCache.set(id, Transaction.fromHex(hex));
      } catch {
        // left the mempool between the two calls
      }
    }
    const memOutputs = new Map<string, OutRecord>();
    const memSpent = new Set<string>();
    const memAssets = new Map<string, AssetInfo>();
    const lookup = (key: string): OutRecord | undefined => memOutputs.get(key) ?? this.outputs.get(key);
    // parents before children: process whatever has all its inputs known, repeat until no progress;
    // what is left spends outputs we do not know ("orphans", ignored as coinsparkd does)
    let pending = [...this.memTxCache.entries()];
    let progress = true;
    while (progress && pending.length > 0) {
      progress = false;
      const next: typeof pending = [];
      for (const [id, tx] of pending) {
        const ready = tx.ins.every((i) => lookup(outKey(Buffer.from(i.hash).reverse().toString('hex'), i.index)) !== undefined);
        if (!ready) {
          next.push([id, tx]);
          continue;
        }
        const r = processTx(tx, {
          block: MEMPOOL_BLOCK,
          offset: null,
          lookup,
          asset: (aid) => memAssets.get(aid) ?? this.assets.get(aid),
          ...(this.opts.creationFactor ? { creationFactor: this.opts.creationFactor } : {}),
        });
        for (const key of r.spends) memSpent.add(key);
        for (const [key, rec] of r.creates) memOutputs.set(key, rec);
        if (r.genesis !== null) memAssets.set(r.genesis.genTxId, r.genesis);
        progress = true;
      }
      pending = next;
    }
    this.memOutputs = memOutputs;
    this.memSpent = memSpent;
    this.memAssets = memAssets;
  }
}

function varIntSize(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9;
}
