// The wallet against the real thing: a real Bitcoin Core v29 regtest node, the real coinsparkd following it over
// P2P behind two real PHP front ends (two tracker URLs of one tracker), assets issued the way the devnet scenario
// builder issues them (test/devnet/scenario: geneses, explicit transfers, a default route, the last-output rule,
// moves left in the mempool, an under-fee genesis). Checked:
// 1. coinsparkd's answers, read by our tracker client, are the scenario's book-kept figures, output by output
//    (and unconfirmed geneses, whose figures coinsparkd mixes, give none);
// 2. the wallet's own services (sync + validity + balances, pointed at real Core and the real tracker) show for
//    each asset the balances coinsparkd's answers add up to, confirmed and unconfirmed apart;
// 3. the devnet tracker, following the same real node over RPC, answers a battery of requests (the recorded ones
//    and harder: odd ids, odd vouts, odd assets, every request error, all GET methods, a mempool genesis) byte for
//    byte as coinsparkd does, only processing times apart.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcGenesisHashLen, encodeGenesis, type Genesis } from '../../shared/coinspark/index.js';
import type { AssetSummary } from '../../shared/model/asset-view.js';
import { headlessPlatform } from '../../main/host/headless.js';
import type { CallContext } from '../../main/node/ipc-dispatch.js';
import { startServices, type RunningServices } from '../../main/node/service-host.js';
import { TrackerClient, UNCONFIRMED_BLOCK, type QtyEntry } from '../../main/services/balances/tracker-client.js';
import { IssuerHost } from '../../test/devnet/issuer/host.js';
import { RpcClient as DevnetRpc } from '../../test/devnet/rpc-client.js';
import { buildWorld, type World } from '../../test/devnet/scenario/build.js';
import { LedgerWallet } from '../../test/devnet/scenario/ledger-wallet.js';
import { sampleAssets } from '../../test/devnet/scenario/sample-assets.js';
import { ChainIndex } from '../../test/devnet/tracker/chain-index.js';
import { TrackerServer } from '../../test/devnet/tracker/server.js';
import { Cleanup, findCoreBinaries, shmemKeysInUse, startBitcoind, startCoinsparkd, waitFor, type RealBitcoind, type RealCoinsparkd } from './harness/index.js';
import { requestBattery, type BatteryRequest } from './request-battery.js';

const available = findCoreBinaries();
if (!available.ok) console.warn(`test:core: real Bitcoin Core + coinsparkd suite skipped: ${available.reason}`);

