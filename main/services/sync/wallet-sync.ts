import * as v from 'valibot';
import {
  defaultOutputs,
  readTransactionMetadata,
  type Genesis,
  type Message,
  type Transfer,
} from '../../../shared/coinspark/index';
import type { AssetRefRecord, BalanceRow } from '../../../shared/model/asset-lists';
import type { AssetListsStore } from '../assets/asset-lists-store';
import type { AssetTriggers, WalletOutput } from '../assets/assets-api';
import { toGenesisRecord } from '../assets/genesis-record';
import { parseBlockHex, parseTxHex, type ParsedBlock, type ParsedTx } from '../core/raw-tx';
import { RpcError, TransportError, type RpcClient } from '../core/rpc-client';
import {
  amountToSats,
  BlockchainInfoSchema,
  BlockHeaderSchema,
  HexStringSchema,
  ListSinceBlockSchema,
  LockedOutputsSchema,
  UnspentSchema,
  WalletTransactionSchema,
  type SinceBlockEntry,
  type WalletTransaction,
} from '../core/rpc-schemas';
import { resolveLockedOutputs } from './locked-outputs';

/** What the sync keeps of each wallet transaction (the decoded CoinSpark data, not the hex). */
export interface TxRecord {
  txid: string;
  blockHash: string | null;
  blockHeight: number | null;
  blockIndex: number | null;
  confirmations: number;
  /** Outputs the wallet received (gettransaction details), whether or not still unspent. */
  receivedVouts: ReadonlySet<number>;
  countInputs: number;
  outputsRegular: boolean[];
  genesis: Genesis | null;
  metadata: Uint8Array | null;
  transfers: Transfer[] | null;
  firstSpent: { txid: string; vout: number } | null;
  /** Wallet transactions spending the same inputs. */
  conflicts: string[];
  /** Every input's previous output. */
  inputs: { txid: string; vout: number }[];
  outputValues: bigint[];
  outputScripts: Uint8Array[];
  /**
   * Outputs paying this wallet: the ones Core lists as received, and, when the wallet paid into the transaction,
   * its change (Core lists change nowhere in `details`: it is every output not listed as sent).
   */
  ourVouts: ReadonlySet<number>;
  /** Addresses Core names for outputs in `details`, by vout. */
  outputAddresses: Map<number, string>;
  /** The wallet paid into this transaction (Core reports a fee only then). */
  debitsWallet: boolean;
  /** gettransaction `amount` (net, fee excluded) and `fee` (positive), in satoshis. */
  walletAmountSats: bigint;
  walletFeeSats: bigint | null;
  /** When Core first saw it or its block's time (Unix seconds). */
  time: number;
  paymentRef: bigint | null;
  message: Message | null;
}

/** An output that left the lists in a pass, with the balance rows it had just before. */
export interface RemovedOutput {
  txid: string;
  vout: number;
  rows: BalanceRow[];
}

/** What one pass saw, for services that follow the wallet beyond the two lists (history, asset safety). */
export interface SyncPass {
  tip: { height: number; hash: string };
  /** Wallet transactions read in this pass, in chain order (block height, position), mempool last. */
  changed: readonly TxRecord[];
  /** Every wallet transaction this sync has read. */
  txs: ReadonlyMap<string, TxRecord>;
  /** Outputs whose balance rows were removed in this pass (spent, or their transaction can no longer confirm). */
  removed: readonly RemovedOutput[];
  /** Transactions listsinceblock reported as removed from the chain by a reorg. */
  removedTxids: ReadonlySet<string>;
  unspent: ReadonlyMap<string, WalletOutput>;
  /** The unspent outputs as the pass before saw them. */
  previousUnspent: ReadonlyMap<string, WalletOutput>;
  /** Outputs locked in Core (`listlockunspent`), whoever locked them ("txid:vout"). */
  coreLocks: ReadonlySet<string>;
  /** Where listsinceblock stopped (the lists' new cursor). */
  lastBlock: string;
}

