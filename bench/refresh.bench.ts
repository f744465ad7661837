/**
 * Background checking under load, with the real validity and balances services over the real asset lists store.
 *
 * 1. Refresh-all of 1,000 outputs × 20 assets (20,000 balance rows) whose pages list the same 3 trackers, each
 *    answering `coinspark_assets_get_qty` after 50 ms. Goal: every row answered ≤ 1 s, ≤ 10 requests per
 *    tracker consulted. (Each asset asks two of its three trackers and compares.)
 * 2. 100 assets on 10 issuer domains served by the devnet's issuer host, the 10 assets of one domain hanging.
 *    Goal: every asset of the other 9 domains settled (VALID) ≤ 2 s.
 *
 * The trackers run in a child process (as real trackers run elsewhere), so what is timed is the wallet's work plus
 * the network round trips, not the trackers' own JSON building.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bytesToHex, calcAssetHash } from '../shared/coinspark';
import type { GenesisRecord } from '../shared/model/asset-lists';
import { openAssetListsStore } from '../main/services/assets/asset-lists-store';
import type { WalletOutput } from '../main/services/assets/assets-api';
import { openContentStore } from '../main/services/assets/content-store';
import { initBalancesService } from '../main/services/balances/balances-service';
import { initValidityService } from '../main/services/validity/validity-service';
import { IssuerHost } from '../test/devnet/issuer/host';
import { contextFor, memoryAssetsService } from '../test/integration/checking/harness';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const hex64 = (n: number, salt: number) => (n * 7919 + salt).toString(16).padStart(8, '0').repeat(8);

// ── 1. balances ──
interface FakeTracker {
  url: string;
  requests: number;
  lastBlockRequests: number;
  close(): Promise<void>;
}

/** A coinsparkd-compatible tracker answering every asset × txout, honestly, after `latencyMs`. */
async function startFakeTracker(latencyMs: number, qtyOf: (asset: string, txid: string, vout: number) => number): Promise<FakeTracker> {
  const t = { url: '', requests: 0, lastBlockRequests: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        if (req.method !== 'POST') {
          t.lastBlockRequests++;
          res.end(JSON.stringify({ lastblock: { block: 1000 } }));
          return;
        }
        t.requests++;
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: unknown; params: { assets: string[]; txouts: { txid: string; vout: number }[] } };
        const result: Record<string, unknown[]> = {};
        for (const a of body.params.assets) result[a] = body.params.txouts.map((o) => ({ txid: o.txid, vout: o.vout, qty: qtyOf(a, o.txid, o.vout), block: 900, spent: 0 }));
        res.end(JSON.stringify({ id: body.id, method: 'coinspark_assets_get_qty', result }));
      }, latencyMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  t.close = () => new Promise<void>((r) => server.close(() => r()));
  return t;
}

const fakeGenesis = (domain: string, pagePath: string, hash: Uint8Array): GenesisRecord => ({
  qtyMantissa: 1, qtyExponent: 6, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false,
  domainName: domain, usePrefix: true, pagePath, assetHash: bytesToHex(hash.subarray(0, 16)), assetHashLen: 16, metadataHex: '',
});

const qtyOf = (asset: string, txid: string) => (parseInt(asset.slice(0, 6), 16) + parseInt(txid.slice(0, 6), 16)) % 100_000;

interface TrackerChild {
  urls: string[];
  counts(): Promise<{ requests: number[]; lastBlock: number[] }>;
  reset(): Promise<void>;
  close(): void;
}

async function startTrackerChild(): Promise<TrackerChild> {
  const child = fork(fileURLToPath(import.meta.url), ['--tracker-child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
  const ready = await next();
  return {
    urls: ready['urls'] as string[],
    async counts() {
      const reply = next();
      child.send({ cmd: 'counts' });
      return (await reply) as { requests: number[]; lastBlock: number[] };
    },
    async reset() {
      const reply = next();
      child.send({ cmd: 'reset' });
      await reply;
    },
    close: () => void child.kill(),
  };
}

async function trackerChildMain(): Promise<void> {
  const trackers = await Promise.all([0, 1, 2].map(() => startFakeTracker(50, qtyOf)));
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'reset') for (const t of trackers) t.requests = 0;
    process.send!({ requests: trackers.map((t) => t.requests), lastBlock: trackers.map((t) => t.lastBlockRequests) });
  });
  process.send!({ urls: trackers.map((t) => t.url) });
}

