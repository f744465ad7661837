/**
 * Local verification (issue #15, "Speed"). `npm run bench -- verify` or `npx tsx bench/verify.bench.ts`.
 *
 * On a devnet node in a child process (the node's own work is its own process's, as with a real bitcoind), an
 * asset whose units reach the wallet through 2,000 transactions after its genesis: each spends the previous one's
 * last output, sends 1 unit to a wallet output by a transfer list (a minimum fee to check) and the rest on by the
 * default route; a block every 20 transactions. The wallet holds the 2,000 side outputs and the last change.
 *
 * 1. Cold verification from an empty cache (goal ≤ 3 s wall): the wallet holding the chain's end only (a walk back
 *    through all 2,000 transactions), then holding every output along the way (2,001 rows).
 * 2. A new block with 20 relevant transactions: the next pass (goal ≤ 100 ms).
 * 3. Memory of the cache holding 100,000 transactions (goal ≤ 50 MB), after a forced GC.
 * Printed: wall times, round trips to the node, blocks and transactions read, results cached.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as v from 'valibot';
import { assetRefFromGenesisTx, bytesToHex, encodeGenesis, encodeTransfers, type AssetRef, type Genesis } from '../shared/coinspark/index';
import { openAssetListsStore } from '../main/services/assets/asset-lists-store';
import { openContentStore } from '../main/services/assets/content-store';
import type { WalletOutput } from '../main/services/assets/assets-api';
import { toGenesisRecord } from '../main/services/assets/genesis-record';
import { RpcClient } from '../main/services/core/rpc-client';
import { VerifyCache } from '../main/services/verify/verify-cache';
import { initVerifyService } from '../main/services/verify/verify-service';
import { contextFor, memoryAssetsService } from '../test/integration/checking/harness';
import { startNodeChild, stopNodeChild } from './node-child';

v8.setFlagsFromString('--expose-gc');
const forceGc = runInNewContext('gc') as () => void;

const CHAIN = 2_000;
const PER_BLOCK = 20;


const ms = (n: number): string => `${n.toFixed(0)} ms`;
const Hex = v.string();

interface Link {
  txid: string;
  vout: number;
  sats: bigint;
}

/** The chain builder: wallet `w` signs, the node mines; every figure of the asset follows the protocol's rules. */
class ChainBuilder {
  private addresses: string[] = [];
  constructor(private readonly rpc: RpcClient) {}

  async address(): Promise<string> {
    if (this.addresses.length === 0) {
      const batch = await this.rpc.batch(Array.from({ length: 200 }, () => ({ method: 'getnewaddress', params: [] })), true);
      for (const r of batch) if (r.ok) this.addresses.push(r.result as string);
    }
    return this.addresses.pop()!;
  }

  async mine(n = 1): Promise<void> {
    await this.rpc.call('generatetoaddress', [n, await this.address()], v.array(Hex));
  }

  async sign(inputs: Link[], outputs: Record<string, number | string>[]): Promise<string> {
    const raw = await this.rpc.walletCall('createrawtransaction', [inputs.map((i) => ({ txid: i.txid, vout: i.vout })), outputs], Hex);
    const signed = await this.rpc.walletCall('signrawtransactionwithwallet', [raw], v.object({ hex: Hex, complete: v.boolean() }));
    return this.rpc.call('sendrawtransaction', [signed.hex, 0], Hex);
  }