/** A service that follows every pass (awaited at its end; its failure is its own, the pass stands). */
export interface SyncObserver {
  /**
   * The block the observer's own data was built up to (null: nothing yet). When it differs from the lists' cursor
   * (a new or rebuilt history file, lists restored from elsewhere), the pass reads the whole wallet again, so that
   * both see every transaction; the lists are idempotent under re-reading.
   */
  since?(identity: { chain: string; wallet: string }): string | null | undefined;
  afterPass(pass: SyncPass): Promise<void> | void;
}

export interface SyncReport {
  tip: { height: number; hash: string };
  /** Transactions read from Core in this pass. */
  fetched: number;
  processed: number;
  removedOutputs: number;
  reorg: boolean;
}

type Trigger = <K extends keyof AssetTriggers>(name: K, ...args: Parameters<AssetTriggers[K]>) => void;

export interface WalletSyncDeps {
  rpc: RpcClient;
  lists: AssetListsStore;
  trigger: Trigger;
  /** Calls per JSON-RPC batch. */
  batchSize?: number;
  observers?: readonly SyncObserver[];
  log?: { warn(message: string, ...details: unknown[]): void };
}

const RECEIVE_CATEGORIES = new Set(['receive', 'generate', 'immature', 'orphan']);
const outKey = (txid: string, vout: number): string => `${txid}:${vout}`;

/**
 * Follows the Bitcoin Core wallet into the asset lists (wallet-behaviour.md §3): `listsinceblock` from the saved
 * cursor (with `removed` for reorgs), `listunspent 0` for what the wallet can spend, `gettransaction` for each new
 * transaction. Every step is idempotent: running it twice, or after a crash at any point, leaves the same lists.
 */
export class WalletSync {
  private readonly txs = new Map<string, TxRecord>();
  private unspentOutputs = new Map<string, WalletOutput>();
  private tipInfo: { height: number; hash: string } | null = null;
  private readonly blockCache = new Map<string, ParsedBlock>();
  private readonly batchSize: number;
  private coreLocks: ReadonlySet<string> = new Set();
  /** Outputs spent by a wallet transaction that can still confirm ("txid:vout" → spending txid), kept as txs are read. */
  private readonly spentBy = new Map<string, string>();
  /** Locked outputs gettxout confirmed unspent ("txid:vout@block"): checked once, not at every poll. */
  private readonly verifiedLocked = new Set<string>();

  /** Another connection to the same node and wallet (after a reconnect): what was read stays valid. */
  useRpc(rpc: RpcClient): void {
    this.deps.rpc = rpc;
  }

  constructor(private readonly deps: WalletSyncDeps) {
    this.batchSize = deps.batchSize ?? 250;
  }

  unspent(): ReadonlyMap<string, WalletOutput> {
    return this.unspentOutputs;
  }

  tip(): { height: number; hash: string } | null {
    return this.tipInfo;
  }

  /** Outputs locked in Core as of the last pass ("txid:vout"). */
  locks(): ReadonlySet<string> {
    return this.coreLocks;
  }

  transactions(): ReadonlyMap<string, TxRecord> {
    return this.txs;
  }

