import type { StartupReport } from '../../shared/ipc/channels/app';
import type { Network } from '../../shared/model/settings';
import type { EventBus } from './event-bus';
import type { Handlers } from './ipc-dispatch';
import type { PlatformAdapters } from './platform';

export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** Start-up options that come from the command line (headless host) or from the Electron shell. */
export interface HostOptions {
  /** Where every file of the wallet lives (settings, asset lists, contracts). */
  dataDir: string;
  /** Overrides of the saved settings for this run (command line). */
  network?: Network;
  rpcUrl?: string;
  cookieFile?: string;
  rpcDataDir?: string;
  wallet?: string;
  /** Domain → "127.0.0.1:port" (or a URL) map; honoured on regtest only. */
  hostMap?: Record<string, string>;
  /** Tracker URLs to use before those of the asset pages. */
  trackerOverrides?: string[];
  appVersion: string;
  /** Running on the demo network: what each sample asset is there to show, by genesis txid (see AppInfo.demo). */
  demo?: { notes: Record<string, string> };
}

/** What every service's `init(ctx)` receives. */
export interface ServiceContext {
  options: HostOptions;
  platform: PlatformAdapters;
  events: EventBus;
  log: Logger;
  /** Services add what the user must know about at start (a corrupt file kept aside, …). */
  reports: StartupReport[];
  /** Other services, by name, for the few that depend on each other (initialised in order). */
  services: ServiceRegistry;
}

/** One service: the handlers of its own IPC namespace and an optional stop. */
export interface ServiceModule<K extends keyof Handlers = keyof Handlers> {
  handlers: Pick<Handlers, K>;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

// Services register their public interface here so that dependants are typed without reaching into files.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceRegistry {}

export const consoleLogger: Logger = {
  info: (m, ...d) => console.log(`[wallet] ${m}`, ...d),
  warn: (m, ...d) => console.warn(`[wallet] ${m}`, ...d),
  error: (m, ...d) => console.error(`[wallet] ${m}`, ...d),
};