  /** One step: 1 unit to a new wallet output (output 0) by a transfer list, the rest on to the last output. */
  async step(prev: Link, ref: AssetRef): Promise<{ tx: string; next: Link; side: Link }> {
    const meta = encodeTransfers([{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 1n }], 1, 3, 40);
    if (!meta.ok) throw new Error(meta.error);
    const fee = 2_000n; // the list's minimum is 1,000 (one transfer to a 10,000-sat output)
    const rest = prev.sats - 10_000n - fee;
    const tx = await this.sign([prev], [{ [await this.address()]: 0.0001 }, { data: bytesToHex(meta.value) }, { [await this.address()]: Number(rest) / 1e8 }]);
    return { tx, next: { txid: tx, vout: 2, sats: rest }, side: { txid: tx, vout: 0, sats: 10_000n } };
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verify-'));
  const self = fileURLToPath(import.meta.url);
  const { child, info } = await startNodeChild(self, path.join(dir, 'core'));
  try {
    const rpc = new RpcClient({ url: info.rpcUrl, auth: { kind: 'cookie', file: info.cookieFile }, wallet: 'w', timeoutMs: 120_000 });
    const b = new ChainBuilder(rpc);

    // ── the asset and its 2,000 transactions ──
    console.log(`preparing an asset with ${CHAIN} transactions of history (devnet node in a child process)…`);
    const prepared = Date.now();
    await b.mine(101);
    const coinbase = (await rpc.walletCall('listunspent', [1], v.array(v.object({ txid: Hex, vout: v.number(), amount: v.number() }))))[0]!;
    const genesis: Genesis = {
      qtyMantissa: 1, qtyExponent: 8, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false,
      domainName: 'bench.example', usePrefix: true, pagePath: 'verify', assetHash: new Uint8Array(12).fill(9), assetHashLen: 12,
    };
    const gMeta = encodeGenesis(genesis, 40);
    if (!gMeta.ok) throw new Error(gMeta.error);
    const coinSats = BigInt(Math.round(coinbase.amount * 1e8));
    // Outputs [units holder, OP_RETURN, change]: the genesis gives every unit to output 0 (the change gets none).
    const genTxId = await b.sign([{ txid: coinbase.txid, vout: coinbase.vout, sats: coinSats }], [
      { [await b.address()]: 1 },
      { data: bytesToHex(gMeta.value) },
      { [await b.address()]: Number(coinSats - 100_000_000n - 10_000n) / 1e8 },
    ]);
    await b.mine(1);
    const block = await rpc.call('getblock', [await rpc.call('getbestblockhash', [], Hex), 1], v.object({ height: v.number(), tx: v.array(Hex) }));
    const offset = await txOffset(rpc, block.tx.indexOf(genTxId), await rpc.call('getbestblockhash', [], Hex));
    const ref = assetRefFromGenesisTx(block.height, offset, genTxId)!;
    let prev: Link = { txid: genTxId, vout: 0, sats: 100_000_000n };
    const held: Link[] = [];
    for (let i = 0; i < CHAIN; i++) {
      const s = await b.step(prev, ref);
      held.push(s.side);
      prev = s.next;
      if ((i + 1) % PER_BLOCK === 0) await b.mine(1);
    }
    await b.mine(1);
    held.push(prev);
    console.log(`  ready in ${((Date.now() - prepared) / 1000).toFixed(1)} s: genesis at height ${ref.blockNum}, ${CHAIN} transactions over ${CHAIN / PER_BLOCK} blocks`);

    // ── the wallet side: one asset row, a balance row per held output ──
    const wdir = path.join(dir, 'wallet');
    const lists = openAssetListsStore({ dir: wdir, coalesceMs: 60_000 });
    const unspent = new Map<string, WalletOutput>();
    const asset = lists.addAsset({ fromSource: 'genesis', genTxId, genesis: toGenesisRecord(genesis, gMeta.value), assetRef: { ...ref, txIDPrefix: ref.txIDPrefix.toLowerCase() } });
    const tipHeight = (): Promise<number> => rpc.call('getblockcount', [], v.number());
    const hold = async (outs: Link[]) => {
      const tip = await tipHeight();
      const heights = new Map<string, number>();
      for (const o of outs) {
        if (!heights.has(o.txid)) heights.set(o.txid, (await rpc.walletCall('gettransaction', [o.txid], v.object({ blockheight: v.optional(v.number()) }))).blockheight ?? tip + 1);
        unspent.set(`${o.txid}:${o.vout}`, { txid: o.txid, vout: o.vout, confirmations: tip - heights.get(o.txid)! + 1, amountSats: o.sats, address: null, scriptPubKey: '' });
        lists.addBalance(asset.assetId, o.txid, o.vout);
      }
    };
    const assets = memoryAssetsService(lists, openContentStore(path.join(wdir, 'content')), unspent, await tipHeight());
    const ctx = contextFor(assets, { dataDir: wdir, network: 'regtest', appVersion: 'bench' });

    // 1. cold: the wallet holds the chain's end only, 2,000 transactions after the genesis …
    await hold([held[held.length - 1]!]);
    {
      const deep = initVerifyService(ctx, { rpc: () => rpc, cacheFile: null, tickMs: 3_600_000 });
      const t = performance.now();
      const r = await deep.service.passNow();
      const wall = performance.now() - t;
      const row = lists.balancesOf(asset.assetId)[0]!;
      const st = deep.service.readerStats()!;
      console.log(`cold verification, the wallet's output ${CHAIN} transactions after the genesis: ${ms(wall)} wall (goal ≤ 3000 ms) — ${row.qty} units, ${row.provenance.source}`);
      console.log(`  ${r!.txsRead} transactions walked, ${r!.txsComputed} results computed; ${st.roundTrips} round trips, ${st.calls} calls, ${st.blocksRead} blocks read`);
      await deep.stop?.();
    }
    // … and every output along the way (2,001 rows, one walk).
    await hold(held);
    const vs = initVerifyService(ctx, { rpc: () => rpc, cacheFile: path.join(wdir, 'verify-cache.jsonl'), tickMs: 3_600_000 });
    const t0 = performance.now();
    const cold = await vs.service.passNow();
    const coldMs = performance.now() - t0;
    const rows = lists.balancesOf(asset.assetId);
    const verified = rows.filter((r) => r.provenance.source === 'verified').length;
    const units = rows.reduce((s, r) => s + BigInt(r.qty ?? '0'), 0n);
    const stats = vs.service.readerStats()!;
    console.log(`cold verification of ${rows.length} outputs along the way (${verified} verified, ${units} units = the genesis's ${100_000_000}): ${ms(coldMs)} wall (goal ≤ 3000 ms)`);
    console.log(`  ${cold!.txsRead} transactions walked, ${cold!.txsComputed} results computed; ${stats.roundTrips} round trips, ${stats.calls} calls, ${stats.blocksRead} blocks read`);

    // 2. a new block with 20 relevant transactions
    const before = { ...stats };
    const fresh: Link[] = [];
    for (let i = 0; i < PER_BLOCK; i++) {
      const s = await b.step(prev, ref);
      fresh.push(s.side);
      prev = s.next;
    }
    await b.mine(1);
    fresh.push(prev);
    unspent.delete(`${held[held.length - 1]!.txid}:${held[held.length - 1]!.vout}`); // the old chain end is spent
    await hold(fresh);
    const t1 = performance.now();
    const next = await vs.service.passNow();
    const nextMs = performance.now() - t1;
    const s2 = vs.service.readerStats()!;
    console.log(`new block with ${PER_BLOCK} relevant transactions: ${ms(nextMs)} wall (goal ≤ 100 ms), ${next!.verifiedRows} rows verified, ${next!.txsRead} transactions walked, ${s2.roundTrips - before.roundTrips} round trips`);
    const t2 = performance.now();
    await vs.service.passNow();
    console.log(`  next pass, nothing new: ${ms(performance.now() - t2)}`);
    console.log(`  cache file: ${(fs.statSync(path.join(wdir, 'verify-cache.jsonl')).size / 1024).toFixed(0)} KiB for ${vs.service.cache()!.size()} results`);
    await vs.stop?.();
    lists.close();
    rpc.close();

    // 3. memory of 100,000 cached transactions
    cacheMemory();
  } finally {
    await stopNodeChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CoinSpark txOffset of the transaction at `index` in the block (non-witness serialization). */
async function txOffset(rpc: RpcClient, index: number, hash: string): Promise<number> {
  const { parseBlockHex } = await import('../main/services/core/raw-tx');
  const parsed = parseBlockHex(await rpc.call('getblock', [hash, 0], Hex))!;
  return parsed.txs[index]!.offset;
}

/** The cache's heap for 100,000 transactions, as the walk leaves them (most hold none of the asset). */
function cacheMemory(): void {
  forceGc();
  const heap0 = process.memoryUsage().heapUsed;
  const cache = VerifyCache.memory('bench');
  const key = `${'ab'.repeat(32)}:123456-789-1234`;
  for (let i = 0; i < 100_000; i++) {
    const txid = i.toString(16).padStart(64, '0');
    // One in four holds units (in one of its three outputs); the others none.
    cache.put(key, txid, 100_000 + (i >> 5), i % 4 === 0 ? [0n, BigInt(1 + i), 0n] : [0n, 0n, 0n]);
  }
  forceGc();
  const heap1 = process.memoryUsage().heapUsed;
  console.log(`cache of ${cache.size()} transactions: ${((heap1 - heap0) / 1024 / 1024).toFixed(1)} MB of heap (goal ≤ 50 MB)`);
  void cache.size();
}

// (Last: the classes above are defined by now.)
if (process.argv.includes('--node-child')) {
  const { startDevnetNode } = await import('../test/devnet/node/index');
  const dir = process.argv[process.argv.indexOf('--node-child') + 1]!;
  const node = await startDevnetNode({ dataDir: dir, wallets: ['w'] });
  process.stdout.write(`${JSON.stringify({ rpcUrl: node.rpcUrl, cookieFile: node.cookieFile })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void node.stop().then(() => process.exit(0)));
} else {
  await main();
}
