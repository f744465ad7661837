import path from 'node:path';
import * as v from 'valibot';
import type { AssetRef } from '../../../shared/coinspark/index';
import { assetRefKey, type AssetRow, type BalanceRow, type GenesisCheck } from '../../../shared/model/asset-lists';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import type { AssetsService, WalletOutput } from '../assets/assets-api';
import { fromGenesisRecord } from '../assets/genesis-record';
import { mergeStepCheck, mergeVerified, withNote, type TrustResult } from '../balances/trust';
import type { RpcClient } from '../core/rpc-client';
import { ChainReader, isUnreachable, type ChainTx } from './chain-reader';
import { TxFlow } from './tx-asset-flow';
import { VerifyCache } from './verify-cache';
import { Walker, type WalkAsset, type WalkOutcome } from './walker';

/**
 * Local verification (issue #15): the quantity of every asset-holding output of the wallet, computed from the
 * user's own Bitcoin Core by the legal definition, so that figures the wallet can prove say so and trackers that
 * say otherwise are named. It never holds up the balances on screen: trackers' figures are shown first (balances
 * service) and upgraded here when the node has computed them; the node's figure wins.
 *
 * A pass (on start, each new block, new rows, a genesis or reference known, refresh, and every `tickMs`):
 *  1. the tip, and a reorg below the last one seen: results above the fork are dropped and computed again;
 *  2. per asset with a known genesis: its genesis fee checked (an underpaid genesis created nothing: every row 0,
 *     verified, and the asset marked "genesis invalid"), then the backward walk for the rows not yet verified,
 *     within a per-asset budget; results cached (`verify-cache.jsonl`), so a new block costs its new transactions;
 *  3. rows whose walk ran past the budget: the one-step check of their tracker figure (the tracker's figures for
 *     the transaction's inputs, applied here, must give its figure for our output).
 */
export interface VerifyService {
  kick(): void;
  /** Resolves when no pass runs and none is asked for. */
  idle(): Promise<void>;
  /** Runs a pass now (after the running one) and resolves with its report. */
  passNow(): Promise<VerifyPassReport | null>;
  lastReport(): VerifyPassReport | null;
  readonly totals: VerifyTotals;
  /** The cache (null until the first pass knows the chain). */
  cache(): VerifyCache | null;
  /** The node reader's counters (round trips, blocks and transactions read). */
  readerStats(): ChainReader['stats'] | null;
  /**
   * No pass runs until the returned release is called (the running one finishes first): for tests that show what
   * the wallet does with figures nobody has proven.
   */
  hold(): Promise<() => void>;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    verify: VerifyService;
  }
}

export interface VerifyPassReport {
  tip: { height: number; hash: string };
  /** Fork height of a reorg seen by this pass, and results dropped for it. */
  reorg: { forkHeight: number; dropped: number } | null;
  assets: number;
  /** Rows whose figure this pass computed from the node (new or changed). */
  verifiedRows: number;
  unreachableRows: number;
  overBudgetRows: number;
  stepChecked: { ok: number; failed: number };
  /** Transactions read from the node / results computed. */
  txsRead: number;
  txsComputed: number;
  ms: number;
}

export interface VerifyTotals {
  passes: number;
  reorgs: number;
  dropped: number;
}

export interface VerifyServiceOptions {
  /** The node client (default: the core service's). */
  rpc?: () => RpcClient | null;
  /** Where the cache lives; null keeps it in memory. Default `<dataDir>/verify-cache.jsonl`. */
  cacheFile?: string | null;
  tickMs?: number;
  /** Transactions read from the node per asset and pass. */
  budget?: number;
  /** Whole blocks are read when they hold at most this many transactions. */
  maxBlockTxs?: number;
  now?: () => Date;
}

const TipSchema = v.object({ chain: v.pipe(v.string(), v.maxLength(32)), blocks: v.pipe(v.number(), v.integer(), v.minValue(0)), bestblockhash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) });
const HeaderSchema = v.object({ hash: v.string(), height: v.number(), confirmations: v.number(), previousblockhash: v.optional(v.string()) });

const outKey = (txid: string, vout: number) => `${txid}:${vout}`;

/** Cache key of an asset: its genesis and the reference transfers name it by (a moved genesis is another key). */
export function assetKeyOf(genTxId: string, ref: AssetRef | null): string {
  return `${genTxId}:${ref ? assetRefKey(ref) : 'mempool'}`;
}

