/**
 * The issue #14 section of `npm run bench -- sync` (kept apart from the other sections): on the same 10,000-transaction
 * devnet wallet,
 * 1. a sync from nothing with the history built (every transaction into the history ledger, asset figures worked
 *    out with the legal definition), main-process CPU (goal ≤ 2 s), then the history listed and saved;
 * 2. locking 5,000 outputs in Core: RPC calls (goal ≤ 10) and time, then the next poll, which must find all 5,000
 *    locked outputs again (listlockunspent + a one-time gettxout check) instead of taking them as spent.
 */
import path from 'node:path';
import * as v from 'valibot';
import { openAssetListsStore } from '../main/services/assets/asset-lists-store';
import type { RpcClient } from '../main/services/core/rpc-client';
import { HistoryLedger } from '../main/services/history/history-ledger';
import { openHistoryFile } from '../main/services/history/history-file';
import { historySnapshot } from '../main/services/history/history-view';
import { changeLocks } from '../main/services/safety/core-locks';
import { WalletSync } from '../main/services/sync/wallet-sync';

const ms = (n: number): string => `${n.toFixed(0)} ms`;
const cpuSince = (start: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

export async function historyAndLocksSection(rpc: RpcClient, dir: string): Promise<void> {
  // ── 1. sync with the history built ──
  const lists = openAssetListsStore({ dir: path.join(dir, 'wallet-history'), coalesceMs: 60_000 });
  const ledger = new HistoryLedger(lists);
  const file = openHistoryFile({ dir: path.join(dir, 'wallet-history'), ledger, coalesceMs: 60_000 });
  const sync = new WalletSync({
    rpc,
    lists,
    trigger: () => undefined,
    observers: [{ since: () => ledger.lastBlock, afterPass: (pass) => ledger.ingest(pass, { chain: lists.cursor().chain, wallet: lists.cursor().wallet }) }],
  });
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  await sync.syncOnce();
  const syncCpu = cpuSince(cpu0);
  console.log(`sync from nothing with the history built: ${ledger.size} transactions in the history, ${lists.assets().length} assets`);
  console.log(`  main-process CPU ${ms(syncCpu)} (goal ≤ 2000 ms), wall ${ms(performance.now() - t0)}`);
  cpu0 = process.cpuUsage();
  const snapshot = historySnapshot(ledger, { tipHeight: sync.tip()?.height ?? null, own: undefined, alertFor: () => null });
  const listed = cpuSince(cpu0);
  const moving = snapshot.rows.filter((r) => r.assets.length > 0).length;
  console.log(`  history:list of ${snapshot.rows.length} rows (${moving} moving assets): ${ms(listed)}, ${(JSON.stringify(snapshot).length / 1e6).toFixed(1)} MB as JSON`);
  t0 = performance.now();
  file.markDirty();
  file.flushSync();
  console.log(`  saving history.json: ${ms(performance.now() - t0)}`);
  file.close();
  const reloaded = new HistoryLedger(lists);
  t0 = performance.now();
  openHistoryFile({ dir: path.join(dir, 'wallet-history'), ledger: reloaded }).close();
  console.log(`  loading it back: ${ms(performance.now() - t0)} (${reloaded.size} transactions)`);

  // ── 2. locking 5,000 outputs ──
  const unspent = await rpc.walletCall('listunspent', [1], v.array(v.object({ txid: v.string(), vout: v.number() })));
  const keys = unspent.slice(0, 5000).map((u) => `${u.txid}:${u.vout}`);
  cpu0 = process.cpuUsage();
  t0 = performance.now();
  const outcome = await changeLocks(rpc, keys, 'lock');
  console.log(`locking ${outcome.done.length} outputs persistently: ${outcome.calls} RPC calls (goal ≤ 10), wall ${ms(performance.now() - t0)}, CPU ${ms(cpuSince(cpu0))}`);
  cpu0 = process.cpuUsage();
  t0 = performance.now();
  await sync.syncOnce();
  const found = [...sync.unspent().values()].filter((u) => u.locked).length;
  console.log(`  next poll finds ${found} locked outputs still the wallet's: CPU ${ms(cpuSince(cpu0))}, wall ${ms(performance.now() - t0)} (one gettxout each, once)`);
  cpu0 = process.cpuUsage();
  t0 = performance.now();
  await sync.syncOnce();
  console.log(`  the poll after (nothing new): CPU ${ms(cpuSince(cpu0))}, wall ${ms(performance.now() - t0)}`);
  const released = await changeLocks(rpc, keys, 'unlock');
  console.log(`  unlocking them: ${released.calls} RPC calls`);
  lists.close();
}
