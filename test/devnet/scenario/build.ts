// One call builds a world on a fresh (or any) regtest node: issues the planned assets with correct asset
// hashes for their pages and contracts, publishes them on the issuer host, and moves units to a user's
// wallet (in the node) by explicit transfers, default routes and the last-output rule, leaving some in
// the mempool. Every figure in the returned description is book-kept with shared/coinspark.
import {
  calcAssetHash,
  calcAssetURL,
  calcGenesisHashLen,
  encodeAssetRefText,
  encodeGenesis,
  encodeTransfers,
  genesisChargeFlat,
  genesisQty,
  type Genesis,
  type Transfer,
} from '../../../shared/coinspark/index.js';
import { iconPng } from '../issuer/content.js';
import { defaultRoute } from '../tracker/protocol.js';
import type { IssuerFault, IssuerHost } from '../issuer/host.js';
import { RpcError, type RpcClient } from '../rpc-client.js';
import { LedgerWallet, type Coin, type TxOutputSpec } from './ledger-wallet.js';
import { sampleAssets, type AssetPlan, type ExpectedValidity } from './sample-assets.js';

export interface ScenarioOptions {
  /** the user's wallet in the node (created or loaded); default "devnet-user" */
  walletName?: string;
  /** assets to issue; default the sample world (sampleAssets()) */
  assets?: AssetPlan[];
  /** seed of the issuer key (default "issuer") */
  issuerSeed?: string;
}

export interface WorldOutput {
  txid: string;
  vout: number;
  /** raw units (decimal string) */
  qty: string;
  confirmed: boolean;
}

export interface WorldAsset {
  key: string;
  name: string;
  nameShort: string;
  genTxId: string;
  /** text form "block-offset-prefix", null if the genesis is unconfirmed */
  assetRef: string | null;
  domain: string;
  /** path of the page on the asset domain, e.g. "/coinspark/gold/" */
  pagePath: string;
  /** asset page URL as the genesis gives it (http://<domain>/...; reach it through the host map) */
  pageUrl: string;
  contractUrl: string;
  contractType: string;
  iconUrl: string | null;
  /** tracker URLs in the asset JSON (`coinspark_tracker_url`) */
  trackerUrls: string[];
  /** the tracker URL that lies about this asset, if any */
  lyingTrackerUrl: string | null;
  expectedValidity: ExpectedValidity;
  initialFault: IssuerFault | null;
  genesis: { qty: string; chargeFlat: string; chargeBasisPoints: number; assetHashLen: number };
  /** the JSON published in the page (hashed fields exactly as hashed) */
  spec: Record<string, unknown>;
  /** units in the user's wallet: confirmed, unconfirmed (mempool), and every output holding them */
  wallet: { confirmed: string; unconfirmed: string; outputs: WorldOutput[] };
}

export interface World {
  walletName: string;
  issuerAddress: string;
  /** addresses of the user's wallet that received units */
  userAddresses: string[];
  assets: WorldAsset[];
  /** chain height when the world was finished */
  height: number;
}

export interface TrackerSet {
  /** two honest trackers */
  honest: [string, string];
  /** a tracker that lies about the assets planned with trackers: 'liar' */
  liar: string;
}

const ASSET_OUTPUT_SATS = 10_000n;
const FEE = 10_000n;

async function ensureWallet(rpc: RpcClient, name: string): Promise<void> {
  const loaded = await rpc.call<string[]>('listwallets');
  if (loaded.includes(name)) return;
  try {
    await rpc.call('createwallet', name);
  } catch (err) {
    if (!(err instanceof RpcError)) throw err;
    await rpc.call('loadwallet', name); // already exists on disk
  }
}