  /** One full pass. Throws on connection errors (the caller diagnoses them); the lists are left consistent. */
  async syncOnce(): Promise<SyncReport> {
    const { rpc, lists } = this.deps;
    const chain = await rpc.call('getblockchaininfo', [], BlockchainInfoSchema);
    const tip = { height: chain.blocks, hash: chain.bestblockhash };
    let cursor = lists.cursor();
    const walletName = rpc.wallet ?? '';
    if (cursor.blockHash && (cursor.chain !== chain.chain || cursor.wallet !== walletName)) {
      // Another chain or wallet than the lists were built from: start the cursor over (rows stay; spent ones go).
      cursor = { blockHash: null, height: null, chain: chain.chain, wallet: walletName };
    }
    // An observer whose data stops elsewhere (new, rebuilt, or the lists restored from elsewhere): read the whole
    // wallet again, so that neither side misses a transaction (re-reading is idempotent for the lists).
    for (const observer of this.deps.observers ?? []) {
      const since = observer.since?.({ chain: chain.chain, wallet: walletName });
      if (since !== undefined && since !== cursor.blockHash) cursor = { ...cursor, blockHash: null, height: null };
    }

    // Reorg below the cursor? Find the fork so confirmed geneses above it are re-located.
    let forkHeight: number | null = null;
    if (cursor.blockHash) {
      try {
        let header = await rpc.call('getblockheader', [cursor.blockHash, true], BlockHeaderSchema);
        while (header.confirmations < 0 && header.previousblockhash) {
          header = await rpc.call('getblockheader', [header.previousblockhash, true], BlockHeaderSchema);
        }
        if (header.hash !== cursor.blockHash) forkHeight = header.height;
      } catch (error) {
        if (!(error instanceof RpcError && error.code === -5)) throw error;
        cursor = { ...cursor, blockHash: null, height: null };
        forkHeight = 0;
      }
    }

    const since = await rpc.walletCall('listsinceblock', [cursor.blockHash ?? null, 1, true, true], ListSinceBlockSchema);
    const unspentList = await rpc.walletCall('listunspent', [0], UnspentSchema);
    // Locked outputs are hidden from listunspent but still the wallet's: read them too, never take them as spent.
    const lockList = await rpc.walletCall('listlockunspent', [], LockedOutputsSchema);
    const unspent = new Map<string, WalletOutput>();
    for (const u of unspentList) {
      unspent.set(outKey(u.txid, u.vout), {
        txid: u.txid,
        vout: u.vout,
        confirmations: u.confirmations,
        amountSats: amountToSats(u.amount),
        address: u.address ?? null,
        scriptPubKey: u.scriptPubKey,
      });
    }

    // Which transactions to (re)read: new ones, ones whose block changed, and unspent outputs' txs we never saw.
    const entries = new Map<string, SinceBlockEntry>();
    for (const e of since.transactions) {
      const prev = entries.get(e.txid);
      if (!prev || e.confirmations > prev.confirmations) entries.set(e.txid, e);
    }
    const removedTxids = new Set(since.removed.map((e) => e.txid));
    const toFetch = new Set<string>();
    for (const [txid, e] of entries) {
      const known = this.txs.get(txid);
      if (!known || (known.blockHash ?? null) !== (e.blockhash ?? null) || known.confirmations <= 0) toFetch.add(txid);
    }
    for (const txid of removedTxids) toFetch.add(txid);
    for (const u of unspent.values()) if (!this.txs.has(u.txid)) toFetch.add(u.txid);
    for (const l of lockList) if (!unspent.has(outKey(l.txid, l.vout)) && !this.txs.has(l.txid)) toFetch.add(l.txid);
    if (forkHeight !== null) {
      for (const asset of lists.assets()) {
        if (asset.genTxId && asset.assetRef && asset.assetRef.blockNum >= forkHeight) toFetch.add(asset.genTxId);
      }
    }
    // Geneses still waiting for their first confirmation.
    for (const asset of lists.assets()) if (asset.genTxId && !asset.assetRef && asset.fromSource === 'genesis') toFetch.add(asset.genTxId);

    const fetched = await this.fetchTransactions([...toFetch]);
    await this.markConflicted(fetched);
    const changed: TxRecord[] = [];
    for (const tx of fetched) {
      this.txs.set(tx.txid, tx);
      changed.push(tx);
      for (const input of tx.inputs) {
        const key = outKey(input.txid, input.vout);
        if (tx.confirmations >= 0) this.spentBy.set(key, tx.txid);
        else if (this.spentBy.get(key) === tx.txid) this.spentBy.delete(key);
      }
    }
    // Process in chain order (block height, position in block), mempool last.
    changed.sort((a, b) => (a.blockHeight ?? Number.MAX_SAFE_INTEGER) - (b.blockHeight ?? Number.MAX_SAFE_INTEGER) || (a.blockIndex ?? 0) - (b.blockIndex ?? 0));

    const coreLocks = new Set(lockList.map((l) => outKey(l.txid, l.vout)));
    const lockedOutputs = await resolveLockedOutputs({
      rpc,
      locks: lockList.filter((l) => !unspent.has(outKey(l.txid, l.vout))),
      txs: this.txs,
      spentBy: this.spentBy,
      tipHeight: tip.height,
      verified: this.verifiedLocked,
      batchSize: this.batchSize,
    });
    if (coreLocks.size > 0) for (const output of unspent.values()) if (coreLocks.has(outKey(output.txid, output.vout))) output.locked = true;
    for (const output of lockedOutputs) unspent.set(outKey(output.txid, output.vout), output);
    this.coreLocks = coreLocks;

    const previousUnspent = this.unspentOutputs;
    this.unspentOutputs = unspent;
    const removed: RemovedOutput[] = [];
    let removedOutputs = 0;
    const newAssets = new Set<number>();
    const genesisKnown = new Set<number>();
    const refsToSet: TxRecord[] = [];

    lists.batch(() => {
      for (const tx of changed) this.applyTransaction(tx, unspent, newAssets, genesisKnown);
      // "New asset" marker (§3.1 C): existing unspent outputs may hold a newly added asset.
      for (const assetId of newAssets) for (const u of unspent.values()) lists.addBalance(assetId, u.txid, u.vout);
      // Outputs spent, or of transactions that can no longer confirm (§3.5, §3.6).
      for (const key of [...lists.outputs()]) {
        if (unspent.has(key)) continue;
        const [txid, voutText] = key.split(':') as [string, string];
        const vout = Number(voutText);
        const rows = lists.assetsAtOutput(txid, vout).map((id) => lists.balance(id, txid, vout)!);
        removed.push({ txid, vout, rows });
        removedOutputs += lists.removeOutput(txid, vout);
      }
      this.hideDroppedGeneses(fetched);
    });

    // Asset references of geneses whose block is new or moved (§3.3, §3.5).
    for (const asset of lists.assets()) {
      if (!asset.genTxId || asset.fromSource !== 'genesis') continue;
      const tx = this.txs.get(asset.genTxId);
      if (!tx) continue;
      if ((tx.blockHash ?? null) !== (asset.genBlockHash ?? null) || (tx.blockHash && !asset.assetRef)) refsToSet.push(tx);
    }
    for (const tx of refsToSet) await this.setAssetRef(tx);

    const lastHeight = since.lastblock === tip.hash ? tip.height : (await rpc.call('getblockheader', [since.lastblock, true], BlockHeaderSchema)).height;
    lists.setCursor({ blockHash: since.lastblock, height: lastHeight, chain: chain.chain, wallet: walletName });
    const previousTip = this.tipInfo;
    this.tipInfo = tip;
    if (newAssets.size > 0 || removedOutputs > 0 || changed.length > 0) this.deps.trigger('balancesAdded', [...new Set([...newAssets, ...this.assetsWithUncheckedRows()])]);
    for (const id of genesisKnown) this.deps.trigger('genesisKnown', id);
    if (!previousTip || previousTip.hash !== tip.hash) this.deps.trigger('newBlock', tip);
    const pass: SyncPass = { tip, changed, txs: this.txs, removed, removedTxids, unspent, previousUnspent, coreLocks, lastBlock: since.lastblock };
    for (const observer of this.deps.observers ?? []) {
      try {
        await observer.afterPass(pass);
      } catch (error) {
        this.deps.log?.warn('a sync observer failed', error instanceof Error ? error.message : error);
      }
    }
    return { tip, fetched: fetched.length, processed: changed.length, removedOutputs, reorg: forkHeight !== null };
  }

