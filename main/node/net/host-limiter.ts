/**
 * Caps how many requests run at once per host (and overall), so that one slow or hostile server only ever delays
 * its own requests:
 *  - per host: at most `perHost` at once; a host's further requests wait behind its own, never behind others';
 *  - overall: at most `overall` at once (memory, sockets). An overall slot is lent, not given: once it has been
 *    held for `graceMs` while requests of other hosts wait, the slowest holder (fewest bytes per second, then the
 *    oldest) is stopped through its slot's signal (reason: `SlotEvictedError`) and its slot goes to a waiting
 *    host. So N hosts that drip bytes can hold every slot for a grace period at most, not for their whole time
 *    limit, and a fast server is never stopped for a dripping one.
 *  - a freed slot goes to the waiting request whose host holds the fewest slots (FIFO among equals).
 */
export interface LimiterSlot {
  /** Aborted when the slot is taken back (reason: a `SlotEvictedError`). */
  readonly signal: AbortSignal;
  /** Report bytes received, so that the slowest holder can be told apart from a busy one. */
  progress(bytes: number): void;
}

export class SlotEvictedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlotEvictedError';
  }
}

export interface HostLimiterOptions {
  /** How long an overall slot is held before it can be taken back for a waiting host. */
  graceMs?: number;
  now?: () => number;
}

interface Holder {
  host: string;
  since: number;
  bytes: number;
  controller: AbortController;
  evicted: boolean;
}

interface Waiter {
  host: string;
  grant: (holder: Holder) => void;
}

export const DEFAULT_GRACE_MS = 2000;

export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, (() => void)[]>();
  private readonly holders = new Set<Holder>();
  private readonly heldByHost = new Map<string, number>();
  private readonly waiters: Waiter[] = [];
  private readonly graceMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private evictions = 0;

  constructor(
    readonly perHost = 4,
    readonly overall = 64,
    options: HostLimiterOptions = {},
  ) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.now = options.now ?? Date.now;
  }

  async run<T>(hostKey: string, task: (slot: LimiterSlot) => Promise<T>): Promise<T> {
    await this.acquireHost(hostKey);
    try {
      const holder = await this.acquireGlobal(hostKey);
      try {
        return await task({
          signal: holder.controller.signal,
          progress: (bytes) => {
            holder.bytes += bytes;
          },
        });
      } finally {
        this.releaseGlobal(holder);
      }
    } finally {
      this.releaseHost(hostKey);
    }
  }

  /** Requests running or waiting for a host. */
  load(hostKey: string): number {
    return (this.active.get(hostKey) ?? 0) + (this.queues.get(hostKey)?.length ?? 0);
  }

  /** Slots taken back so far (for tests and the log). */
  get evicted(): number {
    return this.evictions;
  }

  private acquireHost(key: string): Promise<void> {
    const n = this.active.get(key) ?? 0;
    if (n < this.perHost) {
      this.active.set(key, n + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const q = this.queues.get(key) ?? [];
      q.push(resolve);
      this.queues.set(key, q);
    });
  }

  private releaseHost(key: string): void {
    const q = this.queues.get(key);
    const next = q?.shift();
    if (q && q.length === 0) this.queues.delete(key);
    if (next) {
      next(); // the slot passes on: active count unchanged
      return;
    }
    const n = (this.active.get(key) ?? 1) - 1;
    if (n <= 0) this.active.delete(key);
    else this.active.set(key, n);
  }

  private hold(host: string): Holder {
    const holder: Holder = { host, since: this.now(), bytes: 0, controller: new AbortController(), evicted: false };
    this.holders.add(holder);
    this.heldByHost.set(host, (this.heldByHost.get(host) ?? 0) + 1);
    return holder;
  }

  private acquireGlobal(host: string): Promise<Holder> {
    if (this.holders.size < this.overall) return Promise.resolve(this.hold(host));
    return new Promise((resolve) => {
      this.waiters.push({ host, grant: resolve });
      this.preempt();
    });
  }

  private releaseGlobal(holder: Holder): void {
    this.holders.delete(holder);
    const held = (this.heldByHost.get(holder.host) ?? 1) - 1;
    if (held <= 0) this.heldByHost.delete(holder.host);
    else this.heldByHost.set(holder.host, held);
    if (this.waiters.length === 0) return;
    // The waiting host that holds the fewest slots goes first (FIFO among equals).
    let best = 0;
    for (let i = 1; i < this.waiters.length; i++) {
      if ((this.heldByHost.get(this.waiters[i]!.host) ?? 0) < (this.heldByHost.get(this.waiters[best]!.host) ?? 0)) best = i;
    }
    const [next] = this.waiters.splice(best, 1);
    next!.grant(this.hold(next!.host));
    this.preempt();
  }

  /** Takes back as many slots as requests wait (counting those already being taken back), slowest first. */
  private preempt(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    let needed = this.waiters.length;
    for (const h of this.holders) if (h.evicted) needed--;
    if (needed <= 0) return;
    const now = this.now();
    const rate = (h: Holder): number => h.bytes / Math.max(1, now - h.since);
    const ripe = [...this.holders].filter((h) => !h.evicted && now - h.since >= this.graceMs).sort((a, b) => rate(a) - rate(b) || a.since - b.since);
    for (const victim of ripe.slice(0, needed)) {
      victim.evicted = true;
      this.evictions++;
      const seconds = ((now - victim.since) / 1000).toFixed(1);
      victim.controller.abort(new SlotEvictedError(`${victim.bytes} bytes in ${seconds} s while other hosts waited`));
      needed--;
    }
    if (needed <= 0) return;
    // Not ripe yet: look again when the oldest holder's grace ends.
    let oldest = Number.POSITIVE_INFINITY;
    for (const h of this.holders) if (!h.evicted) oldest = Math.min(oldest, h.since);
    if (!Number.isFinite(oldest)) return;
    this.timer = setTimeout(() => this.preempt(), Math.max(1, oldest + this.graceMs - now));
    this.timer.unref?.();
  }
}
