import { randomInt } from 'node:crypto';
import * as v from 'valibot';
import type { HostLimiter } from '../../node/net/host-limiter';
import type { NetPolicy } from '../../node/net/host-policy';
import { safeFetch, type FetchLimits } from '../../node/net/safe-fetch';

/**
 * Client of a CoinSpark asset tracking server (tracker-api.md): `coinspark_assets_get_qty` and
 * `?m=getlastblock`. Every answer is validated; anything that is not a well-formed answer to *this* request
 * (transport, HTTP status, body not JSON, id mismatch, top-level error, bad element) is a failed query, kept
 * apart from the per-output errors −10000 (asset not tracked) and −10001 (output unknown).
 */
export const MAX_TXOUTS_PER_REQUEST = 100;
export const UNCONFIRMED_BLOCK = 1234567890;
export const ASSET_QTY_MAX = 100_000_000_000_000;

export const TRACKER_LIMITS: FetchLimits = { maxBytes: 4 * 1024 * 1024, connectTimeoutMs: 15_000, idleTimeoutMs: 15_000, totalTimeoutMs: 30_000, maxRedirects: 5 };

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

export type GetQtyResult =
  | { ok: true; /** genTxId (lower-case) → "txid:vout" (lower-case) → entry */ entries: Map<string, Map<string, QtyEntry>>; ms: number }
  | { ok: false; kind: QueryFailureKind; message: string; ms: number };

export type LastBlockResult = { ok: true; block: number } | { ok: false; message: string };

export const txoutKey = (txid: string, vout: number): string => `${txid.toLowerCase()}:${vout}`;

const Int = v.pipe(v.number(), v.integer());

// Answer elements are checked by hand: a 100-output batch for 20 assets has 2,000 of them.
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
type Element = { txid: string; vout: number } & ({ qty: number; block: number; spent: number } | { error: { code: number; message: string } });
function readElement(el: unknown): Element | null {
  if (el === null || typeof el !== 'object') return null;
  const o = el as Record<string, unknown>;
  if (typeof o['txid'] !== 'string' || !isInt(o['vout'])) return null;
  const err = o['error'];
  if (err !== undefined) {
    if (err === null || typeof err !== 'object' || !isInt((err as Record<string, unknown>)['code'])) return null;
    const message = (err as Record<string, unknown>)['message'];
    return { txid: o['txid'], vout: o['vout'], error: { code: (err as { code: number }).code, message: typeof message === 'string' ? message : '' } };
  }
  const { qty, block, spent } = o;
  if (!isInt(qty) || !isInt(block) || !isInt(spent) || qty < 0 || block < 0 || spent < 0) return null;
  return { txid: o['txid'], vout: o['vout'], qty, block, spent };
}
const Envelope = v.object({
  id: v.optional(v.unknown()),
  result: v.optional(v.unknown()),
  error: v.optional(v.nullable(v.object({ code: v.optional(v.unknown()), message: v.optional(v.unknown()) }))),
});
const LastBlock = v.object({ lastblock: v.object({ block: v.pipe(Int, v.minValue(0)) }) });

export interface TrackerClientOptions {
  policy: NetPolicy;
  limiter?: HostLimiter | undefined;
  limits?: FetchLimits;
}

export class TrackerClient {
  constructor(private readonly opts: TrackerClientOptions) {}

