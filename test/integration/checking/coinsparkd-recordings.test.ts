// The wallet's tracker client over every answer the real coinsparkd gave (test/fixtures/coinsparkd): a local
// server replays each recorded answer byte for byte, with its HTTP status and Content-Type, to the client's own
// request; each must read as the recorded world's quantities, states (block, spent, unconfirmed, not tracked,
// unknown output) or as the request error it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BTC_KEY, TrackerClient, txoutKey, type GetQtyResult, type QtyEntry } from '../../../main/services/balances/tracker-client';
import { ASSETS, expectedEntry, loadRecordings, OUTPUTS, RECORDED_TXIDS, type RecordedCase } from './coinsparkd-recordings';
import { startLocalServer, type LocalServer } from './local-servers';

const cases = loadRecordings();
let replaying: RecordedCase | null = null;
let lastRequest: { method: string; url: string; body: string } | null = null;
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      lastRequest = { method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') };
      const r = replaying!.response;
      res.writeHead(r.status, { 'Content-Type': r.content_type }).end(r.body);
    });
  });
});
afterAll(() => server.stop());

interface Question {
  id: number | string | null;
  assets: string[];
  txouts: { txid: string; vout: number }[];
}

/** The question the wallet would ask to get this answer: the recorded request's id, string assets and complete txouts. */
function questionOf(c: RecordedCase): Question | null {
  let req: unknown;
  try {
    req = JSON.parse(c.request ?? '');
  } catch {
    return null;
  }
  if (req === null || typeof req !== 'object' || Array.isArray(req)) return null;
  const r = req as { id?: number | string | null; method?: unknown; params?: unknown };
  if (r.method !== 'coinspark_assets_get_qty' || r.params === null || typeof r.params !== 'object' || Array.isArray(r.params)) return null;
  const p = r.params as { assets?: unknown; txouts?: unknown };
  if (!Array.isArray(p.assets) || !Array.isArray(p.txouts) || !('id' in r)) return null;
  return {
    id: r.id ?? null,
    // The wallet names assets by genesis txid only; the object form's label X stands for asset A (ref 103-443).
    assets: p.assets.map((a) => (typeof a === 'string' ? a : ASSETS.A)),
    txouts: (p.txouts as { txid?: string; vout?: number | string }[])
      .filter((t) => typeof t.txid === 'string' && t.vout !== undefined)
      .map((t) => ({ txid: t.txid!, vout: Number(t.vout) })),
  };
}

async function ask(c: RecordedCase, q: Question): Promise<GetQtyResult> {
  replaying = c;
  const client = new TrackerClient({ policy: { network: 'regtest' }, requestId: () => q.id });
  return client.getQty(server.url, q.assets, q.txouts);
}

