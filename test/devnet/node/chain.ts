// The block tree, active chain, UTXO set, transaction index and mempool of the devnet node.
// Everything is kept in memory; connecting and disconnecting blocks is linear in the block size.
import {
  SighashCache, bitcoin, classify, sigCacheAdd, sigCacheHas, sighashV0All, concat, ecc, fromHex, hash160, hexToRev, pushNumber, revHex, sha256d, taggedHash, toHex, varint,
} from './bitcoin.js';
import { FeeEstimator } from './fees.js';

export type Transaction = bitcoin.Transaction;
export const Tx = bitcoin.Transaction;

export interface Coin {
  value: bigint;
  script: Uint8Array;
  height: number;
  coinbase: boolean;
}

export interface BlockEntry {
  hash: string;
  version: number;
  prev: string;
  merkleroot: string;
  time: number;
  bits: number;
  nonce: number;
  height: number;
  parent: BlockEntry | null;
  txs: Transaction[];
  txids: string[];
  chainwork: bigint;
  mtp: number;
  /** arrival order: among tips of equal work the first one received wins */
  seq: number;
  failed: 'no' | 'invalid' | 'child';
  everConnected: boolean;
  /** per transaction, the coins its inputs spent (empty for the coinbase); set while/after connected */
  undo?: Coin[][];
  size: number;
  strippedsize: number;
  weight: number;
  raw: Uint8Array;
}

export class RejectError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly details?: string,
  ) {
    super(reason);
  }
}

export interface MempoolEntry {
  tx: Transaction;
  txid: string;
  wtxid: string;
  fee: bigint;
  vsize: number;
  weight: number;
  size: number;
  time: number;
  height: number;
  parents: Set<string>;
  prevouts: Coin[];
}

/** Why a transaction left the mempool (Core's MemPoolRemovalReason, the cases the node has). */
export type MempoolRemoval = 'block' | 'conflict' | 'replaced' | 'reorg';

export interface TxListener {
  onBlockConnected(b: BlockEntry): void;
  onBlockDisconnected(b: BlockEntry): void;
  onMempoolTx(e: MempoolEntry): void;
  onMempoolRemoved?(e: MempoolEntry, reason: MempoolRemoval): void;
}

const outKey = (txid: string, n: number): string => `${txid}:${n}`;
export const COIN = 100_000_000n;
export const BITS = 0x207fffff;
export const TARGET_HEX = '7fffff0000000000000000000000000000000000000000000000000000000000';
export const MAX_BLOCK_WEIGHT = 4_000_000;
const MIN_RELAY_FEERATE = 100n; // sat/kvB (v29: -minrelaytxfee=0.000001)
const INCREMENTAL_FEERATE = 100n; // sat/kvB
/** -datacarriersize: the whole OP_RETURN script, so 80 bytes of data after OP_RETURN OP_PUSHDATA1 n */
const MAX_DATACARRIER_BYTES = 83;

const GENESIS_TX =
  '01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000';

export function merkleRoot(hashes: Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return new Uint8Array(32);
  let level = hashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha256d(concat(level[i]!, level[i + 1] ?? level[i]!)));
    level = next;
  }
  return level[0]!;
}

export function serializeHeader(h: { version: number; prev: string; merkleroot: string; time: number; bits: number; nonce: number }): Uint8Array {
  const b = new Uint8Array(80);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, h.version, true);
  b.set(hexToRev(h.prev), 4);
  b.set(hexToRev(h.merkleroot), 36);
  dv.setUint32(68, h.time, true);
  dv.setUint32(72, h.bits, true);
  dv.setUint32(76, h.nonce, true);
  return b;
}

/** The transaction serialised without witness data (what a non-segwit peer sees). */
export function strippedBytes(tx: Transaction): Uint8Array {
  if (!tx.hasWitnesses()) return tx.toBuffer();
  const c = tx.clone();
  for (const i of c.ins) i.witness = [];
  return c.toBuffer();
}

export const subsidy = (height: number): bigint => {
  const halvings = Math.floor(height / 150);
  return halvings >= 64 ? 0n : (50n * COIN) >> BigInt(halvings);
};

export const isCoinbase = (tx: Transaction): boolean => tx.ins.length === 1 && tx.ins[0]!.index === 0xffffffff && tx.ins[0]!.hash.every((x) => x === 0);

export class Chain {
  readonly blocks = new Map<string, BlockEntry>();
  readonly active: BlockEntry[] = [];
  readonly utxo = new Map<string, Coin>();
  readonly txIndex = new Map<string, { block: BlockEntry; index: number }>();
  readonly mempool = new Map<string, MempoolEntry>();
  readonly mempoolSpends = new Map<string, string>();
  /** outpoint -> the active-chain block whose transaction spent it (wallets find block conflicts with it) */
  readonly spentIn = new Map<string, { txid: string; block: BlockEntry }>();
  readonly fees = new FeeEstimator();
  mempoolSequence = 1;
  private blockSeq = 0;
  private lastTime = 0;
  readonly listeners = new Set<TxListener>();

