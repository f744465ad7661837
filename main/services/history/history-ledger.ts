import { assetRefKey, type AssetRow, type BalanceRow } from '../../../shared/model/asset-lists';
import type { FigureSource } from '../../../shared/model/history';
import type { AssetListsStore } from '../assets/asset-lists-store';
import { fromGenesisRecord } from '../assets/genesis-record';
import type { SyncPass, TxRecord } from '../sync/wallet-sync';
import type { TxFlow } from '../verify/tx-asset-flow';
import { flowWithUnknowns, txFlowOf, type FlowAssetInfo } from './flow-with-unknowns';

/** One wallet transaction as the history keeps it (persisted in history.json). */
export interface HistoryTx {
  txid: string;
  /** Block height; null in the mempool. */
  height: number | null;
  blockIndex: number | null;
  /** It can no longer confirm (a conflicting transaction confirmed). */
  conflicted: boolean;
  time: number;
  /** Core's view of the wallet's part: net amount (fee excluded) and the fee it paid (null: none). */
  amountSats: bigint;
  feeSats: bigint | null;
  /** Previous outputs ("txid:vout"). */
  inputs: string[];
  outputValues: bigint[];
  outputsRegular: boolean[];
  /** Outputs that are the wallet's (received, or change). */
  ours: boolean[];
  outputAddresses: (string | null)[];
  /** The CoinSpark metadata (first OP_RETURN push starting with SPK), or null. */
  metadata: Uint8Array | null;
}

/** Units of one asset in one wallet output: null = not known. `source` says who worked the figure out. */
export interface Figure {
  qty: bigint | null;
  source: FigureSource;
}

export interface LedgerIdentity {
  chain: string | null;
  wallet: string | null;
}

/** Largest metadata kept per transaction (an OP_RETURN can be large on recent Core; CoinSpark needs ≤ 80 bytes). */
const MAX_METADATA = 4096;

const parseKey = (key: string): [string, number] => {
  const colon = key.indexOf(':');
  return [key.slice(0, colon), Number(key.slice(colon + 1))];
};

/**
 * Every wallet transaction and, for each of the wallet's outputs, how many units of each asset it holds, worked out
 * with the legal definition (tx-asset-flow) from the node's own data wherever every input is known ("local"), and
 * taken from the balance rows (tracker answers) where not. Figures of spent outputs are kept, so the history can
 * say what each transaction moved long after the balance rows are gone.
 *
 * Invariant: an asset in `evaluated` has been worked through every transaction in chain order, so an output with no
 * figure for it holds none. Other assets (genesis or reference not known yet) get tracker figures only.
 */
export class HistoryLedger {
  private readonly txs = new Map<string, HistoryTx>();
  private readonly figures = new Map<string, Map<number, Figure>>();
  /** Asset id → the identity (genesis, reference) it was evaluated with; a change re-evaluates it. */
  private readonly evaluated = new Map<number, string>();
  private ordered: HistoryTx[] | null = null;
  revision = 0;
  lastBlock: string | null = null;
  identity: LedgerIdentity = { chain: null, wallet: null };

  constructor(private readonly lists: AssetListsStore) {}

  get size(): number {
    return this.txs.size;
  }

  tx(txid: string): HistoryTx | undefined {
    return this.txs.get(txid);
  }

  /** Oldest first: block height, position in the block, then the mempool with parents before children. */
  orderedTxs(): readonly HistoryTx[] {
    this.ordered ??= chainOrder([...this.txs.values()]);
    return this.ordered;
  }

  figure(outKey: string, assetId: number): Figure | undefined {
    return this.figures.get(outKey)?.get(assetId);
  }

  figuresAt(outKey: string): ReadonlyMap<number, Figure> | undefined {
    return this.figures.get(outKey);
  }

  isEvaluated(assetId: number): boolean {
    return this.evaluated.has(assetId);
  }

  isOurOutput(key: string): boolean {
    const [txid, vout] = parseKey(key);
    return this.txs.get(txid)?.ours[vout] === true;
  }

