import { setMaxListeners } from 'node:events';
import type { AssetRow, BalanceRow, TrackerInfo } from '../../../shared/model/asset-lists';
import { policyFromContext } from '../../node/net/context-policy';
import { HostLimiter } from '../../node/net/host-limiter';
import type { NetPolicy } from '../../node/net/host-policy';
import type { FetchLimits } from '../../node/net/safe-fetch';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import type { AssetsService, WalletOutput } from '../assets/assets-api';
import { maybeEndRefresh } from '../validity/refresh-end';
import { isoToMs } from '../validity/validity-service';
import { normaliseTrackerUrls } from '../validity/spec-fields';
import { BalanceChecker, type AssetDisputeResult, type AssetTrackers, type BalanceDueRow, type BalancePassResult, type RowUpdate } from './balance-checker';
import { isQtyDue } from './schedule';
import { TrackerClient, type GetQtyResult, type TxOutRef } from './tracker-client';
import { mergeTrackerAnswers } from './trust';

/**
 * Background balance checking (wallet-behaviour.md §4.3) over the asset lists: a 5-second tick plus triggers (new
 * rows, new block, validity success, refresh). A pass takes every due row not already being asked about, so a
 * pass stuck on a hanging tracker never holds back rows that a later pass can send elsewhere.
 */
export interface BalancesService {
  kick(): void;
  /** Rows due or being asked about. */
  pending(): number;
  /** Resolves when no pass is running. */
  idle(): Promise<void>;
  readonly checker: BalanceChecker;
  /** The trackers an asset uses (its page's list, or the settings' overrides). */
  trackersOf(assetId: number): string[];
  /** The last pass's result (bench, tests). */
  lastPass(): BalancePassResult | null;
  /** A refresh of the asset waits for a balance pass. */
  refreshPending(assetId: number): boolean;
  /** One `coinspark_assets_get_qty` request through the service's client and per-host limits (the verifier's one-step check). */
  queryQty(url: string, genTxIds: string[], txouts: TxOutRef[]): Promise<GetQtyResult>;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    balances: BalancesService;
  }
}

export interface BalancesServiceOptions {
  tickMs?: number;
  policy?: NetPolicy;
  trackerLimits?: FetchLimits;
  perHost?: number;
  now?: () => number;
  random?: () => number;
  failoverMs?: number;
  lagIntervalMs?: number;
  maxLagBlocks?: number;
}

const rowKey = (b: { assetId: number; txid: string; vout: number }) => `${b.assetId}:${b.txid}:${b.vout}`;

/** Tracker URLs from a page JSON text (memoised: the same text is parsed once). */
const trackerCache = new Map<string, string[]>();
export function trackerUrlsFromJson(text: string | null): string[] {
  if (text === null) return [];
  const hit = trackerCache.get(text);
  if (hit) return hit;
  let urls: string[] = [];
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    urls = normaliseTrackerUrls(json?.['coinspark_tracker_url']) ?? [];
  } catch {
    urls = [];
  }
  if (trackerCache.size > 1000) trackerCache.clear();
  trackerCache.set(text, urls);
  return urls;
}

function outputOf(unspent: ReadonlyMap<string, WalletOutput>, txid: string, vout: number): WalletOutput | undefined {
  return unspent.get(`${txid}:${vout}`);
}