  constructor() {
    const gtx = Tx.fromHex(GENESIS_TX);
    this.addBlock({ version: 1, prev: '00'.repeat(32), time: 1296688602, bits: BITS, nonce: 2 }, [gtx]);
    this.activateBestChain();
  }

  get tip(): BlockEntry {
    return this.active[this.active.length - 1]!;
  }
  get height(): number {
    return this.active.length - 1;
  }

  isActive(b: BlockEntry): boolean {
    return this.active[b.height] === b;
  }
  confirmations(b: BlockEntry): number {
    return this.isActive(b) ? this.height - b.height + 1 : -1;
  }

  // ---------------------------------------------------------------------------- blocks

  /** Adds a block received from elsewhere (e.g. restored from disk); call activateBestChain() after. */
  addStoredBlock(h: { version: number; prev: string; time: number; bits: number; nonce: number }, txs: Transaction[]): BlockEntry {
    return this.addBlock(h, txs);
  }

  private addBlock(h: { version: number; prev: string; time: number; bits: number; nonce: number }, txs: Transaction[]): BlockEntry {
    const parent = h.prev === '00'.repeat(32) ? null : this.blocks.get(h.prev)!;
    const merkleroot = revHex(merkleRoot(txs.map((t) => t.getHash())));
    const header = { ...h, merkleroot };
    const headerBytes = serializeHeader(header);
    const hash = revHex(sha256d(headerBytes));
    const parts: Uint8Array[] = [headerBytes, varint(txs.length)];
    const stripped: number[] = [];
    for (const t of txs) {
      parts.push(t.toBuffer());
      stripped.push(t.byteLength(false));
    }
    const raw = concat(...parts);
    const strippedsize = 80 + varint(txs.length).length + stripped.reduce((a, b) => a + b, 0);
    const height = parent ? parent.height + 1 : 0;
    const times: number[] = [h.time];
    for (let p = parent, i = 0; p && i < 10; p = p.parent, i++) times.push(p.time);
    times.sort((a, b) => a - b);
    const e: BlockEntry = {
      hash, ...header, height, parent, txs, txids: txs.map((t) => t.getId()),
      chainwork: (parent?.chainwork ?? 0n) + 2n, mtp: times[Math.floor(times.length / 2)]!,
      seq: this.blockSeq++, failed: parent && parent.failed !== 'no' ? 'child' : 'no', everConnected: false,
      size: raw.length, strippedsize, weight: strippedsize * 3 + raw.length, raw,
    };
    this.blocks.set(hash, e);
    return e;
  }

  /** Mines one block on the active tip paying `payout`, with as many mempool txs as fit. */
  mine(payout: Uint8Array, opts: { includeMempool?: boolean } = {}): BlockEntry {
    const parent = this.tip;
    const height = parent.height + 1;
    const txs = opts.includeMempool === false ? [] : this.blockTemplateTxs();
    let fees = 0n;
    for (const t of txs) fees += this.mempool.get(t.getId())!.fee;
    const cb = new Tx();
    cb.version = 2;
    cb.addInput(new Uint8Array(32), 0xffffffff, 0xffffffff, concat(pushNumber(height), Uint8Array.of(0)));
    cb.addOutput(payout, subsidy(height) + fees);
    // BIP141 witness commitment over the wtxids (the coinbase's counts as zero)
    const wroot = merkleRoot([new Uint8Array(32), ...txs.map((t) => t.getHash(true))]);
    const commitment = sha256d(concat(wroot, new Uint8Array(32)));
    cb.addOutput(concat(fromHex('6a24aa21a9ed'), commitment), 0n);
    cb.setWitness(0, [new Uint8Array(32)]);
    const now = Math.floor(Date.now() / 1000);
    let time = Math.max(now, parent.mtp + 1, this.lastTime);
    this.lastTime = time;
    const all = [cb, ...txs];
    let nonce = 0;
    const merkleroot = revHex(merkleRoot(all.map((t) => t.getHash())));
    for (;;) {
      const hash = revHex(sha256d(serializeHeader({ version: 0x20000000, prev: parent.hash, merkleroot, time, bits: BITS, nonce })));
      if (hash <= TARGET_HEX) break;
      nonce++;
      if (nonce > 0xfffffff0) {
        nonce = 0;
        time++;
      }
    }
    const b = this.addBlock({ version: 0x20000000, prev: parent.hash, time, bits: BITS, nonce }, all);
    // the tip is always the best valid block, so a block on top of it is the new best
    if (!this.connect(b)) this.activateBestChain();
    return b;
  }

