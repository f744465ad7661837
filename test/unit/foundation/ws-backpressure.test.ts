import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../main/host/web-host';
import { DEFAULT_FLOW_LIMITS } from '../../../main/host/ws-connection';
import { EventBus } from '../../../main/node/event-bus';
import type { Handlers } from '../../../main/node/ipc-dispatch';
import { emptyRendererDir, openIpcSocket } from './ws-host-support';

// Issue #12 item 4: a page that sends and never reads grew the host from 139 MB to 2 GB (100,000 unread
// replies). The host now stops reading from it while its replies wait, and lets it go past a bound.

const REPLY_BYTES = 10_000;
const INFO = { name: 'CoinSpark Wallet', version: 't', host: 'headless', platform: 'x'.repeat(REPLY_BYTES), startupReports: [] };
const events = new EventBus();
let host: WebHost;

beforeAll(async () => {
  const rendererDir = emptyRendererDir();
  const handlers = new Proxy({} as Handlers, { get: (_t, key) => (key === 'app:info' ? () => INFO : undefined) });
  host = await startWebHost({ handlers, events, rendererDir, log: () => undefined });
});
afterAll(() => host.close());

const open = (): Promise<WebSocket> => openIpcSocket(host);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Largest sum of bytes the host held for its sockets, sampled every 10 ms for `ms`. */
async function peakBuffered(ms: number): Promise<number> {
  let peak = 0;
  for (const end = performance.now() + ms; performance.now() < end; await sleep(10)) peak = Math.max(peak, host.stats().bufferedBytes);
  return peak;
}

describe('a page that sends calls and never reads the replies', () => {
  it('holds at most about the high-water mark, then gets every reply once it reads', async () => {
    const ws = await open();
    ws.pause(); // the client stops reading its socket
    const calls = 5000; // 50 MB of replies if they were all produced
    for (let id = 1; id <= calls; id++) ws.send(JSON.stringify({ type: 'invoke', id, channel: 'app:info' }));
    const peak = await peakBuffered(1500);
    const bound = DEFAULT_FLOW_LIMITS.highWaterBytes + DEFAULT_FLOW_LIMITS.maxInFlight * (REPLY_BYTES + 200);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(bound);
    expect(host.stats().queued).toBeLessThanOrEqual(DEFAULT_FLOW_LIMITS.maxQueued);
    // Paused, not dropped: reading again brings every reply.
    const seen = new Set<number>();
    const all = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        seen.add((JSON.parse(String(data)) as { id: number }).id);
        if (seen.size === calls) resolve();
      }),
    );
    ws.resume();
    await all;
    expect(seen.size).toBe(calls);
    ws.close();
  }, 30_000);

  it('is disconnected once its unread events pass the drop bound; the host holds nothing for it after', async () => {
    const ws = await open();
    ws.pause();
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const report = { code: 'x', message: 'y'.repeat(100_000) };
    let peak = 0;
    for (let i = 0; i < 1000 && ws.readyState === ws.OPEN; i++) {
      events.emit('app:reports', [report] as never); // 100 MB in all if nothing were dropped
      peak = Math.max(peak, host.stats().bufferedBytes);
      if (i % 50 === 0) await sleep(1);
    }
    ws.resume();
    expect(await closed).toBe(1006); // terminated, not closed politely
    expect(peak).toBeLessThanOrEqual(DEFAULT_FLOW_LIMITS.dropBytes + 200_000);
    await sleep(50);
    expect(host.stats()).toEqual({ connections: 0, bufferedBytes: 0, inFlight: 0, queued: 0 });
  }, 30_000);
});
