/**
 * Reading the answers of a CoinSpark tracking server (tracker-api.md §3, §6), apart from any transport so the
 * real server's recorded answers can be read by the same code (test/fixtures/coinsparkd/recordings.json).
 *
 * Accepted because the real coinsparkd sends it (its PHP front end, observed):
 * - `vout` as a JSON string (`"vout":"0"`) in quantity and −10001 elements; as sent (a number) in −10000 ones;
 * - `"result":{}` (no `BTC` key) for an empty `txouts`;
 * - error envelopes with or without `id`/`method` (they appear only when the request had them); `getlastblock`'s
 *   bare-string `"error"`; `id`/`method` echoed in `getlastblock`;
 * - identical duplicate elements for one output (coinsparkd repeats −10000 elements once per txout asked).
 *
 * Refused (the whole answer is a failed query, never information about outputs):
 * - anything that is not the JSON object answering *this* request: other `id`, other `method`, top-level error;
 * - an element naming an output that was not asked, an unreadable txid/vout, a quantity/height out of range;
 * - two elements for one output that say different things (issue 12 item 8: a tracker that names one output
 *   twice with two figures has no figure for it), an asset list mixing "not tracked" with answers, an asset
 *   figure whose block/spent height contradicts the same answer's `BTC` record of that output (coinsparkd copies
 *   them from it; only a timed-out read inside the server breaks that, and then the answer is unreliable).
 *
 * Not taken as figures: an asset the answer's `assets` member places in the tracker's memory pool
 * (`genesis_block` 1234567890). coinsparkd files every unconfirmed genesis under one asset id, (1234567890, 0), so
 * such an asset's quantities count the units of every other unconfirmed genesis (observed with the real server,
 * test/core): its outputs read as "not tracked" until the genesis is in a block.
 */
export const UNCONFIRMED_BLOCK = 1234567890;
export const ASSET_QTY_MAX = 100_000_000_000_000;
/** 21 million bitcoins in satoshis: the bound of a `BTC` element's qty. */
export const SATOSHIS_MAX = 2_100_000_000_000_000;
/** Key of the `BTC` pseudo-asset's entries (satoshis of each output) in a parsed answer. */
export const BTC_KEY = 'BTC';
const VOUT_MAX = 0xffff_ffff;

export interface TxOutRef {
  txid: string;
  vout: number;
}

export type QtyEntry =
  | { kind: 'qty'; qty: number; block: number; spent: number }
  | { kind: 'not-tracked'; message: string }
  | { kind: 'unknown-output'; message: string }
  | { kind: 'other-error'; code: number; message: string }
  | { kind: 'missing' };

export type QueryFailureKind = 'transport' | 'http' | 'json' | 'id' | 'rpc-error' | 'shape';

/** genTxId (lower-case) or BTC_KEY → "txid:vout" (lower-case) → entry */
export type QtyEntries = Map<string, Map<string, QtyEntry>>;

export type QtyAnswer = { ok: true; entries: QtyEntries } | { ok: false; kind: QueryFailureKind; message: string };

export type LastBlockResult = { ok: true; block: number } | { ok: false; message: string };

/** What was asked: the request's id, its assets exactly as sent, its outputs. */
export interface QtyQuestion {
  id: number | string | null;
  assets: readonly string[];
  txouts: readonly TxOutRef[];
}

export const txoutKey = (txid: string, vout: number): string => `${txid.toLowerCase()}:${vout}`;

const MEMPOOL_GENESIS = "the asset's genesis is only in the tracker's memory pool, where coinsparkd's figures mix every unconfirmed asset";
const TXID = /^[0-9a-fA-F]{64}$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,9})$/;
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const short = (s: string): string => s.slice(0, 200);

/** The answer body as JSON (strict UTF-8), or null. */
function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as unknown;
  } catch {
    return undefined;
  }
}

/** A top-level `error` member: the object form `{code, message}` or getlastblock's bare string. */
function topLevelError(err: unknown): string | null {
  if (typeof err === 'string') return `tracker error: ${short(err)}`;
  if (isObject(err) && isInt(err['code'])) {
    const message = typeof err['message'] === 'string' ? err['message'] : '';
    return `tracker error ${err['code']}: ${short(message)}`;
  }
  return null;
}

