import http from 'node:http';
import https from 'node:https';
import * as v from 'valibot';
import { readCookie } from './core-paths';

/** How the client authenticates: a cookie file (re-read on 401) or a user and password. */
export type RpcAuth = { kind: 'cookie'; file: string } | { kind: 'password'; user: string; password: string };

export interface RpcClientOptions {
  /** e.g. http://127.0.0.1:18443 (no path). */
  url: string;
  auth: RpcAuth;
  /** Wallet name for `/wallet/<name>` on wallet calls; undefined = `/`. */
  wallet?: string;
  /** Longest silence within one HTTP exchange (waiting for the answer or for its next bytes). */
  timeoutMs?: number;
  /**
   * Deadline of one whole HTTP exchange, however steadily bytes arrive: a node (or something pretending) that
   * drips its answer a byte at a time must not hold the wallet for ever.
   */
  totalTimeoutMs?: number;
  /** At most this many requests in flight (Core's default -rpcthreads is 4; leave room for others). */
  maxConcurrent?: number;
  /** Largest response body accepted. */
  maxResponseBytes?: number;
  /** How long to keep retrying while Core answers -28 (warming up); 0 = report at once. */
  warmupWaitMs?: number;
}

/** Core answered with a JSON-RPC error. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus: number,
    readonly method: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** The exchange failed below JSON-RPC: no connection, time limit, HTTP status without a JSON-RPC body, bad body. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'refused' | 'timeout' | 'host-not-found' | 'network' | 'http-status' | 'bad-response' | 'too-large' | 'auth' | 'cookie',
    message: string,
    readonly detail: { httpStatus?: number; errno?: string; body?: string; cookieFile?: string } = {},
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const RpcEnvelope = v.object({
  result: v.optional(v.unknown()),
  error: v.optional(v.nullable(v.object({ code: v.number(), message: v.string() }))),
  id: v.optional(v.unknown()),
});

export interface RpcCall {
  method: string;
  params: unknown[];
}

export type BatchResult = { ok: true; result: unknown } | { ok: false; error: RpcError };

/**
 * JSON-RPC 1.0 over HTTP to Bitcoin Core, with the limits every boundary of the wallet has: bounded concurrency,
 * a time limit per request, a cap on response size, results validated by the caller's valibot schema. Cookie
 * auth re-reads the cookie file once on 401 (Core writes a new one at each start). While Core answers -28
 * ("Loading block index…") the call is retried for up to `warmupWaitMs`.
 */
export class RpcClient {
  readonly url: URL;
  private readonly options: Required<Omit<RpcClientOptions, 'wallet'>> & { wallet: string | undefined };
  private credentials: string | undefined;
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private nextId = 1;
  private readonly agent: http.Agent;
  /** Exchanges in progress: what they ask and since when (the status says when Core is slow to answer). */
  private readonly inProgress = new Map<number, { method: string; since: number }>();
  private nextExchange = 1;

  constructor(options: RpcClientOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new TransportError('network', `The RPC address must start with http:// or https:// (got ${this.url.protocol}).`);
    this.options = {
      timeoutMs: 30_000,
      totalTimeoutMs: 120_000,
      maxConcurrent: 3,
      maxResponseBytes: 64 * 1024 * 1024,
      warmupWaitMs: 60_000,
      ...options,
      wallet: options.wallet,
    };
    const AgentClass = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new AgentClass({ keepAlive: true, maxSockets: this.options.maxConcurrent });
  }

  get wallet(): string | undefined {
    return this.options.wallet;
  }

  /** The same node and credentials, another wallet path (or `/` with undefined), optionally other time limits. */
  withWallet(wallet: string | undefined, limits: Pick<RpcClientOptions, 'timeoutMs' | 'totalTimeoutMs'> = {}): RpcClient {
    const client = new RpcClient({ ...this.options, ...limits, url: this.url.toString(), wallet });
    client.credentials = this.credentials;
    return client;
  }

  close(): void {
    this.agent.destroy();
  }

  /** The exchange waiting longest for Bitcoin Core (queued calls included), or null when none is. */
  oldestPending(): { method: string; since: number } | null {
    let oldest: { method: string; since: number } | null = null;
    for (const p of this.inProgress.values()) if (!oldest || p.since < oldest.since) oldest = p;
    return oldest;
  }

  /** Node-level call (path `/`). */
  async call<T>(method: string, params: unknown[], schema: v.GenericSchema<unknown, T>): Promise<T> {
    return this.parse(method, schema, await this.callRaw(method, params, false));
  }

