// The coinsparkd JSON-RPC front end (tracker-api.md §3, §6): request validation with the exact error
// codes and messages, `coinspark_assets_get_qty` answers from a view of the index, `?m=getlastblock`.
import { MEMPOOL_BLOCK, outKey, type ChainIndex } from './chain-index.js';
import type { OutRecord } from './tx-processor.js';

/** What one tracker front end sees of the shared index. */
export interface IndexView {
  index: ChainIndex;
  /** answer as if the index stopped this many blocks ago (0 = up to date); mempool is hidden when > 0 */
  lagBlocks: number;
  /** rewrite an asset quantity before it is answered (the lying-tracker fault) */
  lie?: (genTxId: string, qty: bigint) => bigint;
}

interface ViewOutput {
  value: bigint;
  block: number;
  spent: number;
  assets: Map<string, bigint>;
}

export function viewHeight(view: IndexView): number {
  return view.index.height - Math.max(0, view.lagBlocks);
}

function viewOutput(view: IndexView, key: string): ViewOutput | undefined {
  const h = viewHeight(view);
  const idx = view.index;
  const lagging = view.lagBlocks > 0;
  const conf: OutRecord | undefined = idx.outputs.get(key);
  if (conf !== undefined && conf.block <= h) {
    let spent = conf.spent !== 0 && conf.spent <= h ? conf.spent : 0;
    if (spent === 0 && !lagging && idx.memSpent.has(key)) spent = MEMPOOL_BLOCK;
    return { value: conf.value, block: conf.block, spent, assets: conf.assets };
  }
  if (lagging) return undefined;
  const mem = idx.memOutputs.get(key);
  if (mem === undefined) return undefined;
  return { value: mem.value, block: MEMPOOL_BLOCK, spent: idx.memSpent.has(key) ? MEMPOOL_BLOCK : 0, assets: mem.assets };
}

function viewAsset(view: IndexView, genTxId: string): { block: number; offset: number } | undefined {
  const a = view.index.assets.get(genTxId);
  if (a !== undefined && a.block <= viewHeight(view)) return { block: a.block, offset: a.offset ?? 0 };
  if (view.lagBlocks > 0) return undefined;
  const m = view.index.memAssets.get(genTxId);
  return m === undefined ? undefined : { block: MEMPOOL_BLOCK, offset: 0 };
}

export type JsonObject = Record<string, unknown>;

function rpcError(code: number, message: string, id: unknown, method: unknown): JsonObject {
  return { error: { code, message }, id: id ?? null, method: method ?? null };
}

const QTY_METHODS = new Set(['coinspark_assets_get_qty', 'coinspark_all_assets_get_qty']);

/** Answer one POST body. Always returns a JSON object (coinsparkd always answers HTTP 200). */
export function answerPost(view: IndexView, body: string): JsonObject {
  let req: unknown;
  try {
    req = JSON.parse(body);
  } catch {
    return rpcError(-32700, 'Could not parse the JSON input received', null, null);
  }
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    return rpcError(-32600, "The JSON received is JSON object", null, null);
  }
  const r = req as JsonObject;
  if (!('method' in r)) return rpcError(-32600, "The JSON received doesn't have method field", r['id'], null);
  const method = r['method'];
  if (typeof method === 'string' && QTY_METHODS.has(method) && !('id' in r)) {
    return rpcError(-32600, "The JSON received doesn't have id field", null, method);
  }
  if (!('params' in r)) return rpcError(-32600, "The JSON received doesn't have params field", r['id'], method);
  if (method === 'coinspark_assets_get_qty') return getQty(view, r);
  return rpcError(-32601, 'The method in the request is not available', r['id'], method);
}

