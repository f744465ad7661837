// What one coinsparkd front end reads of the devnet's index (its "database"), and the small pieces of index.php
// every answer uses: hex_to_bin, the asset id and its genesis_hash, PHP 8's loose `==`, error objects,
// array_to_object. See query.ts.
import { createHash } from 'node:crypto';
import { MEMPOOL_BLOCK, type ChainIndex } from './chain-index.js';
import type { AssetInfo } from './tx-processor.js';
import { PhpObject, phpScalarString, type PhpValue } from './php-json.js';

/** What one tracker front end sees of the shared index. */
export interface IndexView {
  index: ChainIndex;
  /** answer as if the index stopped this many blocks ago (0 = up to date); mempool is hidden when > 0 */
  lagBlocks: number;
  /** rewrite an asset quantity before it is answered (the lying-tracker fault) */
  lie?: (genTxId: string, qty: bigint) => bigint;
  /** the front end cannot reach the daemon (coinsparkd down): every valid request answers −32603 */
  noDatabase?: boolean;
  /** the daemon's shared-memory key (`-shmemkey`, default 12595); `?k=` must name it */
  shmemKey?: number;
  /** say "spent" for these outputs, in every record of them, BTC included (a tracker claiming outputs are gone) */
  claimSpent?: (assets: ReadonlyMap<string, bigint>) => boolean;
  /** track no asset: every asset is −10000 "not tracked" */
  untracked?: boolean;
  /** leave every output out of every asset's list (BTC's stays) */
  omit?: boolean;
}

export const ERR = {
  parse: -32700,
  request: -32600,
  method: -32601,
  params: -32602,
  internal: -32603,
  txoutNotFound: -10001,
  assetNotFound: -10000,
} as const;
export const MSG_TXOUT_NOT_FOUND = 'The transaction output specified could not be found';
export const MSG_ASSET_NOT_FOUND = 'This server does not track the asset specified';

export function viewHeight(view: IndexView): number {
  return view.index.height - Math.max(0, view.lagBlocks);
}

/** One output's record as the daemon's database holds it at the view's height. */
export interface OutputRecord {
  value: bigint;
  block: number;
  spent: number;
  assets: Map<string, bigint>;
}

export function viewOutput(view: IndexView, key: string): OutputRecord | undefined {
  const h = viewHeight(view);
  const idx = view.index;
  const lagging = view.lagBlocks > 0;
  const conf = idx.outputs.get(key);
  let rec: OutputRecord | undefined;
  if (conf !== undefined && conf.block <= h) {
    let spent = conf.spent !== 0 && conf.spent <= h ? conf.spent : 0;
    if (spent === 0 && !lagging && idx.memSpent.has(key)) spent = MEMPOOL_BLOCK;
    rec = { value: conf.value, block: conf.block, spent, assets: conf.assets };
  } else if (!lagging) {
    const mem = idx.memOutputs.get(key);
    if (mem !== undefined) rec = { value: mem.value, block: MEMPOOL_BLOCK, spent: idx.memSpent.has(key) ? MEMPOOL_BLOCK : 0, assets: mem.assets };
  }
  // The lying "spent": a confirmed output spent at the view's height, a mempool one in the mempool.
  if (rec !== undefined && rec.spent === 0 && view.claimSpent?.(rec.assets) === true) rec = { ...rec, spent: rec.block === MEMPOOL_BLOCK ? MEMPOOL_BLOCK : h };
  return rec;
}

/** An asset as the database identifies it: (genesis block, genesis offset), mempool geneses at block 1234567890. */
export interface ViewAsset {
  /** the genesis the database's definition of this id names */
  info: AssetInfo;
  block: number;
  offset: number;
  /** the genesis txids whose units the database files under this id */
  members: string[];
}

/**
 * coinsparkd gives every mempool genesis the same asset id, (1234567890, 0, 00000000) (observed on regtest: each
 * unconfirmed asset's quantities then count the units of every other unconfirmed genesis, and `?-0-<prefix>` names
 * the first one it processed). The devnet processes mempool transactions in the order it first saw them.
 */