  /** Wallet call (path `/wallet/<name>` when a wallet is chosen). */
  async walletCall<T>(method: string, params: unknown[], schema: v.GenericSchema<unknown, T>): Promise<T> {
    return this.parse(method, schema, await this.callRaw(method, params, true));
  }

  private parse<T>(method: string, schema: v.GenericSchema<unknown, T>, value: unknown): T {
    const parsed = v.safeParse(schema, value);
    if (parsed.success) return parsed.output;
    const issue = parsed.issues[0];
    const where = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new TransportError('bad-response', `Bitcoin Core's answer to ${method} has an unexpected shape (${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}).`);
  }

  async callRaw(method: string, params: unknown[], wallet: boolean): Promise<unknown> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const body = JSON.stringify({ jsonrpc: '1.0', id: this.nextId++, method, params });
      const response = await this.post(body, wallet, method);
      const envelope = this.envelope(response, method);
      if (envelope.error) {
        const error = new RpcError(envelope.error.code, envelope.error.message, response.status, method);
        if (error.code === -28 && Date.now() - started < this.options.warmupWaitMs) {
          await delay(Math.min(250 * 2 ** Math.min(attempt, 4), 2000));
          continue;
        }
        throw error;
      }
      return envelope.result;
    }
  }

  /**
   * Several calls in one HTTP request (Core answers a JSON array in any order, matched by id). Each call gets its
   * own outcome; a transport failure rejects the whole batch.
   */
  async batch(calls: RpcCall[], wallet: boolean): Promise<BatchResult[]> {
    if (calls.length === 0) return [];
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const firstId = this.nextId;
      this.nextId += calls.length;
      const body = JSON.stringify(calls.map((c, i) => ({ jsonrpc: '1.0', id: firstId + i, method: c.method, params: c.params })));
      const response = await this.post(body, wallet, `${calls.length} × ${calls[0]!.method}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.body);
      } catch {
        throw new TransportError('bad-response', `Bitcoin Core answered a batch with something that is not JSON (HTTP ${response.status}).`, { httpStatus: response.status, body: response.body.slice(0, 200) });
      }
      if (!Array.isArray(parsed)) {
        // A single error object for the whole batch (e.g. -28 while warming up).
        const envelope = this.envelope(response, 'batch');
        if (envelope.error?.code === -28 && Date.now() - started < this.options.warmupWaitMs) {
          await delay(Math.min(250 * 2 ** Math.min(attempt, 4), 2000));
          continue;
        }
        throw new RpcError(envelope.error?.code ?? -32603, envelope.error?.message ?? 'Batch refused', response.status, 'batch');
      }
      const results: BatchResult[] = new Array(calls.length);
      for (const item of parsed) {
        const envelope = v.safeParse(RpcEnvelope, item);
        if (!envelope.success) continue;
        const index = typeof envelope.output.id === 'number' ? envelope.output.id - firstId : -1;
        if (index < 0 || index >= calls.length) continue;
        const error = envelope.output.error;
        results[index] = error ? { ok: false, error: new RpcError(error.code, error.message, response.status, calls[index]!.method) } : { ok: true, result: envelope.output.result };
      }
      for (let i = 0; i < calls.length; i++) {
        if (!results[i]) throw new TransportError('bad-response', `Bitcoin Core's batch answer has no reply for ${calls[i]!.method}.`);
      }
      if (results.some((r) => !r.ok && r.error.code === -28) && Date.now() - started < this.options.warmupWaitMs) {
        await delay(Math.min(250 * 2 ** Math.min(attempt, 4), 2000));
        continue;
      }
      return results;
    }
  }

  private envelope(response: { status: number; body: string }, method: string): v.InferOutput<typeof RpcEnvelope> {
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      throw new TransportError('http-status', `HTTP ${response.status} without a JSON-RPC answer to ${method}.`, { httpStatus: response.status, body: response.body.slice(0, 200) });
    }
    const parsed = v.safeParse(RpcEnvelope, json);
    if (!parsed.success || (parsed.output.error == null && !('result' in (json as object)))) {
      throw new TransportError('bad-response', `The answer to ${method} is not JSON-RPC (HTTP ${response.status}).`, { httpStatus: response.status, body: response.body.slice(0, 200) });
    }
    return parsed.output;
  }

  private loadCredentials(force: boolean): string {
    if (this.credentials && !force) return this.credentials;
    const auth = this.options.auth;
    if (auth.kind === 'password') {
      this.credentials = Buffer.from(`${auth.user}:${auth.password}`).toString('base64');
      return this.credentials;
    }
    let cookie: { user: string; password: string };
    try {
      cookie = readCookie(auth.file);
    } catch (error) {
      throw new TransportError('cookie', `The cookie file ${auth.file} could not be read (${error instanceof Error ? error.message : String(error)}).`, { cookieFile: auth.file });
    }
    this.credentials = Buffer.from(`${cookie.user}:${cookie.password}`).toString('base64');
    return this.credentials;
  }

  private async post(body: string, wallet: boolean, method: string): Promise<{ status: number; body: string }> {
    const exchange = this.nextExchange++;
    this.inProgress.set(exchange, { method, since: Date.now() });
    try {
      return await this.postAcquired(body, wallet, method);
    } finally {
      this.inProgress.delete(exchange);
    }
  }

  private async postAcquired(body: string, wallet: boolean, method: string): Promise<{ status: number; body: string }> {
    await this.acquire();
    try {
      let response: { status: number; body: string };
      try {
        response = await this.send(body, wallet, this.loadCredentials(false), method);
      } catch (error) {
        // A kept-alive socket the server closed meanwhile: try once on a fresh one.
        if (!(error instanceof TransportError) || error.detail.errno !== 'ECONNRESET') throw error;
        response = await this.send(body, wallet, this.loadCredentials(false), method);
      }
      if (response.status === 401 && this.options.auth.kind === 'cookie') {
        // Core writes a new cookie at each start: read it again once.
        response = await this.send(body, wallet, this.loadCredentials(true), method);
      }
      if (response.status === 401 || response.status === 403) {
        throw new TransportError('auth', response.status === 401 ? 'Bitcoin Core refused the credentials (HTTP 401).' : 'Bitcoin Core refused this client (HTTP 403).', {
          httpStatus: response.status,
          ...(this.options.auth.kind === 'cookie' ? { cookieFile: this.options.auth.file } : {}),
        });
      }
      return response;
    } finally {
      this.release();
    }
  }

  private send(body: string, wallet: boolean, credentials: string, method: string): Promise<{ status: number; body: string }> {
    const walletName = this.options.wallet;
    const pathName = wallet && walletName !== undefined ? `/wallet/${encodeURIComponent(walletName)}` : '/';
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        reject(toTransportError(error, this.url));
      };
      const request = transport.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port || (this.url.protocol === 'https:' ? 443 : 80),
          path: pathName,
          method: 'POST',
          agent: this.agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            Authorization: `Basic ${credentials}`,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            if (settled) return;
            size += chunk.length;
            if (size > this.options.maxResponseBytes) {
              fail(new TransportError('too-large', `Bitcoin Core's answer is larger than ${this.options.maxResponseBytes} bytes.`));
              request.destroy();
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(deadline);
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          response.on('error', fail);
          response.on('aborted', () => fail(new TransportError('network', 'Bitcoin Core closed the connection in the middle of its answer.')));
        },
      );
      const seconds = (ms: number): number => Math.max(1, Math.round(ms / 1000));
      request.setTimeout(this.options.timeoutMs, () => {
        fail(new TransportError('timeout', `Bitcoin Core did not answer ${method} within ${seconds(this.options.timeoutMs)} s.`));
        request.destroy();
      });
      deadline = setTimeout(() => {
        if (settled) return;
        fail(new TransportError('timeout', `Bitcoin Core did not finish its answer to ${method} within ${seconds(this.options.totalTimeoutMs)} s.`));
        request.destroy();
      }, this.options.totalTimeoutMs);
      request.on('error', fail);
      request.end(body);
    });
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(() => resolve()));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

function toTransportError(error: unknown, url: URL): TransportError {
  if (error instanceof TransportError) return error;
  const errno = (error as NodeJS.ErrnoException).code;
  const where = url.host;
  if (errno === 'ECONNREFUSED') return new TransportError('refused', `Nothing accepts connections at ${where}.`, { errno });
  if (errno === 'ENOTFOUND' || errno === 'EAI_AGAIN') return new TransportError('host-not-found', `The host ${url.hostname} could not be found.`, { errno });
  if (errno === 'ETIMEDOUT' || errno === 'ECONNRESET' || errno === 'EHOSTUNREACH' || errno === 'ENETUNREACH') {
    return new TransportError(errno === 'ETIMEDOUT' ? 'timeout' : 'network', `The connection to ${where} failed (${errno}).`, { errno });
  }
  return new TransportError('network', `The connection to ${where} failed (${error instanceof Error ? error.message : String(error)}).`, errno ? { errno } : {});
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
