// The devnet: a regtest node, the tracking servers and the issuer web host on loopback, with a sample
// world of assets. `startDevnet()` is what tests, `npm run devnet` and `npm run demo` use.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevnetNode } from './node/index.js';
import { RpcClient } from './rpc-client.js';
import { ChainIndex } from './tracker/chain-index.js';
import { TrackerServer, type TrackerFault } from './tracker/server.js';
import { IssuerHost, type IssuerFault } from './issuer/host.js';
import { buildWorld, type ScenarioOptions, type World, type WorldAsset } from './scenario/build.js';
import { sampleAssets } from './scenario/sample-assets.js';
import { iconPng } from './issuer/content.js';
import { LedgerWallet } from './scenario/ledger-wallet.js';

export type { TrackerFault, IssuerFault, World, WorldAsset, ScenarioOptions };
export type { AssetPlan, Move, ExpectedValidity } from './scenario/sample-assets.js';
export { TrackerServer, IssuerHost, ChainIndex, RpcClient, buildWorld, sampleAssets };
export { demoNotes } from './scenario/demo-notes.js';
export { lieAbout } from './tracker/server.js';
export { MEMPOOL_BLOCK } from './tracker/chain-index.js';

export interface DevnetPorts {
  /** RPC port of the node (0 = any free port) */
  node?: number;
  /** ports of the three trackers: honest A, honest B, liar (0 = any) */
  trackers?: number[];
  /** port of the issuer web host (0 = any) */
  issuer?: number;
}

export interface DevnetOptions {
  /** where the node keeps its chain and wallets; default a fresh temporary directory */
  dataDir?: string;
  ports?: DevnetPorts;
  /** build the sample world (default true), or a world from these options */
  world?: boolean | ScenarioOptions;
  /** tracker poll interval in ms (default 200) */
  pollMs?: number;
  /** run the node with -txindex (default true); false = getrawtransaction needs a block hash */
  txindex?: boolean;
}

/** The JSON object `npm run devnet` prints as its first line. */
export interface DevnetInfo {
  network: 'regtest';
  rpcUrl: string;
  cookieFile: string;
  walletName: string | null;
  /** tracker base URLs: [honest A, honest B, liar] */
  trackerUrls: string[];
  trackers: Array<{ name: string; url: string; fault: TrackerFault | null }>;
  /** asset domain → "127.0.0.1:port" (honour only on regtest) */
  hostMap: Record<string, string>;
  hostMapFile: string;
  issuerBaseUrl: string;
  dataDir: string;
  assets: Array<{ key: string; name: string; genTxId: string; assetRef: string | null; pageUrl: string; expectedValidity: string }>;
}

type DevnetNode = Awaited<ReturnType<typeof startDevnetNode>>;

export interface Devnet {
  node: DevnetNode;
  rpc: RpcClient;
  /** the chain index the trackers share */
  index: ChainIndex;
  /** [honest A, honest B, liar] — the liar lies about the sample world's "lead" asset */
  trackers: TrackerServer[];
  issuer: IssuerHost;
  hostMap: Record<string, string>;
  world: World | null;
  info: DevnetInfo;
  /** a world asset by key ("gold", "silver", …); throws if absent */
  asset(key: string): WorldAsset;
  /** mine blocks (to the issuer) and wait until the trackers have indexed them */
  mine(blocks?: number): Promise<string[]>;
  /** wait until the trackers reflect the node's current chain and mempool */
  syncTrackers(): Promise<void>;
  stop(): Promise<void>;
}

const TRACKER_NAMES = ['tracker-a', 'tracker-b', 'tracker-liar'];

