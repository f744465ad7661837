import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../main/host/web-host';
import { jsonTextDepth, parseBoundedJson, unsafeValueReason } from '../../../main/node/bounded-json';
import { EventBus } from '../../../main/node/event-bus';
import { bindHandlers, type Handlers } from '../../../main/node/ipc-dispatch';
import { emptyRendererDir, openIpcSocket } from './ws-host-support';

// Issue #12 items 2 and 3: nothing a page or a socket sends may end the host.

function deepObject(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}
const INFO = { name: 'CoinSpark Wallet', version: 't', host: 'headless', platform: 'x', startupReports: [] };

function handlers(overrides: Record<string, unknown>): Handlers {
  return new Proxy({} as Handlers, { get: (_t, key: string) => overrides[key] });
}

describe('bounded JSON', () => {
  it('measures nesting outside strings only, without recursion', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonTextDepth('"\\"[[["')).toBe(0);
    expect(jsonTextDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });
  it('refuses JSON deeper or larger than the limits', () => {
    expect(parseBoundedJson('{"a":{"b":1}}', { maxDepth: 2, maxBytes: 100 })).toEqual({ ok: true, value: { a: { b: 1 } } });
    expect(parseBoundedJson('{"a":{"b":[1]}}', { maxDepth: 2, maxBytes: 100 })).toMatchObject({ ok: false, reason: /deeper than 2/ });
    expect(parseBoundedJson('"é"', { maxDepth: 2, maxBytes: 3 })).toMatchObject({ ok: false, reason: /3-byte limit/ });
  });
  it('finds values no serialiser can take: too deep, cyclic, too many', () => {
    expect(unsafeValueReason({ a: [1, { b: new Uint8Array(10) }] }, 64, 1000)).toBeNull();
    expect(unsafeValueReason(deepObject(5000), 64, 1_000_000)).toMatch(/deeper than 64/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(unsafeValueReason(cyclic, 64, 1_000_000)).toMatch(/deeper/);
    expect(unsafeValueReason(new Array(2000).fill(0), 64, 1000)).toMatch(/more than 1000/);
  });
});

describe('dispatcher: a handler whose answer cannot be serialised', () => {
  it('answers with an error result instead of a value that would throw in the transport', async () => {
    const errors: string[] = [];
    const dispatch = bindHandlers(handlers({ 'app:info': () => ({ ...INFO, startupReports: [deepObject(5000)] }) }), {
      isTrustedSender: () => true,
      onHandlerError: (channel) => errors.push(channel),
    });
    const result = await dispatch('app:info', undefined, { transport: 'websocket', connectionId: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'HANDLER_ERROR', message: /app:info cannot be sent \(nested deeper than 64 levels\)/ } });
    expect(errors).toEqual(['app:info']);
    expect(() => JSON.stringify(result)).not.toThrow();
  });
});

describe('headless host WebSocket under hostile frames', () => {
  let host: WebHost;
  const logged: string[] = [];
  const events = new EventBus();
  let deep = false;
  beforeAll(async () => {
    const rendererDir = emptyRendererDir();
    host = await startWebHost({
      handlers: handlers({ 'app:info': () => (deep ? { ...INFO, startupReports: [deepObject(5000)] } : INFO) }),
      events,
      rendererDir,
      log: (m) => logged.push(m),
    });
  });
  afterAll(() => host.close());

  const open = (): Promise<WebSocket> => openIpcSocket(host);
  const call = (ws: WebSocket, id: number): Promise<{ id: number; result: { ok: boolean; error?: { message: string } } }> =>
    new Promise((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'invoke', id, channel: 'app:info' }));
    });

  it('a frame above 1 MiB closes that socket (1009) and the host keeps serving (item 3)', async () => {
    const ws = await open();
    ws.on('error', () => undefined);
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('x'.repeat((1 << 20) + 1));
    expect(await closed).toBe(1009);
    expect(logged.some((m) => /Max payload size exceeded/i.test(m))).toBe(true);
    const next = await open();
    expect((await call(next, 1)).result.ok).toBe(true);
    next.close();
  });

  it('an answer nested 5,000 deep becomes an error reply; the host keeps serving (item 2)', async () => {
    const ws = await open();
    deep = true;
    const reply = await call(ws, 2);
    expect(reply.id).toBe(2);
    expect(reply.result).toMatchObject({ ok: false, error: { message: /cannot be sent/ } });
    deep = false;
    expect((await call(ws, 3)).result.ok).toBe(true);
    ws.close();
  });

  it('an event that cannot be serialised is dropped with a log line, not thrown', async () => {
    expect(() => events.emit('app:reports', [deepObject(5000)] as never)).not.toThrow();
    expect(logged.some((m) => /app:reports could not be serialised/.test(m))).toBe(true);
  });
});

describe('host process guard', () => {
  it('an unhandled rejection in a service is logged and the process keeps running', () => {
    const script = path.join(os.tmpdir(), `guard-${process.pid}.ts`);
    fs.writeFileSync(
      script,
      `import { installProcessGuards } from ${JSON.stringify(path.resolve('main/node/process-guards.ts'))};
installProcessGuards({ error: (m: string, d: unknown) => console.log('LOGGED', m, String(d).split('\\n')[0]) });
void Promise.reject(new Error('a hostile answer'));
setTimeout(() => console.log('STILL RUNNING'), 200);
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
    fs.rmSync(script, { force: true });
    expect(run.stdout).toMatch(/LOGGED .*keeps running Error: a hostile answer/);
    expect(run.stdout).toContain('STILL RUNNING');
    expect(run.status).toBe(0);
  });
});

describe('event bus', () => {
  it('a transport that throws on an event neither stops the others nor throws out of a coalesced timer', async () => {
    const failures: string[] = [];
    const bus = new EventBus((event) => failures.push(event));
    const got: unknown[] = [];
    bus.subscribe(() => {
      throw new Error('An object could not be cloned.');
    });
    bus.subscribe((_e, payload) => got.push(payload));
    expect(() => bus.emit('app:reports', [])).not.toThrow();
    bus.emitCoalesced('app:reports', () => [], 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(got).toHaveLength(2);
    expect(failures).toEqual(['app:reports', 'app:reports']);
    bus.dispose();
  });
});
