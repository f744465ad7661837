import type { StartupReport } from '../../../shared/ipc/channels/app';
import {
  assetRefKey,
  emptyAssetLists,
  newAssetRow,
  newBalanceRow,
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
import type { ConfFactory } from '../../node/store-backend';
import { checkListsFile, outputKey, requireAssetRow, requireBalanceRow, requireCursor, type BalanceIndex, type LeftOutRow } from './asset-lists-check';
import { openListsFile } from './lists-file';

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
 * Every row is checked against the lists schema before it is taken (`asset-lists-check.ts`): a change that would
 * not match throws InvalidListsRowError and is not made, so the file never holds what its next load would refuse.
 *
 * Persistence (`lists-file.ts`, on conf / electron-store): every mutation marks the store dirty; a save is
 * scheduled `coalesceMs` later (background changes: many mutations, one write). `flush()` writes now and resolves
 * once the file is on disk: **a user action (hide, show, delete, add) awaits it before it is acknowledged.** Writes
 * are atomic (temporary file + fsync + rename + directory fsync), so a crash at any moment leaves either the previous
 * or the next complete file. At load, a file that cannot be parsed is moved aside; a row that does not match is left
 * out alone (the file as it was kept aside byte for byte); an older format is migrated (the old file kept); a newer
 * format is left untouched and not written — each reported (`reports`), never silently replaced.
 */
export interface AssetListsStore {
  readonly path: string;
  /** The first of `reports` (kept for callers that show one). */
  readonly report: StartupReport | undefined;
  /** What the user must be told about the file at start (kept aside, rows left out, newer format…). */
  readonly reports: readonly StartupReport[];
  /** True when a newer version's file is on disk: this session's lists are in memory only, never written. */
  readonly readOnly: boolean;
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
  /**
   * Write now if anything changed. Resolves when the file is on disk (at once when `readOnly`); rejects when the
   * disk refused, and the changes stay in memory to be written by the next save.
   */
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
  /** conf (default) or electron-store. */
  confFactory?: ConfFactory;
  log?: (message: string) => void;
}

export function openAssetListsStore(options: OpenAssetListsOptions): AssetListsStore {
  const name = options.name ?? 'asset-lists';
  const now = options.now ?? (() => new Date());
  const coalesceMs = options.coalesceMs ?? 250;
  const appVersion = options.appVersion ?? 'unknown version';
  const writtenBy = `CoinSpark Wallet ${appVersion}`.slice(0, 100);
  const disk = openListsFile({ dir: options.dir, name, now, appVersion, ...(options.confFactory ? { confFactory: options.confFactory } : {}), ...(options.log ? { log: options.log } : {}) });
  const file = disk.path;
  const reports: StartupReport[] = [...disk.reports];

  let data: AssetListsFile | undefined;
  let loadedRows: { byAsset: BalanceIndex; count: number } | undefined;
  let rewrite = disk.migratedFrom !== undefined;
  if (disk.raw !== undefined) {
    const checked = checkListsFile(disk.raw);
    if (!checked.ok) {
      // The bytes as they were: the copy taken before the upgrade when there was one, else a copy of the file now.
      const keptAs = disk.backup ?? disk.keepCopy('corrupt');
      reports.push({ kind: 'invalid-file', file, keptAs, message: `${name}.json does not match the expected format (${checked.why}). It was kept aside and the asset lists start empty; they will be rebuilt from the wallet.` });
    } else {
      data = checked.file;
      loadedRows = { byAsset: checked.byAsset, count: checked.balanceCount };
      if (checked.leftOut.length > 0 || checked.repaired.length > 0) {
        // The file as it is, bad rows included, byte for byte; then the rest is loaded and written back.
        const keptAs = disk.keepCopy('rows-left-out');
        reports.push({ kind: 'rows-left-out', file, keptAs, message: describeLeftOut(name, checked.leftOut, checked.repaired, checked.resync) });
        rewrite = true;
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
  // (The load's check built it already, in the same pass that checked the rows.)
  const byAsset: BalanceIndex = loadedRows?.byAsset ?? new Map();
  let rowCount = loadedRows?.count ?? 0;
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

  // ── change tracking ──
  let revision = 0;
  // A new, kept-aside, migrated or repaired file is written at once (not a newer version's: it is never written).
  let dirty = data === undefined || rewrite;
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
        // The data stays in memory (still dirty): try again a little later, and at the next mutation or flush.
        console.error('[wallet] saving the asset lists failed:', error);
        if (!closed) setTimeout(scheduleSave, Math.max(1000, coalesceMs)).unref?.();
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
    if (!dirty || disk.readOnly) return;
    disk.write(snapshot());
    dirty = false;
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
    report: reports[0],
    reports,
    readOnly: disk.readOnly,
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
      const row = newAssetRow(nextAssetId, init, now());
      requireAssetRow(row, 'added');
      nextAssetId++;
      indexAsset(row);
      touched((c) => c.assets.add(row.assetId));
      return row;
    },
    updateAsset(assetId, patch) {
      const row = requireAsset(assetId);
      if ('genTxId' in patch || 'assetRef' in patch) checkUnique(assetId, patch.genTxId, patch.assetRef);
      const next: AssetRow = { ...row, ...patch, assetId: row.assetId, whenAdded: row.whenAdded };
      requireAssetRow(next, 'changed');
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
      const next: AssetRow = { ...keep, ...patch, assetId: keep.assetId, whenAdded: keep.whenAdded };
      requireAssetRow(next, 'merged');
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
      const row = newBalanceRow(assetId, txid, vout, init);
      requireBalanceRow(row, 'added');
      insertRow(row);
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
      requireBalanceRow(next, 'changed');
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
      requireCursor(next);
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

/** The report's words for rows left out at load: how many, the first few reasons, what the wallet does about it. */
function describeLeftOut(name: string, leftOut: readonly LeftOutRow[], repaired: readonly string[], resync: boolean): string {
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const where = (row: LeftOutRow): string => `${row.list}[${row.index}]${row.assetId !== undefined ? ` (asset ${row.assetId})` : ''}: ${row.why}`;
  const examples = (rows: readonly LeftOutRow[]): string => `${rows.slice(0, 3).map(where).join('; ')}${rows.length > 3 ? '; …' : ''}`;
  const assets = leftOut.filter((row) => row.list === 'assets');
  const theirRows = leftOut.filter((row) => row.withItsAsset).length;
  const balances = leftOut.filter((row) => row.list === 'balances' && !row.withItsAsset);
  const parts: string[] = [];
  if (assets.length > 0) {
    parts.push(`${plural(assets.length, 'asset row')} of ${name}.json did not match the lists format and ${assets.length === 1 ? 'was' : 'were'} left out${theirRows ? `, with ${assets.length === 1 ? 'its' : 'their'} ${plural(theirRows, 'balance row')}` : ''} (${examples(assets)}).`);
  }
  if (balances.length > 0) {
    parts.push(`${plural(balances.length, 'balance row')} of ${name}.json did not match the lists format and ${balances.length === 1 ? 'was' : 'were'} left out (${examples(balances)}).`);
  }
  if (repaired.length > 0) parts.push(`Repaired in ${name}.json: ${repaired.slice(0, 3).join('; ')}${repaired.length > 3 ? '; …' : ''}.`);
  if (leftOut.length > 0) parts.push('Everything else was loaded.');
  if (resync) parts.push('The wallet reads its transactions again to find the assets that were left out.');
  return parts.join(' ');
}
