import type { AssetRef, Genesis } from '../../../shared/coinspark/index';
import { isUnreachable, type ChainReader, type ChainTx, type TxWanted } from './chain-reader';
import { TxFlow } from './tx-asset-flow';
import type { GenesisVerdict, VerifyCache } from './verify-cache';

/**
 * The backward walk of the local verifier: the units of one asset in the outputs of some transactions, computed
 * from the chain by the legal definition (protocol.md §7.10). Each transaction's inputs are followed to the
 * transactions that made them, until the results are known: from the cache, at the genesis (whose fee is checked:
 * an underpaid genesis created nothing), or below the genesis height, where nothing can carry the asset. Each
 * round reads every transaction the walk needs next in one go; results are cached per (asset, transaction).
 *
 * A budget bounds the transactions read from the node per asset and pass. Past it the walk stops; what it read is
 * kept, so the next pass goes on from there instead of starting over.
 */
export interface WalkAsset {
  /** Cache key: the genesis txid and the reference in force (a reorg that moves the genesis changes it). */
  key: string;
  genTxId: string;
  genesis: Genesis;
  ref: AssetRef | null;
  /** Height of the genesis block; null while the genesis is in the mempool. */
  genesisHeight: number | null;
}

export interface WalkTarget {
  txid: string;
  hint: TxWanted;
}

export type WalkOutcome =
  | { kind: 'verified'; outputs: bigint[]; height: number | null }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'over-budget' };

export interface WalkResult {
  /** null when the genesis could not be read (then nothing was walked). */
  genesis: GenesisVerdict | null;
  genesisReason: string | null;
  outcomes: Map<string, WalkOutcome>;
  /** Transactions read from the node for this asset in this walk. */
  read: number;
  /** Transactions whose result was computed (and cached) in this walk. */
  computed: number;
}

interface Node {
  tx: ChainTx;
  flow: TxFlow;
  inputs: (bigint | undefined)[];
  missing: number;
}

interface Waiter {
  node: Node;
  input: number;
  /** What is awaited: the parent's units (its result), or only the satoshis of the spent output. */
  what: 'qty' | 'value';
}

export interface WalkerOptions {
  /** Transactions read from the node per asset and pass. */
  budget?: number;
  /** Transactions kept between passes for walks that ran out of budget. */
  keepTxs?: number;
}

export class Walker {
  private readonly partial = new Map<string, Map<string, ChainTx>>();
  private partialSize = 0;
  readonly budget: number;
  private readonly keepTxs: number;

  constructor(
    private readonly reader: ChainReader,
    private readonly cache: VerifyCache,
    opts: WalkerOptions = {},
  ) {
    this.budget = opts.budget ?? 10_000;
    this.keepTxs = opts.keepTxs ?? 200_000;
  }

  /** Forget walks in progress (a reorg). */
  reset(): void {
    this.partial.clear();
    this.partialSize = 0;
  }

  /** The asset's genesis verdict, reading and checking its genesis transaction when not cached. */
  async checkGenesis(asset: WalkAsset, tipHeight: number): Promise<{ verdict: GenesisVerdict | null; reason: string | null; read: number }> {
    const cached = this.cache.genesis(asset.genTxId);
    if (cached && this.cache.has(asset.key, asset.genTxId)) return { verdict: cached, reason: null, read: 0 };
    // Its outputs under another key (the reference it is known by changed): the same transaction, read again.
    const got = (await this.reader.read([{ txid: asset.genTxId, height: asset.genesisHeight }], tipHeight)).get(asset.genTxId);
    if (!got || isUnreachable(got)) return { verdict: null, reason: got?.unreachable ?? 'The genesis transaction could not be read.', read: 0 };
    let read = 1;
    // A genesis in the mempool comes without its inputs' values: read them from the transactions that made them.
    const unknown = got.inputs.filter((i) => i.value === null);
    if (unknown.length > 0) {
      const parents = await this.reader.read(unknown.map((i) => ({ txid: i.txid, height: i.height })), tipHeight);
      read += parents.size;
      for (const input of unknown) {
        const p = parents.get(input.txid);
        if (p && !isUnreachable(p)) input.value = p.outputs[input.vout]?.value ?? null;
      }
    }
    const g = new TxFlow(toFlowTx(got)).genesis();
    if (!g) return { verdict: null, reason: 'The genesis transaction carries no CoinSpark genesis.', read };
    if (g.valid === null) return { verdict: null, reason: 'The fee of the genesis transaction could not be worked out.', read };
    const verdict: GenesisVerdict = { valid: g.valid, feeSats: String(g.fee), minFeeSats: String(g.minFee), height: got.height ?? -1 };
    this.cache.putGenesis(asset.genTxId, verdict);
    this.cache.put(asset.key, asset.genTxId, got.height, g.outputs);
    return { verdict, reason: null, read };
  }

