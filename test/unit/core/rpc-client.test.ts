import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient, RpcError, TransportError } from '../../../main/services/core/rpc-client';

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});
/** A JSON-RPC server answering with `answer(request)`, recording what it saw. */
function serve(answer: (body: unknown, req: http.IncomingMessage) => { status?: number; body: string }): Promise<{ url: string; seen: { path: string; auth: string; body: unknown }[]; active: () => number; max: () => number }> {
  const seen: { path: string; auth: string; body: unknown }[] = [];
  let active = 0;
  let max = 0;
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      active++;
      max = Math.max(max, active);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as unknown;
        seen.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', body });
        setTimeout(() => {
          const a = answer(body, req);
          active--;
          res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(a.body);
        }, 20);
      });
    });
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, active: () => active, max: () => max }));
  });
}
const ok = (result: unknown, id: unknown = 1) => ({ body: JSON.stringify({ result, error: null, id }) });

describe('RpcClient', () => {
  it('calls wallet methods on /wallet/<name>, node methods on /, with basic auth', async () => {
    const s = await serve(() => ok(7));
    const client = new RpcClient({ url: s.url, auth: { kind: 'password', user: 'u', password: 'p w' }, wallet: 'my wallet' });
    expect(await client.walletCall('getbalance', [], v.number())).toBe(7);
    expect(await client.call('getblockcount', [], v.number())).toBe(7);
    expect(s.seen.map((x) => x.path)).toEqual(['/wallet/my%20wallet', '/']);
    expect(s.seen[0]!.auth).toBe(`Basic ${Buffer.from('u:p w').toString('base64')}`);
    client.close();
  });

  it('validates results and reports JSON-RPC errors with their code', async () => {
    const s = await serve((body) => ((body as { method: string }).method === 'bad' ? { status: 500, body: JSON.stringify({ result: null, error: { code: -5, message: 'Block not found' }, id: 1 }) } : ok('not a number')));
    const client = new RpcClient({ url: s.url, auth: { kind: 'password', user: 'u', password: 'p' } });
    await expect(client.call('x', [], v.number())).rejects.toBeInstanceOf(TransportError);
    const error = await client.call('bad', [], v.number()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(-5);
    client.close();
  });

  it('retries while Core warms up (-28), then answers', async () => {
    let calls = 0;
    const s = await serve(() => (++calls < 3 ? { status: 500, body: JSON.stringify({ result: null, error: { code: -28, message: 'Loading block index…' }, id: 1 }) } : ok(5)));
    const client = new RpcClient({ url: s.url, auth: { kind: 'password', user: 'u', password: 'p' }, warmupWaitMs: 10_000 });
    expect(await client.call('getblockcount', [], v.number())).toBe(5);
    expect(calls).toBe(3);
    const impatient = new RpcClient({ url: s.url, auth: { kind: 'password', user: 'u', password: 'p' }, warmupWaitMs: 0 });
    calls = 0;
    await expect(impatient.call('getblockcount', [], v.number())).rejects.toMatchObject({ code: -28 });
    client.close();
    impatient.close();
  });

  it('keeps at most maxConcurrent requests in flight', async () => {
    const s = await serve(() => ok(1));
    const client = new RpcClient({ url: s.url, auth: { kind: 'password', user: 'u', password: 'p' }, maxConcurrent: 2 });
    await Promise.all(Array.from({ length: 10 }, () => client.call('x', [], v.number())));
    expect(s.max()).toBe(2);
    client.close();
  });

  it('matches batch answers by id, each with its own outcome', async () => {
    const s = await serve((body) => {
      const calls = body as { id: number; method: string }[];
      return { body: JSON.stringify(calls.reverse().map((c) => (c.method === 'fail' ? { result: null, error: { code: -5, message: 'no' }, id: c.id } : { result: c.method, error: null, id: c.id }))) };
    });
    const client = new RpcClient({ url: s.url, auth: { kind: 'password', user: 'u', password: 'p' } });
    const results = await client.batch([{ method: 'a', params: [] }, { method: 'fail', params: [] }, { method: 'c', params: [] }], false);
    expect(results.map((r) => (r.ok ? r.result : r.error.code))).toEqual(['a', -5, 'c']);
    client.close();
  });

  it('refuses answers larger than the cap and enforces the time limit', async () => {
    const s = await serve(() => ok('x'.repeat(10_000)));
    const small = new RpcClient({ url: s.url, auth: { kind: 'password', user: 'u', password: 'p' }, maxResponseBytes: 1000 });
    await expect(small.call('x', [], v.string())).rejects.toMatchObject({ kind: 'too-large' });
    const slow = new RpcClient({ url: s.url, auth: { kind: 'password', user: 'u', password: 'p' }, timeoutMs: 5 });
    await expect(slow.call('x', [], v.string())).rejects.toMatchObject({ kind: 'timeout' });
    small.close();
    slow.close();
  });
});

describe('RpcClient against a node that drips its answer (issue #12 item 11)', () => {
  it('ends the exchange at its total time limit however steadily bytes arrive, and names the call', async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.stringify({ result: { transactions: [], removed: [], lastblock: '00' }, error: null, id: 1 });
      let i = 0;
      const t = setInterval(() => (i < body.length ? res.write(body[i++]!) : (clearInterval(t), res.end())), 50);
      res.on('close', () => clearInterval(t));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new RpcClient({ url, auth: { kind: 'password', user: 'u', password: 'p' }, timeoutMs: 1000, totalTimeoutMs: 800 });
    const t0 = performance.now();
    const call = client.walletCall('listsinceblock', [], v.unknown());
    await new Promise((r) => setTimeout(r, 300));
    expect(client.oldestPending()).toMatchObject({ method: 'listsinceblock' });
    const error = await call.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('timeout');
    expect((error as Error).message).toMatch(/did not finish its answer to listsinceblock within 1 s/);
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(client.oldestPending()).toBeNull();
    client.close();
  });
});
