import { describe, expect, it } from 'vitest';
import { HostLimiter, SlotEvictedError, type LimiterSlot } from '../../../main/node/net/host-limiter';

// The shared limiter under safeFetch (issue #12 item 10): overall slots are lent for a grace period while other
// hosts wait, then the slowest holder gives its slot back.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A task that holds its slot until released or evicted, reporting `bytesPerTick` every 10 ms. */
function holder(limiter: HostLimiter, host: string, bytesPerTick: number) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let slot: LimiterSlot | undefined;
  const done = limiter.run(host, async (s) => {
    slot = s;
    const t = setInterval(() => s.progress(bytesPerTick), 10);
    try {
      await Promise.race([released, new Promise((_, reject) => s.signal.addEventListener('abort', () => reject(s.signal.reason)))]);
      return 'finished';
    } finally {
      clearInterval(t);
    }
  });
  return { done: done.catch((e: unknown) => e), release, started: () => slot !== undefined };
}

describe('HostLimiter', () => {
  it('takes back the slowest slot after the grace period, only when another host waits', async () => {
    const limiter = new HostLimiter(4, 2, { graceMs: 150 });
    const slow = holder(limiter, 'slow', 1);
    const fast = holder(limiter, 'fast', 10_000);
    await sleep(250);
    expect(limiter.evicted).toBe(0); // nobody waits: past the grace, nothing is taken back
    const waiting = holder(limiter, 'good', 0);
    await sleep(20);
    expect(waiting.started()).toBe(true); // both were past their grace: the slowest gave way at once
    const reason = await slow.done;
    expect(reason).toBeInstanceOf(SlotEvictedError);
    expect((reason as Error).message).toMatch(/bytes in 0\.\d s while other hosts waited/);
    fast.release();
    expect(await fast.done).toBe('finished');
    waiting.release();
    expect(await waiting.done).toBe('finished');
    expect(limiter.evicted).toBe(1);
  });

  it('lends a slot for the grace period before taking it back', async () => {
    const limiter = new HostLimiter(4, 1, { graceMs: 200 });
    const first = holder(limiter, 'a', 0);
    await sleep(10);
    const t0 = performance.now();
    const second = holder(limiter, 'b', 0);
    while (!second.started()) await sleep(5);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
    expect(await first.done).toBeInstanceOf(SlotEvictedError);
    second.release();
    await second.done;
  });

  it('gives a freed slot to the waiting host holding the fewest slots', async () => {
    const limiter = new HostLimiter(4, 2, { graceMs: 60_000 });
    const a1 = holder(limiter, 'a', 0);
    const a2 = holder(limiter, 'a', 0);
    await sleep(10);
    const a3 = holder(limiter, 'a', 0); // queued first, but its host already holds two
    const b = holder(limiter, 'b', 0);
    await sleep(10);
    a1.release();
    await sleep(10);
    expect(b.started()).toBe(true);
    expect(a3.started()).toBe(false);
    for (const h of [a2, a3, b]) h.release();
    await Promise.all([a1.done, a2.done, a3.done, b.done]);
    expect(limiter.evicted).toBe(0);
  });

  it('never lets one host exceed its own cap, whatever the overall room', async () => {
    const limiter = new HostLimiter(2, 64);
    const hs = [holder(limiter, 'x', 0), holder(limiter, 'x', 0), holder(limiter, 'x', 0)];
    await sleep(10);
    expect(hs.map((h) => h.started())).toEqual([true, true, false]);
    expect(limiter.load('x')).toBe(3);
    for (const h of hs) h.release();
    await Promise.all(hs.map((h) => h.done));
  });
});