  outputValue(key: string): bigint | undefined {
    const [txid, vout] = parseKey(key);
    return this.txs.get(txid)?.outputValues[vout];
  }

  /** Forget everything (another wallet or chain). */
  clear(identity: LedgerIdentity): void {
    this.txs.clear();
    this.figures.clear();
    this.evaluated.clear();
    this.ordered = null;
    this.lastBlock = null;
    this.identity = identity;
    this.revision++;
  }

  /** Take in one sync pass: new and changed transactions, then the figures of every asset that can be worked out. */
  ingest(pass: SyncPass, identity: LedgerIdentity): void {
    const fresh: HistoryTx[] = [];
    for (const record of pass.changed) {
      const tx = toHistoryTx(record);
      if (!this.txs.has(tx.txid)) fresh.push(tx);
      this.txs.set(tx.txid, tx);
    }
    if (pass.changed.length > 0) this.ordered = null;
    this.evaluateAssets(fresh.length > 0 ? chainOrder(fresh) : []);
    // A new block changes every confirmation count even when no wallet transaction changed.
    if (pass.changed.length > 0 || this.lastBlock !== pass.lastBlock) this.revision++;
    this.lastBlock = pass.lastBlock;
    this.identity = identity;
  }

  /**
   * Bring the figures up to date with the asset list: assets new or changed are worked through every transaction,
   * the others through `fresh` only.
   */
  evaluateAssets(fresh: readonly HistoryTx[] = []): boolean {
    let changed = false;
    const current = new Set<number>();
    for (const row of this.lists.assets()) {
      const asset = evaluable(row);
      if (!asset) continue;
      current.add(row.assetId);
      if (this.evaluated.get(row.assetId) !== asset.signature) {
        for (const tx of this.orderedTxs()) this.evaluate(tx, row.assetId, asset);
        this.evaluated.set(row.assetId, asset.signature);
        changed = true;
      } else {
        for (const tx of fresh) this.evaluate(tx, row.assetId, asset);
      }
    }
    for (const id of [...this.evaluated.keys()]) {
      if (!current.has(id)) {
        this.evaluated.delete(id);
        changed = true;
      }
    }
    if (changed) this.revision++;
    return changed;
  }

  /**
   * The balance rows' figures of these assets (a tracker's answer, or the verifier's from the node) become figures
   * where the wallet could not work one out here (a figure worked out here, a zero included, is never replaced).
   */
  takeRowFigures(assetIds: Iterable<number>): boolean {
    let changed = false;
    for (const id of assetIds) {
      const evaluated = this.evaluated.has(id);
      for (const row of this.lists.balancesOf(id)) {
        if (row.qty === null) continue;
        const key = `${row.txid}:${row.vout}`;
        const tx = this.txs.get(row.txid);
        if (!tx || tx.ours[row.vout] !== true) continue;
        const existing = this.figures.get(key)?.get(id);
        if (existing ? existing.source === 'local' && existing.qty !== null : evaluated) continue;
        const qty = BigInt(row.qty);
        const source = rowSource(row);
        if (existing && existing.qty === qty && existing.source === source) continue;
        this.setFigure(key, id, qty === 0n ? undefined : { qty, source });
        changed = true;
      }
    }
    if (changed) this.revision++;
    return changed;
  }

  /** The transaction read for the legal definition (kept while every input's value is known: it cannot change). */
  txFlow(tx: HistoryTx): TxFlow {
    const cached = flowCache.get(tx);
    if (cached) return cached;
    const inputs = tx.inputs.map(parseKey);
    const flow = txFlowOf({ txid: tx.txid, inputs: inputs.map(([txid, vout]) => ({ txid, vout })), inputValues: tx.inputs.map((k) => this.outputValue(k) ?? null), outputValues: tx.outputValues, outputsRegular: tx.outputsRegular, metadata: tx.metadata });
    if (flow.fee !== null) flowCache.set(tx, flow);
    return flow;
  }

