// Runs Bitcoin Core's recorder (../shared/bitcoin-core-v29/tools/record-core.py) against a fresh
// devnet node in the recorder's starting state, then compares with the real recordings.
//   npx tsx test/devnet/node/conformance.ts [--shared <dir>] [--out <dir>] [--no-restart] [--strict]
// The recorder and the comparison script are reference material beside the repository (not part
// of it): without them, or without python3, there is nothing to run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDevnetNode } from './index.js';

/** The reference folder: `shared/bitcoin-core-v29` beside the checkout or one level higher (worktrees). */
export function findSharedCore(from = process.cwd()): string | null {
  for (const up of ['..', path.join('..', '..')]) {
    const dir = path.resolve(from, up, 'shared', 'bitcoin-core-v29');
    if (existsSync(path.join(dir, 'tools', 'record-core.py'))) return dir;
  }
  return null;
}

export function hasPython(): boolean {
  return spawnSync('python3', ['--version']).status === 0;
}

export interface ConformanceResult {
  /** exit status of the comparison (0 when nothing differs) */
  status: number;
  output: string;
  /** seq numbers (in the reference) of the calls that differ */
  differing: number[];
  /** the recorder's own value checks (locks after unload/load and restart) that failed for the node */
  failedChecks: string[];
}

function run(cmd: string, args: string[], echo: boolean): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer): void => {
      out += d.toString();
      if (echo) process.stdout.write(d);
    };
    p.stdout.on('data', take);
    p.stderr.on('data', take);
    p.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

export async function runConformance(o: { shared: string; out?: string; restart?: boolean; strict?: boolean; echo?: boolean }): Promise<ConformanceResult> {
  // a recording asked for is kept; otherwise both temporary directories go at the end
  const out = o.out ?? mkdtempSync(path.join(os.tmpdir(), 'devnet-rec-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'devnet-conf-'));
  const node = await startDevnetNode({ dataDir, recorderState: true });
  if (o.echo) console.log(`devnet node on ${node.rpcUrl}, recording into ${out}`);
  // the recorder's --restart-cmd asks this process (over a control port) to start the node again
  const control = http.createServer((req, res) => {
    if (req.url !== '/restart') {
      res.statusCode = 404;
      res.end();
      return;
    }
    void node.restart({ refuseMs: 150, warmupMs: 450 }).then(() => res.end('restarted\n'));
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', () => r()));
  const controlPort = (control.address() as AddressInfo).port;
  const restartCmd = `python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${controlPort}/restart').read()"`;
  try {
    const rec = await run(
      'python3',
      [path.join(o.shared, 'tools', 'record-core.py'), node.rpcUrl, node.cookieFile, '--out', out, ...(o.restart === false ? [] : ['--restart-cmd', restartCmd])],
      !!o.echo,
    );
    if (rec.code !== 0) return { status: rec.code, output: rec.out, differing: [], failedChecks: ['the recorder failed'] };
    const cmp = await run('python3', [path.join(o.shared, 'tools', 'compare-core-recordings.py'), o.shared, out, ...(o.strict ? ['--strict'] : [])], !!o.echo);
    // "#716 [send] …" or "#716/cand #719 [send] …"; "cand #n [send] … value check" lines are checks
    const differing = [...cmp.out.matchAll(/^#(\d+)(?:\/cand #\d+)? \[/gm)].map((m) => Number(m[1]));
    const failedChecks = [...cmp.out.matchAll(/^cand #\d+ .*$/gm)].map((m) => m[0]);
    return { status: cmp.code, output: rec.out + cmp.out, differing: [...new Set(differing)], failedChecks };
  } finally {
    await node.stop();
    control.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (o.out === undefined) rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const shared = opt('--shared') ? path.resolve(opt('--shared')!) : findSharedCore();
  if (!hasPython()) {
    console.log('python3 not available: skipping the conformance run');
    process.exit(0);
  }
  if (!shared || !existsSync(path.join(shared, 'tools', 'record-core.py'))) {
    console.error(`recorder not found${shared ? ` under ${shared}` : ' (looked for ../shared/bitcoin-core-v29 and ../../shared/bitcoin-core-v29)'}`);
    process.exit(2);
  }
  // from the command line the recording is kept (in --out, or a temporary directory it names)
  const out = opt('--out') ? path.resolve(opt('--out')!) : mkdtempSync(path.join(os.tmpdir(), 'devnet-rec-'));
  const r = await runConformance({ shared, out, restart: !args.includes('--no-restart'), strict: args.includes('--strict'), echo: true });
  process.exit(r.status);
}
