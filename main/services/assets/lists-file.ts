import fs from 'node:fs';
import path from 'node:path';
import type { StartupReport } from '../../../shared/ipc/channels/app';
import { ASSET_LISTS_VERSION, type AssetListsFile } from '../../../shared/model/asset-lists';
import { LISTS_MIGRATIONS, listsFileVersion, runStep, type RawListsFile } from '../../../shared/model/asset-lists-migrations';
import { nodeConfFactory, type ConfFactory, type ConfLike, type ConfOptions } from '../../node/store-backend';
import { removeStaleTemporaries as removeOwnTemporaries, syncDirectory, writeFileAtomicSync } from './atomic-file';

/**
 * The asset lists file on disk, kept by conf (electron-store in Electron): an instance of its own, `<name>.json` in
 * the data directory. conf writes atomically (temporary file, fsync, rename); we add the fsync of the directory so
 * the rename survives a power cut too. conf runs the format migrations (`asset-lists-migrations.ts`): step n→n+1
 * is conf migration "<n+1>.0.0", and conf records the last one run in the file (`__internal__`). The file's own
 * `version` stays the truth: steps only run on a file of their `from` version.
 *
 * Opening never loses a byte: a file that cannot be parsed or is not a lists file is renamed aside; a file of an
 * older format is copied byte for byte before conf migrates it; a file of a newer format is left exactly where and
 * as it is, and not written this session.
 */
export interface ListsFile {
  readonly path: string;
  /** What to start from: the file of today's format as parsed (not yet checked row by row), or nothing. */
  readonly raw: Record<string, unknown> | undefined;
  /** Set when this session must not write (the file is of a newer format): the lists live in memory only. */
  readonly readOnly: boolean;
  /** The format the file had before this start migrated it, if it did, and where its bytes were kept. */
  readonly migratedFrom: number | undefined;
  readonly backup: string | undefined;
  readonly reports: StartupReport[];
  /** The whole lists, written atomically and durably. Throws when the disk refuses; nothing is half-written. */
  write(file: AssetListsFile): void;
  /** A byte-for-byte copy of the file as it is now, beside it (`<name>.<label>-<time>.json`); returns its path. */
  keepCopy(label: string): string;
}

export interface OpenListsFileOptions {
  dir: string;
  name: string;
  confFactory?: ConfFactory;
  now: () => Date;
  /** The running program, named in messages ("0.2.0"). */
  appVersion: string;
  log?: (message: string) => void;
}

const INTERNAL = '__internal__';
const semverOf = (version: number): string => `${version}.0.0`;

/** conf's migrations, one per step up to today's format; each step runs only on a file of its own version. */
function confMigrations(log: (message: string) => void): Record<string, (store: ConfLike) => void> {
  const migrations: Record<string, (store: ConfLike) => void> = {};
  for (const step of LISTS_MIGRATIONS) {
    if (step.to > ASSET_LISTS_VERSION) continue;
    migrations[semverOf(step.to)] = (store) => {
      const before = store.store as RawListsFile;
      const after = runStep(step, before);
      if (after === before) return;
      log(`asset lists: format ${step.from} → ${step.to} (${step.what})`);
      store.store = after;
    };
  }
  return migrations;
}