export function initVerifyService(ctx: ServiceContext, options: VerifyServiceOptions = {}): ServiceModule<never> & { service: VerifyService } {
  const now = options.now ?? (() => new Date());
  const clientOf = options.rpc ?? (() => ctx.services.core?.client() ?? null);
  const assets = (): AssetsService | undefined => ctx.services.assets;
  const cacheFile = options.cacheFile === undefined ? path.join(ctx.options.dataDir, 'verify-cache.jsonl') : options.cacheFile;

  let cache: VerifyCache | null = null;
  let cacheChain: string | null = null;
  let reader: ChainReader | null = null;
  let readerClient: RpcClient | null = null;
  let walker: Walker | null = null;
  let lastTip: { height: number; hash: string } | null = null;
  let last: VerifyPassReport | null = null;
  const totals: VerifyTotals = { passes: 0, reorgs: 0, dropped: 0 };
  let running: Promise<VerifyPassReport | null> | null = null;
  let again = false;
  let stopped = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const unsubscribe: (() => void)[] = [];
  const idleWaiters: (() => void)[] = [];

  const openCache = (chain: string): VerifyCache => {
    if (cache && cacheChain === chain) return cache;
    cache?.flush();
    cache = cacheFile === null ? VerifyCache.memory(chain) : VerifyCache.open(cacheFile, chain);
    if (cache.report) ctx.log.warn(cache.report);
    cacheChain = chain;
    walker = null;
    lastTip = null;
    return cache;
  };

  /** The fork height when the last tip seen is no longer in the active chain (null: no reorg). */
  const forkBelow = async (rpc: RpcClient, tip: { height: number; hash: string }): Promise<number | null> => {
    if (!lastTip || lastTip.hash === tip.hash) return null;
    let hash = lastTip.hash;
    for (let guard = 0; guard < 10_000; guard++) {
      let header: v.InferOutput<typeof HeaderSchema>;
      try {
        header = await rpc.call('getblockheader', [hash, true], HeaderSchema);
      } catch {
        return 0; // the block is unknown to the node: start over
      }
      if (header.confirmations >= 0) return hash === lastTip.hash ? null : header.height;
      if (!header.previousblockhash) return 0;
      hash = header.previousblockhash;
    }
    return 0;
  };

  const pass = async (): Promise<VerifyPassReport | null> => {
    const a = assets();
    const rpc = clientOf();
    if (!a || !rpc || stopped) return null;
    const started = Date.now();
    const info = await rpc.call('getblockchaininfo', [], TipSchema);
    const c = openCache(info.chain);
    if (!reader || readerClient !== rpc) {
      reader = new ChainReader(rpc, { ...(options.maxBlockTxs !== undefined ? { maxBlockTxs: options.maxBlockTxs } : {}) });
      readerClient = rpc;
      walker = null;
    }
    if (!walker) walker = new Walker(reader, c, { ...(options.budget !== undefined ? { budget: options.budget } : {}) });
    const tip = { height: info.blocks, hash: info.bestblockhash };
    // After a restart: the tip the cache was last checked against (a reorg while the wallet was closed counts too).
    lastTip ??= c.lastTip();

    let reorg: VerifyPassReport['reorg'] = null;
    const fork = await forkBelow(rpc, tip);
    if (fork !== null) {
      const dropped = c.dropAbove(fork);
      reader.forgetAbove(fork);
      walker.reset();
      reorg = { forkHeight: fork, dropped };
      totals.reorgs++;
      totals.dropped += dropped;
      ctx.log.info(`verify: reorg below height ${lastTip?.height} (fork at ${fork}): ${dropped} results computed again`);
    }
    lastTip = tip;
    c.setTip(tip);

    const report: VerifyPassReport = {
      tip, reorg, assets: 0, verifiedRows: 0, unreachableRows: 0, overBudgetRows: 0, stepChecked: { ok: 0, failed: 0 }, txsRead: 0, txsComputed: 0, ms: 0,
    };
    const unspent = a.unspent();
    // Until sync has reported the wallet's outputs there is nothing to verify (and no spent row to tell apart).
    if (a.tip() === null && unspent.size === 0) return finish(report, started);

    const stepQueue: { asset: AssetRow; row: BalanceRow; tx: string }[] = [];
    for (const asset of a.lists.assets()) {
      if (stopped) break;
      if (!asset.genTxId || !asset.genesis) continue;
      // A confirmed genesis whose reference sync has not set yet: wait (its reference is what transfers name).
      if (!asset.assetRef && asset.genBlockHash) continue;
      const rows = a.lists.balancesOf(asset.assetId).filter((b) => unspent.has(outKey(b.txid, b.vout)));
      if (rows.length === 0 && asset.genesisCheck) continue;
      report.assets++;
      const key = assetKeyOf(asset.genTxId, asset.assetRef);
      for (const other of c.assetKeys()) if (other !== key && other.startsWith(`${asset.genTxId}:`)) c.dropAsset(other);
      const walkAsset: WalkAsset = {
        key,
        genTxId: asset.genTxId,
        genesis: fromGenesisRecord(asset.genesis),
        ref: asset.assetRef,
        genesisHeight: asset.assetRef ? asset.assetRef.blockNum : null,
      };
      const targets = new Map<string, { txid: string; hint: { txid: string; height: number | null } }>();
      for (const row of rows) {
        const cached = c.qtyAt(key, row.txid, row.vout);
        if (row.provenance.source === 'verified' && cached !== undefined && row.qty === cached.toString()) continue;
        const out = unspent.get(outKey(row.txid, row.vout))!;
        targets.set(row.txid, { txid: row.txid, hint: { txid: row.txid, height: out.confirmations > 0 ? tip.height - out.confirmations + 1 : null } });
      }
      const result = await walker.walk(walkAsset, [...targets.values()], tip.height);
      report.txsRead += result.read;
      report.txsComputed += result.computed;
      if (stopped) break;
      a.lists.batch(() => {
        if (result.genesis) {
          const check: GenesisCheck = { valid: result.genesis.valid, feeSats: result.genesis.feeSats, minFeeSats: result.genesis.minFeeSats, checked: now().toISOString() };
          const oldCheck = a.lists.asset(asset.assetId)?.genesisCheck;
          if (!oldCheck || oldCheck.valid !== check.valid || oldCheck.feeSats !== check.feeSats || oldCheck.minFeeSats !== check.minFeeSats) a.lists.updateAsset(asset.assetId, { genesisCheck: check });
        }
        for (const row of rows) {
          const current = a.lists.balance(row.assetId, row.txid, row.vout);
          if (!current) continue;
          let outcome: WalkOutcome | undefined = result.genesis && !result.genesis.valid ? { kind: 'verified', outputs: [], height: null } : result.outcomes.get(row.txid);
          if (!outcome && targets.has(row.txid) === false) {
            const q = c.qtyAt(key, row.txid, row.vout);
            if (q !== undefined) outcome = { kind: 'verified', outputs: [], height: null };
          }
          if (!outcome) continue;
          let next: TrustResult;
          if (outcome.kind === 'verified') {
            const qty = result.genesis && !result.genesis.valid ? 0n : (c.qtyAt(key, row.txid, row.vout) ?? outcome.outputs[row.vout] ?? 0n);
            next = mergeVerified(current, qty.toString());
            if (current.provenance.source !== 'verified' || current.qty !== next.qty) report.verifiedRows++;
          } else if (outcome.kind === 'unreachable') {
            report.unreachableRows++;
            if (current.provenance.source === 'verified') continue;
            next = withNote(current, `Your node could not verify this figure: ${outcome.reason}`);
          } else {
            report.overBudgetRows++;
            if (current.provenance.source === 'verified') continue;
            next = withNote(current, 'This figure is not verified yet: its history is longer than one pass walks (checked one step instead).');
            // One step is checked once per figure (a tracker asked every pass would be a flood): again only when
            // the figure changed, which clears the mark.
            if (current.provenance.step === null) stepQueue.push({ asset, row: current, tx: row.txid });
          }
          write(a, current, next);
        }
      });
    }
    c.flush();
    if (stepQueue.length > 0 && !stopped) await stepCheck(a, c, stepQueue, tip.height, report);
    return finish(report, started);
  };

  const write = (a: AssetsService, current: BalanceRow, next: TrustResult): void => {
    if (current.qty === next.qty && current.state === next.state && JSON.stringify(current.provenance) === JSON.stringify(next.provenance)) return;
    a.lists.updateBalance(current.assetId, current.txid, current.vout, { qty: next.qty, state: next.state, provenance: next.provenance });
  };

  /**
   * Past the budget: the tracker's figures for the transaction's inputs (or the node's, where already known),
   * applied here, must give the tracker's figure for our output.
   */
  const stepCheck = async (a: AssetsService, c: VerifyCache, queue: { asset: AssetRow; row: BalanceRow; tx: string }[], tipHeight: number, report: VerifyPassReport): Promise<void> => {
    const balances = ctx.services.balances;
    if (!balances || !reader) return;
    const txs = await reader.read([...new Set(queue.map((q) => q.tx))].map((txid) => ({ txid })), tipHeight);
    for (const { asset, row, tx } of queue) {
      if (stopped) return;
      const chainTx = txs.get(tx);
      if (!chainTx || isUnreachable(chainTx) || row.provenance.source !== 'tracker' || row.qty === null || !asset.genTxId || !asset.genesis) continue;
      const key = assetKeyOf(asset.genTxId, asset.assetRef);
      const genesisHeight = asset.assetRef?.blockNum ?? null;
      for (const url of row.provenance.agree) {
        const expected = await stepFigure(balances.queryQty, url, asset, key, chainTx, c, genesisHeight, row.vout);
        if (expected === null) continue;
        const current = a.lists.balance(row.assetId, row.txid, row.vout);
        if (!current) break;
        const next = mergeStepCheck(current, url, expected.toString());
        if (next.provenance.step === 'ok') report.stepChecked.ok++;
        else if (next.provenance.step === 'failed') report.stepChecked.failed++;
        write(a, current, next);
      }
    }
  };

  const finish = (report: VerifyPassReport, started: number): VerifyPassReport => {
    report.ms = Date.now() - started;
    last = report;
    totals.passes++;
    return report;
  };

  const run = (): Promise<VerifyPassReport | null> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let report: VerifyPassReport | null = null;
      do {
        again = false;
        try {
          report = await pass();
        } catch (error) {
          // Core down or answering nonsense: the next trigger or tick tries again; trackers' figures stay shown.
          ctx.log.warn(`verify pass failed: ${error instanceof Error ? error.message : String(error)}`);
          report = null;
        }
      } while (again && !stopped);
      return report;
    })().finally(() => {
      running = null;
      for (const w of idleWaiters.splice(0)) w();
    });
    return running;
  };

  let holds = 0;
  let missed = false;
  const kick = (): void => {
    if (stopped) return;
    if (holds > 0) {
      missed = true;
      return;
    }
    void run();
  };

  const service: VerifyService = {
    kick,
    idle: () => (running ? new Promise((r) => idleWaiters.push(r)) : Promise.resolve()),
    passNow: async () => {
      if (running) {
        again = true;
        await running;
      }
      return run();
    },
    hold: async () => {
      holds++;
      again = false;
      await running?.catch(() => undefined);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0 && missed) {
          missed = false;
          kick();
        }
      };
    },
    lastReport: () => last,
    totals,
    cache: () => cache,
    readerStats: () => reader?.stats ?? null,
  };
  ctx.services.verify = service;

  return {
    handlers: {},
    service,
    start() {
      const a = assets();
      if (!a) {
        ctx.log.warn('verify service: no asset lists service, nothing to verify');
        return;
      }
      unsubscribe.push(
        a.on('newBlock', kick),
        a.on('balancesAdded', kick),
        a.on('genesisKnown', kick),
        a.on('assetRefChanged', kick),
        a.on('refresh', kick),
      );
      const core = ctx.services.core;
      if (core && !options.rpc) unsubscribe.push(core.onConnected(() => kick()));
      timer = setInterval(kick, options.tickMs ?? 15_000);
      timer.unref?.();
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const u of unsubscribe) u();
      await running?.catch(() => undefined);
      cache?.flush();
    },
  };
}

