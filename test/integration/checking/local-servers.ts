import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A throw-away HTTP server on 127.0.0.1 for precise fault tests. */
export interface LocalServer {
  url: string;
  port: number;
  /** Requests received, by path. */
  hits: Map<string, number>;
  stop(): Promise<void>;
}

export async function startLocalServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    hits,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
