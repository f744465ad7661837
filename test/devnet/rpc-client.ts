// A small Bitcoin Core JSON-RPC client for the devnet (tracker follower, scenario builder, tests).
// Speaks JSON-RPC 1.0 over HTTP POST with Basic auth from a cookie file or user/password, exactly as
// bitcoin-cli does, so it works against the devnet node and a real bitcoind alike.
import { readFile } from 'node:fs/promises';
import http from 'node:http';

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly method: string,
  ) {
    super(`${method}: ${message} (${code})`);
    this.name = 'RpcError';
  }
}

export interface RpcClientOptions {
  /** e.g. http://127.0.0.1:18443/ */
  url: string;
  /** path of Core's `.cookie` file (`__cookie__:secret`); re-read when authentication fails */
  cookieFile?: string;
  user?: string;
  password?: string;
  /** per-call timeout in ms (default 30 s) */
  timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class RpcClient {
  private auth: string | null = null;
  private nextId = 1;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  constructor(private readonly opts: RpcClientOptions) {
    if (opts.user !== undefined) {
      this.auth = Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64');
    }
  }

  /** A client for the same node addressing `/wallet/<name>`. */
  wallet(name: string): RpcClient {
    const base = new URL(this.opts.url);
    base.pathname = `/wallet/${encodeURIComponent(name)}`;
    return new RpcClient({ ...this.opts, url: base.toString() });
  }

  get url(): string {
    return this.opts.url;
  }

  private async authHeader(refresh: boolean): Promise<string | null> {
    if (this.opts.cookieFile !== undefined && (this.auth === null || refresh)) {
      const cookie = (await readFile(this.opts.cookieFile, 'utf8')).trim();
      this.auth = Buffer.from(cookie).toString('base64');
    }
    return this.auth;
  }

  async call<T = unknown>(method: string, ...params: unknown[]): Promise<T> {
    let res = await this.post(method, params, false);
    if (res.status === 401 && this.opts.cookieFile !== undefined) res = await this.post(method, params, true);
    if (res.status === 401) throw new RpcError(-1, 'authentication failed (HTTP 401)', method);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      throw new RpcError(-1, `non-JSON answer (HTTP ${res.status}): ${res.body.slice(0, 200)}`, method);
    }
    if (typeof body !== 'object' || body === null) throw new RpcError(-1, 'answer is not an object', method);
    const { result, error } = body as { result?: unknown; error?: { code?: unknown; message?: unknown } | null };
    if (error !== null && error !== undefined) {
      throw new RpcError(
        typeof error.code === 'number' ? error.code : -1,
        typeof error.message === 'string' ? error.message : 'unknown error',
        method,
      );
    }
    if (res.status !== 200) throw new RpcError(-1, `HTTP ${res.status}`, method);
    return result as T;
  }

  private async post(method: string, params: unknown[], refreshAuth: boolean): Promise<{ status: number; body: string }> {
    const auth = await this.authHeader(refreshAuth);
    const payload = JSON.stringify({ jsonrpc: '1.0', id: this.nextId++, method, params });
    const url = new URL(this.opts.url);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port === '' ? 80 : Number(url.port),
          path: url.pathname + url.search,
          method: 'POST',
          agent: this.agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
            ...(auth !== null ? { Authorization: `Basic ${auth}` } : {}),
          },
          timeout: this.opts.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_RESPONSE_BYTES) {
              req.destroy(new Error(`${method}: answer larger than ${MAX_RESPONSE_BYTES} bytes`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
