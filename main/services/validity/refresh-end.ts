import type { AssetsService } from '../assets/assets-api';

/**
 * A refresh (wallet-behaviour.md §5) is over when the validity check has replaced the REFRESH state and the
 * balance checker has run a pass for the asset since the refresh (whatever the trackers answered: a tracker that is
 * down leaves the rows "(updating…)", not the asset "Refreshing…" forever). Then "Refreshing…" goes away.
 */
export function maybeEndRefresh(assets: Pick<AssetsService, 'lists'>, assetId: number, balancesBusy: (assetId: number) => boolean): void {
  const row = assets.lists.asset(assetId);
  if (!row || !row.refreshing) return;
  if (row.validState === 'REFRESH') return;
  if (balancesBusy(assetId)) return;
  assets.lists.updateAsset(assetId, { refreshing: false, previousState: null });
}