  /**
   * Mempool txs for a new block, ordered like Core's block assembler: packages (a tx with its
   * unconfirmed ancestors) by ancestor fee rate, parents before children, up to the weight limit.
   */
  private blockTemplateTxs(): Transaction[] {
    const entries = [...this.mempool.values()];
    const order = new Map(entries.map((e, i) => [e.txid, i]));
    const score = entries.map((e) => {
      const anc = this.ancestors(e.txid);
      let fee = e.fee;
      let vsize = e.vsize;
      for (const a of anc) {
        const x = this.mempool.get(a)!;
        fee += x.fee;
        vsize += x.vsize;
      }
      return { e, anc, fee, vsize };
    });
    // higher ancestor fee rate first (fee1/size1 > fee2/size2 without division), then arrival order
    score.sort((a, b) => {
      const l = a.fee * BigInt(b.vsize);
      const r = b.fee * BigInt(a.vsize);
      return l > r ? -1 : l < r ? 1 : order.get(a.e.txid)! - order.get(b.e.txid)!;
    });
    const chosen: Transaction[] = [];
    const done = new Set<string>();
    let weight = 4000 + 1000; // header + coinbase allowance
    for (const { e, anc } of score) {
      if (done.has(e.txid)) continue;
      // Core's SortForBlock: fewer in-mempool ancestors first, so parents come before children even when a parent
      // arrived after its child (a transaction put back by a reorg)
      const ancestorCount = new Map([...anc].map((a) => [a, this.ancestors(a).size]));
      const pkg = [...anc]
        .filter((a) => !done.has(a))
        .sort((a, b) => ancestorCount.get(a)! - ancestorCount.get(b)! || order.get(a)! - order.get(b)!)
        .map((a) => this.mempool.get(a)!);
      pkg.push(e);
      const w = pkg.reduce((s2, x) => s2 + x.weight, 0);
      if (weight + w > MAX_BLOCK_WEIGHT) continue;
      weight += w;
      for (const x of pkg) {
        chosen.push(x.tx);
        done.add(x.txid);
      }
    }
    return chosen;
  }

  private connect(b: BlockEntry): boolean {
    const undo: Coin[][] = [];
    const added: string[] = [];
    const spent: [string, Coin][] = [];
    const fail = (): boolean => {
      for (const k of added) this.utxo.delete(k);
      for (const [k, c] of spent) {
        this.utxo.set(k, c);
        this.spentIn.delete(k);
      }
      return false;
    };
    for (let i = 0; i < b.txs.length; i++) {
      const tx = b.txs[i]!;
      const txid = b.txids[i]!;
      const coins: Coin[] = [];
      if (i > 0) {
        for (const inp of tx.ins) {
          const k = outKey(revHex(inp.hash), inp.index);
          const c = this.utxo.get(k);
          if (!c) return fail();
          coins.push(c);
          spent.push([k, c]);
          this.utxo.delete(k);
          this.spentIn.set(k, { txid, block: b });
        }
      }
      undo.push(coins);
      const cb = i === 0;
      tx.outs.forEach((o, n) => {
        if (o.script[0] === 0x6a || b.height === 0) return; // unspendable (OP_RETURN, genesis): never in the UTXO set
        const k = outKey(txid, n);
        this.utxo.set(k, { value: o.value, script: o.script, height: b.height, coinbase: cb });
        added.push(k);
      });
    }
    b.undo = undo;
    b.everConnected = true;
    this.active.push(b);
    b.txids.forEach((txid, index) => this.txIndex.set(txid, { block: b, index }));
    this.fees.processBlock(b.height, b.txids);
    // the block's transactions and everything conflicting with them leave the mempool
    for (let i = 1; i < b.txs.length; i++) {
      const txid = b.txids[i]!;
      if (this.mempool.has(txid)) this.removeFromMempool(txid, false, 'block');
    }
    for (let i = 1; i < b.txs.length; i++)
      for (const inp of b.txs[i]!.ins) {
        const other = this.mempoolSpends.get(outKey(revHex(inp.hash), inp.index));
        if (other) this.removeFromMempool(other, true, 'conflict');
      }
    for (const l of this.listeners) l.onBlockConnected(b);
    return true;
  }

  private disconnect(): BlockEntry {
    const b = this.active.pop()!;
    for (let i = b.txs.length - 1; i >= 0; i--) {
      const tx = b.txs[i]!;
      const txid = b.txids[i]!;
      tx.outs.forEach((_o, n) => this.utxo.delete(outKey(txid, n)));
      if (i > 0)
        tx.ins.forEach((inp, j) => {
          const k = outKey(revHex(inp.hash), inp.index);
          this.utxo.set(k, b.undo![i]![j]!);
          this.spentIn.delete(k);
        });
      const loc = this.txIndex.get(txid);
      if (loc && loc.block === b) this.txIndex.delete(txid);
    }
    for (const l of this.listeners) l.onBlockDisconnected(b);
    return b;
  }

  private candidateTip(): BlockEntry {
    let best: BlockEntry | null = null;
    for (const b of this.blocks.values()) {
      if (b.failed !== 'no') continue;
      if (!best || b.chainwork > best.chainwork || (b.chainwork === best.chainwork && b.seq < best.seq)) best = b;
    }
    return best!;
  }

