import * as v from 'valibot';
import {
  ASSET_LISTS_VERSION,
  AssetRowSchema,
  BalanceRowSchema,
  BalanceStateSchema,
  ProvenanceSchema,
  QtySourceSchema,
  SyncCursorSchema,
  assetRefKey,
  type AssetListsFile,
  type AssetRow,
  type BalanceRow,
  type SyncCursor,
} from '../../../shared/model/asset-lists';

/**
 * The one check of asset-list rows, used both when the store takes a row (nothing is written that the load-time
 * schema would refuse) and when a file is loaded (one bad row costs only itself, never the file).
 */

/** A row the store refused to take: the caller's change is not made. */
export class InvalidListsRowError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidListsRowError';
  }
}

/** "trackers.0.url: Invalid length: …" for the first issue. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`;
}

/** Why an asset row does not match the schema, or undefined when it does. */
export function assetRowProblem(row: unknown): string | undefined {
  const result = v.safeParse(AssetRowSchema, row);
  return result.success ? undefined : describeIssues(result.issues);
}

// ── Balance rows: tens of thousands at each load, so a plain check first (valibot: ~100 ms for 50,000) ──

const HEX64 = /^[0-9a-f]{64}$/;
const QTY = /^(0|[1-9][0-9]{0,14})$/;
const BALANCE_STATES: ReadonlySet<unknown> = new Set(BalanceStateSchema.options);
const isU = (x: unknown, max: number): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max;
/** The fields the plain check knows; a field added to the schema later is checked by valibot, field by field. */
const PLAIN_CHECKED = new Set(['assetId', 'txid', 'vout', 'qty', 'qtyChecked', 'qtyFailures', 'state', 'provenance']);
const QTY_SOURCES: ReadonlySet<unknown> = new Set(QtySourceSchema.options);

/** A row's provenance in its common shape (no tracker claim), by hand; anything else by ProvenanceSchema. */
function surelyProvenance(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const p = x as Record<string, unknown>;
  let keys = 0;
  for (const _ in p) keys++;
  const plain =
    keys === 5 &&
    QTY_SOURCES.has(p.source) &&
    Array.isArray(p.agree) &&
    p.agree.length <= 32 &&
    p.agree.every((u) => typeof u === 'string' && u.length <= 2048) &&
    Array.isArray(p.disagree) &&
    p.disagree.length === 0 &&
    (p.step === null || p.step === 'ok' || p.step === 'failed') &&
    (p.note === null || (typeof p.note === 'string' && p.note.length <= 500));
  return plain || v.is(ProvenanceSchema, x);
}
const BALANCE_ENTRIES = Object.entries(BalanceRowSchema.entries);
const BALANCE_KEYS = BALANCE_ENTRIES.length;
const OTHER_BALANCE_ENTRIES = BALANCE_ENTRIES.filter(([key]) => !PLAIN_CHECKED.has(key));
const OTHER_BALANCE_KEYS = OTHER_BALANCE_ENTRIES.map(([key]) => key);

/**
 * True only when the row surely matches BalanceRowSchema (never more lenient than it: a row this refuses goes to
 * valibot, which decides).
 */
function surelyBalanceRow(x: unknown): x is BalanceRow {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const r = x as Record<string, unknown>;
  // Exactly the schema's keys: as many as it has, and each of them present (the known ones by their checks below,
  // which `undefined` fails). Rows from JSON.parse have no inherited enumerable keys.
  let keys = 0;
  for (const _ in r) keys++;
  if (keys !== BALANCE_KEYS) return false;
  for (const key of OTHER_BALANCE_KEYS) if (!(key in r)) return false;
  if (
    !(
      isU(r.assetId, 2 ** 31 - 1) &&
      (r.assetId as number) >= 1 &&
      typeof r.txid === 'string' &&
      HEX64.test(r.txid) &&
      isU(r.vout, 4_294_967_295) &&
      (r.qty === null || (typeof r.qty === 'string' && QTY.test(r.qty))) &&
      (r.qtyChecked === null || (typeof r.qtyChecked === 'string' && r.qtyChecked.length <= 40)) &&
      isU(r.qtyFailures, 65_535) &&
      BALANCE_STATES.has(r.state) &&
      surelyProvenance(r.provenance)
    )
  ) {
    return false;
  }
  for (const [key, schema] of OTHER_BALANCE_ENTRIES) if (!v.is(schema, r[key])) return false;
  return true;
}

