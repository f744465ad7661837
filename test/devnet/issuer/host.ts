// The issuer web host: one HTTP server on loopback serving every asset domain of the devnet (routed by
// the Host header; the wallet reaches `gold.example` through the host map on regtest). Serves asset web
// pages, contracts and icons, with per-asset fault modes switchable at run time.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { assetPageHtml, embedJson } from './content.js';

export interface AssetSite {
  /** the scenario's name for the asset, e.g. "gold" */
  key: string;
  /** lower-case domain from the genesis, e.g. "gold.example" */
  domain: string;
  /** URL path of the asset page (from calcAssetURL), e.g. "/coinspark/gold/" */
  pagePath: string;
  /** the JSON object published in the page */
  spec: Record<string, unknown>;
  contract: { path: string; body: Uint8Array; contentType: string };
  icon?: { path: string; body: Uint8Array };
}

export type IssuerFault =
  | { kind: 'notFound' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'hang' }
  /** the page is followed by padding up to `bytes` (default 20 MiB), streamed */
  | { kind: 'oversizedPage'; bytes?: number }
  /** the contract is padded to `bytes` (default 17 MiB, above the 16 MB limit), streamed */
  | { kind: 'oversizedContract'; bytes?: number }
  /** a fixed (hashed) field changed after issue: the description is edited */
  | { kind: 'hashMismatch' }
  /** the embedded JSON cannot be parsed */
  | { kind: 'brokenJson' }
  /** the page answers with `hops` redirects in a row (default 3) before the page itself */
  | { kind: 'redirectChain'; hops?: number }
  /** the page redirects to a private address (default http://10.0.0.1/…); the host never goes there */
  | { kind: 'privateRedirect'; target?: string };

export interface IssuerHostOptions {
  port?: number;
  host?: string;
}

const REDIRECT_PREFIX = '/__redirect/';

export class IssuerHost {
  private readonly sites = new Map<string, AssetSite>();
  private readonly faults = new Map<string, IssuerFault>();
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  baseUrl = '';

  private constructor(private readonly opts: IssuerHostOptions) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(opts: IssuerHostOptions = {}): Promise<IssuerHost> {
    const h = new IssuerHost(opts);
    await new Promise<void>((resolve, reject) => {
      h.server.once('error', reject);
      h.server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
    h.port = (h.server.address() as AddressInfo).port;
    h.baseUrl = `http://${opts.host ?? '127.0.0.1'}:${h.port}/`;
    return h;
  }

  addAsset(site: AssetSite): void {
    this.sites.set(site.key, { ...site, domain: site.domain.toLowerCase() });
  }

  site(key: string): AssetSite | undefined {
    return this.sites.get(key);
  }

  /** Domain → "127.0.0.1:port" for every asset domain served here. */
  get hostMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const s of this.sites.values()) map[s.domain] = `${this.opts.host ?? '127.0.0.1'}:${this.port}`;
    return map;
  }

  /** Set or clear (`null`) the fault of one asset; clearing restores the original page. */
  setFault(key: string, fault: IssuerFault | null): void {
    if (!this.sites.has(key)) throw new Error(`unknown asset key ${key}`);
    if (fault === null) this.faults.delete(key);
    else this.faults.set(key, fault);
  }

  getFault(key: string): IssuerFault | null {
    return this.faults.get(key) ?? null;
  }

  /** The page as currently served (after content faults), for tests. */
  pageHtml(key: string): string {
    const site = this.sites.get(key);
    if (site === undefined) throw new Error(`unknown asset key ${key}`);
    return this.renderPage(site, this.faults.get(key));
  }

  private renderPage(site: AssetSite, fault: IssuerFault | undefined): string {
    if (fault?.kind === 'hashMismatch') {
      const edited = { ...site.spec, description: `${String(site.spec['description'] ?? '')} Terms revised after issue.` };
      return assetPageHtml(edited);
    }
    if (fault?.kind === 'brokenJson') {
      const json = embedJson(site.spec);
      return assetPageHtml(site.spec, json.slice(0, json.lastIndexOf('}')) + ',\n "note": }');
    }
    return assetPageHtml(site.spec);
  }

