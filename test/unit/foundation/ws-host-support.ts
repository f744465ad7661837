import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { WebHost } from '../../../main/host/web-host';
import { WS_SUBPROTOCOL } from '../../../shared/ipc/wire';
import { makeTempDir } from '../../support/temp-dir';

/** A renderer folder with just an index page, for web-host tests that only use the WebSocket. */
export function emptyRendererDir(): string {
  const dir = makeTempDir('renderer-');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  return dir;
}

/** An authenticated IPC socket to the host (right token, our own Origin), open. */
export function openIpcSocket(host: Pick<WebHost, 'port' | 'token' | 'origin'>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, [WS_SUBPROTOCOL, `token.${host.token}`], { headers: { Origin: host.origin } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
