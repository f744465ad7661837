import { encodeAssetRefText, isDefaultRoute, type AssetRef, type Transfer } from '../../../shared/coinspark/index';
import { scriptToAddress } from '../../../shared/bitcoin/address';
import type { AssetAmount, PreviewOutput, TransferView } from '../../../shared/model/send';
import type { QuantityDisplay } from '../../../shared/model/asset-view';
import type { Network } from '../../../shared/model/settings';
import type { CheckedTx } from './check-tx';
import type { TxPlan } from './plan';

/** How the review names an asset and shows its units (the renderer formats them). */
export interface AssetLabeler {
  label(assetId: number): string;
  display(assetId: number): QuantityDisplay | null;
  /** The asset an asset reference names, if the wallet knows it. */
  byRef(ref: AssetRef): number | undefined;
}

function transferView(t: Transfer, labels: AssetLabeler): TransferView {
  const inputs = { first: t.inputs.first, count: t.inputs.count };
  if (isDefaultRoute(t.assetRef)) return { kind: 'default-route', inputs, output: t.outputs.first };
  const id = labels.byRef(t.assetRef);
  const refText = encodeAssetRefText(t.assetRef);
  return {
    kind: 'transfer',
    asset: id !== undefined ? { assetId: id, label: labels.label(id), display: labels.display(id) } : null,
    assetRef: refText.ok ? refText.value : null,
    qtyPerOutput: t.qtyPerOutput.toString(),
    inputs,
    outputs: { first: t.outputs.first, count: t.outputs.count },
  };
}

/**
 * Every output of the transaction to be signed, read from its bytes: the address each pays (decoded from its
 * script), its bitcoin, the units of every asset it receives by `apply`, and what the OP_RETURN says.
 */
export function previewOutputs(plan: TxPlan, checked: CheckedTx, labels: AssetLabeler, network: Network): PreviewOutput[] {
  const last = checked.parsed.outputs.length - 1;
  return checked.parsed.outputs.map((output, index) => {
    const planned = plan.outputs[index]!;
    const regular = output.script.length === 0 || output.script[0] !== 0x6a;
    const units = checked.units[index]!;
    const assets: AssetAmount[] = [];
    for (const [id, raw] of units.known) assets.push({ assetId: id, label: labels.label(id), raw: raw.toString(), display: labels.display(id) });
    for (const id of units.unknown) {
      if (!units.known.has(id)) assets.push({ assetId: id, label: labels.label(id), raw: null, display: labels.display(id) });
    }
    assets.sort((a, b) => a.label.localeCompare(b.label));
    const isMetadataOutput = !regular && index === checked.data.opReturnIndex;
    return {
      index,
      role: planned.role === 'change' && index === last ? 'change' : planned.role === 'bitcoin-change' ? 'bitcoin-change' : planned.role === 'recipient' ? 'recipient' : isMetadataOutput ? 'metadata' : 'other',
      address: regular ? scriptToAddress(output.script, network) : null,
      sats: output.value.toString(),
      assets,
      metadata: isMetadataOutput
        ? {
            paymentRef: checked.data.paymentRef !== null ? checked.data.paymentRef.toString() : null,
            transfers: (checked.data.transfers ?? []).map((t) => transferView(t, labels)),
            bytes: checked.data.metadata?.length ?? 0,
          }
        : null,
    };
  });
}
