import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostLimiter } from '../../../main/node/net/host-limiter';
import { safeFetch, type FetchLimits } from '../../../main/node/net/safe-fetch';
import { startLocalServer, type LocalServer } from './local-servers';

const limits: FetchLimits = { maxBytes: 1024 * 1024, connectTimeoutMs: 1000, idleTimeoutMs: 400, totalTimeoutMs: 1500 };
const regtest = { network: 'regtest' as const };

let server: LocalServer;
let sentOnStream = 0;
let streamClosedEarly = false;

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    switch (u.pathname) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'Text/Plain; charset=utf-8' }).end('hello');
        return;
      case '/missing':
        res.writeHead(404).end('no');
        return;
      case '/hang':
        return; // never answers
      case '/trickle': {
        // Sends a byte every 200 ms forever: the idle limit never fires, the overall deadline must.
        res.writeHead(200);
        const t = setInterval(() => res.write('x'), 200);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/stream': {
        // 64 MB with no Content-Length, written with backpressure: the client must stop at its cap.
        sentOnStream = 0;
        streamClosedEarly = false;
        res.writeHead(200, { 'content-type': 'application/pdf' });
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        const total = 64 * 1024 * 1024;
        const pump = () => {
          while (sentOnStream < total) {
            sentOnStream += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => {
          if (sentOnStream < total) streamClosedEarly = true;
          sentOnStream = total + 1;
        });
        pump();
        return;
      }
      case '/declared-big':
        res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
        res.write('x');
        return;
      case '/loop-a':
        res.writeHead(302, { location: '/loop-b' }).end();
        return;
      case '/loop-b':
        res.writeHead(301, { location: '/loop-a' }).end();
        return;
      case '/private':
        res.writeHead(302, { location: 'http://10.0.0.1/page/' }).end();
        return;
      case '/ftp':
        res.writeHead(302, { location: 'ftp://127.0.0.1/x' }).end();
        return;
      default: {
        const m = /^\/chain\/(\d+)$/.exec(u.pathname);
        if (m) {
          const n = Number(m[1]);
          if (n === 0) res.writeHead(200).end('end of chain');
          else res.writeHead(307, { location: `/chain/${n - 1}` }).end();
          return;
        }
        res.writeHead(404).end();
      }
    }
  });
});
afterAll(() => server.stop());

describe('safeFetch', () => {
  it('returns the body and the bare MIME type', async () => {
    const r = await safeFetch({ url: `${server.url}ok`, limits, policy: regtest });
    expect(r.ok && new TextDecoder().decode(r.body)).toBe('hello');
    expect(r.ok && r.contentType).toBe('text/plain');
  });

  it('non-2xx is a failure with the status', async () => {
    const r = await safeFetch({ url: `${server.url}missing`, limits, policy: regtest });
    expect(r).toMatchObject({ ok: false, kind: 'http-status', status: 404 });
  });

  it('a silent server hits the idle limit', async () => {
    const t0 = performance.now();
    const r = await safeFetch({ url: `${server.url}hang`, limits, policy: regtest });
    expect(r).toMatchObject({ ok: false, kind: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(1200);
  });

  it('a trickling server hits the overall deadline', async () => {
    const t0 = performance.now();
    const r = await safeFetch({ url: `${server.url}trickle`, limits, policy: regtest });
    expect(r).toMatchObject({ ok: false, kind: 'timeout' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1400);
    expect(performance.now() - t0).toBeLessThan(2500);
  });

  it('stops a 64 MB stream at a 16 MB cap, holding no more than the cap', async () => {
    const cap = 16 * 1024 * 1024;
    const before = process.memoryUsage().arrayBuffers;
    const r = await safeFetch({ url: `${server.url}stream`, limits: { ...limits, maxBytes: cap, idleTimeoutMs: 5000, totalTimeoutMs: 20_000 }, policy: regtest });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind).toBe('too-large');
    expect(r.received).toBeGreaterThan(cap);
    expect(r.received!).toBeLessThanOrEqual(cap + 128 * 1024);
    // The server sees the connection closed long before it could write everything.
    for (let i = 0; i < 100 && !streamClosedEarly; i++) await new Promise((res) => setTimeout(res, 20));
    expect(streamClosedEarly).toBe(true);
    // Whatever was buffered is garbage now; the growth while downloading was bounded by the cap.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(cap * 2);
  });

  it('refuses a declared Content-Length above the cap before reading the body', async () => {
    const r = await safeFetch({ url: `${server.url}declared-big`, limits, policy: regtest });
    expect(r).toMatchObject({ ok: false, kind: 'too-large', received: 0 });
  });

  it('follows up to 5 redirects, not 6', async () => {
    const five = await safeFetch({ url: `${server.url}chain/5`, limits, policy: regtest });
    expect(five.ok && five.redirects).toBe(5);
    const six = await safeFetch({ url: `${server.url}chain/6`, limits, policy: regtest });
    expect(six).toMatchObject({ ok: false, kind: 'too-many-redirects' });
  });

  it('detects redirect loops', async () => {
    const r = await safeFetch({ url: `${server.url}loop-a`, limits, policy: regtest });
    expect(r).toMatchObject({ ok: false, kind: 'redirect-loop' });
  });

  it('refuses a redirect to a private address without connecting', async () => {
    const r = await safeFetch({ url: `${server.url}private`, limits, policy: regtest });
    expect(r).toMatchObject({ ok: false, kind: 'refused-address' });
  });

  it('refuses redirects to other schemes', async () => {
    const r = await safeFetch({ url: `${server.url}ftp`, limits, policy: regtest });
    expect(r).toMatchObject({ ok: false, kind: 'scheme' });
  });

  it('on mainnet refuses loopback (the user network is not probed)', async () => {
    const hitsBefore = server.hits.get('/ok') ?? 0;
    const r = await safeFetch({ url: `${server.url}ok`, limits, policy: { network: 'mainnet' } });
    expect(r).toMatchObject({ ok: false, kind: 'refused-address' });
    const mapped = await safeFetch({ url: 'http://gold.example/ok', limits, policy: { network: 'mainnet', hostMap: { 'gold.example': `127.0.0.1:${server.port}` }, lookup: async () => [{ address: '127.0.0.1', family: 4 }] } });
    expect(mapped).toMatchObject({ ok: false, kind: 'refused-address' });
    expect(server.hits.get('/ok') ?? 0).toBe(hitsBefore);
  });

  it('uses the host map on regtest, keeping the Host name', async () => {
    const r = await safeFetch({ url: 'http://gold.example/ok', limits, policy: { network: 'regtest', hostMap: { 'gold.example': `127.0.0.1:${server.port}` } } });
    expect(r.ok).toBe(true);
  });

  it('a hanging host does not delay another host (per-host limiter)', async () => {
    const limiter = new HostLimiter(2, 64);
    const other = await startLocalServer((_req, res) => res.writeHead(200).end('fine'));
    try {
      const hanging = Array.from({ length: 4 }, () => safeFetch({ url: `${server.url}hang`, limits, policy: regtest, limiter }));
      const t0 = performance.now();
      const quick = await safeFetch({ url: `${other.url}x`, limits, policy: regtest, limiter });
      expect(quick.ok).toBe(true);
      expect(performance.now() - t0).toBeLessThan(200);
      expect(limiter.load(`127.0.0.1:${server.port}`)).toBe(4);
      await Promise.all(hanging);
    } finally {
      await other.stop();
    }
  });
});