  private route(req: http.IncomingMessage): { domain: string; path: string; query: URLSearchParams; prefix: string } {
    const url = new URL(req.url ?? '/', 'http://x');
    let domain = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    let path = url.pathname;
    let prefix = '';
    const known = new Set([...this.sites.values()].map((s) => s.domain));
    if (!known.has(domain)) {
      // direct access without a host map: http://127.0.0.1:port/<domain>/<path>
      const m = /^\/([^/]+)(\/.*)?$/.exec(path);
      if (m !== null && known.has(m[1]!.toLowerCase())) {
        domain = m[1]!.toLowerCase();
        path = m[2] ?? '/';
        prefix = `/${domain}`;
      }
    }
    return { domain, path, query: url.searchParams, prefix };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // A browser opening a domain of the host map (the wallet's "issuer home page" link on regtest) comes by the
    // /<domain>/ form: links on the home page keep that prefix.
    const { domain, path, query, prefix } = this.route(req);
    const sites = [...this.sites.values()].filter((s) => s.domain === domain);
    if (sites.length === 0) return notFound(res);
    const viaRedirect = query.get('via') === 'redirect';

    if (path.startsWith(REDIRECT_PREFIX)) {
      const [key, hopText] = path.slice(REDIRECT_PREFIX.length).split('/');
      const site = sites.find((s) => s.key === key);
      const hop = Number(hopText);
      if (site === undefined || !Number.isInteger(hop)) return notFound(res);
      const f = this.faults.get(site.key);
      const hops = f?.kind === 'redirectChain' ? (f.hops ?? 3) : 0;
      const next = hop + 1 < hops ? `${REDIRECT_PREFIX}${site.key}/${hop + 1}` : `${site.pagePath}?via=redirect`;
      res.writeHead(302, { Location: `http://${site.domain}${next}` }).end();
      return;
    }

    if (path === '/') {
      const names = sites.map((s) => `<li><a href="${prefix}${s.pagePath}">${String(s.spec['name'] ?? s.key)}</a></li>`).join('');
      return send(res, 200, 'text/html; charset=utf-8', `<!DOCTYPE html><html lang="en"><head><title>${domain} (demo issuer)</title></head><body><h1>${domain}</h1><p>A demo issuer of the CoinSpark demo network, served on this computer.</p><ul>${names}</ul></body></html>`);
    }

    for (const site of sites) {
      const fault = this.faults.get(site.key);
      const isPage = path === site.pagePath || `${path}/` === site.pagePath;
      const isContract = path === site.contract.path;
      const isIcon = site.icon !== undefined && path === site.icon.path;
      if (!isPage && !isContract && !isIcon) continue;
      if (fault?.kind === 'hang') return; // never answer; destroyed on stop()
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      if (fault?.kind === 'notFound' && !isIcon) return notFound(res);
      if (isPage) {
        if (fault?.kind === 'redirectChain' && !viaRedirect) {
          const hops = fault.hops ?? 3;
          const to = hops <= 1 ? `${site.pagePath}?via=redirect` : `${REDIRECT_PREFIX}${site.key}/1`;
          res.writeHead(302, { Location: `http://${site.domain}${to}` }).end();
          return;
        }
        if (fault?.kind === 'privateRedirect') {
          const target = fault.target ?? `http://10.0.0.1${site.pagePath}`;
          res.writeHead(302, { Location: target }).end();
          return;
        }
        const html = Buffer.from(this.renderPage(site, fault), 'utf8');
        if (fault?.kind === 'oversizedPage') {
          return streamPadded(req, res, 'text/html; charset=utf-8', html, fault.bytes ?? 20 * 1024 * 1024, '<!-- padding -->\n');
        }
        return send(res, 200, 'text/html; charset=utf-8', html, req.method === 'HEAD');
      }
      if (isContract) {
        if (fault?.kind === 'oversizedContract') {
          return streamPadded(req, res, site.contract.contentType, site.contract.body, fault.bytes ?? 17 * 1024 * 1024, '\n');
        }
        return send(res, 200, site.contract.contentType, site.contract.body, req.method === 'HEAD');
      }
      return send(res, 200, 'image/png', site.icon!.body, req.method === 'HEAD');
    }
    return notFound(res);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Uint8Array, headOnly = false): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length });
  res.end(headOnly ? undefined : buf);
}

function notFound(res: http.ServerResponse): void {
  send(res, 404, 'text/html; charset=utf-8', '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>');
}

/** `head` then filler up to `total` bytes, written with backpressure: never held in memory at once. */
function streamPadded(req: http.IncomingMessage, res: http.ServerResponse, type: string, head: Uint8Array, total: number, fill: string): void {
  const size = Math.max(total, head.length);
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const chunk = Buffer.alloc(64 * 1024, fill);
  let left = size - head.length;
  res.write(head);
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  res.on('close', () => {
    left = 0;
  });
  pump();
}
