import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { StartupReport } from '../../shared/ipc/channels/app';
import type { StoreBackend, StoreBackendFactory } from './store-backend';

export interface ValidatedStoreOptions<T> {
  factory: StoreBackendFactory;
  cwd: string;
  name: string;
  schema: v.GenericSchema<unknown, T>;
  defaults: () => T;
  /** Bring an older file up to the current shape before validation (by its `version` field). */
  migrate?: (raw: unknown) => unknown;
  now?: () => Date;
}

export interface ValidatedStore<T> {
  readonly path: string;
  /** Set when the file on disk could not be used and was kept aside: the user must be told. */
  readonly report: StartupReport | undefined;
  get(): T;
  set(value: T): void;
}

/**
 * A schema-validated JSON file. A file that fails to parse or to validate is never silently reset: it is renamed
 * to `<name>.corrupt-<timestamp>.json` beside the original, a report is returned for the UI, and the store
 * starts from defaults.
 */
export function openValidatedStore<T>(options: ValidatedStoreOptions<T>): ValidatedStore<T> {
  fs.mkdirSync(options.cwd, { recursive: true });
  // Every backend keeps `<name>.json` in `cwd`; we need the path even when the backend cannot open the file.
  const filePath = path.join(options.cwd, `${options.name}.json`);
  let backend: StoreBackend | undefined;
  const now = options.now ?? (() => new Date());
  let report: StartupReport | undefined;
  let value: T;

  const keepAside = (kind: StartupReport['kind'], message: string): void => {
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const keptAs = path.join(options.cwd, `${options.name}.corrupt-${stamp}.json`);
    fs.renameSync(filePath, keptAs);
    report = { kind, file: filePath, keptAs, message };
  };

  let raw: unknown;
  try {
    // conf parses the file as soon as it is constructed, so opening is inside the try too.
    backend = options.factory({ cwd: options.cwd, name: options.name });
    raw = backend.read();
  } catch (error) {
    if (!fs.existsSync(filePath)) throw error;
    keepAside('corrupt-file', `${path.basename(filePath)} could not be read (${error instanceof Error ? error.message : String(error)}). It was kept aside and the wallet started with default values.`);
    raw = undefined;
  }
  backend ??= options.factory({ cwd: options.cwd, name: options.name });
  const store = backend;

  if (raw === undefined) {
    value = options.defaults();
    store.write(value as Record<string, unknown>);
  } else {
    const migrated = options.migrate ? options.migrate(raw) : raw;
    const parsed = v.safeParse(options.schema, migrated);
    if (parsed.success) {
      value = parsed.output;
      if (migrated !== raw) store.write(value as Record<string, unknown>);
    } else {
      const issue = parsed.issues[0];
      const where = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
      keepAside('invalid-file', `${path.basename(filePath)} does not match the expected format (${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}). It was kept aside and the wallet started with default values.`);
      value = options.defaults();
      store.write(value as Record<string, unknown>);
    }
  }

  return {
    path: store.path,
    report,
    get: () => value,
    set(next) {
      const parsed = v.parse(options.schema, next);
      store.write(parsed as Record<string, unknown>);
      value = parsed;
    },
  };
}