  async getQty(url: string, assets: string[], txouts: TxOutRef[], signal?: AbortSignal): Promise<GetQtyResult> {
    const started = Date.now();
    const fail = (kind: QueryFailureKind, message: string): GetQtyResult => ({ ok: false, kind, message, ms: Date.now() - started });
    if (txouts.length > MAX_TXOUTS_PER_REQUEST) throw new Error(`at most ${MAX_TXOUTS_PER_REQUEST} txouts per request`);
    const id = randomInt(1, 2 ** 47);
    const assetKeys = assets.map((a) => a.toLowerCase());
    const body = JSON.stringify({ id, method: 'coinspark_assets_get_qty', params: { assets: assetKeys, txouts: txouts.map((t) => ({ txid: t.txid.toLowerCase(), vout: t.vout })) } });
    const r = await safeFetch({
      url,
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      limits: this.opts.limits ?? TRACKER_LIMITS,
      policy: this.opts.policy,
      limiter: this.opts.limiter,
      signal,
    });
    if (!r.ok) return fail(r.kind === 'http-status' ? 'http' : 'transport', r.message);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(r.body));
    } catch {
      return fail('json', 'the tracker answer is not JSON');
    }
    const env = v.safeParse(Envelope, json);
    if (!env.success) return fail('shape', 'the tracker answer is not a JSON-RPC object');
    if (env.output.error) return fail('rpc-error', `tracker error ${String(env.output.error.code)}: ${String(env.output.error.message ?? '').slice(0, 200)}`);
    if (env.output.id !== id) return fail('id', 'the tracker answered another request (id mismatch)');
    const result = env.output.result;
    if (result === null || typeof result !== 'object' || Array.isArray(result)) return fail('shape', 'the tracker result is not an object');
    const entries = new Map<string, Map<string, QtyEntry>>();
    const asked = new Set(txouts.map((t) => txoutKey(t.txid, t.vout)));
    for (const asset of assetKeys) {
      const list = (result as Record<string, unknown>)[asset];
      const perOut = new Map<string, QtyEntry>();
      entries.set(asset, perOut);
      if (list === undefined) continue; // whole asset missing: every output reads as "missing"
      if (!Array.isArray(list)) return fail('shape', `the answer for asset ${asset.slice(0, 8)}… is not a list`);
      if (list.length > txouts.length * 2 + 10) return fail('shape', 'the tracker answered more elements than asked');
      for (const raw of list) {
        const el = readElement(raw);
        if (el === null) return fail('shape', 'a tracker answer element is malformed');
        const key = txoutKey(el.txid, el.vout);
        if (!asked.has(key)) continue;
        if ('qty' in el) {
          if (el.qty > ASSET_QTY_MAX) return fail('shape', `quantity ${el.qty} above the protocol maximum`);
          perOut.set(key, { kind: 'qty', qty: el.qty, block: el.block, spent: el.spent });
          continue;
        }
        const { code, message } = el.error;
        perOut.set(
          key,
          code === -10000
            ? { kind: 'not-tracked', message: message.slice(0, 200) }
            : code === -10001
              ? { kind: 'unknown-output', message: message.slice(0, 200) }
              : { kind: 'other-error', code, message: message.slice(0, 200) },
        );
      }
    }
    return { ok: true, entries, ms: Date.now() - started };
  }

  /** The tracker's last processed block (`?m=getlastblock`). */
  async getLastBlock(url: string, signal?: AbortSignal): Promise<LastBlockResult> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { ok: false, message: 'not a URL' };
    }
    target.searchParams.set('m', 'getlastblock');
    const r = await safeFetch({
      url: target.href,
      limits: { ...(this.opts.limits ?? TRACKER_LIMITS), maxBytes: 64 * 1024 },
      policy: this.opts.policy,
      limiter: this.opts.limiter,
      signal,
    });
    if (!r.ok) return { ok: false, message: r.message };
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(r.body));
    } catch {
      return { ok: false, message: 'the last-block answer is not JSON' };
    }
    const p = v.safeParse(LastBlock, json);
    if (!p.success) return { ok: false, message: 'the last-block answer is malformed' };
    return { ok: true, block: p.output.lastblock.block };
  }
}

export function entryFor(result: Map<string, Map<string, QtyEntry>>, genTxId: string, txid: string, vout: number): QtyEntry {
  return result.get(genTxId.toLowerCase())?.get(txoutKey(txid, vout)) ?? { kind: 'missing' };
}
