import { useState } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import { useAssetsStore } from '../../state/assets-store';
import { errorText } from '../../lib/errors';
import { assetLabel } from '../../lib/asset-label';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CopyButton } from '../common/CopyButton';

/** wallet-behaviour.md §6.6: delete after a confirmation that shows the reference, so it can be added back. */
export function DeleteAssetDialog({ asset, onClose, onDeleted }: { asset: AssetSummary; onClose(): void; onDeleted(reference: string | null, undoToken: string): void }) {
  const remove = useAssetsStore((s) => s.remove);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    try {
      const { deletedReference, undoToken } = await remove(asset.assetId);
      onDeleted(deletedReference, undoToken);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog title={`Delete ${assetLabel(asset)}?`} confirmLabel="Delete asset" danger busy={busy} onConfirm={confirm} onCancel={onClose}>
      <p>
        A valid asset will always exist in the Bitcoin network, so you can add it back to your wallet by keeping a copy of the asset reference. Deleting moves no units: they
        stay in their outputs. For a few seconds after, you can undo it.
      </p>
      {asset.assetRef ? (
        <p className="ref-line">
          Asset reference: <code data-testid="delete-asset-ref">{asset.assetRef}</code> <CopyButton text={asset.assetRef} label="Copy asset reference" />
        </p>
      ) : (
        <p className="notice warn">This asset has no reference yet: once deleted it can come back only if it is received again.</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </ConfirmDialog>
  );
}