  private assetsWithUncheckedRows(): number[] {
    const ids = new Set<number>();
    for (const row of this.deps.lists.balances()) if (row.qty === null && row.qtyChecked === null) ids.add(row.assetId);
    return [...ids];
  }

  private async fetchTransactions(txids: string[]): Promise<TxRecord[]> {
    const out: TxRecord[] = [];
    for (let i = 0; i < txids.length; i += this.batchSize) {
      const chunk = txids.slice(i, i + this.batchSize);
      const results = await this.deps.rpc.batch(
        chunk.map((txid) => ({ method: 'gettransaction', params: [txid, true] })),
        true,
      );
      results.forEach((result, j) => {
        if (!result.ok) {
          // -5: not (or no longer) a wallet transaction — nothing to record.
          if (result.error.code === -5) return;
          throw result.error;
        }
        const parsed = v.safeParse(WalletTransactionSchema, result.result);
        if (!parsed.success) throw new TransportError('bad-response', `Bitcoin Core's gettransaction answer for ${chunk[j]} has an unexpected shape.`);
        out.push(decodeWalletTx(parsed.output));
      });
    }
    return out;
  }

  /**
   * An unconfirmed transaction whose wallet conflict is confirmed can no longer confirm. Core reports it with
   * negative confirmations; a node that reports 0 is caught here too, so both read as "dropped".
   */
  private async markConflicted(fetched: TxRecord[]): Promise<void> {
    const pending = fetched.filter((tx) => tx.confirmations === 0 && tx.conflicts.length > 0);
    if (pending.length === 0) return;
    const conflictIds = [...new Set(pending.flatMap((tx) => tx.conflicts))];
    const confirmed = new Set<string>();
    for (let i = 0; i < conflictIds.length; i += this.batchSize) {
      const chunk = conflictIds.slice(i, i + this.batchSize);
      const results = await this.deps.rpc.batch(chunk.map((txid) => ({ method: 'gettransaction', params: [txid] })), true);
      results.forEach((result, j) => {
        if (!result.ok) return;
        const parsed = v.safeParse(v.object({ confirmations: v.number() }), result.result);
        if (parsed.success && parsed.output.confirmations > 0) confirmed.add(chunk[j]!);
      });
    }
    for (const tx of pending) if (tx.conflicts.some((c) => confirmed.has(c))) tx.confirmations = -1;
  }

