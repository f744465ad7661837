// Minimal HTTP helpers for the devnet tests: requests with an explicit Host header (as a wallet using the
// host map sends them), no redirect following, optional byte counting instead of buffering.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** bytes received (equals body.length unless counting only) */
  size: number;
}

export function httpGet(
  hostPort: string,
  path: string,
  opts: { host?: string; countOnly?: boolean; timeoutMs?: number; method?: string; body?: string } = {},
): Promise<RawResponse> {
  const [hostname, port] = hostPort.split(':');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port: Number(port),
        path,
        method: opts.method ?? 'GET',
        headers: { ...(opts.host !== undefined ? { Host: opts.host } : {}), ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (opts.countOnly !== true) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), size }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

export function postJson(url: string, body: string, timeoutMs = 10_000): Promise<RawResponse> {
  const u = new URL(url);
  return httpGet(u.host, u.pathname + u.search, { method: 'POST', body, timeoutMs });
}

/** Asset-web-page.md §3.2 step 2: the text between `_bitcoin_asset_specification_(` and its `)`. */
export function extractSpecJson(html: string): string | null {
  const start = html.indexOf('_bitcoin_asset_specification_(');
  if (start < 0) return null;
  let i = start + '_bitcoin_asset_specification_('.length;
  const from = i;
  let depth = 1;
  let inString = false;
  for (; i < html.length; i++) {
    const c = html[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return html.slice(from, i);
  }
  return null;
}