function assetOf(view: IndexView, info: AssetInfo): ViewAsset {
  if (info.offset !== null) return { info, block: info.block, offset: info.offset, members: [info.genTxId] };
  const members = [...view.index.memAssets.keys()];
  return { info: view.index.memAssets.get(members[0]!) ?? info, block: MEMPOOL_BLOCK, offset: 0, members };
}

export function viewAssetByTxid(view: IndexView, genTxId: string): ViewAsset | undefined {
  if (view.untracked === true) return undefined;
  const a = view.index.assets.get(genTxId);
  if (a !== undefined && a.block <= viewHeight(view)) return assetOf(view, a);
  if (view.lagBlocks > 0) return undefined;
  const m = view.index.memAssets.get(genTxId);
  return m === undefined ? undefined : assetOf(view, m);
}

export function viewAssetByRef(view: IndexView, block: number, offset: number): ViewAsset | undefined {
  if (view.untracked === true) return undefined;
  for (const a of view.index.assets.values()) if (a.block === block && a.offset === offset && a.block <= viewHeight(view)) return assetOf(view, a);
  if (view.lagBlocks > 0 || block !== MEMPOOL_BLOCK || offset !== 0) return undefined;
  const first = view.index.memAssets.values().next();
  return first.done === true ? undefined : assetOf(view, first.value);
}

/** hex_to_bin($s) then back to hex: the 64-hex txid it names (lower-case), or null when it names none. */
export function txidOf(v: PhpValue | undefined): string | null {
  const s = phpScalarString(v).toLowerCase();
  return /^[0-9a-f]{64}$/.test(s) ? s : null;
}

const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

/** The asset id bytes V(block) V(offset) genhash, and their double SHA-256 in display order (genesis_hash). */
export function assetIdBytes(block: number, offset: number, genhash: Buffer): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(block, 0);
  b.writeUInt32LE(offset, 4);
  return Buffer.concat([b, genhash]);
}
export function genesisHash(id: Buffer): string {
  return Buffer.from(sha256(sha256(id))).reverse().toString('hex');
}

/** hex_to_bin: pairs of hex digits to bytes (anything else reads as 0, as PHP's lookup table does). */
export function hexToBin(s: string): Buffer {
  const lower = s.toLowerCase();
  const out = Buffer.alloc(Math.ceil(lower.length / 2));
  const d = (c: string | undefined) => (c !== undefined && /[0-9a-f]/.test(c) ? parseInt(c, 16) : 0);
  for (let i = 0; i < out.length; i++) out[i] = d(lower[2 * i]) * 16 + d(lower[2 * i + 1]);
  return out;
}

/** PHP 8 `==` between two strings: numerically when both are numeric strings. */
function looseStringEquals(a: string, b: string): boolean {
  const numeric = /^[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) === Number(b);
  return a === b;
}

/** PHP 8 `$v == 'literal'` for a non-numeric, non-empty literal (the method names). */
export function looseEqualsLiteral(v: PhpValue | undefined, literal: string): boolean {
  if (typeof v === 'string') return looseStringEquals(v, literal);
  if (v === true) return true;
  return false; // null, false, numbers (compared as strings since PHP 8), arrays, objects
}

/** `$a != $b` for the values index.php compares while grouping (strings, or null for a missing part). */
export function looseDiffers(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return (a ?? '') !== (b ?? '');
  return !looseStringEquals(a, b);
}

export const isoSeconds = (ts: number): string => new Date(ts * 1000).toISOString().replace('T', ' ').slice(0, 19);

export function rpcError(code: number, message: string): PhpObject {
  return new PhpObject([
    ['code', code],
    ['message', message],
  ]);
}

/** array_to_object: an ordered map to stdClass, dropping the empty key. */
export function toObject(m: Map<string, PhpValue>): PhpObject {
  const o = new PhpObject();
  for (const [k, v] of m) if (k.length > 0) o.set(k, v);
  return o;
}
