import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { StartupReport } from '../../../shared/ipc/channels/app';
import {
  AssetListsFileSchema,
  BalanceRowSchema,
  BalanceStateSchema,
  assetRefKey,
  emptyAssetLists,
  newAssetRow,
  ASSET_LISTS_VERSION,
  type AssetListsFile,
  type AssetPatch,
  type AssetRefRecord,
  type AssetRow,
  type BalancePatch,
  type BalanceRow,
  type NewAssetRow,
  type SyncCursor,
} from '../../../shared/model/asset-lists';
import { listsFileVersion, migrateListsFile } from '../../../shared/model/asset-lists-migrations';
import { removeStaleTemporaries, writeFileAtomicSync } from './atomic-file';

/** What changed in one burst of mutations (delivered once per microtask, not once per row). */
export interface ListsChange {
  /** Asset rows added, updated or deleted. */
  assets: Set<number>;
  /** Assets whose balance rows were added, updated or removed. */
  balances: Set<number>;
  /** Assets that got new balance rows (qty unknown): the balance checker's trigger. */
  balancesAdded: Set<number>;
  deleted: Set<number>;
  cursor: boolean;
  revision: number;
}

/**
 * The Asset Type List and Asset Balance List (wallet-behaviour.md §2) of one wallet, in memory with indexes, saved
 * to one JSON file. Rows are immutable: every update stores a new object, so a row handed out is a snapshot that
 * never changes under its holder. Change rows only through the methods below, which keep the indexes, the uniqueness rules (one row per genTxId, one per asset reference) and
 * the change notifications right.
 *
 * Persistence: every mutation marks the store dirty; a save is scheduled `coalesceMs` later (many mutations, one
 * write). `flush()` writes now. Writes are atomic (temporary file + fsync + rename), so a crash at any moment
 * leaves either the previous or the next complete file. A file that fails to parse or validate is moved aside
 * (`asset-lists.corrupt-<time>.json`) and reported (`report`), never silently replaced.
 */
export interface AssetListsStore {
  readonly path: string;
  /** Set when the file on disk could not be used and was kept aside. */
  readonly report: StartupReport | undefined;
  /** Bumped on every mutation. */
  readonly revision: number;

  // ── Asset Type List ──
  assets(): readonly Readonly<AssetRow>[];
  asset(assetId: number): Readonly<AssetRow> | undefined;
  assetByGenTxId(genTxId: string): Readonly<AssetRow> | undefined;
  assetByRef(ref: AssetRefRecord): Readonly<AssetRow> | undefined;
  /** Adds a row (§2.1 defaults for every field not given). Throws on a duplicate genTxId or assetRef. */
  addAsset(init: NewAssetRow): Readonly<AssetRow>;
  /** Changes fields of a row. Changing genTxId/assetRef to one another row already has throws (use mergeAssets). */
  updateAsset(assetId: number, patch: AssetPatch): Readonly<AssetRow>;
  /** Removes the row and all its balance rows. */
  deleteAsset(assetId: number): boolean;
  /**
   * Two rows describe the same asset (§2.1, §3.3): `keepId` stays (patched with `patch`), the balance rows of
   * `dropId` move to it (without duplicating an output), and `dropId` is deleted.
   */
  mergeAssets(keepId: number, dropId: number, patch?: AssetPatch): Readonly<AssetRow>;

  // ── Asset Balance List ──
  balances(): IterableIterator<Readonly<BalanceRow>>;
  balanceCount(): number;
  balancesOf(assetId: number): Readonly<BalanceRow>[];
  /** Every asset known to be (possibly) held by this output. */
  assetsAtOutput(txid: string, vout: number): number[];
  balance(assetId: number, txid: string, vout: number): Readonly<BalanceRow> | undefined;
  /** Adds (asset, output) with qty null, NEVERCHECKED, unless present. Returns true when added. */
  addBalance(assetId: number, txid: string, vout: number, init?: BalancePatch): boolean;
  updateBalance(assetId: number, txid: string, vout: number, patch: BalancePatch): Readonly<BalanceRow> | undefined;
  removeBalance(assetId: number, txid: string, vout: number): boolean;
  /** Removes the rows of every asset at this output (the output was spent or can no longer confirm). */
  removeOutput(txid: string, vout: number): number;
  /** Every output that has at least one balance row ("txid:vout"). */
  outputs(): IterableIterator<string>;

