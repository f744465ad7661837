import type { LockStatus, SpendAlert, UnlockAllResult } from '../../../shared/model/safety';
import { UserFacingError } from '../../../shared/ipc/result';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import type { RpcClient } from '../core/rpc-client';
import { LockedOutputsSchema } from '../core/rpc-schemas';
import type { SyncPass } from '../sync/wallet-sync';
import { changeLocks, LOCK_CHUNK } from './core-locks';
import { analyseRemovedOutputs } from './foreign-spends';
import { holdingOutputs, planLocks } from './lock-plan';
import { mergeAlerts, openAlertsFile, openLocksFile, type LocksFile } from './safety-files';

/** `ctx.services.safety`: asset locks in Core and the alerts about units that left the wallet anyway. */
export interface SafetyService {
  status(): LockStatus;
  alerts(includeDismissed?: boolean): SpendAlert[];
  /** The alert raised about a transaction (foreign spend or removed receipt), if any. */
  alertFor(txid: string): string | null;
  /** Outputs this wallet locked in Core ("txid:vout"): the send path may spend them on purpose. */
  ourLocks(): ReadonlySet<string>;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    safety: SafetyService;
  }
}

type SafetyChannels = 'safety:status' | 'safety:setLocking' | 'safety:acknowledge' | 'safety:unlockAll' | 'safety:alerts' | 'safety:dismissAlert';

export interface SafetyServiceOptions {
  dir?: string;
  /** Outputs per lockunspent call. */
  chunkSize?: number;
  now?: () => Date;
}

/**
 * Keeps Bitcoin Core's own sends away from outputs that hold assets: after every sync pass, every unspent output
 * holding units (or whose units are not known yet) is locked persistently in Core, and our locks on outputs proven
 * empty are released (never a lock someone else made). Outputs that left the wallet holding units anyway are
 * explained in alerts that stay until dismissed (`alerts.json`). Locking is a setting, on by default.
 */