  /** The units of the asset in every output of each target transaction, as far as the budget allows. */
  async walk(asset: WalkAsset, targets: readonly WalkTarget[], tipHeight: number, budget = this.budget): Promise<WalkResult> {
    const outcomes = new Map<string, WalkOutcome>();
    const g = await this.checkGenesis(asset, tipHeight);
    let read = g.read;
    let computed = 0;
    if (!g.verdict) {
      for (const t of targets) outcomes.set(t.txid, { kind: 'unreachable', reason: g.reason ?? 'The genesis transaction could not be read.' });
      return { genesis: null, genesisReason: g.reason, outcomes, read, computed };
    }
    // Pruning below the genesis height is only sound at the genesis's real height: a reference that does not match
    // the node (sync about to set or move it) waits for the next pass.
    const realHeight = g.verdict.height === -1 ? null : g.verdict.height;
    if (realHeight !== asset.genesisHeight) {
      const reason = 'The genesis is not where the asset reference says (the reference is being updated).';
      for (const t of targets) outcomes.set(t.txid, { kind: 'unreachable', reason });
      return { genesis: g.verdict, genesisReason: reason, outcomes, read, computed };
    }
    // An underpaid genesis created nothing: every output of every transaction holds 0 of it, nothing to walk.
    if (!g.verdict.valid) {
      for (const t of targets) outcomes.set(t.txid, { kind: 'verified', outputs: [], height: null });
      return { genesis: g.verdict, genesisReason: null, outcomes, read, computed };
    }

    const { key } = asset;
    const cache = this.cache;
    const nodes = new Map<string, Node>();
    const waiters = new Map<string, Waiter[]>();
    const toLoad = new Map<string, TxWanted>();
    const blocked = new Map<string, string>();
    const kept = this.partial.get(key) ?? new Map<string, ChainTx>();
    const loaded = new Map<string, ChainTx>(); // transactions at hand in this walk (read, or kept from before)
    const work: Node[] = [];

    const belowGenesis = (h: number | null | undefined): boolean =>
      typeof h === 'number' && (asset.genesisHeight === null || h < asset.genesisHeight);

    const wait = (txid: string, hint: TxWanted, w: Waiter): void => {
      let list = waiters.get(txid);
      if (!list) waiters.set(txid, (list = []));
      list.push(w);
      if (nodes.has(txid) || toLoad.has(txid)) return;
      const have = loaded.get(txid) ?? kept.get(txid);
      if (have) queueMicrotaskNode(have);
      else toLoad.set(txid, hint);
    };
    // Transactions at hand are added after the current step, so additions never recurse deeply.
    const pendingAdds: ChainTx[] = [];
    const queueMicrotaskNode = (tx: ChainTx): void => void pendingAdds.push(tx);

    const addNode = (tx: ChainTx): void => {
      if (nodes.has(tx.txid) || cache.has(key, tx.txid)) {
        if (cache.has(key, tx.txid)) settleFromCache(tx);
        return;
      }
      loaded.set(tx.txid, tx);
      const flow = new TxFlow(toFlowTx(tx));
      const node: Node = { tx, flow, inputs: new Array(tx.inputs.length).fill(undefined), missing: 0 };
      nodes.set(tx.txid, node);
      if (tx.coinbase) {
        work.push(node);
        return;
      }
      const needsValues = flow.transfersMinFee > 0n;
      tx.inputs.forEach((input, i) => {
        if (needsValues && input.value === null) {
          const parent = loaded.get(input.txid) ?? kept.get(input.txid);
          if (parent) input.value = parent.outputs[input.vout]?.value ?? null;
          else {
            node.missing++;
            wait(input.txid, { txid: input.txid, height: input.height }, { node, input: i, what: 'value' });
          }
        }
        if (belowGenesis(input.height)) {
          node.inputs[i] = 0n;
          return;
        }
        const q = cache.qtyAt(key, input.txid, input.vout);
        if (q !== undefined) {
          node.inputs[i] = q;
          return;
        }
        node.missing++;
        wait(input.txid, { txid: input.txid, height: input.height }, { node, input: i, what: 'qty' });
      });
      if (node.missing === 0) work.push(node);
    };

    /** A transaction now known: feed whoever waited for its units or its outputs' satoshis. */
    const feed = (tx: ChainTx, outputs: bigint[] | null): void => {
      const list = waiters.get(tx.txid);
      if (!list) return;
      const rest: Waiter[] = [];
      for (const w of list) {
        const spent = w.node.tx.inputs[w.input]!;
        if (w.what === 'value') {
          spent.value = tx.outputs[spent.vout]?.value ?? null;
          if (spent.value !== null) w.node.flow = new TxFlow(toFlowTx(w.node.tx));
        } else if (outputs) w.node.inputs[w.input] = outputs[spent.vout] ?? 0n;
        else {
          rest.push(w);
          continue;
        }
        if (--w.node.missing === 0) work.push(w.node);
      }
      if (rest.length > 0) waiters.set(tx.txid, rest);
      else waiters.delete(tx.txid);
    };

    const settleFromCache = (tx: ChainTx): void => {
      feed(tx, cache.get(key, tx.txid) ?? null);
    };

    const block = (txid: string, reason: string): void => {
      const queue = [txid];
      blocked.set(txid, reason);
      while (queue.length > 0) {
        const id = queue.pop()!;
        for (const w of waiters.get(id) ?? []) {
          const child = w.node.tx.txid;
          if (blocked.has(child)) continue;
          blocked.set(child, reason);
          queue.push(child);
        }
        waiters.delete(id);
      }
    };

    const drain = (): void => {
      for (;;) {
        while (pendingAdds.length > 0) addNode(pendingAdds.pop()!);
        const node = work.pop();
        if (!node) {
          if (pendingAdds.length === 0) return;
          continue;
        }
        const { tx } = node;
        if (!nodes.has(tx.txid) || blocked.has(tx.txid)) continue;
        const inputs = node.inputs.map((q) => q ?? 0n);
        const m = tx.coinbase ? { outputs: new Array<bigint>(tx.outputs.length).fill(0n) } : node.flow.apply(asset, inputs);
        if (m === null) {
          block(tx.txid, `The fee of transaction ${tx.txid} cannot be worked out from your node.`);
          continue;
        }
        cache.put(key, tx.txid, tx.height, m.outputs);
        computed++;
        nodes.delete(tx.txid);
        feed(tx, m.outputs);
      }
    };

    const targetOf = new Map(targets.map((t) => [t.txid, t]));
    for (const t of targets) {
      if (cache.has(key, t.txid)) continue;
      const have = loaded.get(t.txid) ?? kept.get(t.txid);
      if (have) pendingAdds.push(have);
      else toLoad.set(t.txid, t.hint);
    }
    drain();

    while (toLoad.size > 0 && read < budget) {
      const batch = [...toLoad.values()].slice(0, Math.max(1, budget - read));
      for (const w of batch) toLoad.delete(w.txid);
      const results = await this.reader.read(batch, tipHeight);
      for (const w of batch) {
        const r = results.get(w.txid);
        if (!r || isUnreachable(r)) {
          block(w.txid, r?.unreachable ?? `Your node did not give transaction ${w.txid}.`);
          continue;
        }
        read++;
        loaded.set(r.txid, r);
        kept.delete(r.txid);
        // Someone may wait only for its outputs' satoshis (its units already cached).
        if (cache.has(key, r.txid)) settleFromCache(r);
        else if (targetOf.has(r.txid) || waiters.has(r.txid)) {
          const qtyWaiters = (waiters.get(r.txid) ?? []).some((x) => x.what === 'qty');
          if (qtyWaiters || targetOf.has(r.txid)) addNode(r);
          else feed(r, null);
        }
      }
      drain();
    }

    for (const t of targets) {
      const outputs = cache.get(key, t.txid);
      if (outputs) outcomes.set(t.txid, { kind: 'verified', outputs, height: cache.heightOf(key, t.txid) === -1 ? null : (cache.heightOf(key, t.txid) ?? null) });
      else if (blocked.has(t.txid)) outcomes.set(t.txid, { kind: 'unreachable', reason: blocked.get(t.txid)! });
      else outcomes.set(t.txid, { kind: 'over-budget' });
    }

    // Keep what was read for the walks that did not finish, so the next pass goes on from there.
    const unfinished = [...outcomes.values()].some((o) => o.kind === 'over-budget');
    this.partialSize -= this.partial.get(key)?.size ?? 0;
    this.partial.delete(key);
    if (unfinished) {
      const keep = new Map<string, ChainTx>();
      for (const [txid, tx] of loaded) if (!cache.has(key, txid)) keep.set(txid, tx);
      for (const [txid, tx] of kept) if (!cache.has(key, txid)) keep.set(txid, tx);
      if (this.partialSize + keep.size > this.keepTxs) {
        this.partial.clear();
        this.partialSize = 0;
      }
      if (keep.size <= this.keepTxs) {
        this.partial.set(key, keep);
        this.partialSize += keep.size;
      }
    }
    return { genesis: g.verdict, genesisReason: null, outcomes, read, computed };
  }
}

function toFlowTx(tx: ChainTx) {
  return { txid: tx.txid, coinbase: tx.coinbase, inputs: tx.inputs, outputs: tx.outputs };
}