  // ── Sync cursor ──
  cursor(): Readonly<SyncCursor>;
  setCursor(cursor: SyncCursor): void;

  /** Run several mutations as one change notification (the save is coalesced anyway). */
  batch<T>(fn: () => T): T;
  onChange(listener: (change: ListsChange) => void): () => void;
  /** Write now if anything changed. Resolves when the file is on disk. */
  flush(): Promise<void>;
  flushSync(): void;
  close(): void;
  /** Whole-file snapshot (for tests and benches). */
  snapshot(): AssetListsFile;
}

export interface OpenAssetListsOptions {
  dir: string;
  name?: string;
  /** Delay between the first unsaved mutation and the write. */
  coalesceMs?: number;
  now?: () => Date;
  /** The running program's version, recorded in the file as its writer. */
  appVersion?: string;
}

const outputKey = (txid: string, vout: number): string => `${txid}:${vout}`;

/** Bring an older file up to the current version (the steps of asset-lists-migrations.ts). */
export function migrateAssetLists(raw: unknown): unknown {
  const version = listsFileVersion(raw);
  if (version === undefined || version >= ASSET_LISTS_VERSION) return raw;
  return migrateListsFile(raw as Record<string, unknown>, ASSET_LISTS_VERSION);
}

export function openAssetListsStore(options: OpenAssetListsOptions): AssetListsStore {
  const name = options.name ?? 'asset-lists';
  const now = options.now ?? (() => new Date());
  const coalesceMs = options.coalesceMs ?? 250;
  const writtenBy = `CoinSpark Wallet ${options.appVersion ?? 'unknown version'}`.slice(0, 100);
  fs.mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, `${name}.json`);
  removeStaleTemporaries(file);

  let report: StartupReport | undefined;
  const keepAside = (kind: StartupReport['kind'], message: string): void => {
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const keptAs = path.join(options.dir, `${name}.corrupt-${stamp}.json`);
    fs.renameSync(file, keptAs);
    report = { kind, file, keptAs, message };
  };

  let data: AssetListsFile | undefined;
  let migrated = false;
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    let raw: unknown;
    let parsedOk = true;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      parsedOk = false;
      keepAside('corrupt-file', `${name}.json could not be read (${error instanceof Error ? error.message : String(error)}). It was kept aside and the asset lists start empty; they will be rebuilt from the wallet.`);
    }
    if (parsedOk) {
      const fromVersion = listsFileVersion(raw);
      if (fromVersion !== undefined && fromVersion < ASSET_LISTS_VERSION) {
        // Keep the file as it was before changing its format, byte for byte.
        writeFileAtomicSync(path.join(options.dir, `${name}.v${fromVersion}-backup.json`), text);
        migrated = true;
      }
      const result = validateFile(migrateAssetLists(raw));
      if (result.ok) data = result.value;
      else {
        const { issue, where } = result;
        keepAside('invalid-file', `${name}.json does not match the expected format (${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}). It was kept aside and the asset lists start empty; they will be rebuilt from the wallet.`);
      }
    }
  }
  const initial = data ?? emptyAssetLists(writtenBy);

  // ── in-memory state and indexes ──
  let nextAssetId = initial.nextAssetId;
  let cursor: SyncCursor = initial.cursor;
  const assetsById = new Map<number, AssetRow>();
  const byGenTx = new Map<string, number>();
  const byRef = new Map<string, number>();
  // Balance rows by asset, then by output ("txid:vout"). One index only: at 50,000 rows a second one costs more in
  // allocation (and load time) than the per-output questions below cost by asking each asset (≤ a few thousand).
  const byAsset = new Map<number, Map<string, BalanceRow>>();
  let rowCount = 0;
  const getRow = (assetId: number, txid: string, vout: number): BalanceRow | undefined => byAsset.get(assetId)?.get(outputKey(txid, vout));
  const rowsAtOutput = (out: string): BalanceRow[] => {
    const found: BalanceRow[] = [];
    for (const outputs of byAsset.values()) {
      const row = outputs.get(out);
      if (row) found.push(row);
    }
    return found;
  };

  const indexAsset = (row: AssetRow): void => {
    assetsById.set(row.assetId, row);
    if (row.genTxId) byGenTx.set(row.genTxId, row.assetId);
    if (row.assetRef) byRef.set(assetRefKey(row.assetRef), row.assetId);
  };
  const unindexAsset = (row: AssetRow): void => {
    assetsById.delete(row.assetId);
    if (row.genTxId && byGenTx.get(row.genTxId) === row.assetId) byGenTx.delete(row.genTxId);
    if (row.assetRef) {
      const key = assetRefKey(row.assetRef);
      if (byRef.get(key) === row.assetId) byRef.delete(key);
    }
  };
  /** Inserts or replaces the row of (row.assetId, row output). */
  const insertRow = (row: BalanceRow): void => {
    const out = outputKey(row.txid, row.vout);
    let outputs = byAsset.get(row.assetId);
    if (!outputs) byAsset.set(row.assetId, (outputs = new Map()));
    if (!outputs.has(out)) rowCount++;
    outputs.set(out, row);
  };
  const deleteRow = (row: BalanceRow): void => {
    const outputs = byAsset.get(row.assetId);
    if (outputs?.delete(outputKey(row.txid, row.vout))) rowCount--;
    if (outputs && outputs.size === 0) byAsset.delete(row.assetId);
  };
  function* allRows(): IterableIterator<BalanceRow> {
    for (const outputs of byAsset.values()) yield* outputs.values();
  }

  for (const row of initial.assets) {
    if (row.assetId >= nextAssetId) nextAssetId = row.assetId + 1;
    indexAsset(row);
  }
  for (const row of initial.balances) if (assetsById.has(row.assetId)) insertRow(row);

  // ── change tracking ──
  let revision = 0;
  let dirty = data === undefined || migrated; // a new, kept-aside or migrated file is written at once
  let timer: ReturnType<typeof setTimeout> | undefined;
  let batchDepth = 0;
  let pending: ListsChange | undefined;
  const listeners = new Set<(change: ListsChange) => void>();
  let closed = false;

  const freshChange = (): ListsChange => ({ assets: new Set(), balances: new Set(), balancesAdded: new Set(), deleted: new Set(), cursor: false, revision });
  const deliver = (): void => {
    if (!pending || batchDepth > 0) return;
    const change = pending;
    pending = undefined;
    change.revision = revision;
    for (const listener of listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure must not stop the others or the store.
      }
    }
  };
  const touched = (fill: (change: ListsChange) => void): void => {
    if (closed) throw new Error('The asset lists store is closed.');
    revision++;
    dirty = true;
    const first = pending === undefined;
    pending ??= freshChange();
    fill(pending);
    if (first && batchDepth === 0) queueMicrotask(deliver);
    scheduleSave();
  };
  const scheduleSave = (): void => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      try {
        save();
      } catch (error) {
        // Keep the data in memory and try again later; the next mutation or flush retries.
        dirty = true;
        console.error('[wallet] saving the asset lists failed:', error);
      }
    }, coalesceMs);
    timer.unref?.();
  };

  const snapshot = (): AssetListsFile => ({
    version: ASSET_LISTS_VERSION,
    writtenBy,
    nextAssetId,
    assets: [...assetsById.values()],
    balances: [...allRows()],
    cursor,
  });
  const save = (): void => {
    if (!dirty) return;
    dirty = false;
    writeFileAtomicSync(file, JSON.stringify(snapshot()));
  };
  if (dirty) save();

  const requireAsset = (assetId: number): AssetRow => {
    const row = assetsById.get(assetId);
    if (!row) throw new Error(`No asset with id ${assetId}.`);
    return row;
  };

  const checkUnique = (assetId: number, genTxId: string | null | undefined, ref: AssetRefRecord | null | undefined): void => {
    if (genTxId) {
      const other = byGenTx.get(genTxId);
      if (other !== undefined && other !== assetId) throw new DuplicateAssetError(other, `Asset ${other} already has genesis transaction ${genTxId}.`);
    }
    if (ref) {
      const other = byRef.get(assetRefKey(ref));
      if (other !== undefined && other !== assetId) throw new DuplicateAssetError(other, `Asset ${other} already has asset reference ${assetRefKey(ref)}.`);
    }
  };

  const store: AssetListsStore = {
    path: file,
    report,
    get revision() {
      return revision;
    },
    assets: () => [...assetsById.values()],
    asset: (id) => assetsById.get(id),
    assetByGenTxId: (txid) => {
      const id = byGenTx.get(txid);
      return id === undefined ? undefined : assetsById.get(id);
    },
    assetByRef: (ref) => {
      const id = byRef.get(assetRefKey(ref));
      return id === undefined ? undefined : assetsById.get(id);
    },
    addAsset(init) {
      checkUnique(0, init.genTxId, init.assetRef);
      const row = newAssetRow(nextAssetId++, init, now());
      indexAsset(row);
      touched((c) => c.assets.add(row.assetId));
      return row;
    },
    updateAsset(assetId, patch) {
      const row = requireAsset(assetId);
      if ('genTxId' in patch || 'assetRef' in patch) checkUnique(assetId, patch.genTxId, patch.assetRef);
      const next: AssetRow = { ...row, ...patch, assetId: row.assetId, whenAdded: row.whenAdded };
      unindexAsset(row);
      indexAsset(next);
      touched((c) => c.assets.add(assetId));
      return next;
    },
    deleteAsset(assetId) {
      const row = assetsById.get(assetId);
      if (!row) return false;
      for (const balance of [...(byAsset.get(assetId)?.values() ?? [])]) deleteRow(balance);
      unindexAsset(row);
      touched((c) => {
        c.assets.add(assetId);
        c.balances.add(assetId);
        c.deleted.add(assetId);
      });
      return true;
    },
    mergeAssets(keepId, dropId, patch = {}) {
      const keep = requireAsset(keepId);
      const drop = requireAsset(dropId);
      if (keepId === dropId) return keep;
      const moved: BalanceRow[] = [];
      for (const balance of [...(byAsset.get(dropId)?.values() ?? [])]) {
        deleteRow(balance);
        moved.push(balance);
      }
      for (const balance of moved) {
        if (!getRow(keepId, balance.txid, balance.vout)) insertRow({ ...balance, assetId: keepId });
      }
      unindexAsset(drop);
      unindexAsset(keep);
      const next: AssetRow = { ...keep, ...patch, assetId: keep.assetId, whenAdded: keep.whenAdded };
      try {
        checkUnique(keepId, next.genTxId, next.assetRef);
      } catch (error) {
        indexAsset(keep);
        indexAsset(drop);
        throw error;
      }
      indexAsset(next);
      touched((c) => {
        c.assets.add(keepId).add(dropId);
        c.balances.add(keepId).add(dropId);
        c.deleted.add(dropId);
      });
      return next;
    },

    balances: () => allRows(),
    balanceCount: () => rowCount,
    balancesOf: (assetId) => [...(byAsset.get(assetId)?.values() ?? [])],
    assetsAtOutput: (txid, vout) => rowsAtOutput(outputKey(txid, vout)).map((row) => row.assetId),
    balance: (assetId, txid, vout) => getRow(assetId, txid, vout),
    addBalance(assetId, txid, vout, init = {}) {
      requireAsset(assetId);
      if (getRow(assetId, txid, vout)) return false;
      insertRow({ assetId, txid, vout, qty: null, qtyChecked: null, qtyFailures: 0, state: 'NEVERCHECKED', ...init });
      touched((c) => {
        c.balances.add(assetId);
        c.balancesAdded.add(assetId);
      });
      return true;
    },
    updateBalance(assetId, txid, vout, patch) {
      const row = getRow(assetId, txid, vout);
      if (!row) return undefined;
      const next: BalanceRow = { ...row, ...patch, assetId, txid, vout };
      insertRow(next);
      touched((c) => c.balances.add(assetId));
      return next;
    },
    removeBalance(assetId, txid, vout) {
      const row = getRow(assetId, txid, vout);
      if (!row) return false;
      deleteRow(row);
      touched((c) => c.balances.add(assetId));
      return true;
    },
    removeOutput(txid, vout) {
      const rowsHere = rowsAtOutput(outputKey(txid, vout));
      if (rowsHere.length === 0) return 0;
      for (const row of rowsHere) deleteRow(row);
      touched((c) => rowsHere.forEach((row) => c.balances.add(row.assetId)));
      return rowsHere.length;
    },
    outputs() {
      const all = new Set<string>();
      for (const outputs of byAsset.values()) for (const out of outputs.keys()) all.add(out);
      return all.values();
    },

    cursor: () => cursor,
    setCursor(next) {
      cursor = { ...next };
      touched((c) => (c.cursor = true));
    },

    batch(fn) {
      batchDepth++;
      try {
        return fn();
      } finally {
        batchDepth--;
        if (batchDepth === 0 && pending) queueMicrotask(deliver);
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async flush() {
      store.flushSync();
    },
    flushSync() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      save();
    },
    close() {
      if (closed) return;
      store.flushSync();
      closed = true;
      listeners.clear();
    },
    snapshot,
  };
  return store;
}

