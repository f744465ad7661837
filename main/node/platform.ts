import type { OpenExternalResult } from '../../shared/ipc/channels/app';
import type { UpdaterPort } from '../services/updates/updater-port';
import type { ConfFactory, StoreBackendFactory } from './store-backend';

/**
 * What differs between the Electron shell and the headless Node host. Services receive these adapters and never
 * import Electron themselves, so every service runs (and is tested) in plain Node.
 */
export interface PlatformAdapters {
  host: 'electron' | 'headless';
  /** How JSON stores are persisted (electron-store in Electron, conf in Node). */
  storeFactory: StoreBackendFactory;
  /**
   * conf itself (electron-store in Electron), for a store that needs more than read/write (the asset lists:
   * migrations, their own serialisation). Absent means conf in plain Node.
   */
  confFactory?: ConfFactory;
  /** Secrets (the RPC password): safeStorage in Electron, the environment in Node. */
  secrets: SecretStore;
  /** Show the host to the user and open an http(s) URL outside the app. Only called with a validated URL. */
  openExternal(url: URL): Promise<OpenExternalResult['outcome']>;
  /** electron-updater behind the updates service's port; absent in the headless host (no self-update there). */
  updater?: UpdaterPort;
}

export interface SecretStore {
  /** Why secrets cannot be kept on this system (e.g. Linux `basic_text`), or undefined when they can. */
  unavailableReason(): string | undefined;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Node: secrets come from the environment only and are never written anywhere. */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): SecretStore {
  const names: Record<string, string> = { 'rpc.password': 'COINSPARK_RPC_PASSWORD', 'rpc.user': 'COINSPARK_RPC_USER' };
  return {
    unavailableReason: () => undefined,
    get: async (key) => {
      const name = names[key];
      return name ? env[name] : undefined;
    },
    set: async () => {
      throw new Error('The headless host takes the RPC password from the COINSPARK_RPC_PASSWORD environment variable; it does not store secrets.');
    },
    delete: async () => undefined,
  };
}
