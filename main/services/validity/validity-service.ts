import { setMaxListeners } from 'node:events';
import { hexToBytes, type Genesis } from '../../../shared/coinspark';
import type { AssetPatch, AssetRow, GenesisRecord } from '../../../shared/model/asset-lists';
import { HostLimiter } from '../../node/net/host-limiter';
import { policyFromContext } from '../../node/net/context-policy';
import type { NetPolicy } from '../../node/net/host-policy';
import type { FetchLimits } from '../../node/net/safe-fetch';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import type { AssetsService } from '../assets/assets-api';
import { maybeEndRefresh } from './refresh-end';
import { nextValidityCheck, type ValidityScheduleRow } from './schedule';
import { ValidityChecker, type ValidityOutcome } from './validity-checker';

/**
 * Background validity checking (wallet-behaviour.md §4.2) over the asset lists: a 5-second tick plus triggers
 * (start, genesis known, refresh). Each due asset is checked on its own — never one batch awaited as a whole — so
 * a slow or hanging issuer only delays its own assets; per-host limits keep one issuer from taking every slot.
 * One check per asset at a time; a refresh during a check re-runs it as soon as it ends (its stale result is
 * dropped).
 */
export interface ValidityService {
  /** Start every due check now (the tick does the same). */
  kick(): void;
  /** Checks running or due. */
  pending(): number;
  /** Of those, the ones someone waits for (first checks, refreshes): what the status bar counts. */
  awaitedCount(): number;
  /** Resolves when no check is running (tests, bench). */
  idle(): Promise<void>;
  readonly checker: ValidityChecker;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    validity: ValidityService;
  }
}

export interface ValidityServiceOptions {
  tickMs?: number;
  policy?: NetPolicy;
  pageLimits?: FetchLimits;
  contractLimits?: FetchLimits;
  perHost?: number;
  now?: () => number;
}

export function genesisFromRecord(rec: GenesisRecord): Genesis | null {
  const hash = hexToBytes(rec.assetHash);
  if (hash === null) return null;
  return {
    qtyMantissa: rec.qtyMantissa,
    qtyExponent: rec.qtyExponent,
    chargeFlatMantissa: rec.chargeFlatMantissa,
    chargeFlatExponent: rec.chargeFlatExponent,
    chargeBasisPoints: rec.chargeBasisPoints,
    useHttps: rec.useHttps,
    domainName: rec.domainName,
    usePrefix: rec.usePrefix,
    pagePath: rec.pagePath,
    assetHash: hash,
    assetHashLen: rec.assetHashLen,
  };
}

