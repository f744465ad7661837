import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackerClient } from '../../../main/services/balances/tracker-client';
import { startLocalServer, type LocalServer } from './local-servers';

// A scripted tracker: each test sets how the next answer is built from the request.
let answer: (req: { id: unknown; params: { assets: string[]; txouts: { txid: string; vout: number }[] } }) => string = () => '{}';
let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET') {
        res.end(new URL(req.url ?? '/', 'http://x').searchParams.get('m') === 'getlastblock' ? '{"lastblock":{"block":321,"age":5}}' : '<html>');
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
  it('reads quantities and per-output errors, asset keys as sent (lower-case)', async () => {
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
    ['a malformed element', (r: { id: unknown }) => JSON.stringify({ id: r.id, result: { [A.toLowerCase()]: [{ txid: T1, vout: 3, qty: '2500', block: 1, spent: 0 }] } }), 'shape'],
    ['a negative quantity', (r: { id: unknown }) => JSON.stringify({ id: r.id, result: { [A.toLowerCase()]: [{ txid: T1, vout: 3, qty: -1, block: 1, spent: 0 }] } }), 'shape'],
    ['a quantity above 10^14', (r: { id: unknown }) => JSON.stringify({ id: r.id, result: { [A.toLowerCase()]: [{ txid: T1, vout: 3, qty: 1e15, block: 1, spent: 0 }] } }), 'shape'],
  ] as const)('%s fails the whole query', async (_n, build, kind) => {
    answer = build as typeof answer;
    const r = await ask();
    expect(r).toMatchObject({ ok: false, kind });
  });

  it('a missing asset key reads as missing for every output, not as zero', async () => {
    answer = (r) => JSON.stringify({ id: r.id, result: { BTC: [] } });
    const r = await ask();
    expect(r.ok && r.entries.get(A.toLowerCase())?.size).toBe(0);
  });

  it('reads the last block (lag source), keeping the URL query', async () => {
    expect(await client.getLastBlock(`${server.url}?k=12595`)).toEqual({ ok: true, block: 321 });
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