const HEX64 = /^[0-9a-f]{64}$/;
const QTY = /^(0|[1-9][0-9]{0,14})$/;
const BALANCE_STATES: ReadonlySet<unknown> = new Set(BalanceStateSchema.options);
const isU = (x: unknown, max: number): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max;

/** The balance-row schema as a plain check: 50,000 rows validate in a few milliseconds (valibot: ~100 ms). */
function isBalanceRow(x: unknown): x is BalanceRow {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  let keys = 0;
  for (const _ in r) keys++;
  return (
    keys === 7 &&
    isU(r.assetId, 2 ** 31 - 1) &&
    (r.assetId as number) >= 1 &&
    typeof r.txid === 'string' &&
    HEX64.test(r.txid) &&
    isU(r.vout, 4_294_967_295) &&
    (r.qty === null || (typeof r.qty === 'string' && QTY.test(r.qty))) &&
    (r.qtyChecked === null || (typeof r.qtyChecked === 'string' && r.qtyChecked.length <= 40)) &&
    isU(r.qtyFailures, 65_535) &&
    BALANCE_STATES.has(r.state)
  );
}

/** The whole file against AssetListsFileSchema; balance rows by the fast check (valibot only to word a failure). */
function validateFile(raw: unknown): { ok: true; value: AssetListsFile } | { ok: false; issue: v.BaseIssue<unknown> | undefined; where: string } {
  const describe = (issues: readonly v.BaseIssue<unknown>[], prefix: string[] = []) => {
    const issue = issues[0];
    return { ok: false as const, issue, where: [...prefix, ...(issue?.path?.map((p) => String(p.key)) ?? [])].join('.') };
  };
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { balances?: unknown }).balances)) {
    const result = v.safeParse(AssetListsFileSchema, raw);
    return result.success ? { ok: true, value: result.output } : describe(result.issues);
  }
  const balances = (raw as { balances: unknown[] }).balances;
  const rest = v.safeParse(AssetListsFileSchema, { ...(raw as object), balances: [] });
  if (!rest.success) return describe(rest.issues);
  for (let i = 0; i < balances.length; i++) {
    if (isBalanceRow(balances[i])) continue;
    const row = v.safeParse(BalanceRowSchema, balances[i]);
    return describe(row.success ? [{ kind: 'schema', type: 'object', input: balances[i], expected: null, received: 'unknown', message: 'invalid balance row', path: undefined } as unknown as v.BaseIssue<unknown>] : row.issues, ['balances', String(i)]);
  }
  return { ok: true, value: { ...rest.output, balances: balances as BalanceRow[] } };
}

/** Raised when a row would break the one-row-per-genTxId / per-assetRef rule; `existingId` is the other row. */
export class DuplicateAssetError extends Error {
  constructor(
    readonly existingId: number,
    message: string,
  ) {
    super(message);
    this.name = 'DuplicateAssetError';
  }
}
