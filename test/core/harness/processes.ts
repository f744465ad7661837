// Child processes, ports, temporary folders and shared-memory segments of the optional suite, each released by
// what identifies it (a pid, a key, a path), in reverse order, even when a test fails; and, should the test
// process end before its cleanup ran, killed and removed on exit as well.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value (not undefined); throws `what` with the last error after `ms`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000, every = 250): Promise<T> {
  const end = performance.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
    await sleep(every);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of processes whose command line contains `marker` (a unique temporary path of ours). */
export function pidsWithArgument(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.split('\0').some((arg) => arg.includes(marker))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Shared-memory keys in use (ipcs -m), as numbers. */
export function shmemKeysInUse(): Set<number> {
  const out = spawnSync('ipcs', ['-m'], { encoding: 'utf8' }).stdout ?? '';
  return new Set([...out.matchAll(/^0x([0-9a-f]+)\s/gim)].map((m) => parseInt(m[1]!, 16)));
}

/** Remove the segment of `key` if it exists (ipcrm -M). */
export function removeShmem(key: number): void {
  if (shmemKeysInUse().has(key)) spawnSync('ipcrm', ['-M', String(key)], { stdio: 'ignore' });
}

/** Everything a suite started, released in reverse order by `run()`, or on process exit at the latest. */
export class Cleanup {
  private readonly steps: Array<{ what: string; run: () => Promise<void> | void }> = [];
  private readonly pids = new Set<number>();
  private readonly keys = new Set<number>();
  private readonly dirs = new Set<string>();
  private readonly onExit = (): void => this.emergency();

  constructor() {
    process.once('exit', this.onExit);
  }

  add(what: string, run: () => Promise<void> | void): void {
    this.steps.push({ what, run });
  }

  /** Resources for the exit-time fallback: a pid to SIGKILL, a shared-memory key to remove, a folder to delete. */
  trackPid(pid: number): void {
    this.pids.add(pid);
  }
  untrackPid(pid: number): void {
    this.pids.delete(pid);
  }
  trackShmem(key: number): void {
    this.keys.add(key);
  }
  trackDir(dir: string): void {
    this.dirs.add(dir);
  }

  tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), `coinspark-core-${prefix}-`));
    this.trackDir(dir);
    this.add(`remove ${dir}`, () => {
      rmSync(dir, { recursive: true, force: true });
      this.dirs.delete(dir);
    });
    return dir;
  }

  /** Runs every step (last added first); every step runs even if one fails; the first failure is rethrown. */
  async run(): Promise<void> {
    let first: unknown;
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.run();
      } catch (err) {
        first ??= new Error(`cleanup "${step.what}" failed: ${String(err)}`);
      }
    }
    this.emergency();
    process.removeListener('exit', this.onExit);
    if (first !== undefined) throw first;
  }

  /** Synchronous last resort: whatever is still tracked. */
  private emergency(): void {
    for (const pid of this.pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    this.pids.clear();
    for (const key of this.keys) removeShmem(key);
    this.keys.clear();
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
    this.dirs.clear();
  }
}

/** A child process whose output goes to a log file (read back in error messages). */
export interface Child {
  proc: ChildProcess;
  pid: number;
  log: string;
  exited: Promise<number | null>;
  tail(lines?: number): string;
}

export function startChild(cleanup: Cleanup, cmd: string, args: string[], log: string, opts: { cwd?: string } = {}): Child {
  const fd = openSync(log, 'a');
  const proc = spawn(cmd, args, { stdio: ['ignore', fd, fd], ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }) });
  closeSync(fd);
  if (proc.pid === undefined) throw new Error(`cannot start ${cmd}`);
  const pid = proc.pid;
  cleanup.trackPid(pid);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  void exited.then(() => cleanup.untrackPid(pid));
  return {
    proc,
    pid,
    log,
    exited,
    tail(lines = 20) {
      try {
        return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
