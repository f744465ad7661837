// The real CoinSpark tracker: coinsparkd (all assets, regtest) following a real bitcoind over P2P, and its PHP
// front end served by `php -S`, one or more of them, on its own shared-memory key (`-shmemkey`, `?k=` on the URL)
// so runs never meet each other's segment (coinsparkd/README.md). Stopped daemon first (it dies of SIGPIPE when
// bitcoind goes first), its segment removed, its folder deleted.
import path from 'node:path';
import type { CoreBinaries } from './binaries.js';
import type { RealBitcoind } from './bitcoind.js';
import {
  freePort,
  isAlive,
  pidsWithArgument,
  removeShmem,
  shmemKeysInUse,
  sleep,
  startChild,
  stopChild,
  waitFor,
  type Child,
  type Cleanup,
} from './processes.js';

export interface RealCoinsparkd {
  dataDir: string;
  shmemKey: number;
  /** the daemon's pid (it forks away from its launcher) */
  pid: number;
  /** tracker URLs, one per PHP front end: `http://127.0.0.1:PORT/?k=KEY` */
  urls: string[];
  /** the last block coinsparkd has indexed, read through the first front end (null before any) */
  lastBlock(): Promise<number | null>;
  /** resolves when coinsparkd has indexed the node's tip */
  synced(node: RealBitcoind, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface CoinsparkdOptions {
  /** PHP front ends to serve (default 1): several URLs for one tracker, as assets that list two trackers need */
  frontEnds?: number;
}

function uniqueShmemKey(): number {
  const used = shmemKeysInUse();
  for (;;) {
    // away from coinsparkd's default 12595 and from small keys other programs pick
    const key = 0x20000000 + Math.floor(Math.random() * 0x1fffffff);
    if (!used.has(key)) return key;
  }
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: r.status, body: await r.text() };
}

export async function startCoinsparkd(bin: CoreBinaries, cleanup: Cleanup, node: RealBitcoind, opts: CoinsparkdOptions = {}): Promise<RealCoinsparkd> {
  // coinsparkd appends file names to -datadir as given: it must end with a slash
  const dataDir = `${cleanup.tempDir('coinsparkd')}/`;
  const shmemKey = uniqueShmemKey();
  cleanup.trackShmem(shmemKey);
  const common = ['-regtest', `-datadir=${dataDir}`];
  const launcher = startChild(
    cleanup,
    bin.coinsparkd,
    ['-allassets', ...common, '-bitcoinip=127.0.0.1', `-bitcoinport=${node.p2pPort}`, `-shmemkey=${shmemKey}`, 'start'],
    path.join(dataDir, 'launcher.log'),
  );
  const code = await Promise.race([launcher.exited, sleep(30_000).then(() => 'timeout' as const)]);
  if (code !== 0) throw new Error(`coinsparkd did not start (${String(code)}): ${launcher.tail()}`);
  const pid = await waitFor('the coinsparkd daemon', async () => pidsWithArgument(dataDir)[0], 10_000);
  cleanup.trackPid(pid);

  const frontEnds: Child[] = [];
  const urls: string[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const fe of frontEnds) await stopChild(fe, 2000);
    // `coinsparkd … stop` answers "Cannot stop bitcoind, probably it is not running" for a -shmemkey instance;
    // SIGTERM stops the daemon cleanly (and it removes its segment)
    if (isAlive(pid)) process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const p of pidsWithArgument(dataDir)) process.kill(p, 'SIGKILL'); // any helper it forked
    cleanup.untrackPid(pid);
    removeShmem(shmemKey);
  };
  cleanup.add(`stop coinsparkd ${pid} (shmem ${shmemKey})`, stop);

  for (let i = 0; i < (opts.frontEnds ?? 1); i++) {
    const port = await freePort();
    const fe = startChild(cleanup, bin.php, ['-d', 'display_errors=0', '-S', `127.0.0.1:${port}`, '-t', bin.publicHtml], path.join(dataDir, `php-${port}.log`));
    frontEnds.push(fe);
    const url = `http://127.0.0.1:${port}/?k=${shmemKey}`;
    await waitFor(`the PHP front end on ${port}`, async () => {
      if (fe.proc.exitCode !== null) throw new Error(`php exited: ${fe.tail()}`);
      return (await get(`${url}&m=getlastblock`)).status === 200 ? true : undefined;
    }, 20_000);
    urls.push(url);
  }

  const lastBlock = async (): Promise<number | null> => {
    const r = await get(`${urls[0]!}&m=getlastblock`);
    const json = JSON.parse(r.body) as { lastblock?: { block?: number } };
    return json.lastblock?.block ?? null;
  };
  return {
    dataDir,
    shmemKey,
    pid,
    urls,
    lastBlock,
    async synced(n: RealBitcoind, ms = 90_000) {
      const tip = await n.rpc.call<number>('getblockcount');
      await waitFor(`coinsparkd at height ${tip}`, async () => {
        if (!isAlive(pid)) throw new Error('coinsparkd is not running');
        return ((await lastBlock()) ?? -1) >= tip ? true : undefined;
      }, ms, 500);
    },
    stop,
  };
}