export const isoToMs = (iso: string | null): number | null => {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

export function scheduleRow(row: Readonly<AssetRow>): ValidityScheduleRow {
  return { assetId: row.assetId, validState: row.validState, validChecked: isoToMs(row.validChecked), validFailures: row.validFailures, hasGenesis: row.genesis !== null };
}

/** The patch one outcome makes to the asset row (§4.2 steps 2–4); pure apart from storing content. */
export function outcomePatch(row: Readonly<AssetRow>, outcome: ValidityOutcome, now: number, assets: Pick<AssetsService, 'content'>): AssetPatch {
  const checkedIso = new Date(now).toISOString();
  const contract = outcome.contract ? assets.content.put(outcome.contract.bytes, outcome.contract.mimeType) : null;
  let patch: AssetPatch;
  if (outcome.state === 'VALID') {
    patch = {
      validState: 'VALID',
      validFailures: 0,
      validReason: null,
      webPageJSON: outcome.jsonText,
      contract,
      lastValidJSON: outcome.jsonText,
      lastValidContract: contract,
      icon: outcome.icon ? assets.content.put(outcome.icon.bytes, outcome.icon.mimeType) : row.icon,
      image: outcome.image ? assets.content.put(outcome.image.bytes, outcome.image.mimeType) : row.image,
    };
  } else {
    // A failure keeps the last valid JSON and contract; the working copies take what this check did fetch.
    patch = {
      validState: outcome.state,
      validFailures: Math.min(65_535, row.validFailures + 1),
      validReason: outcome.reason === null ? null : outcome.reason.slice(0, 1000), // URLs in reasons can be long
      webPageJSON: outcome.jsonText ?? row.webPageJSON,
      contract: contract ?? row.contract,
    };
  }
  patch.validChecked = checkedIso;
  const next = nextValidityCheck(
    { assetId: row.assetId, validState: patch.validState!, validChecked: now, validFailures: patch.validFailures!, hasGenesis: row.genesis !== null },
    now,
  );
  patch.nextCheck = new Date(next).toISOString();
  if (row.validState === 'REFRESH') patch.previousState = null;
  return patch;
}

export function initValidityService(ctx: ServiceContext, options: ValidityServiceOptions = {}): ServiceModule<never> & { service: ValidityService } {
  const now = options.now ?? Date.now;
  const policy = options.policy ?? policyFromContext(ctx);
  const limiter = new HostLimiter(options.perHost ?? 4, 64);
  const checker = new ValidityChecker({
    policy,
    limiter,
    fetchImages: true,
    ...(options.pageLimits ? { pageLimits: options.pageLimits } : {}),
    ...(options.contractLimits ? { contractLimits: options.contractLimits } : {}),
  });
  const inFlight = new Map<number, { again: boolean; promise: Promise<void> }>();
  const idleWaiters: (() => void)[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  const abort = new AbortController();
  setMaxListeners(Infinity, abort.signal); // one signal shared by every request of the service
  const unsubscribe: (() => void)[] = [];
  const assets = (): AssetsService | undefined => ctx.services.assets;

  const isDue = (row: Readonly<AssetRow>, t: number): boolean =>
    row.isVisible &&
    row.genesis !== null &&
    row.genTxId !== null &&
    (row.genesis.pagePath !== '' || row.firstSpentTxId !== null) &&
    nextValidityCheck(scheduleRow(row), t) <= t;

  /**
   * Checks someone waits for: first checks and refreshes. Background retries of an asset that keeps failing (a
   * page that answers 404 is retried every tick for its first 60 failures) are not counted: the status bar would
   * say "Checking 2 assets…" for minutes while the asset already shows why it failed (issue #16).
   */
  const awaited = (row: Readonly<AssetRow> | undefined): boolean => row !== undefined && (row.validFailures === 0 || row.validState === 'REFRESH');
  const awaitedCount = (): number => {
    const a = assets();
    if (!a) return 0;
    const t = now();
    let n = 0;
    for (const row of a.lists.assets()) if (awaited(row) && (inFlight.has(row.assetId) || isDue(row, t))) n++;
    return n;
  };
  const dueCount = (): number => {
    const a = assets();
    if (!a) return 0;
    const t = now();
    let n = 0;
    for (const row of a.lists.assets()) if (!inFlight.has(row.assetId) && isDue(row, t)) n++;
    return n + inFlight.size;
  };

  const progress = () => {
    const a = assets();
    if (!a) return;
    const balancesPending = ctx.services.balances?.pending() ?? 0;
    a.setProgress({ validityPending: awaitedCount(), balancesPending });
  };

  const checkOne = (assetId: number): void => {
    const existing = inFlight.get(assetId);
    if (existing) {
      existing.again = true;
      return;
    }
    const entry = { again: false, promise: Promise.resolve() };
    inFlight.set(assetId, entry);
    entry.promise = (async () => {
      try {
        const a = assets();
        const row = a?.lists.asset(assetId);
        if (!a || !row) return;
        const genesis = row.genesis ? genesisFromRecord(row.genesis) : null;
        const firstSpent = row.firstSpentTxId !== null && row.firstSpentVout !== null ? { txid: row.firstSpentTxId, vout: row.firstSpentVout } : null;
        if (!genesis || checker.pageUrl({ genesis, firstSpent }) === null) {
          // Nothing to check until sync knows the genesis (and its input 0 when the page path is empty); it
          // triggers genesisKnown then. A refresh ends here rather than spinning on every tick.
          if (row.validState === 'REFRESH') a.lists.updateAsset(assetId, { validState: row.previousState ?? (row.genesis ? 'NOT_VALIDATED_YET' : 'ASSET_REF_ONLY'), previousState: null, refreshing: false });
          return;
        }
        const outcome = await checker.check({ genesis, firstSpent }, abort.signal);
        if (stopped || entry.again) return; // a refresh came during the check: its result is stale
        const current = a.lists.asset(assetId);
        if (!current) return; // deleted meanwhile
        const patch = outcomePatch(current, outcome, now(), a);
        a.lists.updateAsset(assetId, patch);
        if (outcome.state === 'VALID' && current.validState !== 'VALID') a.trigger('balancesAdded', [assetId]);
        else if (current.refreshing) ctx.services.balances?.kick(); // the balance side of the refresh can finish now
        maybeEndRefresh(a, assetId, (id) => ctx.services.balances?.refreshPending(id) ?? false);
      } catch (e) {
        ctx.log.warn(`validity check of asset ${assetId} failed unexpectedly: ${(e as Error).message}`);
      } finally {
        inFlight.delete(assetId);
        if (entry.again && !stopped) checkOne(assetId);
        progress();
        if (inFlight.size === 0) for (const w of idleWaiters.splice(0)) w();
      }
    })();
  };

  const kick = (): void => {
    const a = assets();
    if (!a || stopped) return;
    const t = now();
    for (const row of a.lists.assets()) if (!inFlight.has(row.assetId) && isDue(row, t)) checkOne(row.assetId);
    progress();
  };

  const service: ValidityService = {
    kick,
    pending: dueCount,
    awaitedCount,
    idle: () => (inFlight.size === 0 ? Promise.resolve() : new Promise((r) => idleWaiters.push(r))),
    checker,
  };
  ctx.services.validity = service;

  return {
    handlers: {},
    service,
    start() {
      const a = assets();
      if (!a) {
        ctx.log.warn('validity service: no asset lists service, nothing to check');
        return;
      }
      unsubscribe.push(
        a.on('genesisKnown', (id) => checkOne(id)),
        a.on('refresh', (ids) => {
          for (const id of ids) checkOne(id);
        }),
        a.on('deleted', (id) => {
          const e = inFlight.get(id);
          if (e) e.again = false;
        }),
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
      await Promise.all([...inFlight.values()].map((e) => e.promise));
    },
  };
}