  activateBestChain(): void {
    for (;;) {
      const target = this.candidateTip();
      if (this.active.length && target === this.tip) return;
      if (this.active.length && target.chainwork <= this.tip.chainwork && this.tip.failed === 'no') return;
      const path: BlockEntry[] = [];
      let p: BlockEntry | null = target;
      while (p && !this.isActive(p)) {
        path.unshift(p);
        p = p.parent;
      }
      const forkHeight = p ? p.height : -1;
      const disconnected: Transaction[] = [];
      while (this.height > forkHeight) disconnected.unshift(...this.disconnect().txs);
      let ok = true;
      for (const b of path) {
        if (!this.connect(b)) {
          this.markFailed(b);
          ok = false;
          break;
        }
      }
      // Core's ActivateBestChainStep: the disconnected blocks' transactions back once the new blocks are connected
      if (disconnected.length > 0) this.updateMempoolForReorg(disconnected, true);
      if (ok) return;
    }
  }

  private markFailed(b: BlockEntry): void {
    b.failed = 'invalid';
    for (const x of this.blocks.values()) {
      for (let p = x.parent; p; p = p.parent)
        if (p === b) {
          x.failed = 'child';
          break;
        }
    }
  }

  /**
   * Core's MaybeUpdateMempoolForReorg, once blocks were taken off the chain (`txs`: their transactions in chain order,
   * coinbases included):
   * 1. each one not confirmed again on the active chain goes back to the mempool (limits bypassed, as in Core); one
   *    that cannot (it conflicts with the new chain, spends a coin that is gone, is a coinbase) or, when `readd` is
   *    false, every one takes its descendants already in the mempool with it (removeRecursive, REORG);
   * 2. one re-added is linked to its children already in the mempool (UpdateTransactionsFromBlock), so a child is
   *    never put in a block before its parent;
   * 3. what is no longer final at the next block, spends a coinbase that is not mature at the next block, or spends
   *    a coin that no longer exists leaves the mempool with its descendants (removeForReorg).
   */
  private updateMempoolForReorg(txs: readonly Transaction[], readd: boolean): void {
    const readded: string[] = [];
    for (const tx of txs) {
      const txid = tx.getId();
      if (this.txIndex.has(txid)) continue; // confirmed again by the new chain
      let added = false;
      if (readd && !isCoinbase(tx)) {
        try {
          this.acceptToMempool(tx, { bypassLimits: true });
          added = true;
        } catch {
          /* dropped, with what spends it below */
        }
      }
      if (added) readded.push(txid);
      else tx.outs.forEach((_o, n) => {
        const child = this.mempoolSpends.get(outKey(txid, n));
        if (child) this.removeFromMempool(child, true, 'reorg');
      });
    }
    for (const txid of readded) this.linkChildren(txid);
    for (const e of [...this.mempool.values()]) {
      if (this.mempool.has(e.txid) && !this.stillValidAfterReorg(e)) this.removeFromMempool(e.txid, true, 'reorg');
    }
  }

  /** Children already in the mempool spend `txid`, now a mempool transaction too: they get it as a parent. */
  private linkChildren(txid: string): void {
    const parent = this.mempool.get(txid);
    if (!parent) return;
    parent.tx.outs.forEach((o, n) => {
      const child = this.mempool.get(this.mempoolSpends.get(outKey(txid, n)) ?? '');
      if (!child) return;
      child.parents.add(txid);
      child.tx.ins.forEach((inp, j) => {
        if (inp.index === n && revHex(inp.hash) === txid) child.prevouts[j] = { value: o.value, script: o.script, height: 0x7fffffff, coinbase: false };
      });
    });
  }

  /** The filter of Core's removeForReorg: final at the next block, coinbases spent mature then, every coin there. */
  private stillValidAfterReorg(e: MempoolEntry): boolean {
    const tx = e.tx;
    if (tx.locktime !== 0 && tx.ins.some((i) => i.sequence !== 0xffffffff)) {
      const nonFinal = tx.locktime < 500_000_000 ? tx.locktime >= this.height + 1 : tx.locktime >= this.tip.mtp;
      if (nonFinal) return false;
    }
    for (const inp of tx.ins) {
      const ptxid = revHex(inp.hash);
      if (this.mempool.has(ptxid)) continue;
      const coin = this.utxo.get(outKey(ptxid, inp.index));
      if (!coin) return false;
      if (coin.coinbase && this.height + 1 - coin.height < 100) return false;
    }
    return true;
  }

  invalidateBlock(b: BlockEntry): void {
    if (b.height === 0) return;
    if (this.isActive(b)) {
      // Core's InvalidateBlock: the mempool follows each block taken off; the transactions of the ten blocks nearest
      // the tip go back to it, deeper ones do not ("keeping the mempool up to date is probably futile anyway")
      for (let disconnected = 1; this.height >= b.height; disconnected++) this.updateMempoolForReorg(this.disconnect().txs, disconnected <= 10);
      this.markFailed(b);
    } else this.markFailed(b);
    this.activateBestChain();
  }

