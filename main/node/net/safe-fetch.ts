import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { SlotEvictedError, type HostLimiter } from './host-limiter';
import { resolveTarget, type NetPolicy, type ResolvedTarget } from './host-policy';

/**
 * The only way main fetches from issuers and trackers: http/https only, every hop checked against the address
 * policy, a byte cap enforced while streaming (the request is destroyed at the cap, nothing more is buffered),
 * a connect limit, an inactivity limit and an overall deadline, and at most `maxRedirects` redirects.
 */
export interface FetchLimits {
  maxBytes: number;
  connectTimeoutMs: number;
  /** Longest silence while waiting for headers or body bytes. */
  idleTimeoutMs: number;
  /** Deadline for the whole exchange, redirects included. */
  totalTimeoutMs: number;
  maxRedirects?: number;
}

export interface FetchRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  limits: FetchLimits;
  policy: NetPolicy;
  limiter?: HostLimiter | undefined;
  signal?: AbortSignal | undefined;
  /** Told of every body chunk's size as it arrives (a limiter uses it to tell a slow host from a busy one). */
  onProgress?: ((bytes: number) => void) | undefined;
}

export type FetchFailureKind =
  | 'bad-url'
  | 'scheme'
  | 'refused-address'
  | 'dns'
  | 'connect-timeout'
  | 'timeout'
  | 'too-large'
  | 'http-status'
  | 'transport'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'aborted';

export interface FetchOk {
  ok: true;
  status: number;
  finalUrl: string;
  /** Content-Type without parameters, lower-case; null when absent. */
  contentType: string | null;
  body: Uint8Array;
  redirects: number;
}

export interface FetchFailure {
  ok: false;
  kind: FetchFailureKind;
  message: string;
  status?: number;
  finalUrl: string;
  /** Bytes received before giving up (for too-large: proves the download stopped at the cap). */
  received?: number;
}

export type FetchResult = FetchOk | FetchFailure;

export const DEFAULT_MAX_REDIRECTS = 5;

type HopResult = FetchOk | FetchFailure | { redirect: string; status: number };

function mimeOf(header: string | undefined): string | null {
  if (!header) return null;
  const m = header.split(';')[0]?.trim().toLowerCase();
  return m ? m : null;
}

function pinnedLookup(target: ResolvedTarget): LookupFunction {
  // Node asks with { all: true } when happy-eyeballs is on: answer with the one checked address either way.
  return ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

function oneHop(url: URL, target: ResolvedTarget, req: FetchRequest, deadline: number): Promise<HopResult> {
  const { limits } = req;
  const lib = target.protocol === 'https:' ? https : http;
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  return new Promise<HopResult>((resolve) => {
    let settled = false;
    let received = 0;
    const finish = (r: HopResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(deadlineTimer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const fail = (kind: FetchFailureKind, message: string, status?: number) =>
      finish({ ok: false, kind, message, finalUrl: url.href, received, ...(status === undefined ? {} : { status }) });

    const headers: Record<string, string> = { 'user-agent': 'CoinSparkWallet', accept: '*/*', ...req.headers };
    if (body) headers['content-length'] = String(body.length);
    const r = lib.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      path: `${url.pathname}${url.search}`,
      method: req.method ?? 'GET',
      headers,
      lookup: pinnedLookup(target),
      agent: false,
      // TLS server name (SNI and certificate check) is the host name; an IP literal has none.
      ...(isIP(target.hostname) ? {} : { servername: target.hostname }),
    });
    // First of all: whatever ends the request below (abort, limits) surfaces as an 'error' that must be handled.
    r.on('error', (e) => fail('transport', `${url.host}: ${e.message}`));
    const connectTimer = setTimeout(() => {
      fail('connect-timeout', `no connection to ${url.host} within ${limits.connectTimeoutMs} ms`);
      r.destroy();
    }, limits.connectTimeoutMs);
    const deadlineTimer = setTimeout(
      () => {
        fail('timeout', `${url.host} did not answer within ${limits.totalTimeoutMs} ms`);
        r.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    const onAbort = () => {
      const reason: unknown = req.signal?.reason;
      // A limiter took the slot back for other hosts: this host was too slow, which is a timeout of its own.
      if (reason instanceof SlotEvictedError) fail('timeout', `${url.host} was too slow (${reason.message}); it is asked again later`);
      else fail('aborted', 'cancelled');
      r.destroy();
    };
    if (req.signal?.aborted) {
      onAbort();
      return;
    }
    req.signal?.addEventListener('abort', onAbort);

    r.on('socket', (socket) => {
      const connected = () => clearTimeout(connectTimer);
      if (target.protocol === 'https:') socket.once('secureConnect', connected);
      else socket.once('connect', connected);
    });
    r.setTimeout(limits.idleTimeoutMs, () => {
      fail('timeout', `${url.host} stayed silent for ${limits.idleTimeoutMs} ms`);
      r.destroy();
    });
    r.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304 && res.headers.location !== undefined) {
        res.resume();
        r.destroy();
        finish({ redirect: res.headers.location, status });
        return;
      }
      if (status < 200 || status >= 300) {
        fail('http-status', `${url.host} answered HTTP ${status}`, status);
        res.resume();
        r.destroy();
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        fail('too-large', `${url.href} is ${declared} bytes, above the ${limits.maxBytes}-byte limit`);
        r.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        received += chunk.length;
        req.onProgress?.(chunk.length);
        if (received > limits.maxBytes) {
          // Stop reading at once: the rest is never buffered.
          fail('too-large', `${url.href} exceeds the ${limits.maxBytes}-byte limit; download stopped`);
          chunks.length = 0;
          res.destroy();
          r.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const buf = Buffer.concat(chunks, received);
        finish({
          ok: true,
          status,
          finalUrl: url.href,
          contentType: mimeOf(res.headers['content-type']),
          body: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
          redirects: 0,
        });
      });
      res.on('error', (e) => fail('transport', `${url.host}: ${e.message}`));
      res.on('aborted', () => fail('transport', `${url.host} closed the connection early`));
    });
    r.end(body);
  });
}

