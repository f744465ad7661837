import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';
import type { AssetDetail, AssetsSnapshot, AssetSummary, ContractBytes } from '../../model/asset-view';

const AssetId = v.strictObject({ assetId: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1)) });

export const assetsChannels = {
  /** Every asset with its display state; hidden ones included (the renderer filters). */
  'assets:list': invoke(NoRequest).returns<AssetsSnapshot>(),
  'assets:detail': invoke(AssetId).returns<AssetDetail>(),
  /** Add by reference (text form, e.g. "456789-65432-9599"); fails with reason `bad-reference` in words. */
  'assets:add': invoke(v.strictObject({ reference: v.pipe(v.string(), v.maxLength(100)) })).returns<AssetSummary>(),
  'assets:setVisible': invoke(v.strictObject({ ...AssetId.entries, visible: v.boolean() })).returns<AssetSummary>(),
  /** Only at zero balance or when invalid (wallet-behaviour.md §6.6). */
  'assets:delete': invoke(AssetId).returns<{ deletedReference: string | null }>(),
  'assets:refresh': invoke(AssetId).returns<AssetSummary>(),
  'assets:refreshAll': invoke(NoRequest).returns<{ assets: number }>(),
  /** The stored contract bytes verified against the asset hash (never fetched live). */
  'assets:contract': invoke(AssetId).returns<ContractBytes | null>(),
};

export const assetsEvents = {
  /** Coalesced: at most a few per second whatever the rate of change. */
  'assets:changed': event<AssetsSnapshot>(),
  'assets:progress': event<{ validityPending: number; balancesPending: number }>(),
};