  private setFigure(key: string, assetId: number, figure: Figure | undefined): void {
    let perAsset = this.figures.get(key);
    if (figure === undefined) {
      if (perAsset?.delete(assetId) && perAsset.size === 0) this.figures.delete(key);
      return;
    }
    if (!perAsset) this.figures.set(key, (perAsset = new Map()));
    perAsset.set(assetId, figure);
  }

  private evaluate(tx: HistoryTx, assetId: number, asset: EvaluableAsset): void {
    const isGenesis = tx.txid === asset.flow.genTxId;
    // Outputs created before the asset's genesis cannot hold it.
    if (!isGenesis && this.predates(tx, asset)) {
      this.clearOutputs(tx, assetId);
      return;
    }
    let anyUnits = isGenesis;
    let allLocal = true;
    const inputQty: (bigint | null)[] = new Array(tx.inputs.length);
    for (let i = 0; i < tx.inputs.length; i++) {
      const key = tx.inputs[i]!;
      const figure = this.figures.get(key)?.get(assetId);
      if (figure) {
        anyUnits = true;
        if (figure.source !== 'local') allLocal = false;
        inputQty[i] = figure.qty;
        continue;
      }
      const [parentId, vout] = parseKey(key);
      const parent = this.txs.get(parentId);
      if (parent?.ours[vout] === true) {
        inputQty[i] = 0n; // a wallet output with no figure for an evaluated asset holds none
        continue;
      }
      if (parent && this.predates(parent, asset)) {
        inputQty[i] = 0n;
        continue;
      }
      // Someone else's output: its units are not known here (a tracker may tell for ours).
      anyUnits = true;
      inputQty[i] = null;
    }
    if (!anyUnits) {
      this.clearOutputs(tx, assetId);
      return;
    }
    // The genesis creates the units: its figures are worked out here whatever its inputs held (not this asset).
    if (isGenesis) allLocal = true;
    const flow = flowWithUnknowns(this.txFlow(tx), asset.flow, inputQty);
    for (let o = 0; o < tx.outputValues.length; o++) {
      if (!tx.ours[o]) continue;
      const key = `${tx.txid}:${o}`;
      const qty = flow.outputs[o] ?? null;
      if (qty !== null) {
        this.setFigure(key, assetId, qty === 0n ? undefined : { qty, source: allLocal ? 'local' : 'tracker' });
        continue;
      }
      const row = this.lists.balance(assetId, tx.txid, o);
      if (row?.qty != null) {
        const known = BigInt(row.qty);
        this.setFigure(key, assetId, known === 0n ? undefined : { qty: known, source: rowSource(row) });
      } else {
        this.setFigure(key, assetId, { qty: null, source: 'tracker' });
      }
    }
  }

  /** Confirmed before the asset's genesis: in an earlier block, or earlier in the genesis's own block. */
  private predates(tx: HistoryTx, asset: EvaluableAsset): boolean {
    if (tx.height === null || asset.genesisHeight === null) return false;
    if (tx.height !== asset.genesisHeight) return tx.height < asset.genesisHeight;
    const genesis = asset.flow.genTxId === null ? undefined : this.txs.get(asset.flow.genTxId);
    return genesis?.height === tx.height && tx.blockIndex !== null && genesis.blockIndex !== null && tx.blockIndex < genesis.blockIndex;
  }

  private clearOutputs(tx: HistoryTx, assetId: number): void {
    for (let o = 0; o < tx.ours.length; o++) if (tx.ours[o]) this.setFigure(`${tx.txid}:${o}`, assetId, undefined);
  }

  // ── persistence (history-file.ts writes and reads these) ──

  exportState(): { txs: HistoryTx[]; figures: [string, number, bigint | null, FigureSource][]; evaluated: [number, string][] } {
    const figures: [string, number, bigint | null, FigureSource][] = [];
    for (const [key, perAsset] of this.figures) for (const [id, f] of perAsset) figures.push([key, id, f.qty, f.source]);
    return { txs: [...this.txs.values()], figures, evaluated: [...this.evaluated] };
  }