/** vout as coinsparkd writes it: an integer, or (in quantity and −10001 elements) its decimal string. */
function readVout(x: unknown): number | null {
  if (isInt(x)) return x >= 0 && x <= VOUT_MAX ? x : null;
  if (typeof x === 'string' && DECIMAL.test(x)) {
    const n = Number(x);
    return n <= VOUT_MAX ? n : null;
  }
  return null;
}

type Element = { key: string; entry: Exclude<QtyEntry, { kind: 'missing' }> };

function readElement(el: unknown, qtyMax: number): Element | string {
  if (!isObject(el)) return 'an answer element is not an object';
  const txid = el['txid'];
  const vout = readVout(el['vout']);
  if (typeof txid !== 'string' || !TXID.test(txid) || vout === null) return 'an answer element has no readable txid and vout';
  const key = txoutKey(txid, vout);
  const err = el['error'];
  if (err !== undefined) {
    if (el['qty'] !== undefined) return `the answer for ${key} is both a quantity and an error`;
    if (!isObject(err) || !isInt(err['code']) || (err['message'] !== undefined && typeof err['message'] !== 'string')) return `the error for ${key} is malformed`;
    const code = err['code'];
    const message = short(typeof err['message'] === 'string' ? err['message'] : '');
    return {
      key,
      entry: code === -10000 ? { kind: 'not-tracked', message } : code === -10001 ? { kind: 'unknown-output', message } : { kind: 'other-error', code, message },
    };
  }
  const { qty, block, spent } = el;
  if (!isInt(qty) || !isInt(block) || !isInt(spent)) return `the answer for ${key} has no integer qty, block and spent`;
  if (qty < 0 || qty > qtyMax) return `quantity ${qty} for ${key} is out of range`;
  if (block < 0 || block > UNCONFIRMED_BLOCK || spent < 0 || spent > UNCONFIRMED_BLOCK) return `the heights for ${key} are out of range`;
  // Spent before it was created, or an unconfirmed output spent in a block: not a state any chain can have.
  if (spent !== 0 && spent !== UNCONFIRMED_BLOCK && (block === UNCONFIRMED_BLOCK || spent < block)) return `the answer for ${key} is spent at ${spent} before its block ${block}`;
  return { key, entry: { kind: 'qty', qty, block, spent } };
}

const sameEntry = (a: QtyEntry, b: QtyEntry): boolean =>
  a.kind === b.kind &&
  (a.kind !== 'qty' || (b.kind === 'qty' && a.qty === b.qty && a.block === b.block && a.spent === b.spent)) &&
  (a.kind !== 'other-error' || (b.kind === 'other-error' && a.code === b.code));

/** One asset's list (or BTC's): every element names an asked output, once or identically again. */
function readList(list: unknown, asked: ReadonlySet<string>, qtyMax: number, label: string): Map<string, QtyEntry> | string {
  if (!Array.isArray(list)) return `the answer for ${label} is not a list`;
  // coinsparkd answers one element per output asked (our requests never repeat one); twice that is a bound
  // no honest answer reaches, checked before reading any element.
  if (list.length > asked.size * 2) return `the answer for ${label} has more elements than outputs asked`;
  const out = new Map<string, QtyEntry>();
  let notTracked = 0;
  for (const raw of list) {
    const el = readElement(raw, qtyMax);
    if (typeof el === 'string') return el;
    if (!asked.has(el.key)) return `the answer for ${label} names output ${el.key}, which was not asked`;
    const before = out.get(el.key);
    if (before !== undefined) {
      if (!sameEntry(before, el.entry)) return `the answer for ${label} gives output ${el.key} twice with different figures`;
      continue;
    }
    if (el.entry.kind === 'not-tracked') notTracked++;
    out.set(el.key, el.entry);
  }
  if (notTracked > 0 && notTracked < out.size) return `the answer for ${label} says both "not tracked" and quantities`;
  return out;
}

