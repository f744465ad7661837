/**
 * Wallet sync and asset-list storage (issue #5, "Speed"). `npm run bench -- sync` or `npx tsx bench/sync.bench.ts`.
 *
 * 1. A devnet wallet with 10,000 transactions and ~5,000 unspent outputs, 10 of them geneses (so the lists end
 *    with 10 assets and ~50,000 balance rows), synced from nothing by WalletSync over real HTTP. The node runs in
 *    a child process, so the CPU time measured here is the main process's alone. Goal ≤ 2 s.
 * 2. Saving 1,000 assets with 50,000 balance rows (goal ≤ 150 ms) and loading them at start (goal ≤ 300 ms).
 * 3. Heap with 1,000 assets and 50,000 balance rows after a sync (goal ≤ 200 MB).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { encodeGenesis } from '../shared/coinspark/index';
import { openAssetListsStore } from '../main/services/assets/asset-lists-store';
import { RpcClient } from '../main/services/core/rpc-client';
import { WalletSync } from '../main/services/sync/wallet-sync';

const TX_COUNT = 10_000;
const CONSOLIDATE = 5_000;
const GENESES = 10;

// ── child: the devnet node with the big wallet ──
if (process.argv.includes('--node-child')) {
  const { startDevnetNode } = await import('../test/devnet/node/index');
  const dir = process.argv[process.argv.indexOf('--node-child') + 1]!;
  const node = await startDevnetNode({ dataDir: dir, wallets: ['w', 'funder'] });
  const rpc = (wallet: string): RpcClient => new RpcClient({ url: node.rpcUrl, auth: { kind: 'cookie', file: node.cookieFile }, wallet, timeoutMs: 600_000 });
  const w = rpc('w');
  const funder = rpc('funder');
  const addr = (c: RpcClient): Promise<string> => c.walletCall('getnewaddress', [], v.string());
  node.mine(120, await addr(funder));
  const addresses: string[] = [];
  for (let i = 0; i < 200; i++) addresses.push(await addr(w));
  node.bulkFund('funder', Array.from({ length: TX_COUNT - CONSOLIDATE / 500 - GENESES }, (_, i) => ({ address: addresses[i % addresses.length]!, sats: 100_000n })), { perTx: 1 });
  // The wallet spends 5,000 of its outputs in 10 transactions of 500 inputs.
  const unspent = await w.walletCall('listunspent', [1], v.array(v.object({ txid: v.string(), vout: v.number(), amount: v.number() })));
  for (let k = 0; k < CONSOLIDATE / 500; k++) {
    const inputs = unspent.slice(k * 500, (k + 1) * 500);
    const total = inputs.reduce((s, u) => s + Math.round(u.amount * 1e8), 0);
    const raw = await w.walletCall('createrawtransaction', [inputs.map((u) => ({ txid: u.txid, vout: u.vout })), [{ [await addr(w)]: (total - 200_000) / 1e8 }]], v.string());
    const signed = await w.walletCall('signrawtransactionwithwallet', [raw], v.object({ hex: v.string() }));
    await w.call('sendrawtransaction', [signed.hex], v.string());
  }
  // Ten geneses made by the wallet.
  for (let g = 0; g < GENESES; g++) {
    const meta = encodeGenesis({ qtyMantissa: 100 + g, qtyExponent: 3, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: true, domainName: `bench${g}.example.com`, usePrefix: true, pagePath: '', assetHash: new Uint8Array(12).fill(g), assetHashLen: 12 }, 40);
    if (!meta.ok) throw new Error(meta.error);
    const raw = await w.walletCall('createrawtransaction', [[], [{ [await addr(w)]: 0.001 }, { data: Buffer.from(meta.value).toString('hex') }]], v.string());
    const funded = await w.walletCall('fundrawtransaction', [raw, { changePosition: 2 }], v.object({ hex: v.string() }));
    const signed = await w.walletCall('signrawtransactionwithwallet', [funded.hex], v.object({ hex: v.string() }));
    await w.call('sendrawtransaction', [signed.hex], v.string());
  }
  node.mine(1, await addr(funder));
  process.stdout.write(`${JSON.stringify({ rpcUrl: node.rpcUrl, cookieFile: node.cookieFile })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void node.stop().then(() => process.exit(0)));
} else {
  await main();
}

function ms(n: number): string {
  return `${n.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
  const self = fileURLToPath(import.meta.url);
  try {
    // ── 1. sync ──
    console.log(`preparing a devnet wallet with ${TX_COUNT} transactions (child process)…`);
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--node-child', path.join(dir, 'core')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const info = await new Promise<{ rpcUrl: string; cookieFile: string }>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const line = buffer.split('\n')[0];
        if (buffer.includes('\n') && line) resolve(JSON.parse(line) as { rpcUrl: string; cookieFile: string });
      });
      child.on('exit', (code) => reject(new Error(`node child exited (${code})`)));
    });
    console.log(`  ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const rpc = new RpcClient({ url: info.rpcUrl, auth: { kind: 'cookie', file: info.cookieFile }, wallet: 'w', timeoutMs: 120_000 });
    const wtxs = await rpc.walletCall('listsinceblock', [], v.object({ transactions: v.array(v.object({ txid: v.string() })) }));
    const txCount = new Set(wtxs.transactions.map((t) => t.txid)).size;

    const lists = openAssetListsStore({ dir: path.join(dir, 'wallet'), coalesceMs: 60_000 });
    const sync = new WalletSync({ rpc, lists, trigger: () => undefined });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await sync.syncOnce();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(`sync from nothing: ${txCount} wallet transactions, ${sync.unspent().size} unspent outputs → ${lists.assets().length} assets, ${lists.balanceCount()} balance rows (${report.fetched} gettransaction)`);
    console.log(`  main-process CPU ${ms(cpuMs)} (goal ≤ 2000 ms), wall ${ms(wall)} including the node's own time`);
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    await sync.syncOnce();
    const again = process.cpuUsage(cpu1);
    console.log(`  next poll (nothing new): CPU ${ms((again.user + again.system) / 1000)}, wall ${ms(performance.now() - t1)}`);
    const tSave = performance.now();
    lists.flushSync();
    console.log(`  saving these lists: ${ms(performance.now() - tSave)}`);
    lists.close();
    rpc.close();
    child.stdin.end();

    // ── 2. save / load 1,000 assets and 50,000 balance rows ──
    const big = openAssetListsStore({ dir: path.join(dir, 'big'), coalesceMs: 60_000 });
    const TX = (i: number): string => i.toString(16).padStart(64, '0');
    big.batch(() => {
      for (let a = 0; a < 1000; a++) {
        const id = big.addAsset({
          fromSource: 'genesis',
          genTxId: TX(1_000_000 + a),
          assetRef: { blockNum: 300_000 + a, txOffset: 81 + a, txIDPrefix: TX(1_000_000 + a).slice(0, 4) },
          genesis: { qtyMantissa: 1, qtyExponent: 6, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: true, domainName: `issuer${a}.example.com`, usePrefix: true, pagePath: '', assetHash: 'ab'.repeat(12), assetHashLen: 12, metadataHex: '53504b67' },
        }).assetId;
        big.updateAsset(id, {
          validState: 'VALID',
          validChecked: new Date().toISOString(),
          webPageJSON: JSON.stringify({ name: `Asset ${a}`, name_short: `A${a}`, issuer: 'Bench Issuer Ltd', description: 'x'.repeat(300), units: '1 unit', multiple: 0.01, contract_url: `https://issuer${a}.example.com/contract.pdf`, coinspark_tracker_url: ['https://t1.example.com', 'https://t2.example.com'] }),
          trackers: [{ url: 'https://t1.example.com', plainHttp: false, lagBlocks: 0, reachable: true, lastError: null }],
        });
        for (let r = 0; r < 50; r++) big.addBalance(id, TX(a * 50 + r), r % 4, { qty: String(1000 + r), qtyChecked: new Date().toISOString(), state: 'VALID' });
      }
    });
    const saves: number[] = [];
    for (let i = 0; i < 5; i++) {
      big.updateBalance(1, TX(0), 0, { qty: String(i) });
      const t = performance.now();
      big.flushSync();
      saves.push(performance.now() - t);
    }
    const size = fs.statSync(big.path).size;
    big.close();
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const loaded = openAssetListsStore({ dir: path.join(dir, 'big') });
      loads.push(performance.now() - t);
      if (loaded.balanceCount() !== 50_000 || loaded.report) throw new Error('load failed');
      loaded.close();
    }
    console.log(`1,000 assets + 50,000 balance rows (${(size / 1e6).toFixed(1)} MB): save ${ms(Math.min(...saves))} best / ${ms(median(saves))} median (goal ≤ 150 ms), load ${ms(Math.min(...loads))} best / ${ms(median(loads))} median (goal ≤ 300 ms)`);

    // ── 3. heap with those lists loaded, after a sync pass ──
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const held = openAssetListsStore({ dir: path.join(dir, 'big') });
    gc?.();
    const heap = process.memoryUsage().heapUsed / 1e6;
    console.log(`heap with 1,000 assets + 50,000 balance rows loaded: ${heap.toFixed(0)} MB${gc ? '' : ' (no --expose-gc: includes garbage)'} (goal ≤ 200 MB)`);
    held.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