  reconsiderBlock(b: BlockEntry): void {
    for (const x of this.blocks.values()) {
      let related = x === b;
      for (let p = x.parent; p && !related; p = p.parent) if (p === b) related = true;
      if (related) x.failed = 'no';
    }
    for (let p: BlockEntry | null = b; p; p = p.parent) p.failed = 'no';
    this.activateBestChain();
  }

  chainTips(): { height: number; hash: string; branchlen: number; status: string }[] {
    const hasChild = new Set<string>();
    for (const b of this.blocks.values()) if (b.parent) hasChild.add(b.parent.hash);
    const tips = [...this.blocks.values()].filter((b) => !hasChild.has(b.hash) || b === this.tip);
    tips.sort((a, b) => b.height - a.height || a.seq - b.seq);
    return tips.map((b) => {
      let fork: BlockEntry | null = b;
      while (fork && !this.isActive(fork)) fork = fork.parent;
      const status = this.isActive(b) ? 'active' : b.failed !== 'no' ? 'invalid' : b.everConnected ? 'valid-fork' : 'valid-headers';
      return { height: b.height, hash: b.hash, branchlen: b.height - (fork ? fork.height : -1), status };
    });
  }

  // --------------------------------------------------------------------------- lookups

  /** Where a transaction is: in a block of the active chain, in the mempool, or nowhere. */
  txState(txid: string): { kind: 'block'; block: BlockEntry; index: number } | { kind: 'mempool'; entry: MempoolEntry } | { kind: 'none' } {
    const loc = this.txIndex.get(txid);
    if (loc) return { kind: 'block', ...loc };
    const m = this.mempool.get(txid);
    if (m) return { kind: 'mempool', entry: m };
    return { kind: 'none' };
  }

  /** An unspent output: from the UTXO set, or (includeMempool) created by a mempool tx and not spent there. */
  getCoin(txid: string, n: number, includeMempool: boolean): (Coin & { mempool: boolean }) | null {
    const k = outKey(txid, n);
    if (includeMempool && this.mempoolSpends.has(k)) return null;
    const c = this.utxo.get(k);
    if (c) return { ...c, mempool: false };
    if (!includeMempool) return null;
    const m = this.mempool.get(txid);
    const o = m?.tx.outs[n];
    if (!o || o.script[0] === 0x6a) return null;
    return { value: o.value, script: o.script, height: 0x7fffffff, coinbase: false, mempool: true };
  }

  // --------------------------------------------------------------------------- mempool

  private removeFromMempool(txid: string, withDescendants: boolean, reason: MempoolRemoval): void {
    const e = this.mempool.get(txid);
    if (!e) return;
    this.mempool.delete(txid);
    this.mempoolSequence++;
    if (reason !== 'block') this.fees.untrack(txid);
    for (const inp of e.tx.ins) {
      const k = outKey(revHex(inp.hash), inp.index);
      if (this.mempoolSpends.get(k) === txid) this.mempoolSpends.delete(k);
    }
    e.tx.outs.forEach((_o, n) => {
      const child = this.mempoolSpends.get(outKey(txid, n));
      if (!child) return;
      if (withDescendants) this.removeFromMempool(child, true, reason);
      else {
        // confirmed (reason 'block'): the children staying in the mempool spend a coin of the chain now
        const c = this.mempool.get(child);
        if (!c) return;
        c.parents.delete(txid);
        const coin = this.utxo.get(outKey(txid, n));
        c.tx.ins.forEach((inp, j) => {
          if (coin && inp.index === n && revHex(inp.hash) === txid) c.prevouts[j] = coin;
        });
      }
    });
    for (const l of this.listeners) l.onMempoolRemoved?.(e, reason);
  }

  descendants(txid: string): Set<string> {
    const out = new Set<string>();
    const walk = (id: string): void => {
      const e = this.mempool.get(id);
      if (!e) return;
      e.tx.outs.forEach((_o, n) => {
        const c = this.mempoolSpends.get(outKey(id, n));
        if (c && !out.has(c)) {
          out.add(c);
          walk(c);
        }
      });
    };
    walk(txid);
    return out;
  }

  ancestors(txid: string): Set<string> {
    const out = new Set<string>();
    const walk = (id: string): void => {
      for (const p of this.mempool.get(id)?.parents ?? []) {
        if (!out.has(p)) {
          out.add(p);
          walk(p);
        }
      }
    };
    walk(txid);
    return out;
  }

