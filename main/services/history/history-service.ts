import type { HistoryQuery, HistorySnapshot } from '../../../shared/model/history';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import { HistoryLedger } from './history-ledger';
import { openHistoryFile } from './history-file';
import { historySnapshot } from './history-view';

/** `ctx.services.history`: the wallet's transactions and what each moved (the ledger other services read). */
export interface HistoryService {
  readonly ledger: HistoryLedger;
  snapshot(query?: HistoryQuery): HistorySnapshot;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    history: HistoryService;
  }
}

export interface HistoryServiceOptions {
  dir?: string;
  coalesceMs?: number;
}

/**
 * The transaction history (`history:*`): follows every sync pass into the history ledger (saved to history.json),
 * takes tracker answers from the balance rows as they come, and answers `history:list`. Pushes `history:changed`
 * (coalesced) so an open history screen lists again.
 */
export function initHistoryService(ctx: ServiceContext, options: HistoryServiceOptions = {}): ServiceModule<'history:list'> & { service: HistoryService } {
  const assets = ctx.services.assets;
  const ledger = new HistoryLedger(assets.lists);
  const file = openHistoryFile({ dir: options.dir ?? ctx.options.dataDir, ledger, ...(options.coalesceMs !== undefined ? { coalesceMs: options.coalesceMs } : {}) });
  if (file.report) {
    ctx.reports.push(file.report);
    ctx.log.warn(file.report.message);
  }
  const changed = (): void => {
    file.markDirty();
    ctx.events.emitCoalesced('history:changed', () => ({ revision: ledger.revision }), 250);
  };

  ctx.services.sync.addObserver({
    since(identity) {
      if (ledger.identity.chain !== identity.chain || ledger.identity.wallet !== identity.wallet) {
        // Another node or wallet than the history was built from: start it again from this one's first block.
        if (ledger.size > 0 || ledger.lastBlock !== null) ledger.clear({ chain: identity.chain, wallet: identity.wallet });
        else ledger.identity = { chain: identity.chain, wallet: identity.wallet };
      }
      return ledger.lastBlock;
    },
    afterPass(pass) {
      const cursor = assets.lists.cursor();
      const revision = ledger.revision;
      ledger.ingest(pass, { chain: cursor.chain, wallet: cursor.wallet });
      // A poll that found nothing new is not a change: the history screen does not list again every few seconds.
      if (ledger.revision !== revision) changed();
    },
  });

  // Row figures (trackers, the verifier) and asset changes (a genesis fetched, a reference set) between passes, taken in bursts.
  const pendingBalances = new Set<number>();
  let assetsChanged = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribeLists = assets.lists.onChange((change) => {
    for (const id of change.balances) pendingBalances.add(id);
    if (change.assets.size > 0) assetsChanged = true;
    if (timer) return;
    timer = setTimeout(takePending, 200);
    timer.unref?.();
  });
  /** Applies the figures and asset changes gathered since the last burst (also on stop, so none is lost). */
  function takePending(): void {
    clearTimeout(timer);
    timer = undefined;
    if (!assetsChanged && pendingBalances.size === 0) return;
    let any = false;
    if (assetsChanged) any = ledger.evaluateAssets() || any;
    any = ledger.takeRowFigures([...pendingBalances]) || any;
    assetsChanged = false;
    pendingBalances.clear();
    if (any) changed();
  }
  const unsubscribeOwn = ctx.services.ownTransactions?.onRecord(() => ctx.events.emitCoalesced('history:changed', () => ({ revision: ledger.revision }), 250));

  const service: HistoryService = {
    ledger,
    snapshot: (query) =>
      historySnapshot(
        ledger,
        {
          tipHeight: assets.tip()?.height ?? null,
          own: ctx.services.ownTransactions,
          alertFor: (txid) => ctx.services.safety?.alertFor(txid) ?? null,
        },
        query,
      ),
  };
  ctx.services.history = service;

  return {
    service,
    handlers: {
      'history:list': (request) => service.snapshot(request ?? {}),
    },
    stop() {
      takePending();
      unsubscribeLists();
      unsubscribeOwn?.();
      file.close();
    },
  };
}