  /** wallet-behaviour.md §3.1 A, B and C for one transaction. */
  private applyTransaction(tx: TxRecord, unspent: Map<string, WalletOutput>, newAssets: Set<number>, genesisKnown: Set<number>): void {
    const { lists } = this.deps;
    if (tx.confirmations < 0) return; // conflicted: can no longer confirm
    const mine = (vout: number): boolean => unspent.has(outKey(tx.txid, vout));
    const canSpendAny = tx.outputsRegular.some((_, i) => mine(i)) || tx.receivedVouts.size > 0;
    if (!canSpendAny) return;

    // A. Genesis metadata.
    if (tx.genesis && tx.metadata) {
      let row = lists.assetByGenTxId(tx.txid);
      const record = toGenesisRecord(tx.genesis, tx.metadata);
      if (!row) {
        row = lists.addAsset({
          fromSource: 'genesis',
          genTxId: tx.txid,
          genesis: record,
          firstSpentTxId: tx.firstSpent?.txid ?? null,
          firstSpentVout: tx.firstSpent?.vout ?? null,
        });
        newAssets.add(row.assetId);
        genesisKnown.add(row.assetId);
      } else if (!row.genesis) {
        lists.updateAsset(row.assetId, { genesis: record, firstSpentTxId: tx.firstSpent?.txid ?? null, firstSpentVout: tx.firstSpent?.vout ?? null, validState: 'NOT_VALIDATED_YET' });
        genesisKnown.add(row.assetId);
      }
      if (row.validReason === DROPPED_REASON) lists.updateAsset(row.assetId, { isVisible: true, validReason: null });
      for (let i = 0; i < tx.outputsRegular.length; i++) if (tx.outputsRegular[i] && mine(i)) lists.addBalance(row.assetId, tx.txid, i);
    }

    // B. Transfer metadata.
    if (tx.transfers) {
      for (const transfer of tx.transfers) {
        if (transfer.assetRef.blockNum < 0) continue; // default route
        const end = Math.min(transfer.outputs.first + transfer.outputs.count, tx.outputsRegular.length);
        for (let i = Math.max(transfer.outputs.first, 0); i < end; i++) {
          if (!tx.outputsRegular[i] || !mine(i)) continue;
          lists.addBalance(this.transferAsset(transfer, newAssets), tx.txid, i);
        }
      }
    }

    // C. Outputs that may receive assets by default: every asset of the list.
    const defaults = defaultOutputs(tx.transfers ?? [], tx.countInputs, tx.outputsRegular);
    const mineByDefault = defaults.some((isDefault, i) => isDefault && mine(i));
    if (!mineByDefault) return;
    // Beyond the guide's "every asset of the list": an asset named by this transaction's own transfers is in its
    // inputs, so its leftovers may reach our default output even when the explicit transfer paid someone else
    // (e.g. an issuer keeping part by transfer, the rest following the last-output rule to us). Without this,
    // such an asset could only be found by adding it by hand.
    for (const transfer of tx.transfers ?? []) if (transfer.assetRef.blockNum >= 0) this.transferAsset(transfer, newAssets);
    const assets = lists.assets();
    for (let i = 0; i < defaults.length; i++) {
      if (!defaults[i] || !mine(i)) continue;
      for (const asset of assets) lists.addBalance(asset.assetId, tx.txid, i);
    }
  }

