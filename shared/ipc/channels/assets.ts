import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';
import type { AddAssetResult, AssetDetail, AssetsSnapshot, AssetSummary, ContractBytes, PictureBytes } from '../../model/asset-view';

const AssetId = v.strictObject({ assetId: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1)) });

export const assetsChannels = {
  /** Every asset with its display state; hidden ones included (the renderer filters). */
  'assets:list': invoke(NoRequest).returns<AssetsSnapshot>(),
  'assets:detail': invoke(AssetId).returns<AssetDetail>(),
  /**
   * Add by reference (text form, e.g. "456789-65432-9599"). Checked with Bitcoin Core first: a reference whose
   * block does not exist, with no transaction at that offset and prefix, or no genesis there, is refused with
   * reason `bad-reference` and the check that failed in words. One already in the wallet says so (`already`).
   */
  'assets:add': invoke(v.strictObject({ reference: v.pipe(v.string(), v.maxLength(100)) })).returns<AddAssetResult>(),
  'assets:setVisible': invoke(v.strictObject({ ...AssetId.entries, visible: v.boolean() })).returns<AssetSummary>(),
  /** Only at zero balance or when invalid (wallet-behaviour.md §6.6). */
  'assets:delete': invoke(AssetId).returns<{ deletedReference: string | null; undoToken: string }>(),
  /** Put a just-deleted asset back (rows and known quantities) — for a short while after the delete. */
  'assets:undoDelete': invoke(v.strictObject({ undoToken: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)) })).returns<AssetSummary>(),
  /** The stored icon or image by its SHA-256 (AssetSummary.icon / .image); null when not stored. */
  'assets:picture': invoke(v.strictObject({ sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) })).returns<PictureBytes | null>(),
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