  /**
   * Checks a transaction against consensus and policy rules, in Core's order (PreChecks, replacement
   * checks, script checks, then the caller's fee ceiling), and adds it to the mempool.
   * Throws RejectError with Core's reject reason and details; `code` is what sendrawtransaction
   * answers (-26 rejected, -25 missing inputs or fee ceiling, -27 already confirmed).
   */
  acceptToMempool(
    tx: Transaction,
    opts: { maxFeeRate?: bigint; testOnly?: boolean; bypassLimits?: boolean; packageParents?: Map<string, Transaction> } = {},
  ): MempoolEntry {
    const txid = tx.getId();
    const wtxid = revHex(tx.getHash(true));
    // CheckTransaction
    if (tx.ins.length === 0) throw new RejectError(-26, 'bad-txns-vin-empty');
    if (tx.outs.length === 0) throw new RejectError(-26, 'bad-txns-vout-empty');
    let outSum = 0n;
    for (const o of tx.outs) {
      if (o.value < 0n) throw new RejectError(-26, 'bad-txns-vout-negative');
      if (o.value > 21_000_000n * COIN) throw new RejectError(-26, 'bad-txns-vout-toolarge');
      outSum += o.value;
      if (outSum > 21_000_000n * COIN) throw new RejectError(-26, 'bad-txns-txouttotal-toolarge');
    }
    const seen = new Set<string>();
    for (const inp of tx.ins) {
      const k = outKey(revHex(inp.hash), inp.index);
      if (seen.has(k)) throw new RejectError(-26, 'bad-txns-inputs-duplicate');
      seen.add(k);
    }
    if (isCoinbase(tx)) throw new RejectError(-26, 'coinbase');
    // IsStandardTx
    const weight = tx.weight();
    const vsize = tx.virtualSize();
    if (tx.version < 1 || tx.version > 3) throw new RejectError(-26, 'version');
    if (weight > 400_000) throw new RejectError(-26, 'tx-size');
    for (const inp of tx.ins) {
      if (inp.script.length > 1650) throw new RejectError(-26, 'scriptsig-size');
      if (!isPushOnly(inp.script)) throw new RejectError(-26, 'scriptsig-not-pushonly');
    }
    let dataOutputs = 0;
    let dustOutputs = 0;
    for (const o of tx.outs) {
      const t = classify(o.script);
      if (t === 'nonstandard') throw new RejectError(-26, 'scriptpubkey');
      if (t === 'nulldata') {
        if (o.script.length > MAX_DATACARRIER_BYTES) throw new RejectError(-26, 'scriptpubkey');
        dataOutputs++;
      } else if (o.value < dustThreshold(o.script)) dustOutputs++;
    }
    if (dustOutputs > 1) throw new RejectError(-26, 'dust');
    if (dataOutputs > 1) throw new RejectError(-26, 'multi-op-return');
    if (tx.byteLength(false) < 65) throw new RejectError(-26, 'tx-size-small');
    // finality at the next block (locktime by height or by median time past)
    if (tx.locktime !== 0 && tx.ins.some((i) => i.sequence !== 0xffffffff)) {
      const nonFinal = tx.locktime < 500_000_000 ? tx.locktime >= this.height + 1 : tx.locktime >= this.tip.mtp;
      if (nonFinal) throw new RejectError(-26, 'non-final');
    }
    if (this.mempool.has(txid)) {
      if (this.mempool.get(txid)!.wtxid === wtxid) throw new RejectError(-26, 'txn-already-in-mempool');
      throw new RejectError(-26, 'txn-same-nonwitness-data-in-mempool');
    }
    // inputs
    const prevouts: Coin[] = [];
    const conflicts = new Set<string>();
    const parents = new Set<string>();
    for (const inp of tx.ins) {
      const ptxid = revHex(inp.hash);
      const k = outKey(ptxid, inp.index);
      const spender = this.mempoolSpends.get(k);
      if (spender) conflicts.add(spender);
      const c = this.utxo.get(k);
      if (c) {
        prevouts.push(c);
        continue;
      }
      const m = this.mempool.get(ptxid)?.tx ?? opts.packageParents?.get(ptxid);
      const o = m?.outs[inp.index];
      if (m && o) {
        parents.add(ptxid);
        prevouts.push({ value: o.value, script: o.script, height: 0x7fffffff, coinbase: false });
        continue;
      }
      // missing: because the transaction itself is already confirmed (one of its outputs unspent)?
      if (tx.outs.some((_o, n) => this.utxo.has(outKey(txid, n)))) throw new RejectError(-27, 'txn-already-known');
      throw new RejectError(-25, 'bad-txns-inputs-missingorspent');
    }
    let inSum = 0n;
    for (const c of prevouts) {
      inSum += c.value;
      if (c.coinbase && this.height + 1 - c.height < 100)
        throw new RejectError(-26, 'bad-txns-premature-spend-of-coinbase', `tried to spend coinbase at depth ${this.height - c.height + 1}`);
    }
    if (inSum < outSum) throw new RejectError(-26, 'bad-txns-in-belowout', `value in (${formatMoney(inSum)}) < value out (${formatMoney(outSum)})`);
    const fee = inSum - outSum;
    // v29 ephemeral dust: one dust output is allowed only in a transaction that pays no fee
    if (dustOutputs === 1 && fee !== 0n) throw new RejectError(-26, 'dust', 'tx with dust output must be 0-fee');
    const minFee = (MIN_RELAY_FEERATE * BigInt(vsize) + 999n) / 1000n;
    if (!opts.bypassLimits && fee < minFee) throw new RejectError(-26, 'min relay fee not met', `${fee} < ${minFee}`);
    if (conflicts.size) {
      // full RBF: the replacement must pay a higher feerate and for its own bandwidth
      let oldFees = 0n;
      const evicted = new Set<string>();
      for (const c of conflicts) {
        evicted.add(c);
        for (const d of this.descendants(c)) evicted.add(d);
      }
      // fee rates compared as CFeeRate does, in whole sat/kvB
      const newRate = (fee * 1000n) / BigInt(vsize);
      for (const c of conflicts) {
        const e = this.mempool.get(c)!;
        const oldRate = (e.fee * 1000n) / BigInt(e.vsize);
        if (newRate <= oldRate)
          throw new RejectError(-26, 'insufficient fee', `rejecting replacement ${txid}; new feerate ${fmt(newRate)} BTC/kvB <= old feerate ${fmt(oldRate)} BTC/kvB`);
      }
      // BIP125 rule 2: no new unconfirmed inputs
      const conflictParents = new Set<string>();
      for (const c of conflicts) for (const inp of this.mempool.get(c)!.tx.ins) conflictParents.add(revHex(inp.hash));
      for (const p of parents)
        if (!conflictParents.has(p)) throw new RejectError(-26, 'replacement-adds-unconfirmed', `replacement ${txid} adds unconfirmed input, idx ${tx.ins.findIndex((i) => revHex(i.hash) === p)}`);
      for (const c of evicted) oldFees += this.mempool.get(c)!.fee;
      if (fee < oldFees) throw new RejectError(-26, 'insufficient fee', `rejecting replacement ${txid}, less fees than conflicting txs; ${fmt(fee)} < ${fmt(oldFees)}`);
      if (fee - oldFees < (INCREMENTAL_FEERATE * BigInt(vsize) + 999n) / 1000n)
        throw new RejectError(-26, 'insufficient fee', `rejecting replacement ${txid}, not enough additional fees to relay; ${fmt(fee - oldFees)} < ${fmt((INCREMENTAL_FEERATE * BigInt(vsize) + 999n) / 1000n)}`);
    }
    // signatures
    const cache: SighashCache = {};
    for (let i = 0; i < tx.ins.length; i++) {
      const err = verifyInput(tx, i, prevouts, cache);
      if (err) {
        const inp = tx.ins[i]!;
        throw new RejectError(-26, `mempool-script-verify-flag-failed (${err})`, `input ${i} of ${txid} (wtxid ${wtxid}), spending ${revHex(inp.hash)}:${inp.index}`);
      }
    }
    // the caller's ceiling (sendrawtransaction/testmempoolaccept maxfeerate), after full validation
    if (opts.maxFeeRate !== undefined && opts.maxFeeRate > 0n && fee > (opts.maxFeeRate * BigInt(vsize) + 999n) / 1000n)
      throw new RejectError(-25, 'max-fee-exceeded', 'Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)');
    const entry: MempoolEntry = {
      tx, txid, wtxid, fee, vsize, weight, size: tx.byteLength(), time: Math.floor(Date.now() / 1000),
      height: this.height, parents, prevouts,
    };
    if (opts.testOnly) return entry;
    for (const c of conflicts) this.removeFromMempool(c, true, 'replaced');
    this.mempool.set(txid, entry);
    this.mempoolSequence++;
    for (const inp of tx.ins) this.mempoolSpends.set(outKey(revHex(inp.hash), inp.index), txid);
    this.fees.track(txid, this.height, (fee * 1000n) / BigInt(vsize), !opts.bypassLimits && parents.size === 0);
    for (const l of this.listeners) l.onMempoolTx(entry);
    return entry;
  }
}

