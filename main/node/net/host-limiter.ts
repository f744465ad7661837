/**
 * Caps how many requests run at once per host (and overall), so one slow or hanging issuer only ever occupies
 * its own slots: requests to other hosts never queue behind it.
 */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, (() => void)[]>();
  private total = 0;
  private readonly globalQueue: (() => void)[] = [];

  constructor(
    readonly perHost = 4,
    readonly overall = 64,
  ) {}

  async run<T>(hostKey: string, task: () => Promise<T>): Promise<T> {
    await this.acquireHost(hostKey);
    try {
      await this.acquireGlobal();
      try {
        return await task();
      } finally {
        this.releaseGlobal();
      }
    } finally {
      this.releaseHost(hostKey);
    }
  }

  /** Requests running or waiting for a host. */
  load(hostKey: string): number {
    return (this.active.get(hostKey) ?? 0) + (this.queues.get(hostKey)?.length ?? 0);
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

  private acquireGlobal(): Promise<void> {
    if (this.total < this.overall) {
      this.total++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.globalQueue.push(resolve));
  }

  private releaseGlobal(): void {
    const next = this.globalQueue.shift();
    if (next) next();
    else this.total--;
  }
}
