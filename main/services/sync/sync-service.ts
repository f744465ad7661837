import type { ConnectionStatus, SyncError } from '../../../shared/model/connection';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import type { AssetsServiceInternals } from '../assets/assets-service';
import type { RpcClient } from '../core/rpc-client';
import { describeSyncFailure } from './sync-failure';
import { checkReference, fetchGeneses, wantsGenesis } from './genesis-fetch';
import { WalletSync, type SyncObserver, type SyncReport } from './wallet-sync';

/** `ctx.services.sync`: run the wallet sync now, or wait for the running pass. */
export interface SyncService {
  syncNow(): Promise<SyncReport | null>;
  lastReport(): SyncReport | null;
  /** Follow every pass (history, asset safety); add before the first connection. */
  addObserver(observer: SyncObserver): void;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    sync: SyncService;
  }
}

/** Stopping cuts a running pass short only when its call to Core has waited this long for an answer. */
const STOP_STUCK_MS = 5000;

export interface SyncServiceOptions {
  /** Poll interval (wallet-behaviour.md §10: poll every few seconds). */
  pollMs?: number;
  /** First retry delay after a failed pass, doubled at each further failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Runs `WalletSync` against the connected wallet: at connection, every `pollMs`, and on demand. A pass triggered
 * while one runs is run once more right after it (never two in parallel, §4). Genesis fetching (§4.1) runs after
 * each pass for rows that are due.
 */
export function initSyncService(ctx: ServiceContext, assets: AssetsServiceInternals, options: SyncServiceOptions = {}): ServiceModule<'connection:sync'> & { service: SyncService } {
  const core = ctx.services.core;
  const pollMs = options.pollMs ?? 3000;
  const retryMs = options.retryMs ?? 2000;
  const maxRetryMs = options.maxRetryMs ?? 60_000;
  /** Consecutive failed passes, and the error they gave (shown in the status until a pass succeeds). */
  let failures = 0;
  let syncError: SyncError | null = null;
  let retryAt = 0;
  let sync: WalletSync | null = null;
  let client: RpcClient | null = null;
  let running: Promise<SyncReport | null> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let last: SyncReport | null = null;
  const observers: SyncObserver[] = [];

  const trigger = assets.trigger.bind(assets);

  const genesisFetcher = async (ids?: number[]): Promise<void> => {
    const current = client;
    if (!current) throw new Error('Not connected to Bitcoin Core.');
    await fetchGeneses(current, assets.lists, trigger, () => new Date(), ids ? new Set(ids) : undefined);
  };
  assets.setGenesisFetcher((ids) => genesisFetcher(ids));
  assets.setReferenceChecker(async (ref) => {
    const current = client;
    if (!current) throw new Error('Not connected to Bitcoin Core.');
    return checkReference(current, ref);
  });

  const pass = async (): Promise<SyncReport | null> => {
    const current = sync;
    if (!current || !client) return null;
    core.setSync({ syncing: true });
    try {
      const report = await current.syncOnce();
      assets.setWallet(current.unspent(), current.tip());
      const now = new Date();
      if (assets.lists.assets().some((row) => wantsGenesis(row, now))) await genesisFetcher();
      last = report;
      failures = 0;
      syncError = null;
      retryAt = 0;
      core.setSync({ syncing: false, lastSync: new Date().toISOString(), blockHeight: report.tip.height, syncError: null });
      return report;
    } catch (error) {
      // Never silent, never a tight loop: the error goes on screen and the next pass waits, longer each time.
      failures++;
      const delay = Math.min(retryMs * 2 ** Math.min(failures - 1, 10), maxRetryMs);
      retryAt = Date.now() + delay;
      const { title, message } = describeSyncFailure(error);
      syncError = { title, message, since: syncError?.since ?? new Date().toISOString(), failures, retryAt: new Date(retryAt).toISOString() };
      core.setSync({ syncing: false, syncError });
      ctx.log.warn(`wallet sync failed (${failures} in a row, next try in ${Math.round(delay / 1000)} s): ${message}`);
      core.reportFailure(error);
      throw error;
    }
  };

  const run = (): Promise<SyncReport | null> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let report: SyncReport | null = null;
      do {
        again = false;
        report = await pass();
      } while (again && !stopped);
      return report;
    })().finally(() => {
      running = null;
      schedule();
    });
    return running;
  };

  const schedule = (): void => {
    clearTimeout(timer);
    if (stopped || !sync) return;
    timer = setTimeout(() => void run().catch(() => undefined), Math.max(pollMs, retryAt - Date.now()));
    timer.unref?.();
  };

  const unsubscribe = core.onConnected((connected) => {
    const sameWallet = client !== null && client.url.href === connected.url.href && client.wallet === connected.wallet;
    client = connected;
    // A reconnect to the same node and wallet keeps what the sync already read (no re-reading every transaction).
    if (sync && sameWallet) sync.useRpc(connected);
    else sync = new WalletSync({ rpc: connected, lists: assets.lists, trigger, observers, log: ctx.log });
    if (running) return; // the running pass is followed by the next one on schedule
    if (Date.now() < retryAt) schedule(); // still backing off after a failure: a reconnect does not cut it short
    else void run().catch(() => undefined);
  });

  const service: SyncService = {
    syncNow: () => run(),
    lastReport: () => last,
    addObserver: (observer) => void observers.push(observer),
  };
  ctx.services.sync = service;

  return {
    service,
    handlers: {
      'connection:sync': async (): Promise<ConnectionStatus> => {
        if (!core.client()) await core.reconnect();
        if (core.client()) await run().catch(() => undefined);
        return core.status();
      },
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      // A pass in progress finishes (what follows it — history, locks — expects whole passes). Only one stuck on
      // Bitcoin Core (a call waiting for its answer for seconds) is cut short, so that a slow or dripping node cannot
      // hold the shutdown up to the call's time limit; the core service closes the client again, harmlessly.
      if (running) {
        let done = false;
        const pass = running.catch(() => undefined).then(() => void (done = true));
        while (!done) {
          const waiting = client?.oldestPending();
          if (waiting && Date.now() - waiting.since >= STOP_STUCK_MS) {
            client?.close();
            break;
          }
          await Promise.race([pass, new Promise((r) => setTimeout(r, 100))]);
        }
        await pass;
      }
    },
  };
}