  /** The Asset Type List row of a transfer's asset, added (fromSource transfer) when the wallet does not know it. */
  private transferAsset(transfer: Transfer, newAssets: Set<number>): number {
    const { lists } = this.deps;
    const ref: AssetRefRecord = { blockNum: transfer.assetRef.blockNum, txOffset: transfer.assetRef.txOffset, txIDPrefix: transfer.assetRef.txIDPrefix.toLowerCase() };
    let row = lists.assetByRef(ref);
    if (!row) {
      row = lists.addAsset({ fromSource: 'transfer', assetRef: ref });
      newAssets.add(row.assetId);
    }
    return row.assetId;
  }

  /** §3.5: a genesis that can no longer confirm hides its asset row, unless outputs are known to hold units of it. */
  private hideDroppedGeneses(fetched: TxRecord[]): void {
    const { lists } = this.deps;
    for (const tx of fetched) {
      if (tx.confirmations >= 0) continue;
      const row = lists.assetByGenTxId(tx.txid);
      if (!row || row.fromSource !== 'genesis' || !row.isVisible) continue;
      // Without its genesis the asset does not exist: rows that only guessed it might be there go too.
      for (const balance of lists.balancesOf(row.assetId)) {
        if (balance.qty === null || balance.qty === '0') lists.removeBalance(row.assetId, balance.txid, balance.vout);
      }
      if (lists.balancesOf(row.assetId).length > 0) continue;
      lists.updateAsset(row.assetId, { isVisible: false, validReason: DROPPED_REASON, assetRef: null, genBlockHash: null });
    }
  }

  /** §3.3: block height, offset in the non-witness block serialization, txid prefix. */
  private async setAssetRef(tx: TxRecord): Promise<void> {
    const { lists, rpc } = this.deps;
    const row = lists.assetByGenTxId(tx.txid);
    if (!row) return;
    if (!tx.blockHash) {
      if (row.assetRef || row.genBlockHash) {
        lists.updateAsset(row.assetId, { assetRef: null, genBlockHash: null });
        this.deps.trigger('assetRefChanged', row.assetId);
      }
      return;
    }
    let block = this.blockCache.get(tx.blockHash);
    let height = tx.blockHeight;
    if (!block) {
      const hex = await rpc.call('getblock', [tx.blockHash, 0], HexStringSchema);
      const parsed = parseBlockHex(hex);
      if (!parsed || parsed.hash !== tx.blockHash) throw new Error(`Block ${tx.blockHash} from Bitcoin Core could not be parsed.`);
      block = parsed;
      this.blockCache.set(tx.blockHash, block);
      if (this.blockCache.size > 16) this.blockCache.delete(this.blockCache.keys().next().value!);
    }
    if (height === null) height = (await rpc.call('getblockheader', [tx.blockHash, true], BlockHeaderSchema)).height;
    const inBlock = block.txs.find((t) => t.txid === tx.txid);
    if (!inBlock) return;
    const record: AssetRefRecord = { blockNum: height, txOffset: inBlock.offset, txIDPrefix: tx.txid.slice(0, 4) };
    // A transfer/manual row already has this reference (§3.3): merge it into the genesis row.
    const other = lists.assetByRef(record);
    if (other && other.assetId !== row.assetId) lists.mergeAssets(row.assetId, other.assetId, { assetRef: record, genBlockHash: tx.blockHash, isVisible: row.isVisible || other.isVisible });
    else lists.updateAsset(row.assetId, { assetRef: record, genBlockHash: tx.blockHash });
    this.deps.trigger('assetRefChanged', row.assetId);
  }
}

