import fs from 'node:fs';
import Conf from 'conf';

/**
 * The persistence primitive under every store of the wallet: one JSON file, read whole, written atomically
 * (write to a temporary file, fsync, then rename). In Node it is `conf`; the Electron shell passes an
 * electron-store backed factory instead (electron-store is built on conf, so both behave the same).
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

/** The conf / electron-store options the wallet uses (both take the same ones). */
export interface ConfOptions {
  cwd: string;
  /** The file is `<cwd>/<name>.json`. */
  name: string;
  serialize?: (value: Record<string, unknown>) => string;
  deserialize?: (text: string) => Record<string, unknown>;
  /** conf's migrations: semver of the format → step run on the instance; needs `projectVersion`. */
  migrations?: Record<string, (store: ConfLike) => void>;
  projectVersion?: string;
  beforeEachMigration?: (store: ConfLike, context: { fromVersion: string; toVersion: string }) => void;
  /** Permissions of the file (conf's default is 0o666 minus umask). */
  configFileMode?: number;
}

/** Opens a conf instance (Node) or an electron-store instance (Electron) on one file. */
export type ConfFactory = (options: ConfOptions) => ConfLike;

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

export const nodeConfFactory: ConfFactory = ({ name, ...options }) =>
  new Conf<Record<string, unknown>>({
    ...options,
    configName: name,
    // Never let conf reset a file it cannot parse: we move it aside and report it instead.
    clearInvalidConfig: false,
    projectName: 'coinspark-wallet',
  } as ConstructorParameters<typeof Conf<Record<string, unknown>>>[0]) as unknown as ConfLike;

export const confBackendFactory: StoreBackendFactory = ({ cwd, name }) => backendFromConf(nodeConfFactory({ cwd, name }));