  importState(state: { txs: HistoryTx[]; figures: [string, number, bigint | null, FigureSource][]; evaluated: [number, string][]; lastBlock: string | null; identity: LedgerIdentity }): void {
    this.clear(state.identity);
    for (const tx of state.txs) this.txs.set(tx.txid, tx);
    for (const [key, id, qty, source] of state.figures) this.setFigure(key, id, { qty, source });
    for (const [id, signature] of state.evaluated) this.evaluated.set(id, signature);
    this.lastBlock = state.lastBlock;
  }
}

const flowCache = new WeakMap<HistoryTx, TxFlow>();

/** A balance row's figure is local when this wallet verified or computed it from its own node, else a tracker's. */
const rowSource = (row: Pick<BalanceRow, 'provenance'>): FigureSource => (row.provenance.source === 'verified' || row.provenance.source === 'computed' ? 'local' : 'tracker');

interface EvaluableAsset {
  flow: FlowAssetInfo;
  genesisHeight: number | null;
  signature: string;
}

/** An asset whose units can be worked out: its genesis and its reference are known. */
function evaluable(row: AssetRow): EvaluableAsset | null {
  if (!row.genesis || !row.assetRef) return null;
  return {
    flow: { genTxId: row.genTxId, ref: row.assetRef, genesis: fromGenesisRecord(row.genesis) },
    genesisHeight: row.assetRef.blockNum,
    signature: `${row.genTxId ?? ''}/${assetRefKey(row.assetRef)}/${row.genesis.metadataHex}`,
  };
}

export function toHistoryTx(record: TxRecord): HistoryTx {
  const n = record.outputValues.length;
  const ours = new Array<boolean>(n);
  const addresses = new Array<string | null>(n);
  for (let o = 0; o < n; o++) {
    ours[o] = record.ourVouts.has(o);
    addresses[o] = record.outputAddresses.get(o) ?? null;
  }
  const metadata = record.metadata && isCoinSpark(record.metadata) && record.metadata.length <= MAX_METADATA ? record.metadata.slice() : null;
  return {
    txid: record.txid,
    height: record.confirmations > 0 ? record.blockHeight : null,
    blockIndex: record.confirmations > 0 ? record.blockIndex : null,
    conflicted: record.confirmations < 0,
    time: record.time,
    amountSats: record.walletAmountSats,
    feeSats: record.walletFeeSats,
    inputs: record.inputs.map((i) => `${i.txid}:${i.vout}`),
    outputValues: record.outputValues,
    outputsRegular: record.outputsRegular,
    ours,
    outputAddresses: addresses,
    metadata,
  };
}

const isCoinSpark = (m: Uint8Array): boolean => m.length >= 3 && m[0] === 0x53 && m[1] === 0x50 && m[2] === 0x4b;

/** Chain order: confirmed by (height, position in block), then unconfirmed with every parent before its children. */
export function chainOrder(txs: HistoryTx[]): HistoryTx[] {
  const confirmed = txs.filter((t) => t.height !== null).sort((a, b) => a.height! - b.height! || (a.blockIndex ?? 0) - (b.blockIndex ?? 0));
  const pending = txs.filter((t) => t.height === null).sort((a, b) => a.time - b.time || (a.txid < b.txid ? -1 : 1));
  if (pending.length === 0) return confirmed;
  const byId = new Map(pending.map((t) => [t.txid, t]));
  const done = new Set<string>();
  const out: HistoryTx[] = [];
  const visit = (tx: HistoryTx, depth: number): void => {
    if (done.has(tx.txid)) return;
    done.add(tx.txid);
    if (depth < 1000) {
      for (const key of tx.inputs) {
        const parent = byId.get(key.slice(0, key.indexOf(':')));
        if (parent) visit(parent, depth + 1);
      }
    }
    out.push(tx);
  };
  for (const tx of pending) visit(tx, 0);
  return [...confirmed, ...out];
}
