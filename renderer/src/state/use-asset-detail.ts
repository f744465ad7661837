import { useEffect, useState } from 'react';
import type { AssetDetail, AssetSummary } from '../../../shared/model/asset-view';
import { errorText } from '../lib/errors';

/** The asset's full detail from main, fetched again whenever its summary changes (a new snapshot arrived). */
export function useAssetDetail(summary: AssetSummary): { detail: AssetDetail | null; error: string | null } {
  const [state, setState] = useState<{ detail: AssetDetail | null; error: string | null; id: number }>({ detail: null, error: null, id: summary.assetId });
  useEffect(() => {
    let live = true;
    window.wallet.assets.detail({ assetId: summary.assetId }).then(
      (detail) => live && setState({ detail, error: null, id: summary.assetId }),
      (e: unknown) => live && setState((s) => ({ detail: s.id === summary.assetId ? s.detail : null, error: errorText(e), id: summary.assetId })),
    );
    return () => {
      live = false;
    };
  }, [summary]);
  // Never show another asset's detail while the new one loads.
  return state.id === summary.assetId ? { detail: state.detail, error: state.error } : { detail: null, error: null };
}