function getQty(view: IndexView, r: JsonObject): JsonObject {
  const id = r['id'];
  const method = r['method'];
  const params = r['params'];
  const p = typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as JsonObject) : {};
  if (!('assets' in p)) return rpcError(-32602, "The parameters in JSON received doesn't have assets field", id, method);
  if (!Array.isArray(p['assets'])) return rpcError(-32602, 'The assets parameters should be array', id, method);
  if (!('txouts' in p)) return rpcError(-32602, "The parameters in JSON received doesn't have txouts field", id, method);
  if (!Array.isArray(p['txouts'])) return rpcError(-32602, 'The txouts parameters should be array', id, method);

  // txouts: skip elements lacking txid or vout; duplicates collapse; echo exactly as sent
  const txouts: Array<{ txid: unknown; vout: unknown; key: string | null }> = [];
  const seen = new Set<string>();
  for (const t of p['txouts'] as unknown[]) {
    if (typeof t !== 'object' || t === null || !('txid' in t) || !('vout' in t)) continue;
    const { txid, vout } = t as { txid: unknown; vout: unknown };
    const dedupe = JSON.stringify([txid, vout]);
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const voutNum = typeof vout === 'number' ? vout : typeof vout === 'string' && /^\d+$/.test(vout) ? Number(vout) : NaN;
    const key = typeof txid === 'string' && /^[0-9a-fA-F]{64}$/.test(txid) && Number.isInteger(voutNum) && voutNum >= 0
      ? outKey(txid.toLowerCase(), voutNum)
      : null;
    txouts.push({ txid, vout, key });
  }
  const outputs = txouts.map((t) => (t.key === null ? undefined : viewOutput(view, t.key)));
  const notFound = (t: { txid: unknown; vout: unknown }): JsonObject => ({
    txid: t.txid,
    vout: t.vout,
    error: { code: -10001, message: 'The transaction output specified could not be found' },
  });

  const result: JsonObject = {};
  const assetsInfo: JsonObject = {};
  result['BTC'] = txouts.map((t, i) => {
    const o = outputs[i];
    return o === undefined ? notFound(t) : { txid: t.txid, vout: t.vout, qty: Number(o.value), block: o.block, spent: o.spent };
  });
  const genesisBlock = view.index.blockAt(0);
  assetsInfo['BTC'] = { genesis_block: 0, genesis_offset: 81, genesis_prefix: '00000000', genesis_hash: genesisBlock?.hash ?? '' };

  const untracked: string[] = [];
  for (const a of p['assets'] as unknown[]) {
    if (typeof a !== 'string') continue; // only the documented string form is supported
    if (a in result) continue;
    const genTxId = a.toLowerCase();
    const asset = /^[0-9a-f]{64}$/.test(genTxId) ? viewAsset(view, genTxId) : undefined;
    if (asset === undefined) {
      if (!untracked.includes(a)) untracked.push(a);
      continue;
    }
    result[a] = txouts.map((t, i) => {
      const o = outputs[i];
      if (o === undefined) return notFound(t);
      let qty = o.assets.get(genTxId) ?? 0n;
      if (view.lie !== undefined) qty = view.lie(genTxId, qty);
      return { txid: t.txid, vout: t.vout, qty: Number(qty), block: o.block, spent: o.spent };
    });
    assetsInfo[a] = { genesis_block: asset.block, genesis_offset: asset.offset, genesis_prefix: a.slice(0, 8) };
  }
  for (const a of untracked) {
    result[a] = txouts.map((t) => ({
      txid: t.txid,
      vout: t.vout,
      error: { code: -10000, message: 'This server does not track the asset specified' },
    }));
  }
  return { id, method, result, assets: assetsInfo };
}

function fmtTime(ts: number): string {
  return new Date(ts * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** `GET ?m=getlastblock` */
export function answerLastBlock(view: IndexView, nowSec = Math.floor(Date.now() / 1000)): JsonObject {
  const b = view.index.blockAt(viewHeight(view));
  if (b === undefined) return { lastblock: null };
  return {
    lastblock: {
      block: b.height,
      created_ts: b.time,
      created: fmtTime(b.time),
      age: nowSec - b.time,
      processed_ts: b.processedAt,
      processed: fmtTime(b.processedAt),
      delay: b.processedAt - b.time,
      processed_before: nowSec - b.processedAt,
    },
  };
}
