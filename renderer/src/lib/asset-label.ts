import type { AssetSummary } from '../../../shared/model/asset-view';

/** What to call an asset in words and accessible names: its name, else its reference, else its id. */
export function assetLabel(asset: Pick<AssetSummary, 'name' | 'shortName' | 'assetRef' | 'assetId'>): string {
  return asset.name ?? asset.shortName ?? (asset.assetRef ? `asset ${asset.assetRef}` : `asset #${asset.assetId}`);
}
