import fs from 'node:fs';
import Conf from 'conf';

/**
 * The persistence primitive under every store of the wallet: one JSON file, read whole, written atomically
 * (write to a temporary file, then rename). In Node it is `conf`; the Electron shell passes an electron-store
 * backed factory instead (electron-store is built on conf, so both behave the same).
 */
export interface StoreBackend {
  readonly path: string;
  /** Parsed file content, `undefined` when the file does not exist. Throws when it cannot be parsed. */
  read(): unknown;
  write(value: Record<string, unknown>): void;
}

export type StoreBackendFactory = (options: { cwd: string; name: string }) => StoreBackend;

/** Something with conf's surface: electron-store instances fit too. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

export function backendFromConf(conf: ConfLike): StoreBackend {
  return {
    path: conf.path,
    read() {
      if (!fs.existsSync(conf.path)) return undefined;
      // conf re-reads and parses the file on every `store` access; we read once per open.
      return conf.store;
    },
    write(value) {
      conf.store = value;
    },
  };
}

export const confBackendFactory: StoreBackendFactory = ({ cwd, name }) =>
  backendFromConf(
    new Conf<Record<string, unknown>>({
      cwd,
      configName: name,
      // Never let conf reset a file it cannot parse: we move it aside and report it instead.
      clearInvalidConfig: false,
      projectName: 'coinspark-wallet',
    }) as unknown as ConfLike,
  );
