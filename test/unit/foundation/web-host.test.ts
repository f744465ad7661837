import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../main/host/web-host';
import { EventBus } from '../../../main/node/event-bus';
import type { Handlers } from '../../../main/node/ipc-dispatch';
import { WS_SUBPROTOCOL } from '../../../shared/ipc/wire';
import { makeTempDir } from '../../support/temp-dir';

let host: WebHost;
const events = new EventBus();
const rendererDir = makeTempDir('renderer-');

beforeAll(async () => {
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const handlers = new Proxy({} as Handlers, {
    get: (_t, key) => (key === 'app:info' ? () => ({ name: 'CoinSpark Wallet', version: 't', host: 'headless', platform: 'x', startupReports: [] }) : undefined),
  });
  host = await startWebHost({ handlers, events, rendererDir });
});
afterAll(async () => {
  await host.close();
});

function open(options: { token?: string | null; origin?: string | null; protocols?: string[] } = {}): Promise<{ ws?: WebSocket; status?: number }> {
  const protocols = options.protocols ?? [WS_SUBPROTOCOL, ...(options.token === null ? [] : [`token.${options.token ?? host.token}`])];
  const headers: Record<string, string> = {};
  if (options.origin !== null) headers.Origin = options.origin ?? host.origin;
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, protocols, { headers });
  return new Promise((resolve) => {
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.on('error', () => resolve({}));
  });
}

function call(ws: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(JSON.stringify(message));
  });
}

describe('headless host WebSocket', () => {
  it('answers a call with the right token from our own origin', async () => {
    const { ws } = await open();
    expect(ws?.protocol).toBe(WS_SUBPROTOCOL);
    const reply = await call(ws!, { type: 'invoke', id: 7, channel: 'app:info' });
    expect(reply).toMatchObject({ type: 'result', id: 7, result: { ok: true, value: { name: 'CoinSpark Wallet' } } });
    const unknown = await call(ws!, { type: 'invoke', id: 8, channel: 'app:steal' });
    expect(unknown).toMatchObject({ id: 8, result: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } });
    const bad = await call(ws!, { type: 'invoke', id: 9, channel: 'app:openExternal', payload: { url: 5 } });
    expect(bad).toMatchObject({ id: 9, result: { ok: false, error: { code: 'INVALID_PAYLOAD' } } });
    ws!.close();
  });

  it('pushes contract events to connected pages', async () => {
    const { ws } = await open();
    const got = new Promise((resolve) => ws!.once('message', (d) => resolve(JSON.parse(String(d)))));
    events.emit('app:reports', []);
    expect(await got).toEqual({ type: 'event', event: 'app:reports', payload: [] });
    ws!.close();
  });

  it('refuses a missing token', async () => {
    expect(await open({ token: null })).toEqual({ status: 401 });
  });

  it('refuses a wrong token', async () => {
    expect(await open({ token: 'ab'.repeat(32) })).toEqual({ status: 401 });
    expect(await open({ token: host.token.slice(0, -1) })).toEqual({ status: 401 });
  });

  it('refuses a foreign Origin, or none, even with the right token', async () => {
    expect(await open({ origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await open({ origin: `http://127.0.0.1:${host.port + 1}` })).toEqual({ status: 403 });
    expect(await open({ origin: 'null' })).toEqual({ status: 403 });
    expect(await open({ origin: null })).toEqual({ status: 403 });
  });

  it('closes a socket that sends a malformed frame', async () => {
    const { ws } = await open();
    const closed = new Promise<number>((resolve) => ws!.on('close', (code) => resolve(code)));
    ws!.send('{"type":"invoke","id":"x"}');
    expect(await closed).toBe(1008);
  });

  it('serves the renderer with a CSP only under its own Host name', async () => {
    const ok = await fetch(`${host.origin}/`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    const rebinding = await new Promise<number>((resolve) => {
      const req = require('node:http').request({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'attacker.example' } }, (res: { statusCode: number }) => resolve(res.statusCode));
      req.end();
    });
    expect(rebinding).toBe(421);
  });
});
