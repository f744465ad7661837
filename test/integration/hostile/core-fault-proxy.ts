import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to Core's answers. */
export type CoreFault = 'none' | 'garbageHex' | 'badListUnspent' | 'dripListSinceBlock';

export interface CoreFaultProxy {
  url: string;
  fault: CoreFault;
  /** JSON-RPC calls seen, by method (each call of a batch counted). */
  count(method: string): number;
  resetCounts(): void;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of a JSON-RPC node (the devnet's, or a real bitcoind) that forwards every call as is
 * and alters the answers per `fault`: the first transaction of a gettransaction batch gets hex that does not
 * parse (truncated); listunspent answers a string; listsinceblock's answer is sent one byte a second.
 */
export async function startCoreFaultProxy(target: string): Promise<CoreFaultProxy> {
  const calls = new Map<string, number>();
  const sockets = new Set<Socket>();
  const state: { fault: CoreFault } = { fault: 'none' };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const parsed = JSON.parse(body.toString()) as { method: string; id: number } | { method: string; id: number }[];
      const methods = Array.isArray(parsed) ? parsed.map((p) => p.method) : [parsed.method];
      for (const m of methods) calls.set(m, (calls.get(m) ?? 0) + 1);
      const fault = state.fault;
      const upstream = http.request(`${target}${req.url}`, { method: 'POST', headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' } }, (up) => {
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          let text = Buffer.concat(out).toString();
          if (fault === 'garbageHex' && Array.isArray(parsed) && methods[0] === 'gettransaction') {
            const answers = JSON.parse(text) as { result: { hex?: string } | null }[];
            // Still hex (so the answer's shape is right), but not a transaction: the first 20 bytes of one.
            if (answers[0]?.result?.hex) answers[0].result.hex = answers[0].result.hex.slice(0, 40);
            text = JSON.stringify(answers);
          }
          if (fault === 'badListUnspent' && methods[0] === 'listunspent') text = JSON.stringify({ result: 'not a list', error: null, id: (parsed as { id: number }).id });
          res.writeHead(up.statusCode ?? 500, { 'content-type': 'application/json' });
          if (fault === 'dripListSinceBlock' && methods[0] === 'listsinceblock') {
            let i = 0;
            // One byte a second while the fault lasts; once it is cleared ("Core recovers"), the rest at once.
            const t = setInterval(() => {
              const end = state.fault === 'dripListSinceBlock' ? i + 1 : text.length;
              if (i < text.length) res.write(text.slice(i, end));
              i = end;
              if (i >= text.length) {
                clearInterval(t);
                res.end();
              }
            }, 1000);
            res.on('close', () => clearInterval(t));
            return;
          }
          res.end(text);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get fault() {
      return state.fault;
    },
    set fault(f: CoreFault) {
      state.fault = f;
    },
    count: (method) => calls.get(method) ?? 0,
    resetCounts: () => calls.clear(),
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
