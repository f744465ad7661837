// `npm run devnet` as a newcomer runs it: the first stdout line is the JSON a client needs, the
// services answer, SIGTERM stops it. And `--tracker-only` against another node.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { startDevnetNode } from '../../devnet/node/index.js';
import { RpcClient } from '../../devnet/rpc-client.js';
import { httpGet, postJson } from './http-helpers.js';
import { makeTempDir } from '../../support/temp-dir';

const CLI = path.resolve(__dirname, '../../devnet/cli.ts');
const TSX = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function run(args: string[]): Promise<{ child: ChildProcess; first: Record<string, unknown> }> {
  const child = spawn(TSX, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => resolve({ child, first: JSON.parse(line) as Record<string, unknown> }));
    child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${stderr}`)));
  });
}

const exited = (c: ChildProcess): Promise<number | null> => new Promise((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', r)));

describe('devnet command', () => {
  it('prints the info line first, serves the world, stops on SIGTERM', async () => {
    const dataDir = makeTempDir('devnet-cli-');
    const { child, first } = await run(['--data-dir', dataDir]);
    expect(first['dataDir']).toBe(dataDir);
    for (const k of ['rpcUrl', 'cookieFile', 'walletName', 'trackerUrls', 'hostMap', 'hostMapFile', 'issuerBaseUrl']) expect(first).toHaveProperty(k);
    const rpc = new RpcClient({ url: first['rpcUrl'] as string, cookieFile: first['cookieFile'] as string });
    expect(await rpc.call<number>('getblockcount')).toBeGreaterThan(100);
    const hostMap = first['hostMap'] as Record<string, string>;
    const page = await httpGet(hostMap['gold.example']!, '/coinspark/gold/', { host: 'gold.example' });
    expect(page.status).toBe(200);
    const t = await postJson((first['trackerUrls'] as string[])[0]!, '{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":[],"txouts":[]}}');
    expect(JSON.parse(t.body.toString()).result).toEqual({}); // coinsparkd: no txouts, no BTC key
    rpc.close();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 60_000);

  it('--tracker-only indexes another node', async () => {
    const dir = makeTempDir('devnet-cli-node-');
    const node = await startDevnetNode({ dataDir: dir, wallets: ['w'] });
    try {
      const rpc = new RpcClient({ url: node.rpcUrl, cookieFile: node.cookieFile });
      const addr = await rpc.wallet('w').call<string>('getnewaddress');
      await rpc.call('generatetoaddress', 3, addr);
      const { child, first } = await run(['--tracker-only', '--rpc-url', node.rpcUrl, '--cookie', node.cookieFile]);
      const url = (first['trackerUrls'] as string[])[0]!;
      const hash = await rpc.call<string>('getblockhash', 3);
      const block = await rpc.call<{ tx: string[] }>('getblock', hash, 1);
      for (let i = 0; i < 50; i++) {
        const lb = JSON.parse((await httpGet(new URL(url).host, '/?m=getlastblock')).body.toString()).lastblock;
        if (lb?.block === 3) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const ans = JSON.parse(
        (await postJson(url, JSON.stringify({ id: 7, method: 'coinspark_assets_get_qty', params: { assets: [], txouts: [{ txid: block.tx[0], vout: 0 }] } }))).body.toString(),
      );
      expect(ans.result.BTC[0]).toEqual({ txid: block.tx[0], vout: '0', qty: 5_000_000_000, block: 3, spent: 0 });
      rpc.close();
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    } finally {
      await node.stop();
    }
  }, 60_000);
});
