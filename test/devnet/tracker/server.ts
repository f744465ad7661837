// One tracker HTTP front end (coinsparkd's index.php, emulated in query.ts) over a shared ChainIndex, with fault
// modes that tests switch at run time: lag, HTTP 500, hang, slow, malformed JSON, daemon down, every asset
// untracked, outputs left out, and lies (inflated, zero, "spent", or consistent along the whole chain).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ChainIndex } from './chain-index.js';
import { answerHttp, CONTENT_TYPE, DEFAULT_SHMEM_KEY, type IndexView } from './query.js';

export type TrackerFault =
  | { kind: 'lag'; blocks: number }
  | { kind: 'http500' }
  | { kind: 'hang' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'malformed' }
  /**
   * Lies about the listed assets (genesis txids), or every asset:
   * - `inflate` (default): qty → qty × 2 + 100 on every output;
   * - `zero`: 0 units everywhere;
   * - `spent`: the true figures, but every output holding units of them said to be spent (BTC record included);
   * - `consistent`: as if every genesis had created `factor` (default 3) times its units, followed through every
   *   transaction by the real rules — each answer agrees with the answers for the transaction's inputs, so only a
   *   walk back to the genesis catches it.
   */
  | { kind: 'lie'; assets?: string[]; mode?: LieMode; factor?: number }
  /** the PHP page cannot reach the daemon: every valid request answers −32603 "Could not connect to database" */
  | { kind: 'no-database' }
  /** −10000 "not tracked" for every asset */
  | { kind: 'untracked' }
  /** every output left out of every asset's list */
  | { kind: 'omit' };

export type LieMode = 'inflate' | 'zero' | 'spent' | 'consistent';

export interface TrackerServerOptions {
  index: ChainIndex;
  port?: number;
  host?: string;
  /** a fault present from the start (the sample world's lying tracker) */
  fault?: TrackerFault | null;
  name?: string;
  /** the daemon's shared-memory key: `?k=` on the URL must name it (default 12595, the key index.php opens without `k`) */
  shmemKey?: number;
}

const MAX_BODY = 4 * 1024 * 1024;

export function lieAbout(qty: bigint): bigint {
  return qty * 2n + 100n;
}

export class TrackerServer {
  private fault: TrackerFault | null;
  /** the consistent liar's own index (built when that fault is set) */
  private shadow: { index: ChainIndex; ready: Promise<void> } | null = null;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  url = '';
  port = 0;
  readonly name: string;

  private constructor(private readonly opts: TrackerServerOptions) {
    this.fault = opts.fault ?? null;
    this.name = opts.name ?? 'tracker';
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(opts: TrackerServerOptions): Promise<TrackerServer> {
    const t = new TrackerServer(opts);
    await new Promise<void>((resolve, reject) => {
      t.server.once('error', reject);
      t.server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
    t.port = (t.server.address() as AddressInfo).port;
    t.url = `http://${opts.host ?? '127.0.0.1'}:${t.port}/`;
    return t;
  }

  get index(): ChainIndex {
    return this.opts.index;
  }

  /**
   * Switch the fault mode; `null` restores normal service. The consistent liar indexes the chain on its own first:
   * await the result before relying on its answers (requests meanwhile wait for it).
   */
  setFault(fault: TrackerFault | null): Promise<void> {
    this.fault = fault;
    const old = this.shadow;
    this.shadow = null;
    if (old) void old.ready.then(() => old.index.stop());
    if (fault?.kind === 'lie' && fault.mode === 'consistent') {
      const only = fault.assets?.map((a) => a.toLowerCase());
      const factor = BigInt(fault.factor ?? 3);
      const index = this.opts.index.fork({ creationFactor: (genTxId) => (only === undefined || only.includes(genTxId) ? factor : 1n) });
      this.shadow = { index, ready: index.start() };
      return this.shadow.ready;
    }
    return Promise.resolve();
  }

  /** Resolves when this tracker's own index (a consistent liar's) reflects the node, like ChainIndex.synced(). */
  async synced(): Promise<void> {
    const shadow = this.shadow;
    if (shadow) {
      await shadow.ready;
      await shadow.index.synced();
    }
  }

  getFault(): TrackerFault | null {
    return this.fault;
  }

  private view(): IndexView {
    const f = this.fault;
    const view: IndexView = {
      index: this.shadow?.index ?? this.opts.index,
      lagBlocks: f?.kind === 'lag' ? f.blocks : 0,
      noDatabase: f?.kind === 'no-database',
      shmemKey: this.opts.shmemKey ?? DEFAULT_SHMEM_KEY,
    };
    if (f?.kind === 'untracked') view.untracked = true;
    if (f?.kind === 'omit') view.omit = true;
    if (f?.kind === 'lie') {
      const only = f.assets?.map((a) => a.toLowerCase());
      const concerned = (genTxId: string) => only === undefined || only.includes(genTxId);
      const mode = f.mode ?? 'inflate';
      if (mode === 'inflate') view.lie = (genTxId, qty) => (concerned(genTxId) ? lieAbout(qty) : qty);
      else if (mode === 'zero') view.lie = (genTxId, qty) => (concerned(genTxId) ? 0n : qty);
      else if (mode === 'spent') view.claimSpent = (held) => only === undefined || only.some((g) => (held.get(g) ?? 0n) > 0n);
    }
    return view;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req).catch(() => null);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const f = this.fault;
    if (f?.kind === 'hang') return; // never answer; the socket is destroyed when the server stops
    if (this.shadow) await this.shadow.ready.catch(() => undefined);
    if (f?.kind === 'slow') await new Promise((r) => setTimeout(r, f.delayMs));
    if (f?.kind === 'http500') {
      // what PHP's built-in server sends when the page dies: status 500, no body
      res.writeHead(500, { 'Content-type': CONTENT_TYPE, 'Content-Length': 0 }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://tracker');
    const answer = answerHttp(this.view(), { method: req.method ?? 'GET', query: url.searchParams, body });
    let text = answer.body;
    if (f?.kind === 'malformed' && answer.status === 200) {
      text = text.slice(0, Math.max(1, Math.floor(text.length / 2))) + '<br />\n<b>Warning</b>: unexpected';
    }
    res.writeHead(answer.status, { 'Content-type': answer.contentType, 'Content-Length': Buffer.byteLength(text) }).end(text);
  }

  async stop(): Promise<void> {
    if (this.shadow) await this.shadow.ready.then(() => this.shadow?.index.stop()).catch(() => undefined);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
