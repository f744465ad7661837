// Where the real programs of the optional suite are, and whether they can run here. They live beside the
// repository, never in it (a clone has no ../shared): `<repo>/../shared/…` for /work/main, `<repo>/../../shared/…`
// for a worktree under /work/wt/, or wherever the environment says.
//   COINSPARK_SHARED_DIR   the folder holding bitcoin-core-v29/ and coinsparkd/
//   BITCOIND, BITCOIN_CLI  Bitcoin Core v29 binaries
//   COINSPARKD             the coinsparkd daemon
//   COINSPARKD_PUBLIC_HTML its PHP front end (index.php)
//   PHP                    the PHP command line (default: php on the PATH)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CoreBinaries {
  bitcoind: string;
  bitcoinCli: string;
  coinsparkd: string;
  publicHtml: string;
  php: string;
}

export type Availability = { ok: true; bin: CoreBinaries } | { ok: false; reason: string };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function sharedDir(): string | null {
  const env = process.env['COINSPARK_SHARED_DIR'];
  if (env !== undefined && env !== '') return path.resolve(env);
  for (const up of ['..', '../..']) {
    const dir = path.resolve(repoRoot, up, 'shared');
    if (existsSync(path.join(dir, 'bitcoin-core-v29/bin/bitcoind'))) return dir;
  }
  return null;
}

/** The programs, or why the suite cannot run (missing file, missing library, no PHP, no shmop). */
export function findCoreBinaries(): Availability {
  const shared = sharedDir();
  const pick = (env: string, rel: string): string | null => {
    const v = process.env[env];
    if (v !== undefined && v !== '') return path.resolve(v);
    return shared === null ? null : path.join(shared, rel);
  };
  const bin = {
    bitcoind: pick('BITCOIND', 'bitcoin-core-v29/bin/bitcoind'),
    bitcoinCli: pick('BITCOIN_CLI', 'bitcoin-core-v29/bin/bitcoin-cli'),
    coinsparkd: pick('COINSPARKD', 'coinsparkd/bin/coinsparkd'),
    publicHtml: pick('COINSPARKD_PUBLIC_HTML', 'coinsparkd/public_html'),
    php: process.env['PHP'] ?? 'php',
  };
  for (const [name, p] of Object.entries(bin)) {
    if (name === 'php') continue;
    if (p === null || !existsSync(p)) {
      return { ok: false, reason: `${name} not found (${p ?? 'no ../shared beside the repository'}; set COINSPARK_SHARED_DIR or ${name.toUpperCase()})` };
    }
  }
  const b = bin as CoreBinaries;
  const core = spawnSync(b.bitcoind, ['-version'], { encoding: 'utf8', timeout: 20_000 });
  if (core.status !== 0) {
    return { ok: false, reason: `bitcoind does not run here (${(core.stderr || String(core.error ?? '')).trim().split('\n')[0]}); see bitcoin-core-v29/bin/README.md for its libraries` };
  }
  const php = spawnSync(b.php, ['-m'], { encoding: 'utf8', timeout: 20_000 });
  if (php.status !== 0) return { ok: false, reason: `no PHP command line (${b.php}): apt-get install -y php-cli` };
  if (!/^shmop$/m.test(php.stdout)) return { ok: false, reason: 'PHP has no shmop extension (Debian php-cli has it built in)' };
  const ipc = spawnSync('ipcs', ['-m'], { encoding: 'utf8', timeout: 20_000 });
  if (ipc.status !== 0) return { ok: false, reason: 'no ipcs/ipcrm (util-linux) to manage coinsparkd shared memory' };
  return { ok: true, bin: b };
}
