import path from 'node:path';
import { bytesToHex, decodeAssetRefText, decodeGenesis, hexToBytes, scriptsToMetadata } from '../../../shared/coinspark';
import type { GenesisRecord } from '../../../shared/model/asset-lists';
import { openAssetListsStore, type AssetListsStore } from '../../../main/services/assets/asset-lists-store';
import type { AssetsService, AssetTriggerName, AssetTriggers, WalletOutput } from '../../../main/services/assets/assets-api';
import { openContentStore, type ContentStore } from '../../../main/services/assets/content-store';
import { EventBus } from '../../../main/node/event-bus';
import type { ServiceContext } from '../../../main/node/service-context';
import type { Devnet } from '../../devnet/index';
import { makeTempDir } from '../../support/temp-dir';

/**
 * A ServiceContext with the real asset lists store (engineer D's), filled from the devnet world the way sync
 * would: genesis decoded from the node's transaction, input 0 recorded, one balance row per wallet output. The
 * validity and balances services under test run on it unchanged.
 */
export interface Harness {
  ctx: ServiceContext;
  assets: AssetsService;
  lists: AssetListsStore;
  idOf(key: string): number;
  progress: { validityPending: number; balancesPending: number }[];
}

export async function genesisRecordOf(devnet: Devnet, genTxId: string): Promise<{ record: GenesisRecord; firstSpent: { txid: string; vout: number } }> {
  const tx = await devnet.rpc.call<{ vin: { txid?: string; vout?: number }[]; vout: { scriptPubKey: { hex: string } }[] }>('getrawtransaction', genTxId, true);
  const metadata = scriptsToMetadata(tx.vout.map((o) => hexToBytes(o.scriptPubKey.hex)!));
  if (!metadata) throw new Error(`no metadata in ${genTxId}`);
  const g = decodeGenesis(metadata);
  if (!g.ok) throw new Error(`no genesis in ${genTxId}`);
  const v = g.value;
  return {
    record: {
      qtyMantissa: v.qtyMantissa, qtyExponent: v.qtyExponent, chargeFlatMantissa: v.chargeFlatMantissa, chargeFlatExponent: v.chargeFlatExponent,
      chargeBasisPoints: v.chargeBasisPoints, useHttps: v.useHttps, domainName: v.domainName, usePrefix: v.usePrefix, pagePath: v.pagePath,
      assetHash: bytesToHex(v.assetHash.subarray(0, v.assetHashLen)), assetHashLen: v.assetHashLen, metadataHex: bytesToHex(metadata),
    },
    firstSpent: { txid: tx.vin[0]?.txid ?? '0'.repeat(64), vout: tx.vin[0]?.vout ?? 4294967295 },
  };
}

export async function worldHarness(devnet: Devnet, opts: { keys?: string[]; confirmations?: (txid: string) => number } = {}): Promise<Harness> {
  const dir = makeTempDir('checking-');
  const lists = openAssetListsStore({ dir, coalesceMs: 50 });
  const content = openContentStore(path.join(dir, 'content'));
  const unspent = new Map<string, WalletOutput>();
  const ids = new Map<string, number>();
  const progress: Harness['progress'] = [];
  for (const a of devnet.world?.assets ?? []) {
    if (opts.keys && !opts.keys.includes(a.key)) continue;
    const { record, firstSpent } = await genesisRecordOf(devnet, a.genTxId);
    const ref = a.assetRef === null ? null : decodeAssetRefText(a.assetRef);
    const assetRef = ref?.ok ? { blockNum: ref.value.blockNum, txOffset: ref.value.txOffset, txIDPrefix: ref.value.txIDPrefix.toLowerCase() } : null;
    const row = lists.addAsset({ fromSource: 'genesis', genTxId: a.genTxId, genesis: record, firstSpentTxId: firstSpent.txid, firstSpentVout: firstSpent.vout, validState: 'NOT_VALIDATED_YET', assetRef });
    ids.set(a.key, row.assetId);
    for (const o of a.wallet.outputs) {
      lists.addBalance(row.assetId, o.txid, o.vout);
      unspent.set(`${o.txid}:${o.vout}`, { txid: o.txid, vout: o.vout, confirmations: opts.confirmations?.(o.txid) ?? (o.confirmed ? 1 : 0), amountSats: 1000n, address: null, scriptPubKey: '' });
    }
  }
  const height = await devnet.rpc.call<number>('getblockcount');
  const assets = memoryAssetsService(lists, content, unspent, height, progress);
  const ctx = contextFor(assets, { dataDir: dir, network: 'regtest', hostMap: devnet.hostMap, appVersion: 'test' });
  return {
    ctx,
    assets,
    lists,
    progress,
    idOf(key) {
      const id = ids.get(key);
      if (id === undefined) throw new Error(`no asset ${key}`);
      return id;
    },
  };
}

/** An AssetsService over a real store, with a fixed unspent set and tip, and triggers as a plain emitter. */
export function memoryAssetsService(
  lists: AssetListsStore,
  content: ContentStore,
  unspent: Map<string, WalletOutput>,
  height: number,
  progress: Harness['progress'] = [],
): AssetsService {
  const listeners = new Map<AssetTriggerName, Set<(...args: never[]) => void>>();
  return {
    lists,
    content,
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as never);
      return () => set.delete(listener as never);
    },
    trigger(name, ...args) {
      for (const l of listeners.get(name) ?? []) (l as (...a: unknown[]) => void)(...args);
    },
    onChange: (l) => lists.onChange(l),
    unspent: () => unspent,
    tip: () => ({ height, hash: '00'.repeat(32) }),
    setProgress: (p) => void progress.push(p),
  };
}

export function contextFor(assets: AssetsService, options: ServiceContext['options']): ServiceContext {
  return {
    options,
    platform: {} as ServiceContext['platform'],
    events: new EventBus(),
    log: { info: () => {}, warn: () => {}, error: () => {} },
    reports: [],
    services: { assets } as ServiceContext['services'],
  };
}

/** Resolves when `predicate` holds, polling every 20 ms; throws after `ms`. */
export async function until(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type { AssetTriggers };
