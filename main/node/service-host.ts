import { setSha256Implementation, sha256FromNodeCrypto } from '../../shared/coinspark/sha256';
import { initAppService } from '../services/app/app-service';
import { initAssetsService } from '../services/assets/assets-service';
import { initBalancesService } from '../services/balances/balances-service';
import { initCoreService } from '../services/core/core-service';
import { initHistoryService } from '../services/history/history-service';
import { initOwnTransactions } from '../services/history/own-transactions';
import { initSafetyService } from '../services/safety/safety-service';
import { initSendService } from '../services/send/send-service';
import { initSettingsService } from '../services/settings/settings-service';
import { initSyncService } from '../services/sync/sync-service';
import { initUpdatesService, type UpdatesServiceOptions } from '../services/updates/updates-service';
import { initValidityService } from '../services/validity/validity-service';
import { initVerifyService, type VerifyServiceOptions } from '../services/verify/verify-service';
import { EventBus } from './event-bus';
import type { Handlers } from './ipc-dispatch';
import type { PlatformAdapters } from './platform';
import {
  consoleLogger,
  type HostOptions,
  type Logger,
  type ServiceContext,
  type ServiceModule,
  type ServiceRegistry,
} from './service-context';

export interface RunningServices {
  handlers: Handlers;
  events: EventBus;
  context: ServiceContext;
  stop(): Promise<void>;
}

/** Per-service settings a host may pass (tests: a release identity made for the test). */
export interface ServiceOverrides {
  updates?: UpdatesServiceOptions;
  /** Local verification's options; `false`: not started (tests of what the wallet does with trackers alone). */
  verify?: VerifyServiceOptions | false;
}

/**
 * Starts every main-process service, in dependency order, for either host (Electron or headless). Each service
 * contributes the handlers of its own namespace; together they must cover the whole contract.
 */
export async function startServices(options: HostOptions, platform: PlatformAdapters, log: Logger = consoleLogger, overrides: ServiceOverrides = {}): Promise<RunningServices> {
  setSha256Implementation(sha256FromNodeCrypto(await import('node:crypto'))); // native SHA-256 for CoinSpark hashes
  const events = new EventBus((event, error) => log.error(`event ${event} could not be delivered`, error));
  const context: ServiceContext = {
    options,
    platform,
    events,
    log,
    reports: [],
    services: {} as ServiceRegistry,
  };
  const modules: Pick<ServiceModule, 'start' | 'stop'>[] = [];
  const add = <M extends Pick<ServiceModule, 'start' | 'stop'>>(module: M): M => {
    modules.push(module);
    return module;
  };

  const settings = add(initSettingsService(context));
  const app = add(initAppService(context));
  const core = add(initCoreService(context));
  // Before any service that sends or syncs: they look it up in the registry.
  initOwnTransactions(context);
  const assets = add(initAssetsService(context));
  const sync = add(initSyncService(context, assets.service));
  // Follow every sync pass: the history first (the safety checks read its figures).
  const history = add(initHistoryService(context));
  const safety = add(initSafetyService(context));
  // Background checking (wallet-behaviour.md §4.2–4.3): no IPC of their own, they fill the asset lists.
  add(initValidityService(context));
  add(initBalancesService(context));
  // Local verification (issue #15): figures computed from the user's own node upgrade the trackers' ones.
  if (overrides.verify !== false) add(initVerifyService(context, overrides.verify));
  const updates = add(initUpdatesService(context, overrides.updates));
  const send = add(initSendService(context));

  const handlers: Handlers = {
    ...settings.handlers,
    ...app.handlers,
    ...core.handlers,
    ...assets.handlers,
    ...sync.handlers,
    ...updates.handlers,
    ...history.handlers,
    ...safety.handlers,
    ...send.handlers,
  };

  for (const module of modules) await module.start?.();

  return {
    handlers,
    events,
    context,
    async stop() {
      for (const module of [...modules].reverse()) await module.stop?.();
      events.dispose();
    },
  };
}