export async function buildWorld(
  rpc: RpcClient,
  issuer: IssuerHost,
  trackers: TrackerSet,
  opts: ScenarioOptions = {},
): Promise<World> {
  const walletName = opts.walletName ?? 'devnet-user';
  const plans = opts.assets ?? sampleAssets();
  await ensureWallet(rpc, walletName);
  const user = rpc.wallet(walletName);
  const wallet = new LedgerWallet(rpc, opts.issuerSeed ?? 'issuer');
  await wallet.scanTo(await rpc.call<number>('getblockcount'));

  // mature coins: one per genesis and one to fund the user
  const needed = plans.length + 2;
  const mature = () => wallet.plainCoins().length;
  if (mature() < needed) await wallet.mine(100 + needed - mature());

  const userAddresses: string[] = [];
  const newUserScript = async (): Promise<Uint8Array> => {
    const addr = await user.call<string>('getnewaddress');
    userAddresses.push(addr);
    return LedgerWallet.scriptOf(addr);
  };

  // BTC for the user's own fees
  {
    const coin = wallet.takePlainCoin(20_0000_0000n);
    await wallet.send([coin], [{ script: await newUserScript(), value: 10_0000_0000n }, { script: wallet.script, value: 0n }], 1, FEE);
  }

  // 1. geneses
  interface Issued {
    plan: AssetPlan;
    genTxId: string;
    genesis: Genesis;
    pageUrl: string;
    site: { contractUrl: string; iconUrl: string | null; trackerUrls: string[]; spec: Record<string, unknown> };
  }
  const issued: Issued[] = [];
  for (const plan of plans) {
    const hash = calcAssetHash({
      name: plan.spec.name,
      issuer: plan.spec.issuer,
      description: plan.spec.description,
      units: plan.spec.units,
      issueDate: plan.spec.issue_date ?? null,
      expiryDate: plan.spec.expiry_date ?? null,
      interestRate: plan.spec.interest_rate ?? null,
      multiple: plan.spec.multiple,
      contractContent: plan.contract.body,
    });
    const base = {
      qtyMantissa: plan.qtyMantissa,
      qtyExponent: plan.qtyExponent,
      chargeFlatMantissa: plan.chargeFlatMantissa ?? 0,
      chargeFlatExponent: plan.chargeFlatExponent ?? 0,
      chargeBasisPoints: plan.chargeBasisPoints ?? 0,
      useHttps: false,
      domainName: plan.domain,
      usePrefix: true,
      pagePath: plan.pagePath,
    };
    const hashLen = calcGenesisHashLen(base, 40);
    if (hashLen < 12) throw new Error(`asset ${plan.key}: domain and path too long for a genesis`);
    const genesis: Genesis = { ...base, assetHash: hash.slice(0, hashLen), assetHashLen: hashLen };
    const meta = encodeGenesis(genesis, 40);
    if (!meta.ok) throw new Error(`asset ${plan.key}: ${meta.error}`);
    const coin = wallet.takePlainCoin(ASSET_OUTPUT_SATS * 3n + FEE);
    let outputs: TxOutputSpec[];
    let change: number;
    let fee = FEE;
    if (plan.underpaidGenesis === true) {
      // 3 regular outputs → minimum fee 2 × 1000 sat; pay 1500
      outputs = [
        { script: await newUserScript(), value: ASSET_OUTPUT_SATS },
        { script: await newUserScript(), value: ASSET_OUTPUT_SATS },
        { metadata: meta.value },
        { script: wallet.script, value: 0n },
      ];
      change = 3;
      fee = 1_500n;
    } else {
      outputs = [{ script: wallet.script, value: ASSET_OUTPUT_SATS }, { metadata: meta.value }, { script: wallet.script, value: 0n }];
      change = 2;
    }
    const genTxId = await wallet.send([coin], outputs, change, fee);
    const pageUrl = calcAssetURL(genesis, coin.txid, coin.vout);
    if (pageUrl === null) throw new Error(`asset ${plan.key}: no page URL`);
    const trackerUrls = plan.trackers === 'single' ? [trackers.honest[1]] : plan.trackers === 'liar' ? [trackers.honest[0], trackers.liar] : [...trackers.honest];
    const contractUrl = `http://${plan.domain}/contracts/${plan.contract.file}`;
    const iconUrl = plan.iconRgb === undefined ? null : `http://${plan.domain}/icons/${plan.key}.png`;
    const spec: Record<string, unknown> = {
      ...plan.spec,
      contract_url: contractUrl,
      coinspark_tracker_url: plan.trackers === 'single' ? trackerUrls[0] : trackerUrls,
      ...(iconUrl === null ? {} : { icon_url: iconUrl }),
    };
    issuer.addAsset({
      key: plan.key,
      domain: plan.domain,
      pagePath: new URL(pageUrl).pathname,
      spec,
      contract: { path: `/contracts/${plan.contract.file}`, body: plan.contract.body, contentType: plan.contract.contentType },
      ...(plan.iconRgb === undefined ? {} : { icon: { path: `/icons/${plan.key}.png`, body: iconPng(plan.iconRgb) } }),
    });
    if (plan.initialFault !== undefined) issuer.setFault(plan.key, plan.initialFault);
    issued.push({ plan, genTxId, genesis, pageUrl, site: { contractUrl, iconUrl, trackerUrls, spec } });
  }
  await wallet.mine(1); // asset references exist from here on

  // 2. moves: confirmed ones, a block, then the ones left in the mempool
  const issuerAssetCoin = (genTxId: string): Coin | undefined =>
    [...wallet.coins.values()].find((c) => c.mine && !c.spent && (c.assets.get(genTxId) ?? 0n) > 0n);
  const doMove = async (it: Issued, move: AssetPlan['moves'][number]): Promise<void> => {
    const asset = wallet.assets.get(it.genTxId)!;
    const coin = issuerAssetCoin(it.genTxId);
    if (coin === undefined || asset.ref === null) throw new Error(`asset ${it.plan.key}: issuer holds no units to move`);
    const inputs = coin.value >= ASSET_OUTPUT_SATS * 2n + FEE ? [coin] : [coin, wallet.takePlainCoin(ASSET_OUTPUT_SATS * 2n + FEE)];
    const nIn = inputs.length;
    const ref = asset.ref;
    const encode = (list: Transfer[], nOut: number): Uint8Array => {
      const m = encodeTransfers(list, nIn, nOut, 40);
      if (!m.ok) throw new Error(`asset ${it.plan.key}: ${m.error}`);
      return m.value;
    };
    const userScript = await newUserScript();
    if (move.kind === 'transfer') {
      const list: Transfer[] = [{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: move.qty }];
      await wallet.send(inputs, [{ script: userScript, value: ASSET_OUTPUT_SATS }, { metadata: encode(list, 3) }, { script: wallet.script, value: 0n }], 2, FEE);
    } else if (move.kind === 'defaultRoute') {
      const list: Transfer[] = [
        { assetRef: defaultRoute(), inputs: { first: 0, count: nIn }, outputs: { first: 0, count: 1 }, qtyPerOutput: 0n },
        { assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 1, count: 1 }, qtyPerOutput: move.keep },
      ];
      await wallet.send(inputs, [{ script: userScript, value: ASSET_OUTPUT_SATS }, { script: wallet.script, value: 0n }, { metadata: encode(list, 3) }], 1, FEE);
    } else if (move.keep > 0n) {
      const list: Transfer[] = [{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: move.keep }];
      await wallet.send(inputs, [{ script: wallet.script, value: 0n }, { metadata: encode(list, 3) }, { script: userScript, value: ASSET_OUTPUT_SATS }], 0, FEE);
    } else {
      await wallet.send(inputs, [{ script: wallet.script, value: 0n }, { script: userScript, value: ASSET_OUTPUT_SATS }], 0, FEE);
    }
  };
  for (const it of issued) for (const m of it.plan.moves) if (m.confirmed) await doMove(it, m);
  await wallet.mine(1);
  for (const it of issued) for (const m of it.plan.moves) if (!m.confirmed) await doMove(it, m);

  // 3. describe the world
  const userScripts = new Set(userAddresses.map((a) => Buffer.from(LedgerWallet.scriptOf(a)).toString('hex')));
  const assets: WorldAsset[] = issued.map((it) => {
    const asset = wallet.assets.get(it.genTxId)!;
    const outputs: WorldOutput[] = [];
    let confirmed = 0n;
    let unconfirmed = 0n;
    for (const c of wallet.coins.values()) {
      if (!userScripts.has(Buffer.from(c.script).toString('hex'))) continue;
      const q = c.assets.get(it.genTxId) ?? 0n;
      const fromThisGenesis = c.txid === it.genTxId;
      if (q === 0n && !fromThisGenesis) continue;
      outputs.push({ txid: c.txid, vout: c.vout, qty: q.toString(), confirmed: c.height !== null });
      if (c.height !== null) confirmed += q;
      else unconfirmed += q;
    }
    const refText = asset.ref === null ? null : encodeAssetRefText(asset.ref);
    const g = it.genesis;
    return {
      key: it.plan.key,
      name: it.plan.spec.name,
      nameShort: it.plan.spec.name_short,
      genTxId: it.genTxId,
      assetRef: refText !== null && refText.ok ? refText.value : null,
      domain: it.plan.domain,
      pagePath: new URL(it.pageUrl).pathname,
      pageUrl: it.pageUrl,
      contractUrl: it.site.contractUrl,
      contractType: it.plan.contract.contentType,
      iconUrl: it.site.iconUrl,
      trackerUrls: it.site.trackerUrls,
      lyingTrackerUrl: it.plan.trackers === 'liar' ? trackers.liar : null,
      expectedValidity: it.plan.expect,
      initialFault: it.plan.initialFault ?? null,
      genesis: {
        qty: genesisQty(g).toString(),
        chargeFlat: genesisChargeFlat(g).toString(),
        chargeBasisPoints: g.chargeBasisPoints,
        assetHashLen: g.assetHashLen,
      },
      spec: it.site.spec,
      wallet: { confirmed: confirmed.toString(), unconfirmed: unconfirmed.toString(), outputs },
    };
  });
  return {
    walletName,
    issuerAddress: wallet.address,
    userAddresses,
    assets,
    height: wallet.height,
  };
}
