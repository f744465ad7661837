/**
 * Wallet sync and asset-list storage (issue #5, "Speed"). `npm run bench -- sync` or `npx tsx bench/sync.bench.ts`.
 *
 * 1. A devnet wallet with 10,000 transactions and ~5,000 unspent outputs, 10 of them geneses (so the lists end
 *    with 10 assets and ~50,000 balance rows), synced from nothing by WalletSync over real HTTP. The node runs in
 *    a child process, so the CPU time measured here is the main process's alone. Goal ≤ 2 s.
 * 2. Saving 1,000 assets with 50,000 balance rows (goal ≤ 100 ms) and loading them at start (goal ≤ 200 ms), on the
 *    store the wallet uses (conf in Node, as electron-store in Electron); once, the start that upgrades such a file
 *    from the first format.
 * 3. Heap with those lists loaded, measured after a forced GC, nothing else of the benchmark alive (goal ≤ 150 MB);
 *    the heap before loading them is printed beside it.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { encodeGenesis } from '../shared/coinspark/index';
import { openAssetListsStore } from '../main/services/assets/asset-lists-store';
import { RpcClient } from '../main/services/core/rpc-client';
import { WalletSync } from '../main/services/sync/wallet-sync';
import { historyAndLocksSection } from './sync-safety';
import { startNodeChild, stopNodeChild } from './node-child';

// A forced GC without asking the caller for --expose-gc: the flag set at run time, `gc` taken from a new context.
v8.setFlagsFromString('--expose-gc');
const forceGc = runInNewContext('gc') as () => void;

const TX = (i: number): string => i.toString(16).padStart(64, '0');
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
  try {
    // `--lists-only`: parts 2 and 3 alone (the devnet wallet of part 1 takes half a minute to prepare).
    if (!process.argv.includes('--lists-only')) await syncFromNothing(dir);
    bigLists(path.join(dir, 'big'));
    firstStartUpgrade(path.join(dir, 'big'), path.join(dir, 'old'));
    heapWithLists(path.join(dir, 'big'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** 1. The devnet wallet synced from nothing (its objects are gone when this returns). */
async function syncFromNothing(dir: string): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  {
    console.log(`preparing a devnet wallet with ${TX_COUNT} transactions (child process)…`);
    const started = Date.now();
    const { child, info } = await startNodeChild(self, path.join(dir, 'core'));
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
    await historyAndLocksSection(rpc, dir);
    rpc.close();
    await stopNodeChild(child);
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** 1,000 assets with page JSON, trackers and 50 balance rows each, written once; then timed saves and loads. */
function bigLists(dir: string): void {
  const big = openAssetListsStore({ dir, coalesceMs: 60_000 });
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
  for (let i = 0; i < 7; i++) {
    big.updateBalance(1, TX(0), 0, { qty: String(i) });
    const t = performance.now();
    big.flushSync();
    saves.push(performance.now() - t);
  }
  const size = fs.statSync(big.path).size;
  big.close();
  const loads: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const loaded = openAssetListsStore({ dir });
    loads.push(performance.now() - t);
    if (loaded.balanceCount() !== 50_000 || loaded.report) throw new Error('load failed');
    loaded.close();
  }
  console.log(`1,000 assets + 50,000 balance rows (${(size / 1e6).toFixed(1)} MB): save ${ms(Math.min(...saves))} best / ${ms(median(saves))} median (goal ≤ 100 ms), load ${ms(Math.min(...loads))} best / ${ms(median(loads))} median (goal ≤ 200 ms)`);
}

/** The first start after an upgrade: the same lists in the first format (as 0.1 wrote them) are migrated once. */
function firstStartUpgrade(bigDir: string, oldDir: string): void {
  const file = JSON.parse(fs.readFileSync(path.join(bigDir, 'asset-lists.json'), 'utf8')) as Record<string, unknown>;
  if (file['version'] === 1) return; // this code is of the first format itself: nothing to upgrade
  const { writtenBy: _w, __internal__: _i, ...v1 } = file;
  fs.mkdirSync(oldDir, { recursive: true });
  fs.writeFileSync(path.join(oldDir, 'asset-lists.json'), JSON.stringify({ ...v1, version: 1 }));
  const t = performance.now();
  const upgraded = openAssetListsStore({ dir: oldDir });
  const took = performance.now() - t;
  if (upgraded.balanceCount() !== 50_000 || upgraded.reports.length > 0) throw new Error('upgrade failed');
  upgraded.close();
  console.log(`  first start after the upgrade (format 1 → ${String(file['version'])}, old file kept): ${ms(took)}, once`);
}

/** Heap after a forced GC with the lists loaded (and before, for the difference). */
function heapWithLists(dir: string): void {
  forceGc();
  const before = process.memoryUsage().heapUsed / 1e6;
  const held = openAssetListsStore({ dir });
  forceGc();
  const heap = process.memoryUsage().heapUsed / 1e6;
  console.log(`heap with 1,000 assets + 50,000 balance rows loaded: ${heap.toFixed(0)} MB after a forced GC (goal ≤ 150 MB); ${before.toFixed(0)} MB before loading them (the lists: ${(heap - before).toFixed(0)} MB)`);
  if (held.balanceCount() !== 50_000) throw new Error('load failed');
  held.close();
}
