import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};

/**
 * Resolve a request path to a file inside `root`, refusing anything that would step outside it. Shared by the
 * headless host and Electron's app:// handler, so both serve the renderer by the same rule.
 */
export function resolveStaticPath(rootDir: string, urlPath: string): string | undefined {
  const root = path.resolve(rootDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\'))) return undefined;
  const full = path.join(root, ...(segments.length ? segments : ['index.html']));
  return full.startsWith(root + path.sep) ? full : undefined;
}

/** A resolved file's bytes and Content-Type, or undefined when it cannot be read. */
export async function readStatic(file: string): Promise<{ body: Buffer<ArrayBuffer>; type: string } | undefined> {
  try {
    const body = await fs.readFile(file);
    return { body, type: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}