/** Why a balance row does not match the schema, or undefined when it does. */
export function balanceRowProblem(row: unknown): string | undefined {
  if (surelyBalanceRow(row)) return undefined;
  const result = v.safeParse(BalanceRowSchema, row);
  return result.success ? undefined : describeIssues(result.issues);
}

export function cursorProblem(cursor: unknown): string | undefined {
  const result = v.safeParse(SyncCursorSchema, cursor);
  return result.success ? undefined : describeIssues(result.issues);
}

/** Throws InvalidListsRowError naming the row when it does not match: for the store's writers. */
export function requireAssetRow(row: AssetRow, action: string): void {
  const problem = assetRowProblem(row);
  if (problem) throw new InvalidListsRowError(problem, `Asset ${row.assetId} was not ${action}: the row would not match the lists format (${problem}).`);
}

export function requireBalanceRow(row: BalanceRow, action: string): void {
  const problem = balanceRowProblem(row);
  if (problem) throw new InvalidListsRowError(problem, `The balance row of asset ${row.assetId} at ${row.txid}:${row.vout} was not ${action}: it would not match the lists format (${problem}).`);
}

export function requireCursor(cursor: SyncCursor): void {
  const problem = cursorProblem(cursor);
  if (problem) throw new InvalidListsRowError(problem, `The sync position was not saved: it would not match the lists format (${problem}).`);
}

// ── A whole file at load ──

export interface LeftOutRow {
  list: 'assets' | 'balances';
  /** Position in the file's array. */
  index: number;
  /** The row's assetId when it has a usable one. */
  assetId: number | undefined;
  why: string;
  /** A balance row left out only because its asset row was. */
  withItsAsset?: true;
}

/** Balance rows by asset, then by output: the store's index, built by the check in the same pass. */
export type BalanceIndex = Map<number, Map<string, BalanceRow>>;
export const outputKey = (txid: string, vout: number): string => `${txid}:${vout}`;

export type CheckedFile =
  | {
      ok: true;
      /** The file's rows that passed (balances: in `byAsset`, not in `file.balances`, which is empty). */
      file: AssetListsFile;
      byAsset: BalanceIndex;
      balanceCount: number;
      /** Rows that did not match, or broke a rule of the lists, and were left out. */
      leftOut: LeftOutRow[];
      /** Top-level fields that did not match and were given a safe value (e.g. the sync position reset). */
      repaired: string[];
      /** An asset row was left out: the wallet must re-read its transactions to find that asset again. */
      resync: boolean;
    }
  | { ok: false; why: string };

const emptyCursor = (): SyncCursor => ({ blockHash: null, height: null, chain: null, wallet: null });
const assetIdOf = (row: unknown): number | undefined => {
  const id = typeof row === 'object' && row !== null ? (row as { assetId?: unknown }).assetId : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
};

/**
 * Checks a file of today's version row by row. Only a file that is not a lists file at all (not an object, wrong
 * version, `assets` or `balances` not arrays) fails as a whole; a bad row is left out alone (with the balance
 * rows of a bad asset row), a bad top-level field is repaired, and both are listed for the report.
 */
