import http from 'node:http';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcAssetHash, encodeGenesis, type Genesis } from '../../../shared/coinspark/index';
import { openAssetListsStore, type AssetListsStore } from '../../../main/services/assets/asset-lists-store';
import { openContentStore } from '../../../main/services/assets/content-store';
import { toGenesisRecord } from '../../../main/services/assets/genesis-record';
import { initValidityService } from '../../../main/services/validity/validity-service';
import { contextFor, memoryAssetsService } from '../checking/harness';
import { makeTempDir } from '../../support/temp-dir';

// Issue #12 item 10: a few hostile hosts starved every other asset's validity check — 8 hosts dripping their
// contracts held every contract slot for 120 s, 64 hosts dripping their pages held every slot for 30–60 s, and a
// good asset waited behind them (baseline 20–120 ms). The real validity service, its real limits and limiter.

const PAGE_DRIPPERS = 64;
const CONTRACT_DRIPPERS = 8;
const contract = Buffer.from('CONTRACT: one unit.\n');
const spec = (domain: string) => ({
  name: `${domain} asset`, name_short: 'A', issuer: 'Issuer', description: 'Test.', units: '1 unit', multiple: 1,
  contract_url: `http://${domain}/contract.txt`, coinspark_tracker_url: 'http://127.0.0.1:1/',
});
const hashOf = (domain: string) =>
  calcAssetHash({ name: spec(domain).name, issuer: 'Issuer', description: 'Test.', units: '1 unit', issueDate: null, expiryDate: null, interestRate: 0, multiple: 1, contractContent: contract });

let server: http.Server;
const sockets = new Set<Socket>();
let port = 0;
let lists: AssetListsStore;
let stopService: (() => Promise<void> | void) | undefined;

/** Headers at once, then one byte a second: never silent long enough for the idle limit. */
function drip(res: http.ServerResponse, type: string): void {
  res.writeHead(200, { 'Content-Type': type });
  const t = setInterval(() => res.write(' '), 1000);
  res.on('close', () => clearInterval(t));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const isPage = req.url === '/coinspark/a/';
    if (host.startsWith('page-drip-') && isPage) return drip(res, 'text/html');
    if (isPage) return res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<script>_bitcoin_asset_specification_(${JSON.stringify(spec(host))});</script>`);
    if (host.startsWith('contract-drip-') && req.url === '/contract.txt') return drip(res, 'text/plain');
    if (req.url === '/contract.txt') return res.writeHead(200, { 'Content-Type': 'text/plain' }).end(contract);
    res.writeHead(404).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await stopService?.();
  lists?.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('hostile hosts dripping pages and contracts', () => {
  it('a good asset on another host settles within seconds while they drip', async () => {
    const dir = makeTempDir('starve-');
    lists = openAssetListsStore({ dir, coalesceMs: 50 });
    const domains = [
      ...Array.from({ length: PAGE_DRIPPERS }, (_, i) => `page-drip-${i}.test`),
      ...Array.from({ length: CONTRACT_DRIPPERS }, (_, i) => `contract-drip-${i}.test`),
      'good.test', // last: it queues behind all of them
    ];
    const ids = new Map<string, number>();
    domains.forEach((domain, i) => {
      const genesis: Genesis = { qtyMantissa: 1, qtyExponent: 0, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false, domainName: domain, usePrefix: true, pagePath: 'a', assetHash: hashOf(domain).subarray(0, 12), assetHashLen: 12 };
      const metadata = encodeGenesis(genesis, 75);
      if (!metadata.ok) throw new Error(metadata.error);
      const row = lists.addAsset({ fromSource: 'genesis', genTxId: i.toString(16).padStart(64, '0'), genesis: toGenesisRecord(genesis, metadata.value), validState: 'NOT_VALIDATED_YET' });
      ids.set(domain, row.assetId);
    });
    const hostMap = Object.fromEntries(domains.map((d) => [d, `127.0.0.1:${port}`]));
    const assets = memoryAssetsService(lists, openContentStore(path.join(dir, 'content')), new Map(), 100);
    const ctx = contextFor(assets, { dataDir: dir, network: 'regtest', hostMap, appVersion: 't' });
    const validity = initValidityService(ctx); // production limits, limiter and tick
    stopService = () => validity.stop?.();

    const t0 = performance.now();
    await validity.start?.();
    const good = ids.get('good.test')!;
    while (lists.asset(good)?.validChecked === null && performance.now() - t0 < 25_000) await new Promise((r) => setTimeout(r, 20));
    const settledMs = performance.now() - t0;
    expect(lists.asset(good)?.validState).toBe('VALID');
    expect(settledMs).toBeLessThan(8000); // before: ≥ 30 s (page slots), then ≥ 120 s (contract slots)

    // The drippers paid for their own slowness, in words.
    const failed = domains.filter((d) => d !== 'good.test').map((d) => lists.asset(ids.get(d)!)!).filter((r) => r.validChecked !== null);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) expect(r.validReason).toMatch(/too slow .*while other hosts waited/);
  }, 40_000);
});
