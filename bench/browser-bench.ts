import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { resolveStaticPath } from '../main/node/static-files';

// What the browser benchmarks (render, history) share: the built renderer served, Debian's Chromium, medians.

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

/** Exits with a hint when the renderer has not been built, or was built before its sources last changed. */
export function requireBuiltRenderer(rendererDir: string): void {
  const index = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(index)) {
    console.error('No built renderer in dist/renderer: run "npm run build" first.');
    process.exit(2);
  }
  // A stale build measures the old window, or waits for a screen the old build never draws (a 60 s timeout).
  const built = fs.statSync(index).mtimeMs;
  const newer = ['renderer', 'shared'].map(newestSource).find((f) => f && f.mtimeMs > built);
  if (newer) {
    console.error(`dist/renderer is older than ${newer.file}: run "npm run build" first.`);
    process.exit(2);
  }
}

/** The most recently modified file under a source folder. */
function newestSource(dir: string): { file: string; mtimeMs: number } | null {
  let best: { file: string; mtimeMs: number } | null = null;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const mtimeMs = fs.statSync(file).mtimeMs;
    if (!best || mtimeMs > best.mtimeMs) best = { file, mtimeMs };
  }
  return best;
}

/** Debian's Chromium (never a downloaded browser), as the browser tests run it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
