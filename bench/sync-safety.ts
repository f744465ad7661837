/**
 * The issue #14 section of `npm run bench -- sync` (kept apart from the other sections): on the same 10,000-transaction
 * devnet wallet,
 * 1. a sync from nothing with the history built (every transaction into the history ledger, asset figures worked
 *    out with the legal definition), main-process CPU (goal ≤ 2 s), then the history listed and saved;
 * 2. locking 5,000 outputs in Core: RPC calls (goal ≤ 10) and time, then the next poll, which must find all 5,000
 *    locked outputs again (listlockunspent + a one-time gettxout check) instead of taking them as spent;
 * 3. the worst case for the history alone (no node): 10,000 wallet transactions that each move an asset (a chain of
 *    transfers), every one worked out locally with the legal definition.
 */
import path from 'node:path';
import * as v from 'valibot';
import { encodeGenesis, encodeTransfers, metadataToScript } from '../shared/coinspark/index';
import { openAssetListsStore } from '../main/services/assets/asset-lists-store';
import { toGenesisRecord } from '../main/services/assets/genesis-record';
import type { RpcClient } from '../main/services/core/rpc-client';
import { HistoryLedger } from '../main/services/history/history-ledger';
import { openHistoryFile } from '../main/services/history/history-file';
import { historySnapshot } from '../main/services/history/history-view';
import { changeLocks } from '../main/services/safety/core-locks';
import { WalletSync, type SyncPass, type TxRecord } from '../main/services/sync/wallet-sync';

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
  transferChain(path.join(dir, 'chain'));
}

/** 3: a genesis, then 9,999 transfers each spending the last one's change: every transaction moves units. */
function transferChain(dir: string): void {
  const TX = (n: number): string => n.toString(16).padStart(64, '0');
  const P2WPKH = Uint8Array.from([0x00, 0x14, ...new Array(20).fill(7)]);
  const genesis = { qtyMantissa: 1, qtyExponent: 9, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false, domainName: 'bench.example', usePrefix: true, pagePath: '', assetHash: new Uint8Array(12).fill(1), assetHashLen: 12 };
  const genMeta = encodeGenesis(genesis, 40);
  if (!genMeta.ok) throw new Error(genMeta.error);
  const ref = { blockNum: 1000, txOffset: 81, txIDPrefix: TX(1).slice(0, 4) };
  const transfer = encodeTransfers([{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 7n }], 1, 3, 40);
  if (!transfer.ok) throw new Error(transfer.error);
  const tx = (n: number, input: { txid: string; vout: number }, metadata: Uint8Array | null, values: bigint[], ours: number[]): TxRecord => {
    const scripts = values.map((_, o) => (o === 1 && metadata ? metadataToScript(metadata)! : P2WPKH));
    return {
      txid: TX(n), blockHash: TX(500_000 + n), blockHeight: 1000 + Math.floor(n / 10), blockIndex: (n % 10) + 1, confirmations: 1, receivedVouts: new Set(ours),
      countInputs: 1, outputsRegular: scripts.map((sc) => sc[0] !== 0x6a), genesis: null, metadata, transfers: null, firstSpent: input, conflicts: [], inputs: [input],
      outputValues: values, outputScripts: scripts, ourVouts: new Set(ours), outputAddresses: new Map(), debitsWallet: true, walletAmountSats: -5000n, walletFeeSats: 1000n,
      time: 1_700_000_000 + n, paymentRef: null, message: null,
    };
  };
  // The wallet's coin, its genesis (all units to output 0, the wallet's), then transfers: 7 units to someone else
  // (output 0), the rest by default route to the wallet's change (output 2), which the next one spends.
  const records: TxRecord[] = [tx(0, { txid: TX(999_998), vout: 0 }, null, [100_020_000n], [0]), tx(1, { txid: TX(0), vout: 0 }, genMeta.value, [100_000_000n, 0n, 10_000n], [0, 2])];
  for (let n = 2; n <= 10_000; n++) {
    const prev = records[records.length - 1]!;
    const vout = n === 2 ? 0 : 2;
    records.push(tx(n, { txid: prev.txid, vout }, transfer.value, [5000n, 0n, prev.outputValues[vout]! - 6000n], [2]));
  }
  const lists = openAssetListsStore({ dir, coalesceMs: 60_000 });
  const asset = lists.addAsset({ fromSource: 'genesis', genTxId: TX(1), genesis: toGenesisRecord(genesis, genMeta.value), assetRef: ref });
  const ledger = new HistoryLedger(lists);
  const txs = new Map(records.map((r) => [r.txid, r]));
  const pass: SyncPass = { tip: { height: 3000, hash: TX(2) }, changed: records, txs, removed: [], removedTxids: new Set(), unspent: new Map(), previousUnspent: new Map(), coreLocks: new Set(), lastBlock: TX(2) };
  const cpu0 = process.cpuUsage();
  ledger.ingest(pass, { chain: 'regtest', wallet: 'bench' });
  const cpu = cpuSince(cpu0);
  const last = ledger.figure(`${TX(10_000)}:2`, asset.assetId);
  const t0 = performance.now();
  const snapshot = historySnapshot(ledger, { tipHeight: 3000, own: undefined, alertFor: () => null });
  console.log(`history alone, every transaction moving units: ${ledger.size - 2} transfers worked out locally in ${ms(cpu)} CPU (last change holds ${last?.qty} units, ${last?.source}); history:list ${ms(performance.now() - t0)} for ${snapshot.rows.filter((r) => r.assets.length > 0).length} rows with units`);
  lists.close();
}