/**
 * One tracker's figure for our output recomputed from its figures for the transaction's inputs (inputs already
 * verified by the node, or below the genesis, use the node's figure). Null when the tracker could not say.
 */
async function stepFigure(
  query: (url: string, genTxIds: string[], txouts: { txid: string; vout: number }[]) => Promise<import('../balances/tracker-client').GetQtyResult>,
  url: string,
  asset: AssetRow,
  key: string,
  tx: ChainTx,
  cache: VerifyCache,
  genesisHeight: number | null,
  vout: number,
): Promise<bigint | null> {
  if (!asset.genTxId || !asset.genesis) return null;
  const inputs: (bigint | undefined)[] = tx.inputs.map((i) => {
    if (typeof i.height === 'number' && (genesisHeight === null || i.height < genesisHeight)) return 0n;
    return cache.qtyAt(key, i.txid, i.vout);
  });
  const ask = tx.inputs.filter((_, k) => inputs[k] === undefined).map((i) => ({ txid: i.txid, vout: i.vout }));
  if (ask.length > 100) return null;
  if (ask.length > 0) {
    const answer = await query(url, [asset.genTxId], ask);
    if (!answer.ok) return null;
    const per = answer.entries.get(asset.genTxId.toLowerCase());
    for (let k = 0; k < inputs.length; k++) {
      if (inputs[k] !== undefined) continue;
      const e = per?.get(`${tx.inputs[k]!.txid.toLowerCase()}:${tx.inputs[k]!.vout}`);
      if (!e || e.kind !== 'qty') return null;
      inputs[k] = BigInt(e.qty);
    }
  }
  if (tx.txid === asset.genTxId) return null; // a genesis is checked as such, not one step
  const m = new TxFlow({ txid: tx.txid, coinbase: tx.coinbase, inputs: tx.inputs, outputs: tx.outputs }).apply(
    { genesis: fromGenesisRecord(asset.genesis), ref: asset.assetRef },
    inputs.map((q) => q ?? 0n),
  );
  return m ? (m.outputs[vout] ?? 0n) : null;
}

export type { WalletOutput };
