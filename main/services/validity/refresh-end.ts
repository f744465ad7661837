import type { AssetsService } from '../assets/assets-api';

/**
 * A refresh (wallet-behaviour.md §5) is over when the validity check has replaced the REFRESH state and no
 * balance row of the asset still waits for its first answer since the reset: then "Refreshing…" goes away.
 */
export function maybeEndRefresh(assets: Pick<AssetsService, 'lists'>, assetId: number): void {
  const row = assets.lists.asset(assetId);
  if (!row || !row.refreshing) return;
  if (row.validState === 'REFRESH') return;
  // Rows of an asset that cannot be checked (no genesis, no tracker) would keep it "refreshing" forever.
  const checkable = row.genesis !== null && (row.webPageJSON !== null || row.lastValidJSON !== null);
  if (checkable && assets.lists.balancesOf(assetId).some((b) => b.qtyChecked === null)) return;
  assets.lists.updateAsset(assetId, { refreshing: false, previousState: null });
}
