import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveStaticPath } from '../main/node/static-files';

/** Serves the built renderer (dist/renderer) on a free loopback port, for the browser benchmarks. */
export async function serveRenderer(rendererDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = resolveStaticPath(rendererDir, req.url === '/' ? '/index.html' : (req.url ?? '/'));
    if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.css') ? 'text/css' : /\.m?js$/.test(file) ? 'text/javascript' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
