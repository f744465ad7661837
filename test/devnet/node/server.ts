// The HTTP side of the node, as Core's libevent server behaves: paths, methods, Basic auth, body
// limits, JSON-RPC 1.0/2.0 framing, batches and notifications.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { JsonNum, JsonParseError, JsonValue, parseExact } from './json.js';
import { MethodDef, Params, ReplyStyle, RpcError, checkArgs, replyBody, toPositional } from './rpc.js';

const MAX_BODY = 32 * 1024 * 1024;
const html = (status: number, title: string): string => `<HTML><HEAD>\n<TITLE>${status} ${title}</TITLE>\n</HEAD><BODY>\n<H1>${title}</H1>\n</BODY></HTML>\n`;

export interface ServerHooks {
  methods: Record<string, MethodDef>;
  /** the -28 message while warming up */
  warmup(): string | null;
  /** valid `user:password` pairs */
  credentials(): string[];
  /** called after a successful `stop` reply was sent */
  onStopRequested(): void;
}

interface Reply {
  status: number;
  body: string | null;
}

export class RpcServer {
  private server: http.Server | null = null;
  private stopping = false;

  constructor(private readonly hooks: ServerHooks) {}

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    this.stopping = false;
    const server = http.createServer({ maxHeaderSize: 16 * 1024 - 1, keepAliveTimeout: 0 }, (req, res) => void this.handle(req, res));
    server.on('clientError', (err, socket) => {
      const code = (err as NodeJS.ErrnoException).code;
      const body = html(400, 'Bad Request');
      if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      void code;
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /** While shutting down Core answers 503 until the listener is gone. */
  setStopping(): void {
    this.stopping = true;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    // in-flight requests finish (Core answers 503 while stopping), idle keep-alive sockets go now
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => s.closeAllConnections(), 200);
      s.close(() => {
        clearTimeout(force);
        resolve();
      });
      s.closeIdleConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const send = (status: number, headers: Record<string, string>, body: string | Buffer | null): void => {
      res.statusCode = status;
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (body === null) res.end();
      else res.end(body);
    };
    if (this.stopping) {
      const b = html(503, 'Service Unavailable');
      send(503, { 'Content-Type': 'text/html', Connection: 'close', 'Content-Length': String(b.length) }, b);
      return;
    }
    if (req.method === 'OPTIONS' || !['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(req.method ?? '')) {
      const b = html(501, 'Not Implemented');
      send(501, { 'Content-Type': 'text/html', Connection: 'close', 'Content-Length': String(b.length) }, b);
      req.resume();
      return;
    }
    const isWallet = url.startsWith('/wallet/');
    if (url !== '/' && !isWallet) {
      send(404, { 'Content-Length': '0', 'Content-Type': 'text/html; charset=ISO-8859-1' }, '');
      req.resume();
      return;
    }
    if (req.method === 'HEAD') {
      // libevent sends the 405 text even for HEAD, with no other header than Date
      req.socket.end(`HTTP/1.1 405 Method Not Allowed\r\nDate: ${new Date().toUTCString()}\r\n\r\nJSONRPC server handles only POST requests`);
      return;
    }
    if (req.method !== 'POST') {
      const b = 'JSONRPC server handles only POST requests';
      send(405, { 'Content-Length': String(b.length), 'Content-Type': 'text/html; charset=ISO-8859-1' }, req.method === 'HEAD' ? null : b);
      req.resume();
      return;
    }
    // body (libevent rejects an over-long body before anything else is looked at)
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY) {
      const b = html(413, 'Request Entity Too Large');
      send(413, { 'Content-Type': 'text/html', Connection: 'close', 'Content-Length': String(b.length) }, b);
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    await new Promise<void>((resolve) => {
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) tooBig = true;
        else chunks.push(c);
      });
      req.on('end', () => resolve());
      req.on('error', () => resolve());
    });
    if (tooBig) {
      const b = html(413, 'Request Entity Too Large');
      send(413, { 'Content-Type': 'text/html', Connection: 'close', 'Content-Length': String(b.length) }, b);
      return;
    }
    const auth = req.headers.authorization;
    const unauthorized = (): void =>
      send(401, { 'WWW-Authenticate': 'Basic realm="jsonrpc"', 'Content-Length': '0', 'Content-Type': 'text/html; charset=ISO-8859-1' }, '');
    if (!auth) {
      unauthorized();
      return;
    }
    if (!this.checkAuth(auth)) {
      await new Promise((r) => setTimeout(r, 250)); // Core slows down password guessing
      unauthorized();
      return;
    }
    let walletPath: string | null = null;
    if (isWallet) {
      const raw = url.slice('/wallet/'.length);
      try {
        walletPath = decodeURIComponent(raw); // Core url-decodes the wallet name
      } catch {
        walletPath = raw;
      }
    }
    const reply = this.process(Buffer.concat(chunks).toString('utf8'), walletPath);
    const headers: Record<string, string> = {};
    if (reply.body === null) {
      send(reply.status, headers, null);
    } else {
      headers['Content-Type'] = 'application/json';
      send(reply.status, headers, reply.body);
    }
    if (this.stopAfterReply) {
      this.stopAfterReply = false;
      this.hooks.onStopRequested();
    }
  }

  private stopAfterReply = false;

  private checkAuth(header: string): boolean {
    const m = /^Basic (.*)$/.exec(header);
    if (!m) return false;
    const given = Buffer.from(m[1]!.trim(), 'base64').toString('utf8');
    return this.hooks.credentials().some((c) => {
      const a = Buffer.from(c);
      const b = Buffer.from(given);
      return a.length === b.length && timingSafeEqual(a, b);
    });
  }

  /** Processes one request body (single or batch) into the HTTP status and body. */
  process(text: string, walletPath: string | null): Reply {
    let parsed: JsonValue;
    try {
      parsed = parseExact(text);
    } catch (e) {
      if (!(e instanceof JsonParseError)) throw e;
      return { status: 500, body: replyBody('1.0', null, true, null, new RpcError(-32700, 'Parse error')) + '\n' };
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return { status: 200, body: '[]\n' };
      const parts: string[] = [];
      for (const m of parsed) {
        if (m === null || typeof m !== 'object' || Array.isArray(m) || m instanceof JsonNum) {
          parts.push(replyBody('1.0', null, true, null, new RpcError(-32600, 'Invalid Request object')));
          continue;
        }
        const r = this.single(m as Record<string, JsonValue>, walletPath);
        if (r.text !== null) parts.push(r.text);
      }
      if (parts.length === 0) return { status: 204, body: null };
      return { status: 200, body: `[${parts.join(',')}]\n` };
    }
    if (parsed === null || typeof parsed !== 'object' || parsed instanceof JsonNum)
      return { status: 500, body: replyBody('1.0', null, true, null, new RpcError(-32700, 'Top-level object parse error')) + '\n' };
    const r = this.single(parsed as Record<string, JsonValue>, walletPath);
    if (r.text === null) return { status: 204, body: null };
    return { status: r.status, body: r.text + '\n' };
  }

  private single(req: Record<string, JsonValue>, walletPath: string | null): { status: number; text: string | null } {
    const hasId = Object.prototype.hasOwnProperty.call(req, 'id');
    const id = hasId ? req.id : undefined;
    let style: ReplyStyle = '1.0';
    const fail = (e: RpcError, st: ReplyStyle): { status: number; text: string } => {
      let status: number;
      if (e.code === -32600) status = 400;
      else if (e.code === -32700) status = 500;
      else if (st === '2.0') status = 200;
      else status = e.code === -32601 ? 404 : 500;
      return { status, text: replyBody(st, id, hasId, null, e) };
    };
    if (Object.prototype.hasOwnProperty.call(req, 'jsonrpc')) {
      const v = req.jsonrpc;
      if (typeof v !== 'string') return fail(new RpcError(-32600, 'jsonrpc field must be a string'), '1.0');
      if (v === '2.0') style = '2.0';
      else if (v !== '1.0') return fail(new RpcError(-32600, 'JSON-RPC version not supported'), '1.0');
    }
    const notification = style === '2.0' && !hasId;
    const method = req.method;
    if (method === undefined) return notification ? { status: 204, text: null } : fail(new RpcError(-32600, 'Missing method'), style);
    if (typeof method !== 'string') return notification ? { status: 204, text: null } : fail(new RpcError(-32600, 'Method must be a string'), style);
    const params = req.params;
    if (params !== undefined && params !== null && (typeof params !== 'object' || params instanceof JsonNum))
      return notification ? { status: 204, text: null } : fail(new RpcError(-32600, 'Params must be an array or object'), style);
    let result: unknown;
    try {
      result = this.execute(method, params, walletPath);
    } catch (e) {
      if (notification) return { status: 204, text: null };
      if (e instanceof RpcError) return fail(e, style);
      const msg = e instanceof Error ? e.message : String(e);
      return fail(new RpcError(-1, msg), style);
    }
    if (notification) return { status: 204, text: null };
    return { status: 200, text: replyBody(style, id, hasId, result, null) };
  }

  private execute(method: string, params: JsonValue | undefined, walletPath: string | null): unknown {
    const warm = this.hooks.warmup();
    if (warm !== null) throw new RpcError(-28, warm);
    if (!Object.prototype.hasOwnProperty.call(this.hooks.methods, method)) throw new RpcError(-32601, 'Method not found');
    const def = this.hooks.methods[method]!;
    const values = toPositional(method, def, params);
    checkArgs(method, def, values);
    const result = def.run(new Params(values, def.args), { walletPath });
    if (method === 'stop') this.stopAfterReply = true;
    return result;
  }
}