export function initBalancesService(ctx: ServiceContext, options: BalancesServiceOptions = {}): ServiceModule<never> & { service: BalancesService } {
  const now = options.now ?? Date.now;
  const policy = options.policy ?? policyFromContext(ctx);
  // A few requests at a time per tracker (tracker-api.md §5), trackers in parallel.
  const limiter = new HostLimiter(options.perHost ?? 5, 64);
  const client = new TrackerClient({ policy, limiter, ...(options.trackerLimits ? { limits: options.trackerLimits } : {}) });
  const checker = new BalanceChecker({
    client,
    now,
    ...(options.random ? { random: options.random } : {}),
    ...(options.failoverMs !== undefined ? { failoverMs: options.failoverMs } : {}),
    ...(options.lagIntervalMs !== undefined ? { lagIntervalMs: options.lagIntervalMs } : {}),
    ...(options.maxLagBlocks !== undefined ? { maxLagBlocks: options.maxLagBlocks } : {}),
  });
  const inFlight = new Set<string>();
  /** Assets refreshed and not yet through a balance pass. */
  const awaitingRefresh = new Set<number>();
  const endRefresh = (a: AssetsService, assetId: number): void => {
    awaitingRefresh.delete(assetId);
    maybeEndRefresh(a, assetId, (id) => awaitingRefresh.has(id));
  };
  let passes = 0;
  let last: BalancePassResult | null = null;
  const idleWaiters: (() => void)[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  const abort = new AbortController();
  setMaxListeners(Infinity, abort.signal); // one signal shared by every request of the service
  const unsubscribe: (() => void)[] = [];
  const assets = (): AssetsService | undefined => ctx.services.assets;

  const trackersOfRow = (row: Readonly<AssetRow>): string[] => {
    const overrides = ctx.options.trackerOverrides?.length ? ctx.options.trackerOverrides : (ctx.services.settings?.get().trackerOverrides ?? []);
    if (overrides.length > 0) return normaliseTrackerUrls(overrides) ?? [];
    const current = trackerUrlsFromJson(row.webPageJSON);
    return current.length > 0 ? current : trackerUrlsFromJson(row.lastValidJSON);
  };

  /** Due rows of checkable assets whose output is still unspent (all rows while sync has not reported yet). */
  const collectDue = (): { rows: BalanceDueRow[]; trackers: AssetTrackers[] } => {
    const a = assets();
    const rows: BalanceDueRow[] = [];
    const trackers: AssetTrackers[] = [];
    if (!a) return { rows, trackers };
    const t = now();
    const unspent = a.unspent();
    const syncKnown = a.tip() !== null || unspent.size > 0;
    for (const asset of a.lists.assets()) {
      if (!asset.isVisible || asset.genTxId === null) continue;
      const urls = trackersOfRow(asset);
      if (urls.length === 0) continue;
      let any = false;
      const heard = new Set<string>();
      let heardInit = false;
      for (const b of a.lists.balancesOf(asset.assetId)) {
        // Cheap tests first: most rows have a known quantity and are settled.
        const awaiting = b.qty !== null && b.provenance.source === 'tracker' && b.provenance.agree.length < Math.min(2, urls.length);
        if (b.qtyChecked !== null && b.qty !== null && b.state !== 'SELF' && !awaiting) continue;
        if (b.qtyChecked !== null && !isQtyDue({ qty: b.qty, qtyChecked: isoToMs(b.qtyChecked), qtyFailures: b.qtyFailures, state: b.state, awaitingConfirmation: awaiting }, t)) continue;
        if (b.state === 'SPENT' || b.state === 'DELETED') continue;
        if (inFlight.size > 0 && inFlight.has(rowKey(b))) continue;
        const out = outputOf(unspent, b.txid, b.vout);
        if (syncKnown && !out) continue;
        rows.push({
          assetId: asset.assetId, genTxId: asset.genTxId, txid: b.txid, vout: b.vout, qty: b.qty, qtyFailures: b.qtyFailures, confirmations: out?.confirmations ?? null,
          state: b.state, provenance: b.provenance,
        });
        // Trackers every due row already has a figure from: the others are asked first.
        const agreeing = b.provenance.source === 'tracker' ? b.provenance.agree : [];
        if (!heardInit) {
          for (const u of agreeing) heard.add(u);
          heardInit = true;
        } else for (const u of [...heard]) if (!agreeing.includes(u)) heard.delete(u);
        any = true;
      }
      if (any) trackers.push({ assetId: asset.assetId, genTxId: asset.genTxId, trackerUrls: urls, disputed: asset.dispute !== null, alreadyHeard: [...heard] });
    }
    return { rows, trackers };
  };

  /** One asset's answers into the lists, as soon as they are in (the rest of the pass may still be waiting). */
  const applyAsset = (a: AssetsService, t: AssetTrackers, updates: RowUpdate[], found: AssetDisputeResult | null | undefined): void => {
    let isoOf = { ms: NaN, iso: '' }; // every update of a pass has the same time: format it once
    const iso = (ms: number): string => (isoOf.ms === ms ? isoOf.iso : (isoOf = { ms, iso: new Date(ms).toISOString() }).iso);
    a.lists.batch(() => {
      for (const u of updates) {
        // A row removed meanwhile (spent, deleted) is simply not found by the store: nothing to do. The answers are
        // merged with the row as it is now: the node may have verified it while the trackers were being asked.
        // Nothing is ever deleted on a tracker's word (Bitcoin Core decides what is spent: wallet sync removes it).
        const current = a.lists.balance(u.assetId, u.txid, u.vout);
        if (!current) continue;
        const r = mergeTrackerAnswers(current, u.answers, t.trackerUrls, t.disputed === true);
        const qtyFailures =
          r.outcome === 'settled' ? 0 : r.outcome === 'compared' ? current.qtyFailures : Math.min(65_535, current.qtyFailures + 1);
        a.lists.updateBalance(u.assetId, u.txid, u.vout, { qty: r.qty, qtyChecked: iso(u.qtyChecked), qtyFailures, state: r.state, provenance: r.provenance });
      }
      const row = a.lists.asset(t.assetId);
      if (!row) return;
      const info: TrackerInfo[] = t.trackerUrls.map((url) => {
        const h = checker.trackerHealth(url);
        return { url, plainHttp: h.plainHttp, lagBlocks: h.lagBlocks, reachable: h.reachable, lastError: h.lastError?.slice(0, 1000) ?? null };
      });
      const dispute = found === undefined ? row.dispute : found;
      if (JSON.stringify(info) !== JSON.stringify(row.trackers) || JSON.stringify(dispute) !== JSON.stringify(row.dispute))
        a.lists.updateAsset(t.assetId, { trackers: info, dispute });
    });
  };

  /** The status bar's "trackers reachable": distinct trackers of visible assets that answered last time. */
  /** Distinct trackers of the visible assets. */
  const trackerUrlsInUse = (a: AssetsService): Set<string> => {
    const urls = new Set<string>();
    for (const row of a.lists.assets()) if (row.isVisible) for (const u of trackersOfRow(row)) urls.add(u);
    return urls;
  };

  const reportReachability = (a: AssetsService): void => {
    const urls = trackerUrlsInUse(a);
    let reachable = 0;
    for (const url of urls) if (checker.trackerHealth(url).reachable === true) reachable++;
    ctx.services.core?.setTrackers(reachable, urls.size);
  };

  /** Tracker views (reachability, lag, plain http) of every asset with trackers, when they changed. */
  const updateTrackerViews = (a: AssetsService): void => {
    reportReachability(a);
    a.lists.batch(() => {
      for (const row of a.lists.assets()) {
        const urls = trackersOfRow(row);
        if (urls.length === 0 && row.trackers.length === 0) continue;
        const info: TrackerInfo[] = urls.map((url) => {
          const h = checker.trackerHealth(url);
          return { url, plainHttp: h.plainHttp, lagBlocks: h.lagBlocks, reachable: h.reachable, lastError: h.lastError?.slice(0, 1000) ?? null };
        });
        if (JSON.stringify(info) !== JSON.stringify(row.trackers)) a.lists.updateAsset(row.assetId, { trackers: info });
      }
    });
  };

  /** Lag of every tracker in use, read in the background every few minutes: it only steers later choices. */
  const readLag = (a: AssetsService): void => {
    void checker.refreshLag(trackerUrlsInUse(a), a.tip()?.height ?? null, false, abort.signal).then(() => {
      if (!stopped) updateTrackerViews(a);
    });
  };

  const pass = async (): Promise<void> => {
    const a = assets();
    if (!a || stopped) return;
    const { rows, trackers } = collectDue();
    readLag(a);
    // A refreshed asset with nothing to ask (no rows, no trackers, outputs spent) is through at once.
    const inPass = new Set(trackers.map((t) => t.assetId));
    // (Not while its validity check runs: the new page may bring the trackers to ask.)
    for (const id of [...awaitingRefresh]) {
      if (inPass.has(id) || pendingRowsOf(a, id) || a.lists.asset(id)?.validState === 'REFRESH') continue;
      endRefresh(a, id);
    }
    if (rows.length === 0) {
      progress();
      return;
    }
    for (const r of rows) inFlight.add(rowKey(r));
    passes++;
    progress();
    const trackersById = new Map(trackers.map((t) => [t.assetId, t]));
    const rowsOf = new Map<number, BalanceDueRow[]>();
    for (const r of rows) {
      let list = rowsOf.get(r.assetId);
      if (!list) rowsOf.set(r.assetId, (list = []));
      list.push(r);
    }
    try {
      last = await checker.run(rows, trackers, abort.signal, (assetId, updates, dispute) => {
        if (stopped) return;
        const t = trackersById.get(assetId);
        if (t) applyAsset(a, t, updates, dispute);
        for (const r of rowsOf.get(assetId) ?? []) inFlight.delete(rowKey(r));
        endRefresh(a, assetId);
        progress();
      });
    } catch (e) {
      ctx.log.warn(`balance checking pass failed unexpectedly: ${(e as Error).message}`);
    } finally {
      for (const r of rows) inFlight.delete(rowKey(r));
      if (!stopped) reportReachability(a);
      passes--;
      progress();
      if (passes === 0) for (const w of idleWaiters.splice(0)) w();
    }
  };

  // Progress is reported often: every due row is taken by the pass that finds it, so what is pending is what is
  // in flight (no walk over every row at each report).
  const pendingCount = (): number => inFlight.size;
  const progress = () => {
    const a = assets();
    if (!a) return;
    a.setProgress({ validityPending: ctx.services.validity?.awaitedCount() ?? 0, balancesPending: pendingCount() });
  };

  /** Rows of the asset still being asked about by a running pass. */
  const pendingRowsOf = (a: AssetsService, assetId: number): boolean => a.lists.balancesOf(assetId).some((b) => inFlight.has(rowKey(b)));

  const kick = (): void => {
    void pass();
  };

  const service: BalancesService = {
    kick,
    pending: pendingCount,
    idle: () => (passes === 0 ? Promise.resolve() : new Promise((r) => idleWaiters.push(r))),
    checker,
    trackersOf: (assetId) => {
      const row = assets()?.lists.asset(assetId);
      return row ? trackersOfRow(row) : [];
    },
    lastPass: () => last,
    refreshPending: (assetId) => awaitingRefresh.has(assetId),
    queryQty: (url, genTxIds, txouts) => client.getQty(url, genTxIds, txouts, abort.signal),
  };
  ctx.services.balances = service;

  return {
    handlers: {},
    service,
    start() {
      const a = assets();
      if (!a) {
        ctx.log.warn('balances service: no asset lists service, nothing to check');
        return;
      }
      unsubscribe.push(
        a.on('balancesAdded', kick),
        a.on('newBlock', kick),
        a.on('refresh', (ids) => {
          for (const id of ids) awaitingRefresh.add(id);
          kick();
        }),
        a.on('deleted', (id) => void awaitingRefresh.delete(id)),
      );
      timer = setInterval(kick, options.tickMs ?? 5000);
      timer.unref?.();
      kick();
    },
    async stop() {
      stopped = true;
      abort.abort();
      if (timer) clearInterval(timer);
      for (const u of unsubscribe) u();
      if (passes > 0) await service.idle();
    },
  };
}

export type { BalanceRow };