/** The scenario's assets used here: explicit transfers with a mempool move, charges and a default route, one tracker, a bond, an under-fee genesis. */
const KEYS = ['gold', 'silver', 'acme', 'bond', 'bogus'];
const call: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.skipIf(!available.ok)(`real Bitcoin Core + real coinsparkd${available.ok ? '' : ` — skipped: ${available.reason}`}`, () => {
  const cleanup = new Cleanup();
  let node: RealBitcoind;
  let tracker: RealCoinsparkd;
  let world: World;
  let mempoolGenesis: string;
  let secondMempoolGenesis: string;
  let issuer: IssuerHost;
  let devnetRpc: DevnetRpc;
  let index: ChainIndex;
  let devnetTracker: TrackerServer;
  const client = new TrackerClient({ policy: { network: 'regtest' } });

  beforeAll(async () => {
    if (!available.ok) return;
    node = await startBitcoind(available.bin, cleanup);
    tracker = await startCoinsparkd(available.bin, cleanup, node, { frontEnds: 2 });
    // the devnet tracker follows the same node from the start, so it sees mempool transactions in arrival order
    devnetRpc = new DevnetRpc({ url: node.rpcUrl, cookieFile: node.cookieFile });
    index = new ChainIndex(devnetRpc, { pollMs: 200 });
    devnetTracker = await TrackerServer.start({ index, shmemKey: tracker.shmemKey });
    cleanup.add('stop the devnet tracker', async () => {
      await devnetTracker.stop();
      await index.stop();
      devnetRpc.close();
    });
    await index.start();
    // a second issuer whose genesis stays in the mempool: its coins mature while the world is built
    const late = new LedgerWallet(node.rpc, 'late-issuer');
    await late.mine(2);
    issuer = await IssuerHost.start({ port: 0 });
    cleanup.add('stop the issuer host', () => issuer.stop());
    const [a, b] = tracker.urls as [string, string];
    world = await buildWorld(node.rpc, issuer, { honest: [a, b], liar: a }, { assets: sampleAssets().filter((p) => KEYS.includes(p.key)) });
    await late.scanTo(await node.rpc.call<number>('getblockcount'));
    mempoolGenesis = await late.send([late.takePlainCoin(1_000_000n)], [{ script: late.script, value: 20_000n }, { metadata: genesisMetadata(5) }, { script: late.script, value: 0n }], 2, 10_000n);
    // and a second one after both trackers saw the first: coinsparkd files all mempool geneses under one asset id
    await index.synced();
    await waitFor('coinsparkd to see the first mempool genesis', async () => ((await mempoolAssetsSeen(tracker, [mempoolGenesis])) ? true : undefined), 60_000, 1000);
    secondMempoolGenesis = await late.send([late.takePlainCoin(1_000_000n)], [{ script: late.script, value: 30_000n }, { metadata: genesisMetadata(7) }, { script: late.script, value: 0n }], 2, 10_000n);
    await tracker.synced(node);
    // coinsparkd rebuilds its mempool view about every 5 s: wait until it has the late genesis
    await waitFor('coinsparkd to see the mempool geneses', async () => ((await mempoolAssetsSeen(tracker, [mempoolGenesis, secondMempoolGenesis])) ? true : undefined), 60_000, 1000);
  }, 300_000);
  afterAll(async () => {
    await cleanup.run();
  }, 120_000);

  it('coinsparkd answers, through our client, the scenario book-kept units of every output', async () => {
    let checked = 0;
    for (const asset of world.assets) {
      const outs = asset.wallet.outputs.map((o) => ({ txid: o.txid, vout: o.vout }));
      if (outs.length === 0) continue;
      const r = await client.getQty(tracker.urls[0]!, [asset.genTxId], outs);
      if (!r.ok) throw new Error(`${asset.key}: ${r.message}`);
      for (const o of asset.wallet.outputs) {
        const e = r.entries.get(asset.genTxId)!.get(`${o.txid}:${o.vout}`);
        if (asset.expectedValidity === 'genesisInvalid') {
          expect(e?.kind, asset.key).toBe('not-tracked');
          continue;
        }
        expect(e, `${asset.key} ${o.txid}:${o.vout}`).toMatchObject({ kind: 'qty', qty: Number(o.qty), spent: 0 });
        expect((e as Extract<QtyEntry, { kind: 'qty' }>).block === UNCONFIRMED_BLOCK, `${asset.key} ${o.txid}:${o.vout} unconfirmed`).toBe(!o.confirmed);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
    expect(world.assets.find((x) => x.key === 'gold')!.wallet.unconfirmed).toBe('12345');
  });

  it('coinsparkd mixes the units of unconfirmed geneses; our client takes no figures from them', async () => {
    const gens = [mempoolGenesis, secondMempoolGenesis];
    const outs = gens.map((txid) => ({ txid, vout: 0 }));
    // raw: each unconfirmed asset is said to hold the other's 70000 (or 50000) units as well as its own
    const body = JSON.stringify({ id: 1, method: 'coinspark_assets_get_qty', params: { assets: gens, txouts: outs } });
    const raw = (await (await fetch(tracker.urls[0]!, { method: 'POST', body })).json()) as { result: Record<string, { qty?: number }[]> };
    expect(raw.result[mempoolGenesis]!.map((e) => e.qty)).toEqual([50000, 70000]);
    expect(raw.result[secondMempoolGenesis]!.map((e) => e.qty)).toEqual([50000, 70000]);
    const r = await client.getQty(tracker.urls[0]!, gens, outs);
    if (!r.ok) throw new Error(r.message);
    for (const g of gens) for (const e of r.entries.get(g)!.values()) expect(e).toMatchObject({ kind: 'not-tracked', message: expect.stringMatching(/memory pool/) });
  });

  it("the wallet's balances, from real Core and the real tracker, are what coinsparkd's answers add up to", async () => {
    // what coinsparkd says each asset's wallet outputs hold, confirmed and unconfirmed apart
    const fromTracker = new Map<string, { confirmed: bigint; unconfirmed: bigint }>();
    for (const asset of world.assets.filter((x) => x.expectedValidity === 'valid')) {
      const outs = asset.wallet.outputs.map((o) => ({ txid: o.txid, vout: o.vout }));
      const r = await client.getQty(tracker.urls[1]!, [asset.genTxId], outs);
      if (!r.ok) throw new Error(r.message);
      const sum = { confirmed: 0n, unconfirmed: 0n };
      for (const e of r.entries.get(asset.genTxId)!.values()) {
        if (e.kind !== 'qty') throw new Error(`${asset.key}: ${e.kind}`);
        if (e.block === UNCONFIRMED_BLOCK) sum.unconfirmed += BigInt(e.qty);
        else sum.confirmed += BigInt(e.qty);
      }
      fromTracker.set(asset.genTxId, sum);
    }
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coinspark-core-wallet-'));
    let services: RunningServices | undefined;
    try {
      services = await startServices(
        { dataDir, network: 'regtest', rpcUrl: node.rpcUrl, cookieFile: node.cookieFile, wallet: world.walletName, hostMap: issuer.hostMap, appVersion: 'test' },
        headlessPlatform(),
        quiet,
      );
      const running = services;
      let list: AssetSummary[] = [];
      const settled = (): boolean =>
        [...fromTracker].every(([gen, sum]) => {
          const s = list.find((x) => x.genTxId === gen);
          return s !== undefined && !s.balance.updating && s.balance.confirmedRaw === String(sum.confirmed) && s.balance.unconfirmedRaw === String(sum.unconfirmed);
        });
      await waitFor(
        'the wallet to show every asset at coinsparkd’s figures',
        async () => {
          list = (await running.handlers['assets:list'](undefined, call)).assets;
          return settled() ? true : undefined;
        },
        90_000,
        500,
      ).catch((err: unknown) => {
        const seen = list.map((s) => [s.name, s.validity.state, s.balance, s.trackers.map((t) => t.lastError)]);
        throw new Error(`${String(err)}; wallet: ${JSON.stringify(seen)}; coinsparkd: ${JSON.stringify([...fromTracker].map(([g, s]) => [g.slice(0, 8), String(s.confirmed), String(s.unconfirmed)]))}`);
      });
      for (const asset of world.assets.filter((x) => x.expectedValidity === 'valid')) {
        const s = list.find((x) => x.genTxId === asset.genTxId)!;
        // and both are the scenario's book-kept figures
        expect({ key: asset.key, confirmed: s.balance.confirmedRaw, unconfirmed: s.balance.unconfirmedRaw }).toEqual({
          key: asset.key,
          confirmed: asset.wallet.confirmed,
          unconfirmed: asset.wallet.unconfirmed,
        });
        expect(s.validity.state, asset.key).toBe('VALID');
        expect(s.trackers.every((t) => t.reachable === true && t.lastError === null), asset.key).toBe(true);
      }
    } finally {
      await services?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the devnet tracker following the same node answers byte for byte as coinsparkd (processing times apart)', async () => {
    await index.synced();
    const tip = await node.rpc.call<number>('getblockcount');
    const [block, offset] = world.assets[0]!.assetRef!.split('-').map(Number) as [number, number];
    let unusedKey = tracker.shmemKey + 1;
    while (shmemKeysInUse().has(unusedKey)) unusedKey++;
    const battery = requestBattery({
      world,
      mempoolGeneses: [mempoolGenesis, secondMempoolGenesis],
      tip,
      tipHash: await node.rpc.call<string>('getblockhash', tip),
      genesisBlock: block,
      ref: { block, offset },
      key: tracker.shmemKey,
      unusedKey,
    });
    const differences: string[] = [];
    for (const r of battery) {
      const [real, ours] = await Promise.all([send(new URL(tracker.urls[0]!).port, r), send(String(devnetTracker.port), r)]);
      const a = maskTimes(real.body);
      const b = maskTimes(ours.body);
      if (real.status !== ours.status || real.contentType !== ours.contentType || a !== b) {
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        const at = (x: string) => JSON.stringify(x.slice(Math.max(0, i - 150), i + 150));
        differences.push(`${r.name}: coinsparkd ${real.status} ${real.contentType} …${at(a)}…\n   devnet ${ours.status} ${ours.contentType} …${at(b)}…`);
      }
    }
    expect(battery.length).toBeGreaterThan(60);
    expect(differences).toEqual([]);
  });
});

/** Does coinsparkd know these geneses (as mempool assets)? Asked raw: our client takes no figures from such assets. */
async function mempoolAssetsSeen(t: RealCoinsparkd, gens: string[]): Promise<boolean> {
  const body = JSON.stringify({ id: 1, method: 'coinspark_assets_get_qty', params: { assets: gens, txouts: [] } });
  const r = await fetch(t.urls[0]!, { method: 'POST', body, signal: AbortSignal.timeout(10_000) });
  const json = (await r.json()) as { assets?: Record<string, { genesis_block?: number }> };
  return gens.every((g) => json.assets?.[g]?.genesis_block === UNCONFIRMED_BLOCK);
}

function genesisMetadata(mantissa: number): Uint8Array {
  const base = {
    qtyMantissa: mantissa, qtyExponent: 4, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0,
    useHttps: false, domainName: 'late.example', usePrefix: true, pagePath: 'late',
  };
  const len = calcGenesisHashLen(base, 40);
  const genesis: Genesis = { ...base, assetHash: new Uint8Array(len).fill(0x5a), assetHashLen: len };
  const m = encodeGenesis(genesis, 40);
  if (!m.ok) throw new Error(m.error);
  return m.value;
}

function send(port: string, r: BatteryRequest): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: Number(port), path: r.path, method: r.method, timeout: 30_000, headers: r.body === undefined ? {} : { 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${r.name}: timed out`)));
    req.on('error', reject);
    req.end(r.body === undefined ? undefined : Buffer.from(r.body));
  });
}

/** Values that are times of processing or of asking (never the same in two servers): masked. */
function maskTimes(body: string): string {
  return body.replace(/"(age|processed_ts|delay|processed_before)":-?\d+/g, '"$1":<t>').replace(/"processed":"[^"]*"/g, '"processed":<t>');
}