export function openListsFile(options: OpenListsFileOptions): ListsFile {
  const { dir, name, now } = options;
  const factory = options.confFactory ?? nodeConfFactory;
  const log = options.log ?? (() => undefined);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  removeStaleTemporaries(file);
  const reports: StartupReport[] = [];
  const stamp = (): string => now().toISOString().replace(/[:.]/g, '-');

  // conf parses the file when it is constructed; we keep that parse (not conf's copy of it) instead of reading twice.
  let parsed: unknown;
  const base: ConfOptions = {
    cwd: dir,
    name,
    // One line of JSON: a third of the size of conf's tab-indented default, and faster both ways.
    serialize: (value) => JSON.stringify(value),
    deserialize: (text) => {
      parsed = undefined;
      parsed = JSON.parse(text) as unknown;
      return (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
    },
    configFileMode: 0o600,
  };

  const keepAside = (kind: StartupReport['kind'], message: string): void => {
    const keptAs = path.join(dir, `${name}.corrupt-${stamp()}.json`);
    fs.renameSync(file, keptAs);
    syncDirectory(dir);
    reports.push({ kind, file, keptAs, message });
  };
  const startsEmpty = 'It was kept aside and the asset lists start empty; they will be rebuilt from the wallet.';

  let conf: ConfLike;
  try {
    conf = factory(base);
  } catch (error) {
    if (!(error instanceof SyntaxError) || !fs.existsSync(file)) throw error;
    keepAside('corrupt-file', `${name}.json could not be read (${error.message}). ${startsEmpty}`);
    conf = factory(base);
  }
  let raw = fs.existsSync(file) ? parsed : undefined;
  let migratedFrom: number | undefined;
  let backup: string | undefined;
  let readOnly = false;

  if (raw !== undefined) {
    const version = listsFileVersion(raw);
    const confVersion = recordedConfVersion(raw);
    if (version === undefined) {
      keepAside('invalid-file', `${name}.json is not an asset lists file (it has no format version). ${startsEmpty}`);
      raw = undefined;
    } else if (version > ASSET_LISTS_VERSION || (confVersion ?? 0) > ASSET_LISTS_VERSION) {
      const format = Math.max(version, confVersion ?? 0);
      const writer = writerOf(raw) ?? 'a newer version of CoinSpark Wallet';
      readOnly = true;
      raw = undefined;
      reports.push({
        kind: 'newer-file',
        file,
        keptAs: file,
        message: `Your asset lists were saved by ${writer} (lists format ${format}). This version (${options.appVersion}) reads lists up to format ${ASSET_LISTS_VERSION}, so it left the file untouched: the lists start empty and nothing is saved over the file. Open the wallet with ${writer} or later to see your assets.`,
      });
    } else if (version < ASSET_LISTS_VERSION) {
      migratedFrom = version;
      // The file as the older version wrote it, byte for byte, before conf changes anything.
      backup = freeName(path.join(dir, `${name}.v${version}-backup`), stamp);
      writeFileAtomicSync(backup, fs.readFileSync(file));
      // conf must see which format the file is in (a file of the first format has no record of conf's).
      conf.store = { ...(raw as Record<string, unknown>), [INTERNAL]: { migrations: { version: semverOf(version) } } };
      try {
        conf = factory({ ...base, projectVersion: semverOf(ASSET_LISTS_VERSION), migrations: confMigrations(log) });
        raw = parsed;
        syncDirectory(dir);
      } catch (error) {
        // conf restored the file as it was before the failed step; keep it aside, the backup is beside it too.
        keepAside('invalid-file', `${name}.json (lists format ${version}) could not be brought to format ${ASSET_LISTS_VERSION}: ${error instanceof Error ? error.message : String(error)}. A copy from before the attempt is ${path.basename(backup)}. ${startsEmpty}`);
        raw = undefined;
        migratedFrom = undefined;
      }
    }
  }

  let withoutInternal: Record<string, unknown> | undefined;
  if (raw !== undefined) {
    const { [INTERNAL]: _internal, ...rest } = raw as Record<string, unknown>;
    withoutInternal = rest;
  }
  const internal = { migrations: { version: semverOf(ASSET_LISTS_VERSION) } };

  return {
    path: file,
    raw: withoutInternal,
    readOnly,
    migratedFrom,
    backup,
    reports,
    write(lists) {
      if (readOnly) throw new Error(`${name}.json was written by a newer version and is not written by this one.`);
      // With conf's record included, conf writes at once (without it conf re-reads the file to carry the record over).
      conf.store = { ...lists, [INTERNAL]: internal };
      syncDirectory(dir);
    },
    keepCopy(label) {
      const copy = freeName(path.join(dir, `${name}.${label}-${stamp()}`), stamp);
      writeFileAtomicSync(copy, fs.readFileSync(file));
      return copy;
    },
  };
}

/** The format conf last migrated the file to ("2.0.0" → 2), if it recorded one. */
function recordedConfVersion(raw: unknown): number | undefined {
  const internal = (raw as { [INTERNAL]?: { migrations?: { version?: unknown } } })[INTERNAL];
  const text = internal?.migrations?.version;
  if (typeof text !== 'string') return undefined;
  const major = /^(\d{1,6})\.\d+\.\d+/.exec(text);
  return major ? Number(major[1]) : undefined;
}

/** The writer the file names, as plain short text (it is shown to the user). */
function writerOf(raw: unknown): string | undefined {
  const writtenBy = (raw as { writtenBy?: unknown }).writtenBy;
  if (typeof writtenBy !== 'string') return undefined;
  const clean = writtenBy.replace(/[^\p{L}\p{N}\p{P}\p{Zs}]/gu, '').trim().slice(0, 100);
  return clean || undefined;
}

/** `<base>.json`, or `<base>-<time>.json` when that exists already: a kept copy is never overwritten. */
function freeName(base: string, stamp: () => string): string {
  const plain = `${base}.json`;
  return fs.existsSync(plain) ? `${base}-${stamp()}.json` : plain;
}

/**
 * Temporary files left by a process killed between write and rename: they are never the live file. conf's writer
 * (atomically) names them `<file>.tmp-<16 characters>`; the wallet's own earlier writer `.<file>.<pid>.<time>.tmp`.
 */
export function removeStaleTemporaries(file: string): void {
  removeOwnTemporaries(file);
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.tmp-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of names) {
    if (entry.startsWith(prefix) && /^\d{10}[0-9a-f]{6}$/.test(entry.slice(prefix.length))) fs.rmSync(path.join(dir, entry), { force: true });
  }
}