export function initSafetyService(ctx: ServiceContext, options: SafetyServiceOptions = {}): ServiceModule<SafetyChannels> & { service: SafetyService } {
  const dir = options.dir ?? ctx.options.dataDir;
  const now = options.now ?? (() => new Date());
  const chunkSize = options.chunkSize ?? LOCK_CHUNK;
  const locksFile = openLocksFile(ctx.platform.storeFactory, dir);
  const alertsFile = openAlertsFile(ctx.platform.storeFactory, dir);
  for (const report of [locksFile.report, alertsFile.report]) {
    if (!report) continue;
    ctx.reports.push(report);
    ctx.log.warn(report.message);
  }
  const assets = ctx.services.assets;
  // One Set for the service's life (changed in place): what ourLocks() hands out stays current.
  const ours = new Set(locksFile.get().ours);
  /** Bumped whenever this service changes Core's locks; a pass that read them before a change reads them again. */
  let lockChanges = 0;
  let lockChangesSeen = 0;
  let coreLocks: ReadonlySet<string> = new Set();
  let unspentKeys: ReadonlySet<string> = new Set();
  let lastChecked: string | null = null;
  let client: RpcClient | null = null;
  /** One lock change at a time (a pass, a setting change, unlock-all). */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const assetHeight = (assetId: number): number | null => assets.lists.asset(assetId)?.assetRef?.blockNum ?? null;

  const save = (patch: Partial<LocksFile>): void => {
    locksFile.set({ ...locksFile.get(), ...patch, ours: [...ours] });
  };
  /** Written only when something in it changed: a poll that changed no lock rewrites nothing. */
  const saveIfChanged = (patch: Partial<LocksFile>): void => {
    const file = locksFile.get();
    const sameOurs = file.ours.length === ours.size && file.ours.every((k) => ours.has(k));
    const same = sameOurs && Object.entries(patch).every(([k, value]) => JSON.stringify(file[k as keyof LocksFile]) === JSON.stringify(value));
    if (!same) save(patch);
  };

  const status = (): LockStatus => {
    const file = locksFile.get();
    const holding = holdingOutputs(assets.lists.balances(), unspentKeys, ctx.services.history?.ledger, assetHeight);
    let unprotected = 0;
    for (const k of holding) if (!coreLocks.has(k)) unprotected++;
    let lockedByWallet = 0;
    for (const k of ours) if (coreLocks.has(k)) lockedByWallet++;
    return {
      enabled: file.enabled,
      explained: file.explained,
      lockedByWallet,
      lockedByOthers: coreLocks.size - lockedByWallet,
      holdingOutputs: holding.size,
      unprotected,
      lastError: file.lastError,
      lastChecked,
    };
  };
  const publishStatus = (): void => ctx.events.emitCoalesced('safety:status', status, 100);
  const undismissed = (): SpendAlert[] => alertsFile.get().alerts.filter((a) => a.dismissedAt === null).reverse();
  const publishAlerts = (): void => ctx.events.emit('safety:alerts', undismissed());

  /** Compare the wanted locks with Core's and change what differs. `current` is Core's lock list as just read. */
  const reconcile = async (rpc: RpcClient, current: ReadonlySet<string>, unspent: ReadonlySet<string>): Promise<void> => {
    const enabled = locksFile.get().enabled;
    const wanted = enabled ? holdingOutputs(assets.lists.balances(), unspent, ctx.services.history?.ledger, assetHeight) : new Set<string>();
    const plan = planLocks({ wanted, coreLocks: current, ours });
    const nextCore = new Set(current);
    ours.clear();
    for (const k of plan.oursStanding) ours.add(k);
    if (plan.lock.length > 0 || plan.unlock.length > 0) lockChanges++;
    const failures: { key: string; message: string }[] = [];
    if (plan.lock.length > 0) {
      const result = await changeLocks(rpc, plan.lock, 'lock', chunkSize);
      for (const k of result.done) {
        ours.add(k);
        nextCore.add(k);
      }
      failures.push(...result.failed);
    }
    if (plan.unlock.length > 0) {
      const result = await changeLocks(rpc, plan.unlock, 'unlock', chunkSize);
      for (const k of [...result.done, ...result.gone]) {
        ours.delete(k);
        nextCore.delete(k);
      }
      failures.push(...result.failed);
    }
    coreLocks = nextCore;
    unspentKeys = unspent;
    lastChecked = now().toISOString();
    const lastError = failures.length > 0 ? { message: failures[0]!.message, at: lastChecked, outputs: failures.length } : plan.lock.length > 0 || plan.unlock.length > 0 ? null : locksFile.get().lastError;
    if (failures.length > 0) ctx.log.warn(`asset locks: ${failures.length} output(s) refused: ${failures[0]!.message}`);
    saveIfChanged({ lastError });
    publishStatus();
  };

  const afterPass = async (pass: SyncPass, rpc: RpcClient): Promise<void> => {
    const cursor = assets.lists.cursor();
    const file = locksFile.get();
    if (file.chain !== cursor.chain || file.wallet !== cursor.wallet) {
      // Locks remembered for another node or wallet are not ours here.
      ours.clear();
      save({ chain: cursor.chain, wallet: cursor.wallet });
    }
    const found = analyseRemovedOutputs({ pass, lists: assets.lists, assetHeight, ledger: ctx.services.history?.ledger, own: ctx.services.ownTransactions, ourLocks: ours, lockingEnabled: file.enabled, now: now() });
    if (found.length > 0) {
      const merged = mergeAlerts(alertsFile.get().alerts, found);
      if (merged) {
        alertsFile.set({ ...alertsFile.get(), alerts: merged });
        for (const alert of found) ctx.log.warn(`asset alert: ${alert.cause}`);
        publishAlerts();
      }
    }
    await serial(async () => {
      // The pass read Core's locks before it started; if this service changed them since (a setting, unlock-all), read again.
      const current = lockChanges === lockChangesSeen ? pass.coreLocks : new Set((await rpc.walletCall('listlockunspent', [], LockedOutputsSchema)).map((l) => `${l.txid}:${l.vout}`));
      await reconcile(rpc, current, new Set(pass.unspent.keys()));
      lockChangesSeen = lockChanges;
    });
  };

  ctx.services.core.onConnected((connected) => {
    client = connected;
  });
  // A send recorded just after a pass saw it broadcast was the wallet's own after all: withdraw that alert.
  const unsubscribeOwn = ctx.services.ownTransactions?.onRecord((record) => {
    const file = alertsFile.get();
    const kept = file.alerts.filter((a) => !(a.kind === 'foreign-spend' && a.txid === record.txid && a.dismissedAt === null));
    if (kept.length === file.alerts.length) return;
    alertsFile.set({ ...file, alerts: kept });
    publishAlerts();
  });
  ctx.services.sync.addObserver({
    afterPass: (pass) => (client ? afterPass(pass, client) : undefined),
  });

  const requireClient = (): RpcClient => {
    const rpc = client;
    if (!rpc) throw new UserFacingError('not-connected', 'The wallet is not connected to Bitcoin Core: the locks cannot be changed now.');
    return rpc;
  };

  const service: SafetyService = {
    status,
    alerts: (includeDismissed = false) => (includeDismissed ? [...alertsFile.get().alerts].reverse() : undismissed()),
    alertFor(txid) {
      for (const alert of alertsFile.get().alerts) if (alert.txid === txid) return alert.id;
      return null;
    },
    ourLocks: () => new Set(ours),
  };
  ctx.services.safety = service;

  return {
    service,
    handlers: {
      'safety:status': () => status(),
      'safety:setLocking': async ({ enabled }) => {
        save({ enabled });
        const rpc = client;
        // Apply now when connected (turning it off releases our locks at once); otherwise at the next sync.
        if (rpc) await serial(() => reconcile(rpc, coreLocks, unspentKeys)).catch((error) => ctx.log.warn('asset locks', error instanceof Error ? error.message : error));
        return status();
      },
      'safety:acknowledge': () => {
        save({ explained: true });
        publishStatus();
        return status();
      },
      'safety:unlockAll': async (): Promise<UnlockAllResult> => {
        const rpc = requireClient();
        save({ enabled: false });
        return serial(async () => {
          const mine = [...ours];
          const result = await changeLocks(rpc, mine, 'unlock', chunkSize);
          lockChanges++;
          for (const k of [...result.done, ...result.gone]) ours.delete(k);
          const next = new Set(coreLocks);
          for (const k of [...result.done, ...result.gone]) next.delete(k);
          coreLocks = next;
          const at = now().toISOString();
          save({ lastError: result.failed.length > 0 ? { message: result.failed[0]!.message, at, outputs: result.failed.length } : null });
          publishStatus();
          return { unlocked: result.done.length, failed: result.failed.length, enabled: false };
        });
      },
      'safety:alerts': (request) => service.alerts(request?.includeDismissed ?? false),
      'safety:dismissAlert': ({ id }) => {
        const file = alertsFile.get();
        if (!file.alerts.some((a) => a.id === id)) throw new UserFacingError('not-found', 'There is no such alert.');
        alertsFile.set({ ...file, alerts: file.alerts.map((a) => (a.id === id && a.dismissedAt === null ? { ...a, dismissedAt: now().toISOString() } : a)) });
        publishAlerts();
        return undismissed();
      },
    },
    async stop() {
      unsubscribeOwn?.();
      await queue.catch(() => undefined);
    },
  };
}