export const DROPPED_REASON = 'The genesis transaction was dropped or replaced and can no longer confirm.';

/** Throws when Core's hex is not the transaction it names: a wrong answer is an error to show, never dropped. */
function decodeWalletTx(wtx: WalletTransaction): TxRecord {
  const parsed: ParsedTx | null = parseTxHex(wtx.hex);
  if (!parsed) throw new TransportError('bad-response', `Bitcoin Core's gettransaction answer for ${wtx.txid} carries transaction hex that does not parse.`);
  if (parsed.txid !== wtx.txid) throw new TransportError('bad-response', `Bitcoin Core's gettransaction answer for ${wtx.txid} carries another transaction (${parsed.txid}).`);
  const scripts = parsed.outputs.map((o) => o.script);
  const hasOpReturn = scripts.some((s) => s.length > 0 && s[0] === 0x6a);
  const data = hasOpReturn ? readTransactionMetadata(scripts, parsed.inputs.length) : null;
  const receivedVouts = new Set<number>();
  const sentVouts = new Set<number>();
  const outputAddresses = new Map<number, string>();
  for (const d of wtx.details) {
    if (d.vout === undefined) continue;
    if (RECEIVE_CATEGORIES.has(d.category)) receivedVouts.add(d.vout);
    else if (d.category === 'send') sentVouts.add(d.vout);
    if (d.address !== undefined && d.address.length <= 128) outputAddresses.set(d.vout, d.address);
  }
  const debitsWallet = wtx.fee !== undefined;
  // (The received outputs alone, most often: the same set, not a copy — neither changes after this.)
  let ourVouts = receivedVouts;
  if (debitsWallet) {
    ourVouts = new Set(receivedVouts);
    for (let i = 0; i < scripts.length; i++) {
      const script = scripts[i]!;
      if (!sentVouts.has(i) && !(script.length > 0 && script[0] === 0x6a)) ourVouts.add(i);
    }
  }
  return {
    txid: wtx.txid,
    blockHash: wtx.confirmations > 0 ? (wtx.blockhash ?? null) : null,
    blockHeight: wtx.confirmations > 0 ? (wtx.blockheight ?? null) : null,
    blockIndex: wtx.blockindex ?? null,
    confirmations: wtx.confirmations,
    receivedVouts,
    countInputs: parsed.inputs.length,
    outputsRegular: data?.outputsRegular ?? scripts.map((s) => !(s.length > 0 && s[0] === 0x6a)),
    genesis: data?.genesis ?? null,
    metadata: data?.metadata ?? null,
    transfers: data?.transfers ?? null,
    firstSpent: parsed.inputs[0] ? { txid: parsed.inputs[0].txid, vout: parsed.inputs[0].vout } : null,
    conflicts: wtx.walletconflicts,
    inputs: parsed.inputs,
    outputValues: parsed.outputs.map((o) => o.value),
    outputScripts: scripts,
    ourVouts,
    outputAddresses,
    debitsWallet,
    walletAmountSats: wtx.amount === undefined ? 0n : amountToSats(wtx.amount),
    walletFeeSats: wtx.fee === undefined ? null : -amountToSats(wtx.fee),
    time: wtx.time ?? wtx.blocktime ?? 0,
    paymentRef: data?.paymentRef ?? null,
    message: data?.message ?? null,
  };
}