export async function startDevnet(opts: DevnetOptions = {}): Promise<Devnet> {
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'coinspark-devnet-')));
  await mkdir(dataDir, { recursive: true });
  // A temporary directory made here is removed on stop (runs last: cleanups run in reverse).
  const cleanups: Array<() => Promise<void>> = opts.dataDir === undefined ? [() => rm(dataDir, { recursive: true, force: true })] : [];
  const node = await startDevnetNode({ dataDir: path.join(dataDir, 'node'), port: opts.ports?.node ?? 0, txindex: opts.txindex !== false }).catch(async (e: unknown) => {
    for (const c of cleanups) await c().catch(() => undefined);
    throw e;
  });
  cleanups.push(async () => void (await node.stop()));
  const fail = async (err: unknown): Promise<never> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    throw err;
  };
  try {
    const rpc = new RpcClient({ url: node.rpcUrl, cookieFile: node.cookieFile });
    cleanups.push(async () => rpc.close());
    const index = new ChainIndex(rpc, { pollMs: opts.pollMs ?? 200 });
    cleanups.push(() => index.stop());
    const trackers: TrackerServer[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await TrackerServer.start({ index, port: opts.ports?.trackers?.[i] ?? 0, name: TRACKER_NAMES[i]! });
      trackers.push(t);
      cleanups.push(() => t.stop());
    }
    const issuer = await IssuerHost.start({ port: opts.ports?.issuer ?? 0 });
    cleanups.push(() => issuer.stop());

    const worldFile = path.join(dataDir, 'world.json');
    let world: World | null = null;
    if (opts.world !== false) {
      const trackerSet = { honest: [trackers[0]!.url, trackers[1]!.url] as [string, string], liar: trackers[2]!.url };
      const saved = existsSync(worldFile) ? (JSON.parse(await readFile(worldFile, 'utf8')) as World) : null;
      if (saved !== null && (await chainHolds(rpc, saved))) {
        world = saved;
        republish(issuer, world, trackerSet);
      } else {
        world = await buildWorld(rpc, issuer, trackerSet, opts.world === true || opts.world === undefined ? {} : opts.world);
        await writeFile(worldFile, JSON.stringify(world, null, 2));
      }
      const lied = world.assets.filter((a) => a.lyingTrackerUrl !== null).map((a) => a.genTxId);
      if (lied.length > 0) trackers[2]!.setFault({ kind: 'lie', assets: lied });
    }
    await index.start();

    const hostMap = issuer.hostMap;
    const hostMapFile = path.join(dataDir, 'hostmap.json');
    await writeFile(hostMapFile, JSON.stringify(hostMap, null, 2));
    const info: DevnetInfo = {
      network: 'regtest',
      rpcUrl: node.rpcUrl,
      cookieFile: node.cookieFile,
      walletName: world?.walletName ?? null,
      trackerUrls: trackers.map((t) => t.url),
      trackers: trackers.map((t) => ({ name: t.name, url: t.url, fault: t.getFault() })),
      hostMap,
      hostMapFile,
      issuerBaseUrl: issuer.baseUrl,
      dataDir,
      assets: (world?.assets ?? []).map((a) => ({
        key: a.key, name: a.name, genTxId: a.genTxId, assetRef: a.assetRef, pageUrl: a.pageUrl, expectedValidity: a.expectedValidity,
      })),
    };
    await writeFile(path.join(dataDir, 'devnet.json'), JSON.stringify(info, null, 2));
    const miner = new LedgerWallet(rpc, 'issuer').address;
    return {
      node,
      rpc,
      index,
      trackers,
      issuer,
      hostMap,
      world,
      info,
      asset(key: string): WorldAsset {
        const a = world?.assets.find((x) => x.key === key);
        if (a === undefined) throw new Error(`no asset ${key} in the devnet world`);
        return a;
      },
      async mine(blocks = 1): Promise<string[]> {
        const hashes = await rpc.call<string[]>('generatetoaddress', blocks, miner);
        await index.synced();
        return hashes;
      },
      syncTrackers: () => index.synced(),
      async stop(): Promise<void> {
        for (const c of cleanups.reverse()) await c().catch(() => undefined);
      },
    };
  } catch (err) {
    return fail(err);
  }
}

/** Does the node's chain still hold this saved world (same data directory, node kept its chain)? */
async function chainHolds(rpc: RpcClient, world: World): Promise<boolean> {
  if ((await rpc.call<number>('getblockcount')) < world.height) return false;
  const first = world.assets[0];
  if (first === undefined) return true;
  try {
    await rpc.call('getrawtransaction', first.genTxId, false);
    return true;
  } catch {
    return false;
  }
}

/** After a restart on the same data directory: publish the pages again (tracker URLs may have moved). */
function republish(issuer: IssuerHost, world: World, trackers: { honest: [string, string]; liar: string }): void {
  const plans = new Map(sampleAssets().map((p) => [p.key, p]));
  for (const a of world.assets) {
    const plan = plans.get(a.key);
    if (plan === undefined) continue; // custom plans are not kept across restarts
    const urls = plan.trackers === 'single' ? [trackers.honest[1]] : plan.trackers === 'liar' ? [trackers.honest[0], trackers.liar] : [...trackers.honest];
    a.trackerUrls = urls;
    if (a.lyingTrackerUrl !== null) a.lyingTrackerUrl = trackers.liar;
    a.spec = { ...a.spec, coinspark_tracker_url: plan.trackers === 'single' ? urls[0] : urls };
    issuer.addAsset({
      key: a.key,
      domain: a.domain,
      pagePath: a.pagePath,
      spec: a.spec,
      contract: { path: new URL(a.contractUrl).pathname, body: plan.contract.body, contentType: plan.contract.contentType },
      ...(plan.iconRgb === undefined ? {} : { icon: { path: `/icons/${plan.key}.png`, body: iconPng(plan.iconRgb) } }),
    });
    if (plan.initialFault !== undefined) issuer.setFault(a.key, plan.initialFault);
  }
}