async function fetchChain(req: FetchRequest): Promise<FetchResult> {
  const deadline = Date.now() + req.limits.totalTimeoutMs;
  const maxRedirects = req.limits.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { ok: false, kind: 'bad-url', message: `not a URL: ${req.url.slice(0, 200)}`, finalUrl: req.url };
  }
  const visited = new Set<string>();
  let method = req.method ?? 'GET';
  let body = req.body;
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return { ok: false, kind: 'scheme', message: `${url.protocol} URLs are not fetched`, finalUrl: url.href };
    visited.add(url.href);
    const resolved = await resolveTarget(url, req.policy);
    if (!resolved.ok) return { ok: false, kind: resolved.kind, message: resolved.message, finalUrl: url.href };
    if (Date.now() >= deadline)
      return { ok: false, kind: 'timeout', message: `no answer within ${req.limits.totalTimeoutMs} ms`, finalUrl: url.href };
    const hop = await oneHop(url, resolved.target, { ...req, method, ...(body === undefined ? {} : { body }) }, deadline);
    if (!('redirect' in hop)) return hop.ok ? { ...hop, redirects } : hop;
    let next: URL;
    try {
      next = new URL(hop.redirect, url);
    } catch {
      return { ok: false, kind: 'bad-url', message: `redirect to an invalid URL`, finalUrl: url.href };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      return { ok: false, kind: 'scheme', message: `redirect to a ${next.protocol} URL refused`, finalUrl: url.href };
    if (url.protocol === 'https:' && next.protocol === 'http:')
      return { ok: false, kind: 'scheme', message: `redirect from https to plain http refused`, finalUrl: url.href };
    if (visited.has(next.href))
      return { ok: false, kind: 'redirect-loop', message: `redirect loop at ${next.href}`, finalUrl: url.href };
    if (redirects + 1 > maxRedirects)
      return { ok: false, kind: 'too-many-redirects', message: `more than ${maxRedirects} redirects`, finalUrl: url.href };
    if (hop.status === 303 || ((hop.status === 301 || hop.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
}

/** Fetches `req.url` under the request's limits. Never throws. */
export async function safeFetch(req: FetchRequest): Promise<FetchResult> {
  let key: string;
  try {
    const u = new URL(req.url);
    key = `${u.hostname.toLowerCase()}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return { ok: false, kind: 'bad-url', message: `not a URL: ${req.url.slice(0, 200)}`, finalUrl: req.url };
  }
  try {
    const limiter = req.limiter;
    if (!limiter) return await fetchChain(req);
    return await limiter.run(key, async (slot) => {
      const link = linkSignals(req.signal, slot.signal);
      try {
        return await fetchChain({ ...req, signal: link.signal, onProgress: (n) => (slot.progress(n), req.onProgress?.(n)) });
      } finally {
        link.dispose();
      }
    });
  } catch (e) {
    return { ok: false, kind: 'transport', message: (e as Error).message, finalUrl: req.url };
  }
}

/**
 * One signal aborted when any of `signals` is (with that one's reason). Listeners are removed by `dispose`, so a
 * long-lived signal (a service's) does not collect one listener per request.
 */
export function linkSignals(...signals: (AbortSignal | undefined)[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  for (const s of signals) {
    if (!s) continue;
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const onAbort = () => controller.abort(s.reason);
    s.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => s.removeEventListener('abort', onAbort));
  }
  return { signal: controller.signal, dispose: () => cleanups.forEach((c) => c()) };
}