const fmt = (sats: bigint): string => {
  const neg = sats < 0n;
  const a = neg ? -sats : sats;
  return `${neg ? '-' : ''}${a / COIN}.${(a % COIN).toString().padStart(8, '0')}`;
};

/** Core's FormatMoney: 8 decimals with trailing zeros trimmed down to two. */
export function formatMoney(sats: bigint): string {
  let s = fmt(sats);
  while (s.endsWith('0') && s[s.length - 3] !== '.') s = s.slice(0, -1);
  return s;
}

/** Core's GetDustThreshold at the default 3000 sat/kvB dust relay fee. */
export function dustThreshold(script: Uint8Array): bigint {
  const t = classify(script);
  if (t === 'nulldata') return 0n;
  const outSize = 8 + varint(script.length).length + script.length;
  const witness = t.startsWith('witness_') || t === 'anchor';
  const inSize = witness ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return (BigInt(outSize + inSize) * 3000n) / 1000n;
}

/** Core's IsPushOnly: only push opcodes (OP_0..OP_16, OP_1NEGATE, data pushes). */
function isPushOnly(s: Uint8Array): boolean {
  let i = 0;
  while (i < s.length) {
    const op = s[i++]!;
    if (op > 0x60) return false;
    let n = 0;
    if (op >= 1 && op <= 0x4b) n = op;
    else if (op === 0x4c) n = s[i++] ?? 0;
    else if (op === 0x4d) {
      n = (s[i] ?? 0) | ((s[i + 1] ?? 0) << 8);
      i += 2;
    } else if (op === 0x4e) {
      n = new DataView(s.buffer, s.byteOffset).getUint32(Math.min(i, s.length - 4), true);
      i += 4;
    }
    if (i + n > s.length) return false;
    i += n;
  }
  return true;
}

