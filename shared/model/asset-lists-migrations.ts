/**
 * How an asset lists file of an older format becomes one of today's format (`ASSET_LISTS_VERSION`).
 *
 * Each step takes the parsed file of version `from` and returns the file of version `from + 1`. Steps work on the
 * raw JSON, before any validation: a row that is not even an object is passed through untouched (the load-time
 * check sets it aside later, alone). The store runs the steps through conf's / electron-store's own migration
 * mechanism (`main/services/assets/lists-file.ts`): step `n → n+1` is conf migration `"<n+1>.0.0"`.
 *
 * ── Adding a field to the lists this session (version 2, not yet released) ──
 * 1. Add it to the v2 schema in `asset-lists.ts` (`AssetRowSchema`, `BalanceRowSchema` or `AssetListsFileSchema`).
 * 2. Give new rows their value: `newAssetRow` / `newBalanceRow` in `asset-lists.ts`.
 * 3. Give rows written by version 1 their value: one line in `ASSET_ROW_DEFAULTS_V2`, `BALANCE_ROW_DEFAULTS_V2` or
 *    `FILE_DEFAULTS_V2` below ("field X defaults to Y"). When the value depends on other fields of the row, write
 *    it in `assetRowV2` / `balanceRowV2` instead.
 * 4. `npx vitest run test/unit/assets/asset-lists-migration.test.ts`: the real v1 file in test/fixtures must
 *    still migrate to a file the v2 schema accepts.
 *
 * ── After a version has been released ──
 * Its step is frozen (users' files were migrated by it). A later format gets a new step `{ from: 2, to: 3 }` with its
 * own defaults, and `ASSET_LISTS_VERSION` moves to 3. Never edit a released step.
 */

/** A parsed lists file of some version: only the shape the steps need is assumed. */
export type RawListsFile = Record<string, unknown>;
type RawRow = Record<string, unknown>;

export interface ListsMigrationStep {
  from: number;
  to: number;
  /** What the step changes, in a sentence (logged when it runs). */
  what: string;
  migrate(file: RawListsFile): RawListsFile;
}

// ── Version 1 → 2 (this session) ──────────────────────────────────────────────────────────────────────────────────

/** Asset-row fields new in version 2, with the value a row written by version 1 gets. */
export const ASSET_ROW_DEFAULTS_V2: Readonly<Record<string, unknown>> = {
  // fieldName: value for rows written by version 1,
  genesisCheck: null, // not checked by the local verifier yet (issue #15)
};

/** Balance-row fields new in version 2, with the value a row written by version 1 gets. */
export const BALANCE_ROW_DEFAULTS_V2: Readonly<Record<string, unknown>> = {
  // fieldName: value for rows written by version 1,
};

/** Top-level fields new in version 2. */
export const FILE_DEFAULTS_V2: Readonly<Record<string, unknown>> = {
  writtenBy: 'CoinSpark Wallet (lists format 1)',
};

/** Fields of a version-1 asset row whose version-2 value depends on the row (after the defaults above). */
function assetRowV2(row: RawRow): RawRow {
  return row;
}

/** Fields of a version-1 balance row whose version-2 value depends on the row (after the defaults above). */
function balanceRowV2(row: RawRow): RawRow {
  // Provenance (issue #15): a known figure was a tracker's (which ones is not known: not counted as agreement, so it
  // is asked again), or computed by this wallet (SELF); no figure is unknown.
  if (!('provenance' in row)) {
    const known = typeof row['qty'] === 'string';
    row = { ...row, provenance: { source: !known ? 'unknown' : row['state'] === 'SELF' ? 'computed' : 'tracker', agree: [], disagree: [], step: null, note: null } };
  }
  return row;
}

// ── The steps ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const LISTS_MIGRATIONS: readonly ListsMigrationStep[] = [
  {
    from: 1,
    to: 2,
    what: 'writer recorded in the file; new fields of this version given their defaults',
    migrate: (file) => ({
      ...withDefaults(file, FILE_DEFAULTS_V2),
      version: 2,
      assets: mapRows(file['assets'], (row) => assetRowV2(withDefaults(row, ASSET_ROW_DEFAULTS_V2))),
      balances: mapRows(file['balances'], (row) => balanceRowV2(withDefaults(row, BALANCE_ROW_DEFAULTS_V2))),
    }),
  },
];

/** The file's format version: a positive integer, or undefined when it has none (not a lists file). */
export function listsFileVersion(raw: unknown): number | undefined {
  if (!isPlainObject(raw)) return undefined;
  const version = raw['version'];
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 ? version : undefined;
}

/** The steps that bring a file of version `from` to version `to` (empty when there is no path). */
export function migrationPath(from: number, to: number): ListsMigrationStep[] {
  const steps: ListsMigrationStep[] = [];
  for (let at = from; at < to; ) {
    const step = LISTS_MIGRATIONS.find((s) => s.from === at);
    if (!step) return [];
    steps.push(step);
    at = step.to;
  }
  return steps;
}

/**
 * Runs one step on a file, only if the file is at the step's `from` version: running a step twice, or on a file
 * already past it (conf keeps its own record of what ran, which a copied or restored file may not match), changes
 * nothing.
 */
export function runStep(step: ListsMigrationStep, file: RawListsFile): RawListsFile {
  if (listsFileVersion(file) !== step.from) return file;
  const next = step.migrate(file);
  if (listsFileVersion(next) !== step.to) throw new Error(`Migration ${step.from}→${step.to} did not produce a version ${step.to} file.`);
  return next;
}

/** Every step from the file's version to `to`, in order (pure; for tests and tools). */
export function migrateListsFile(file: RawListsFile, to: number): RawListsFile {
  const from = listsFileVersion(file);
  if (from === undefined || from >= to) return file;
  const steps = migrationPath(from, to);
  if (steps.length === 0) throw new Error(`No migration from lists format ${from} to ${to}.`);
  return steps.reduce((current, step) => runStep(step, current), file);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The row with every absent field set to its default; fields the row has are kept as they are. */
function withDefaults<T>(row: T, defaults: Readonly<Record<string, unknown>>): T {
  if (!isPlainObject(row)) return row;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(defaults)) {
    if (key in row) continue;
    out ??= { ...row };
    // Defaults are JSON values; a fresh copy each time so that no two rows share one object.
    const value = defaults[key];
    out[key] = typeof value === 'object' && value !== null ? JSON.parse(JSON.stringify(value)) : value;
  }
  return (out ?? row) as T;
}

/** Maps the object rows of an array; anything else (not an array, a row that is not an object) is left as it is. */
function mapRows(rows: unknown, fn: (row: RawRow) => RawRow): unknown {
  if (!Array.isArray(rows)) return rows;
  return rows.map((row: unknown) => (isPlainObject(row) ? fn(row) : row));
}
