import { randomInt } from 'node:crypto';
import type { HostLimiter } from '../../node/net/host-limiter';
import type { NetPolicy } from '../../node/net/host-policy';
import { safeFetch, type FetchLimits } from '../../node/net/safe-fetch';
import { readLastBlockAnswer, readQtyAnswer, txoutKey, type LastBlockResult, type QtyEntries, type QueryFailureKind, type TxOutRef } from './tracker-answer';

export { ASSET_QTY_MAX, BTC_KEY, UNCONFIRMED_BLOCK, txoutKey } from './tracker-answer';
export type { LastBlockResult, QtyEntry, QueryFailureKind, TxOutRef } from './tracker-answer';

/**
 * Client of a CoinSpark asset tracking server (tracker-api.md): `coinspark_assets_get_qty` and
 * `?m=getlastblock`. Every answer is read by `tracker-answer.ts`; anything that is not a well-formed answer to
 * *this* request (transport, HTTP status — coinsparkd's HTTP 500 with an empty body included —, body not JSON,
 * id mismatch, top-level error, bad or contradictory element) is a failed query, kept apart from the per-output
 * errors −10000 (asset not tracked) and −10001 (output unknown).
 */
export const MAX_TXOUTS_PER_REQUEST = 100;

export const TRACKER_LIMITS: FetchLimits = { maxBytes: 4 * 1024 * 1024, connectTimeoutMs: 15_000, idleTimeoutMs: 15_000, totalTimeoutMs: 30_000, maxRedirects: 5 };

export type GetQtyResult =
  | { ok: true; /** genTxId (lower-case) or BTC_KEY → "txid:vout" (lower-case) → entry */ entries: QtyEntries; ms: number }
  | { ok: false; kind: QueryFailureKind; message: string; ms: number };

export interface TrackerClientOptions {
  policy: NetPolicy;
  limiter?: HostLimiter | undefined;
  limits?: FetchLimits;
  /** The request id to send (default: a random integer, as SparkBit uses one that changes). Tests replay recorded answers with it. */
  requestId?: () => number | string | null;
}

export class TrackerClient {
  constructor(private readonly opts: TrackerClientOptions) {}

  async getQty(url: string, assets: string[], txouts: TxOutRef[], signal?: AbortSignal): Promise<GetQtyResult> {
    const started = Date.now();
    // One element per output: coinsparkd collapses repeats anyway, and a repeated output in an answer is then
    // always the tracker's doing.
    const unique = [...new Map(txouts.map((t) => [txoutKey(t.txid, t.vout), { txid: t.txid.toLowerCase(), vout: t.vout }])).values()];
    if (unique.length > MAX_TXOUTS_PER_REQUEST) throw new Error(`at most ${MAX_TXOUTS_PER_REQUEST} txouts per request`);
    const id = this.opts.requestId !== undefined ? this.opts.requestId() : randomInt(1, 2 ** 47);
    // Assets are sent as given (the wallet keeps them lower-case): coinsparkd keys its result by the string sent.
    const assetKeys = [...new Map(assets.map((a) => [a.toLowerCase(), a])).values()];
    const body = JSON.stringify({ id, method: 'coinspark_assets_get_qty', params: { assets: assetKeys, txouts: unique } });
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
    if (!r.ok) return { ok: false, kind: r.kind === 'http-status' ? 'http' : 'transport', message: r.message, ms: Date.now() - started };
    // Content-Type is not looked at: coinsparkd sends its JSON as `text/html; charset=UTF-8`.
    const answer = readQtyAnswer(r.body, { id, assets: assetKeys, txouts: unique });
    return { ...answer, ms: Date.now() - started };
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
    return readLastBlockAnswer(r.body);
  }
}