export function checkListsFile(raw: unknown): CheckedFile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, why: 'the file does not hold a JSON object' };
  const r = raw as Record<string, unknown>;
  if (r['version'] !== ASSET_LISTS_VERSION) return { ok: false, why: `version: expected ${ASSET_LISTS_VERSION}, found ${JSON.stringify(r['version'])?.slice(0, 40)}` };
  const assetsIn = r['assets'];
  const balancesIn = r['balances'];
  if (!Array.isArray(assetsIn)) return { ok: false, why: 'assets: not a list' };
  if (!Array.isArray(balancesIn)) return { ok: false, why: 'balances: not a list' };

  const leftOut: LeftOutRow[] = [];
  const repaired: string[] = [];
  const known = new Set(['version', 'writtenBy', 'nextAssetId', 'assets', 'balances', 'cursor']);
  for (const key of Object.keys(r)) if (!known.has(key)) repaired.push(`unknown field “${key.slice(0, 40)}” dropped`);

  const assets: AssetRow[] = [];
  const ids = new Set<number>();
  const genTxIds = new Set<string>();
  const refs = new Set<string>();
  let resync = false;
  assetsIn.forEach((row: unknown, index) => {
    let why = assetRowProblem(row);
    const ok = row as AssetRow;
    if (!why && ids.has(ok.assetId)) why = `a second row with assetId ${ok.assetId}`;
    if (!why && ok.genTxId && genTxIds.has(ok.genTxId)) why = `a second row with genTxId ${ok.genTxId}`;
    if (!why && ok.assetRef && refs.has(assetRefKey(ok.assetRef))) why = `a second row with asset reference ${assetRefKey(ok.assetRef)}`;
    if (why) {
      leftOut.push({ list: 'assets', index, assetId: assetIdOf(row), why });
      resync = true;
      return;
    }
    ids.add(ok.assetId);
    if (ok.genTxId) genTxIds.add(ok.genTxId);
    if (ok.assetRef) refs.add(assetRefKey(ok.assetRef));
    assets.push(ok);
  });

  const byAsset: BalanceIndex = new Map();
  let balanceCount = 0;
  const leftOutAssets = new Set(leftOut.map((row) => row.assetId));
  let withItsAsset = false;
  for (let index = 0; index < balancesIn.length; index++) {
    const row: unknown = balancesIn[index];
    let why = balanceRowProblem(row);
    if (!why) {
      const ok = row as BalanceRow;
      let outputs = byAsset.get(ok.assetId);
      if (!outputs) {
        withItsAsset = !ids.has(ok.assetId) && leftOutAssets.has(ok.assetId);
        if (!ids.has(ok.assetId)) why = withItsAsset ? `its asset row (${ok.assetId}) was left out` : `no asset row ${ok.assetId}`;
        else byAsset.set(ok.assetId, (outputs = new Map()));
      }
      if (outputs) {
        const key = outputKey(ok.txid, ok.vout);
        if (outputs.has(key)) why = `a second row for asset ${ok.assetId} at ${key}`;
        else {
          outputs.set(key, ok);
          balanceCount++;
        }
      }
    }
    if (why) leftOut.push({ list: 'balances', index, assetId: assetIdOf(row), why, ...(withItsAsset ? { withItsAsset: true as const } : {}) });
    withItsAsset = false;
  }

  let writtenBy = r['writtenBy'];
  if (typeof writtenBy !== 'string' || writtenBy.length > 100) {
    repaired.push('writtenBy: not a short text');
    writtenBy = 'unknown';
  }
  let maxId = 0;
  for (const row of assets) if (row.assetId > maxId) maxId = row.assetId;
  let nextAssetId = r['nextAssetId'];
  if (!isU(nextAssetId, 2 ** 31 - 1) || (nextAssetId as number) < 1) {
    repaired.push('nextAssetId: not a valid id, taken from the rows');
    nextAssetId = maxId + 1;
  } else if ((nextAssetId as number) <= maxId) {
    // Ids are never reused: a row above the counter would be handed out twice.
    repaired.push('nextAssetId: below an existing row, raised');
    nextAssetId = maxId + 1;
  }
  let cursor = r['cursor'] as SyncCursor;
  const badCursor = cursorProblem(cursor);
  if (badCursor) {
    repaired.push(`cursor: ${badCursor}; the wallet re-reads its transactions`);
    cursor = emptyCursor();
  }
  if (resync && !badCursor) cursor = { ...cursor, blockHash: null, height: null };

  return { ok: true, file: { version: ASSET_LISTS_VERSION, writtenBy: writtenBy as string, nextAssetId: nextAssetId as number, assets, balances: [], cursor }, byAsset, balanceCount, leftOut, repaired, resync };
}