/** Parsed entries as plain objects, for comparison with the facts. */
function plain(entries: Map<string, QtyEntry>): Record<string, QtyEntry> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function expectedFor(asset: string, q: Question): Record<string, QtyEntry> {
  const out: Record<string, QtyEntry> = {};
  for (const t of q.txouts) out[txoutKey(t.txid, t.vout)] = expectedEntry(asset, t.txid, t.vout);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const rpc = (code: number, message: string) => ({ kind: 'rpc-error', message: `tracker error ${code}: ${message}` });
const http500 = { kind: 'http', message: expect.stringMatching(/answered HTTP 500$/) as unknown as string };
/** Recorded request errors: PHP 8 answers bad JSON, arrays and `params: []` with HTTP 500 and an empty body. */
const REQUEST_ERRORS: Record<string, { kind: string; message: string }> = {
  'err-parse': http500,
  'err-empty-body': http500,
  'err-array': http500,
  'err-params-array': http500,
  'err-string': rpc(-32600, 'The JSON received is JSON object'),
  'err-no-method': rpc(-32600, "The JSON received doesn't have method field"),
  'err-no-id': rpc(-32600, "The JSON received doesn't have id field"),
  'err-no-params': rpc(-32600, "The JSON received doesn't have params field"),
  'err-no-assets': rpc(-32602, "The parameters in JSON received doesn't have assets field"),
  'err-assets-not-array': rpc(-32602, 'The assets parameters should be array'),
  'err-no-txouts': rpc(-32602, "The parameters in JSON received doesn't have txouts field"),
  'err-txouts-not-array': rpc(-32602, 'The txouts parameters should be array'),
  'err-unknown-method': rpc(-32601, 'The method in the request is not available'),
  // an answer to the other quantity method is not an answer to ours
  'all-assets-method': { kind: 'shape', message: 'the tracker answered another method' },
};
/** The three GET answers, as the wallet's only GET (`?m=getlastblock`) would read them. */
const GET_ANSWERS: Record<string, { ok: boolean; block?: number; message?: string }> = {
  getlastblock: { ok: true, block: 107 },
  'status-page': { ok: false, message: 'the last-block answer is not JSON' },
  getblockmetadata: { ok: false, message: 'the last-block answer answers another request' },
};

const qtyCases = cases.filter((c) => c.http === 'POST' && c.response.status === 200 && questionOf(c) !== null);

describe('the tracker client reads every recorded coinsparkd answer', () => {
  it('the fixture holds the 42 recorded cases, each read by one of the tests below', () => {
    expect(cases).toHaveLength(42);
    const covered = new Set([...qtyCases.map((c) => c.name), ...Object.keys(REQUEST_ERRORS), ...Object.keys(GET_ANSWERS)]);
    expect(cases.map((c) => c.name).filter((n) => !covered.has(n))).toEqual([]);
    expect(covered.size).toBe(42);
  });

  it.each(qtyCases.map((c) => [c.name, c] as const))('%s: every output of every asset asked, as the recorded world holds it', async (_name, c) => {
    const q = questionOf(c)!;
    const r = await ask(c, q);
    expect(r.ok, !r.ok ? r.message : '').toBe(true);
    if (!r.ok) return;
    // the client asked what the recording asked (assets as sent, each output once)
    const sent = JSON.parse(lastRequest!.body) as { id: unknown; method: string; params: { assets: string[]; txouts: { txid: string; vout: number }[] } };
    expect(sent.id).toEqual(q.id);
    expect(sent.method).toBe('coinspark_assets_get_qty');
    expect(sent.params.assets).toEqual([...new Set(q.assets)]);
    expect(sent.params.txouts.map((t) => txoutKey(t.txid, t.vout))).toEqual([...new Set(q.txouts.map((t) => txoutKey(t.txid, t.vout)))]);

    if (q.txouts.length === 0) {
      // "result":{} — no BTC key; every asset asked reads "missing" for every output (there are none)
      expect(r.entries.has(BTC_KEY)).toBe(false);
      for (const a of q.assets) expect(r.entries.get(a.toLowerCase())?.size).toBe(0);
      return;
    }
    expect(plain(r.entries.get(BTC_KEY)!)).toEqual(expectedFor('BTC', q));
    for (const a of new Set(q.assets)) {
      const got = plain(r.entries.get(a.toLowerCase())!);
      if (c.name === 'object-form-asset') expect(got).toEqual({}); // answered under its label "X", not as A
      else expect(got).toEqual(expectedFor(a, q));
    }
  });

  it('the figures behind the balances: quantities, unconfirmed and spent states', async () => {
    const all = qtyCases.find((c) => c.name === 'all-in-one')!;
    const q = questionOf(all)!;
    const r = await ask(all, q);
    if (!r.ok) throw new Error(r.message);
    const a = r.entries.get(ASSETS.A)!;
    expect(a.get(`${RECORDED_TXIDS.transferA}:0`)).toEqual({ kind: 'qty', qty: 600000, block: 104, spent: 0 });
    expect(a.get(`${RECORDED_TXIDS.mempoolA}:0`)).toEqual({ kind: 'qty', qty: 40000, block: 1234567890, spent: 0 });
    expect(a.get(`${'ab'.repeat(32)}:0`)).toMatchObject({ kind: 'unknown-output' });
    expect(a.get(`${ASSETS.A}:77`)).toMatchObject({ kind: 'unknown-output' });
    expect(a.get(`${RECORDED_TXIDS.transferB}:0`)).toEqual({ kind: 'qty', qty: 0, block: 104, spent: 0 });
    expect([...r.entries.get(ASSETS.I)!.values()].every((e) => e.kind === 'not-tracked')).toBe(true);
    expect(r.entries.get(ASSETS.G)!.get(`${ASSETS.G}:3`)).toEqual({ kind: 'qty', qty: 333, block: 103, spent: 0 });
    // every output the world knows is answered for all 8 tracked assets + BTC
    expect(r.entries.size).toBe(10);
    const spent = qtyCases.find((c) => c.name === 'spent-in-mempool')!;
    const s = await ask(spent, questionOf(spent)!);
    expect(s.ok && s.entries.get(ASSETS.A)!.get(`${RECORDED_TXIDS.transferA}:2`)).toEqual({ kind: 'qty', qty: 400000, block: 104, spent: 1234567890 });
    expect(OUTPUTS.size).toBe(21);
  });

  it.each(Object.entries(REQUEST_ERRORS))('%s: a failed request, never figures', async (name, expected) => {
    const c = cases.find((x) => x.name === name)!;
    // the wallet's own (well-formed) question, answered with the recorded error
    const r = await ask(c, { id: 1, assets: [ASSETS.A], txouts: [{ txid: RECORDED_TXIDS.transferA, vout: 0 }] });
    expect(r).toMatchObject({ ok: false, ...expected });
  });

  it.each(Object.entries(GET_ANSWERS))('%s (GET): read by the last-block call', async (name, expected) => {
    const c = cases.find((x) => x.name === name)!;
    replaying = c;
    const client = new TrackerClient({ policy: { network: 'regtest' } });
    const r = await client.getLastBlock(`${server.url}?k=12595`);
    expect(lastRequest).toMatchObject({ method: 'GET', url: '/?k=12595&m=getlastblock' });
    expect(r).toEqual(expected);
  });
});