// ------------------------------------------------------------------------ script checks

const SIGHASH_ALL = 1;

function checkEcdsa(tx: Transaction, hashOf: (hashType: number) => Uint8Array, sig: Uint8Array, pub: Uint8Array): boolean {
  if (sig.length < 9) return false;
  if (sig.length < 9) return false;
  const hashType = sig[sig.length - 1]!;
  let decoded: { signature: Uint8Array };
  try {
    decoded = bitcoin.script.signature.decode(sig);
  } catch {
    return false;
  }
  void tx;
  const h = hashOf(hashType);
  if (sigCacheHas(h, pub, decoded.signature)) return true;
  const ok = ecc.verify(h, pub, decoded.signature, true);
  if (ok) sigCacheAdd(h, pub, decoded.signature);
  return ok;
}

/**
 * Verifies input i for the templates a wallet produces (P2PKH, P2WPKH, P2SH-P2WPKH, P2TR key path).
 * Returns Core's script error text, or null. Other script types are accepted without evaluation.
 */
export function verifyInput(tx: Transaction, i: number, prevouts: Coin[], cache: SighashCache = {}): string | null {
  const inp = tx.ins[i]!;
  const prev = prevouts[i]!;
  const t = classify(prev.script);
  const wit = inp.witness;
  if (t === 'pubkeyhash') {
    const ops = bitcoin.script.decompile(inp.script);
    if (!ops || ops.length !== 2 || !(ops[0] instanceof Uint8Array) || !(ops[1] instanceof Uint8Array))
      return 'Operation not valid with the current stack size';
    const [sig, pub] = ops as [Uint8Array, Uint8Array];
    if (toHex(hash160(pub)) !== toHex(prev.script.subarray(3, 23))) return 'Script failed an OP_EQUALVERIFY operation';
    if (!checkEcdsa(tx, (ht) => tx.hashForSignature(i, prev.script, ht), sig, pub))
      return 'Signature must be zero for failed CHECK(MULTI)SIG operation';
    return null;
  }
  let program: Uint8Array | null = null;
  if (t === 'witness_v0_keyhash') {
    if (inp.script.length) return 'Witness requires empty scriptSig';
    program = prev.script.subarray(2);
  } else if (t === 'scripthash') {
    const ops = bitcoin.script.decompile(inp.script);
    const redeem = ops && ops.length === 1 && ops[0] instanceof Uint8Array ? ops[0] : null;
    if (!redeem) return null; // not a P2SH-P2WPKH spend: accepted unevaluated
    if (toHex(hash160(redeem)) !== toHex(prev.script.subarray(2, 22))) return 'Script evaluated without error but finished with a false/empty top stack element';
    if (classify(redeem) !== 'witness_v0_keyhash') return null;
    program = redeem.subarray(2);
  } else if (t === 'witness_v1_taproot') {
    if (inp.script.length) return 'Witness requires empty scriptSig';
    if (wit.length === 0) return 'Witness program was passed an empty witness';
    if (wit.length !== 1) return null; // script path: accepted unevaluated
    const sig = wit[0]!;
    if (sig.length !== 64 && sig.length !== 65) return 'Invalid Schnorr signature size';
    const ht = sig.length === 65 ? sig[64]! : 0;
    const h = tx.hashForWitnessV1(i, prevouts.map((p) => p.script), prevouts.map((p) => p.value), ht);
    return ecc.verifySchnorr(h, prev.script.subarray(2), sig.subarray(0, 64)) ? null : 'Invalid Schnorr signature';
  } else return null;
  // a P2WPKH program needs exactly <sig> <pubkey>; anything else (an empty witness too) is a mismatch
  if (wit.length !== 2) return 'Witness program hash mismatch';
  const [sig, pub] = wit as [Uint8Array, Uint8Array];
  if (toHex(hash160(pub)) !== toHex(program)) return 'Witness program hash mismatch';
  const scriptCode = concat(fromHex('76a914'), program, fromHex('88ac'));
  if (!checkEcdsa(tx, (ht) => (ht === 1 ? sighashV0All(tx, cache, i, scriptCode, prev.value) : tx.hashForWitnessV0(i, scriptCode, prev.value, ht)), sig, pub))
    return 'Signature must be zero for failed CHECK(MULTI)SIG operation';
  return null;
}

export { SIGHASH_ALL, taggedHash };
