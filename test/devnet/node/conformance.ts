// Runs Bitcoin Core's recorder (../shared/bitcoin-core-v29/tools/record-core.py) against a fresh
// devnet node in the recorder's starting state, then compares with the real recordings.
//   npx tsx test/devnet/node/conformance.ts [--shared <dir>] [--out <dir>] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevnetNode } from './index.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const shared = path.resolve(opt('--shared', path.join(process.cwd(), '..', 'shared', 'bitcoin-core-v29')));
const out = path.resolve(opt('--out', mkdtempSync(path.join(os.tmpdir(), 'devnet-rec-'))));
const python = spawnSync('python3', ['--version']);
if (python.status !== 0) {
  console.log('python3 not available: skipping the conformance run');
  process.exit(0);
}
if (!existsSync(path.join(shared, 'tools', 'record-core.py'))) {
  console.error(`recorder not found under ${shared}`);
  process.exit(2);
}
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'devnet-conf-'));
const node = await startDevnetNode({ dataDir, recorderState: true });
console.log(`devnet node on ${node.rpcUrl}, recording into ${out}`);
// the recorder's --restart-cmd asks this process (over a control port) to start the node again
const http = await import('node:http');
const control = http.createServer((req, res) => {
  if (req.url !== '/restart') {
    res.statusCode = 404;
    res.end();
    return;
  }
  void node.restart({ refuseMs: 150, warmupMs: 450 }).then(() => res.end('restarted\n'));
});
await new Promise<void>((r) => control.listen(0, '127.0.0.1', () => r()));
const controlPort = (control.address() as import('node:net').AddressInfo).port;
const restartCmd = `python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${controlPort}/restart').read()"`;
// the recorder blocks on its HTTP calls: run it asynchronously so the node can answer
const { spawn } = await import('node:child_process');
const run = (cmd: string, a: string[]): Promise<number> =>
  new Promise((resolve) => {
    const p = spawn(cmd, a, { stdio: 'inherit' });
    p.on('exit', (code) => resolve(code ?? 1));
  });
const rec = await run('python3', [
  path.join(shared, 'tools', 'record-core.py'), node.rpcUrl, node.cookieFile, '--out', out,
  ...(args.includes('--no-restart') ? [] : ['--restart-cmd', restartCmd]),
]);
await node.stop();
control.close();
if (rec !== 0) {
  console.error(`recorder failed (exit ${rec})`);
  process.exit(rec);
}
const cmp = await run('python3', [path.join(shared, 'tools', 'compare-core-recordings.py'), shared, out, ...(args.includes('--strict') ? ['--strict'] : [])]);
process.exit(cmp);