async function benchBalances(): Promise<{ ms: number; cpuMs: number; rows: number; requests: number[]; lastBlock: number[]; answered: number }> {
  const OUTPUTS = 1000;
  const ASSETS = 20;
  const child = await startTrackerChild();
  const trackers = child.urls.map((url) => ({ url }));
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-refresh-'));
  const lists = openAssetListsStore({ dir, coalesceMs: 60_000 });
  const content = openContentStore(path.join(dir, 'content'));
  const unspent = new Map<string, WalletOutput>();
  lists.batch(() => {
    const outputs = Array.from({ length: OUTPUTS }, (_, i) => ({ txid: hex64(i, 1), vout: i % 3 }));
    for (const o of outputs) unspent.set(`${o.txid}:${o.vout}`, { txid: o.txid, vout: o.vout, confirmations: 10, amountSats: 1000n, address: null, scriptPubKey: '' });
    for (let a = 0; a < ASSETS; a++) {
      const spec = { name: `A${a}`, coinspark_tracker_url: trackers.map((t) => t.url) };
      const row = lists.addAsset({
        fromSource: 'genesis', genTxId: hex64(a, 2), genesis: fakeGenesis(`a${a}.example`, `a${a}`, new Uint8Array(32)),
        validState: 'VALID', validChecked: new Date().toISOString(), webPageJSON: JSON.stringify(spec), lastValidJSON: JSON.stringify(spec),
      });
      for (const o of outputs) lists.addBalance(row.assetId, o.txid, o.vout, { qty: '1', qtyChecked: new Date().toISOString(), qtyFailures: 0, state: 'VALID' });
    }
  });
  const assets = memoryAssetsService(lists, content, unspent, 1000);
  const ctx = contextFor(assets, { dataDir: dir, network: 'regtest', appVersion: 'bench' });
  const validity = initValidityService(ctx, { tickMs: 60_000 });
  const balances = initBalancesService(ctx, { tickMs: 60_000 });
  await validity.start?.();
  await balances.start?.();
  await balances.service.idle();
  await new Promise((r) => setTimeout(r, 200)); // the trackers' lag is read once, in the background, at start
  await child.reset();

  // Refresh all (what assets:refreshAll does, wallet-behaviour.md §5), then wait for every row to be answered.
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const ids = lists.assets().map((r) => r.assetId);
  lists.batch(() => {
    for (const id of ids) {
      lists.updateAsset(id, { refreshing: true });
      for (const b of lists.balancesOf(id)) lists.updateBalance(id, b.txid, b.vout, { qtyChecked: null, qtyFailures: 0, state: 'REFRESH' });
    }
  });
  balances.service.kick();
  await balances.service.idle();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  let answered = 0;
  let rows = 0;
  for (const b of lists.balances()) {
    rows++;
    if (b.qtyChecked !== null && b.qty !== null && (b.state === 'VALID' || b.state === 'ZERO')) answered++;
  }
  await balances.stop?.();
  await validity.stop?.();
  lists.close();
  const counts = await child.counts();
  child.close();
  return { ms, cpuMs, rows, requests: counts.requests, lastBlock: counts.lastBlock, answered };
}

// ── 2. validity with a hanging host ──
async function benchValidity(): Promise<{ settledMs: number; others: number; valid: number; hangingPending: number }> {
  const HOSTS = 10;
  const PER_HOST = 10;
  const issuer = await IssuerHost.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-validity-'));
  const lists = openAssetListsStore({ dir, coalesceMs: 60_000 });
  const content = openContentStore(path.join(dir, 'content'));
  const contract = new TextEncoder().encode('Contract: one unit is one unit.\n');
  const hanging = new Set<number>();
  for (let h = 0; h < HOSTS; h++) {
    const domain = `host${h}.example`;
    for (let i = 0; i < PER_HOST; i++) {
      const key = `h${h}a${i}`;
      const spec = {
        name: `Asset ${key}`, name_short: key, issuer: `Issuer ${h}`, description: `Asset ${i} of host ${h}.`, units: '1 unit', multiple: 1,
        contract_url: `http://${domain}/${key}/contract.txt`, coinspark_tracker_url: 'http://127.0.0.1:1/',
      };
      issuer.addAsset({ key, domain, pagePath: `/coinspark/${key}/`, spec, contract: { path: `/${key}/contract.txt`, body: contract, contentType: 'text/plain' } });
      const hash = calcAssetHash({ name: spec.name, issuer: spec.issuer, description: spec.description, units: spec.units, issueDate: null, expiryDate: null, interestRate: null, multiple: 1, contractContent: contract });
      const row = lists.addAsset({ fromSource: 'genesis', genTxId: hex64(h * PER_HOST + i, 3), genesis: fakeGenesis(domain, key, hash), validState: 'NOT_VALIDATED_YET' });
      if (h === 0) {
        issuer.setFault(key, { kind: 'hang' });
        hanging.add(row.assetId);
      }
    }
  }
  const assets = memoryAssetsService(lists, content, new Map(), 1000);
  const ctx = contextFor(assets, { dataDir: dir, network: 'regtest', hostMap: issuer.hostMap, appVersion: 'bench' });
  const t0 = performance.now();
  const validity = initValidityService(ctx, { tickMs: 5000 });
  await validity.start?.();
  const others = () => lists.assets().filter((r) => !hanging.has(r.assetId));
  while (others().some((r) => r.validChecked === null) && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
  const settledMs = performance.now() - t0;
  const valid = others().filter((r) => r.validState === 'VALID').length;
  const hangingPending = lists.assets().filter((r) => hanging.has(r.assetId) && r.validChecked === null).length;
  await validity.stop?.();
  lists.close();
  await issuer.stop();
  return { settledMs, others: others().length, valid, hangingPending };
}

if (process.argv.includes('--tracker-child')) {
  await trackerChildMain();
} else {
  for (let run = 1; run <= RUNS; run++) {
    const b = await benchBalances();
    console.log(
      `refresh-all balances  run ${run}: ${b.ms.toFixed(0)} ms (wallet CPU ${b.cpuMs.toFixed(0)} ms) for ${b.rows} rows (${b.answered} answered) — ` +
        `qty requests per tracker [${b.requests.join(', ')}] (goal ≤ 1000 ms, ≤ 10 each); last-block reads at start [${b.lastBlock.join(', ')}]`,
    );
  }
  for (let run = 1; run <= RUNS; run++) {
    const v = await benchValidity();
    console.log(
      `validity, 1 host hangs run ${run}: ${v.others} assets of the 9 other hosts settled in ${v.settledMs.toFixed(0)} ms (${v.valid} VALID), ` +
        `${v.hangingPending} of the hanging host's still waiting (goal ≤ 2000 ms)`,
    );
  }
}