/** An asset figure must stand on the same output record as the answer's BTC figure (coinsparkd copies it). */
function contradictsBtc(entry: QtyEntry, btc: QtyEntry | undefined): boolean {
  if (btc === undefined || entry.kind === 'not-tracked' || entry.kind === 'other-error' || btc.kind === 'other-error') return false;
  if (entry.kind === 'qty') return btc.kind !== 'qty' || btc.block !== entry.block || btc.spent !== entry.spent;
  return entry.kind === 'unknown-output' && btc.kind === 'qty';
}

/** Read a `coinspark_assets_get_qty` answer body as the answer to `q`. */
export function readQtyAnswer(body: Uint8Array, q: QtyQuestion): QtyAnswer {
  const fail = (kind: QueryFailureKind, message: string): QtyAnswer => ({ ok: false, kind, message });
  const json = parseJson(body);
  if (json === undefined) return fail('json', 'the tracker answer is not JSON');
  if (!isObject(json)) return fail('shape', 'the tracker answer is not a JSON-RPC object');
  if (json['error'] !== undefined && json['error'] !== null) {
    const message = topLevelError(json['error']);
    return message === null ? fail('shape', 'the tracker answered a malformed error') : fail('rpc-error', message);
  }
  if (!('id' in json)) return fail('id', 'the tracker answer has no id');
  if (json['id'] !== q.id) return fail('id', 'the tracker answered another request (id mismatch)');
  if (json['method'] !== undefined && json['method'] !== 'coinspark_assets_get_qty') return fail('shape', 'the tracker answered another method');
  const result = json['result'];
  if (!isObject(result)) return fail('shape', 'the tracker result is not an object');

  const asked = new Set(q.txouts.map((t) => txoutKey(t.txid, t.vout)));
  const entries: QtyEntries = new Map();
  let btc: Map<string, QtyEntry> | undefined;
  if (result[BTC_KEY] !== undefined) {
    const list = readList(result[BTC_KEY], asked, SATOSHIS_MAX, 'BTC');
    if (typeof list === 'string') return fail('shape', list);
    entries.set(BTC_KEY, (btc = list));
  }
  const info = isObject(json['assets']) ? json['assets'] : {};
  for (const asset of q.assets) {
    const key = asset.toLowerCase();
    if (entries.has(key)) continue;
    // Keyed by the asset exactly as sent; a missing key leaves every output "missing", never zero.
    const raw = Object.prototype.hasOwnProperty.call(result, asset) ? result[asset] : undefined;
    const list = raw === undefined ? new Map<string, QtyEntry>() : readList(raw, asked, ASSET_QTY_MAX, `asset ${asset.slice(0, 8)}…`);
    if (typeof list === 'string') return fail('shape', list);
    for (const [out, entry] of list) {
      if (contradictsBtc(entry, btc?.get(out))) return fail('shape', `the answer for asset ${asset.slice(0, 8)}… contradicts its BTC record of ${out}`);
    }
    const genesis = Object.prototype.hasOwnProperty.call(info, asset) ? info[asset] : undefined;
    if (isObject(genesis) && genesis['genesis_block'] === UNCONFIRMED_BLOCK) {
      for (const [out, entry] of list) if (entry.kind === 'qty') list.set(out, { kind: 'not-tracked', message: MEMPOOL_GENESIS });
    }
    entries.set(key, list);
  }
  return { ok: true, entries };
}

/** Read a `?m=getlastblock` answer body. */
export function readLastBlockAnswer(body: Uint8Array): LastBlockResult {
  const json = parseJson(body);
  if (json === undefined) return { ok: false, message: 'the last-block answer is not JSON' };
  if (!isObject(json)) return { ok: false, message: 'the last-block answer is malformed' };
  if (json['error'] !== undefined && json['error'] !== null) {
    // "Last block record not found": the server has indexed nothing yet.
    return { ok: false, message: topLevelError(json['error']) ?? 'the last-block answer is a malformed error' };
  }
  if ((json['id'] !== undefined && json['id'] !== null) || (json['method'] !== undefined && json['method'] !== 'getlastblock')) {
    return { ok: false, message: 'the last-block answer answers another request' };
  }
  const lb = json['lastblock'];
  if (!isObject(lb) || !isInt(lb['block']) || lb['block'] < 0 || lb['block'] >= UNCONFIRMED_BLOCK) return { ok: false, message: 'the last-block answer is malformed' };
  return { ok: true, block: lb['block'] };
}
