import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackerClient } from '../../../main/services/balances/tracker-client';
import { startLocalServer, type LocalServer } from './local-servers';

// A scripted tracker: each test sets how the next answer is built from the request.
let lastBlockAnswer = '';
let answer: (req: { id: unknown; params: { assets: string[]; txouts: { txid: string; vout: number }[] } }) => string = () => '{}';
let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET') {
        res.end(new URL(req.url ?? '/', 'http://x').searchParams.get('m') === 'getlastblock' ? lastBlockAnswer : '<html>');
        return;
      }
      res.end(answer(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
  });
});
afterAll(() => server.stop());

const A = 'F5D8EE39A430901C91A5917B9F2DC19D6D1A0E9CEA205B009CA73DD04470B9A6';
const T1 = '7f25b380f109b3b013e3f8c1ccd5a904b9bbf50bf23f98acb0b9c7586c415c79';
const T2 = 'c7ea20fa1e8b236b92c0f5a9d9e43e1bce9095faf81ae6bce636fe883b915645';
const client = new TrackerClient({ policy: { network: 'regtest' } });
const ask = () => client.getQty(server.url, [A], [{ txid: T1, vout: 3 }, { txid: T2, vout: 2 }]);

describe('TrackerClient', () => {
  it('reads quantities and per-output errors, asset keys as sent', async () => {
    answer = (r) => {
      const a = r.params.assets[0]!;
      return JSON.stringify({
        id: r.id,
        method: 'coinspark_assets_get_qty',
        result: {
          BTC: [{ txid: T1, vout: 3, qty: 10000, block: 100, spent: 0 }],
          [a]: [
            { txid: T1, vout: 3, qty: 2500, block: 100, spent: 0 },
            { txid: T2, vout: 2, error: { code: -10001, message: 'The transaction output specified could not be found' } },
          ],
        },
      });
    };
    const r = await ask();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.entries.get(A.toLowerCase())!;
    expect(m.get(`${T1}:3`)).toEqual({ kind: 'qty', qty: 2500, block: 100, spent: 0 });
    expect(m.get(`${T2}:2`)).toMatchObject({ kind: 'unknown-output' });
  });

  it('−10000 is "not tracked"', async () => {
    answer = (r) => JSON.stringify({ id: r.id, result: { [r.params.assets[0]!]: r.params.txouts.map((t) => ({ ...t, error: { code: -10000, message: 'This server does not track the asset specified' } })) } });
    const r = await ask();
    expect(r.ok && [...r.entries.get(A.toLowerCase())!.values()].every((e) => e.kind === 'not-tracked')).toBe(true);
  });

  it.each([
    ['an id mismatch', (r: { id: unknown }) => JSON.stringify({ id: `${String(r.id)}x`, result: {} }), 'id'],
    ['a top-level error', (r: { id: unknown }) => JSON.stringify({ id: r.id, error: { code: -32603, message: 'Could not connect to database' } }), 'rpc-error'],
    ['a body that is not JSON', () => '<br /><b>Warning</b>', 'json'],
    ['a result that is not an object', (r: { id: unknown }) => JSON.stringify({ id: r.id, result: [] }), 'shape'],
    ['a malformed element', (r: { id: unknown; params: { assets: string[] } }) => JSON.stringify({ id: r.id, result: { [r.params.assets[0]!]: [{ txid: T1, vout: 3, qty: '2500', block: 1, spent: 0 }] } }), 'shape'],
    ['a negative quantity', (r: { id: unknown; params: { assets: string[] } }) => JSON.stringify({ id: r.id, result: { [r.params.assets[0]!]: [{ txid: T1, vout: 3, qty: -1, block: 1, spent: 0 }] } }), 'shape'],
    ['a quantity above 10^14', (r: { id: unknown; params: { assets: string[] } }) => JSON.stringify({ id: r.id, result: { [r.params.assets[0]!]: [{ txid: T1, vout: 3, qty: 1e15, block: 1, spent: 0 }] } }), 'shape'],
  ] as const)('%s fails the whole query', async (_n, build, kind) => {
    answer = build as typeof answer;
    const r = await ask();
    expect(r).toMatchObject({ ok: false, kind });
  });

  it('reads vout as coinsparkd writes it (a decimal string) and matches it to the output asked', async () => {
    answer = (r) => {
      const a = r.params.assets[0]!;
      return JSON.stringify({
        id: r.id,
        method: 'coinspark_assets_get_qty',
        result: {
          BTC: [{ txid: T1, vout: '3', qty: 10000, block: 100, spent: 0 }, { txid: T2, vout: '2', error: { code: -10001, message: 'The transaction output specified could not be found' } }],
          [a]: [{ txid: T1, vout: '3', qty: 2500, block: 100, spent: 0 }, { txid: T2, vout: '2', error: { code: -10001, message: 'The transaction output specified could not be found' } }],
        },
      });
    };
    const r = await ask();
    expect(r.ok && r.entries.get(A.toLowerCase())!.get(`${T1}:3`)).toEqual({ kind: 'qty', qty: 2500, block: 100, spent: 0 });
    expect(r.ok && r.entries.get('BTC')!.get(`${T1}:3`)).toEqual({ kind: 'qty', qty: 10000, block: 100, spent: 0 });
    expect(r.ok && r.entries.get(A.toLowerCase())!.get(`${T2}:2`)).toMatchObject({ kind: 'unknown-output' });
  });

  it('identical duplicate elements for one output are read once (coinsparkd repeats −10000 elements)', async () => {
    const el = { txid: T1, vout: 3, error: { code: -10000, message: 'This server does not track the asset specified' } };
    answer = (r) => JSON.stringify({ id: r.id, method: 'coinspark_assets_get_qty', result: { [r.params.assets[0]!]: [el, el] } });
    const r = await ask();
    expect(r.ok && [...r.entries.get(A.toLowerCase())!.entries()]).toEqual([[`${T1}:3`, { kind: 'not-tracked', message: el.error.message }]]);
  });

  // Issue 12 item 8: the last duplicate used to win silently.
  it('two elements for one output with different quantities refuse the whole answer', async () => {
    answer = (r) =>
      JSON.stringify({
        id: r.id,
        result: {
          [r.params.assets[0]!]: [
            { txid: T1, vout: '3', qty: 2500, block: 100, spent: 0 },
            { txid: T2, vout: '2', qty: 1, block: 100, spent: 0 },
            { txid: T1, vout: 3, qty: 999_999, block: 100, spent: 0 },
          ],
        },
      });
    const r = await ask();
    expect(r).toMatchObject({ ok: false, kind: 'shape', message: expect.stringMatching(/twice with different figures/) });
  });

  const el = (vout: unknown, extra: Record<string, unknown> = { qty: 1, block: 100, spent: 0 }) => ({ txid: T1, vout, ...extra });
  it.each([
    ['an output that was not asked', [el(4)], /was not asked/],
    ['a vout with a leading zero', [el('03')], /no readable txid and vout/],
    ['a vout with a sign', [el('+3')], /no readable txid and vout/],
    ['a fractional vout', [el(3.5)], /no readable txid and vout/],
    ['a vout beyond 2^32', [el('4294967299')], /no readable txid and vout/],
    ['a txid that is not 64 hex', [{ ...el(3), txid: 'xyz' }], /no readable txid and vout/],
    ['an element with both qty and error', [el(3, { qty: 1, block: 1, spent: 0, error: { code: -10001, message: '' } })], /both a quantity and an error/],
    ['an error without an integer code', [el(3, { error: { code: 'x', message: '' } })], /error for .* is malformed/],
    ['spent in a block before its own', [el(3, { qty: 1, block: 100, spent: 99 })], /spent at 99 before its block 100/],
    ['an unconfirmed output spent in a block', [el(3, { qty: 1, block: 1234567890, spent: 120 })], /before its block/],
    ['a height above the mempool mark', [el(3, { qty: 1, block: 1234567891, spent: 0 })], /heights .* out of range/],
    ['"not tracked" mixed with quantities', [el(3, { error: { code: -10000, message: '' } }), { txid: T2, vout: 2, qty: 5, block: 100, spent: 0 }], /both "not tracked" and quantities/],
  ] as const)('refuses %s', async (_n, list, message) => {
    answer = (r) => JSON.stringify({ id: r.id, result: { [r.params.assets[0]!]: list } });
    expect(await ask()).toMatchObject({ ok: false, kind: 'shape', message: expect.stringMatching(message) });
  });

  it.each([
    ['a figure on an output the same answer calls unknown', { error: { code: -10001, message: 'x' } }, { qty: 5, block: 100, spent: 0 }],
    ['a block other than the BTC record', { qty: 10000, block: 100, spent: 0 }, { qty: 5, block: 101, spent: 0 }],
    ['a spent height other than the BTC record', { qty: 10000, block: 100, spent: 0 }, { qty: 5, block: 100, spent: 120 }],
    ['an unknown output the BTC record knows', { qty: 10000, block: 100, spent: 0 }, { error: { code: -10001, message: 'x' } }],
  ] as const)('refuses %s', async (_n, btc, asset) => {
    answer = (r) => JSON.stringify({ id: r.id, result: { BTC: [{ txid: T1, vout: '3', ...btc }], [r.params.assets[0]!]: [{ txid: T1, vout: '3', ...asset }] } });
    expect(await ask()).toMatchObject({ ok: false, kind: 'shape', message: expect.stringMatching(/contradicts its BTC record/) });
  });

  it.each([
    ['an answer without id', () => JSON.stringify({ method: 'coinspark_assets_get_qty', result: {} }), 'id'],
    ['an answer to another method', (r: { id: unknown }) => JSON.stringify({ id: r.id, method: 'coinspark_all_assets_get_qty', result: {} }), 'shape'],
    ['an error envelope without id and method', () => '{"error":{"code":-32600,"message":"The JSON received is JSON object"}}', 'rpc-error'],
    ['a bare-string error', (r: { id: unknown }) => JSON.stringify({ error: 'Last block record not found', id: r.id }), 'rpc-error'],
    ['an error that is neither object nor string', (r: { id: unknown }) => JSON.stringify({ error: 5, id: r.id }), 'shape'],
  ] as const)('%s is a failed request', async (_n, build, kind) => {
    answer = build as typeof answer;
    expect(await ask()).toMatchObject({ ok: false, kind });
  });

  it('an asset whose genesis is in the tracker\'s memory pool gives no figures (coinsparkd mixes unconfirmed assets)', async () => {
    answer = (r) => {
      const a = r.params.assets[0]!;
      return JSON.stringify({
        id: r.id,
        method: 'coinspark_assets_get_qty',
        result: {
          BTC: [{ txid: T1, vout: '3', qty: 10000, block: 1234567890, spent: 0 }],
          [a]: [{ txid: T1, vout: '3', qty: 2500, block: 1234567890, spent: 0 }, { txid: T2, vout: '2', error: { code: -10001, message: 'x' } }],
        },
        assets: { BTC: { genesis_block: 0, genesis_offset: 81 }, [a]: { genesis_block: 1234567890, genesis_offset: 0, genesis_prefix: a.slice(0, 8) } },
      });
    };
    const r = await ask();
    expect(r.ok && r.entries.get(A.toLowerCase())!.get(`${T1}:3`)).toMatchObject({ kind: 'not-tracked', message: expect.stringMatching(/memory pool/) });
    expect(r.ok && r.entries.get(A.toLowerCase())!.get(`${T2}:2`)).toMatchObject({ kind: 'unknown-output' });
    expect(r.ok && r.entries.get('BTC')!.get(`${T1}:3`)).toMatchObject({ kind: 'qty', qty: 10000 });
  });

  it('a missing asset key reads as missing for every output, not as zero', async () => {
    answer = (r) => JSON.stringify({ id: r.id, result: { BTC: [] } });
    const r = await ask();
    expect(r.ok && r.entries.get(A.toLowerCase())?.size).toBe(0);
  });

  it('reads the last block (lag source), keeping the URL query', async () => {
    lastBlockAnswer = '{"lastblock":{"block":321,"age":5}}';
    expect(await client.getLastBlock(`${server.url}?k=12595`)).toEqual({ ok: true, block: 321 });
  });

  it.each([
    ['with the id and method coinsparkd echoes', '{"id":null,"method":"getlastblock","lastblock":{"block":107,"created_ts":1,"created":"x","age":3}}', { ok: true, block: 107 }],
    ['its bare-string error before anything is indexed', '{"error":"Last block record not found","id":null,"method":"getlastblock"}', { ok: false, message: 'tracker error: Last block record not found' }],
    ['an answer to another GET method', '{"id":null,"method":"getblockmetadata","block":{"hash":"00","id":103}}', { ok: false, message: 'the last-block answer answers another request' }],
    ['a block at the mempool mark', '{"lastblock":{"block":1234567890}}', { ok: false, message: 'the last-block answer is malformed' }],
    ['a block that is a string', '{"lastblock":{"block":"107"}}', { ok: false, message: 'the last-block answer is malformed' }],
  ] as const)('last block: %s', async (_n, body, expected) => {
    lastBlockAnswer = body;
    expect(await client.getLastBlock(server.url)).toEqual(expected);
  });

  it('on mainnet a tracker on a private address is refused before connecting', async () => {
    const main = new TrackerClient({ policy: { network: 'mainnet' } });
    const before = server.hits.get('/') ?? 0;
    const r = await main.getQty(server.url, [A], [{ txid: T1, vout: 3 }]);
    expect(r).toMatchObject({ ok: false, kind: 'transport' });
    expect(!r.ok && r.message).toMatch(/private address/);
    expect(server.hits.get('/') ?? 0).toBe(before);
  });
});
