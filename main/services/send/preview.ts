import { encodeAssetRefText, isDefaultRoute, type AssetRef, type Transfer } from '../../../shared/coinspark/index';
import { scriptToAddress } from '../../../shared/bitcoin/address';
import type { AssetAmount, PreviewOutput } from '../../../shared/model/send';
import type { Network } from '../../../shared/model/settings';
import type { CheckedTx } from './check-tx';
import type { TxPlan } from './plan';

/** How the review names and formats an asset. */
export interface AssetLabeler {
  label(assetId: number): string;
  format(assetId: number, raw: bigint): string;
  /** The asset an asset reference names, if the wallet knows it. */
  byRef(ref: AssetRef): number | undefined;
}

const range = (first: number, count: number): string => (count === 1 ? `${first}` : `${first}–${first + count - 1}`);

function describeTransfer(t: Transfer, labels: AssetLabeler): string {
  if (isDefaultRoute(t.assetRef)) return `default route: what is left in input${t.inputs.count === 1 ? '' : 's'} ${range(t.inputs.first, t.inputs.count)} goes to output ${t.outputs.first}`;
  const id = labels.byRef(t.assetRef);
  const refText = encodeAssetRefText(t.assetRef);
  const name = id !== undefined ? labels.label(id) : 'an asset this wallet does not know';
  const qty = id !== undefined ? `${t.qtyPerOutput} units (${labels.format(id, t.qtyPerOutput)})` : `${t.qtyPerOutput} units`;
  return `transfer ${qty} of ${name} (${refText.ok ? refText.value : '?'}) from input${t.inputs.count === 1 ? '' : 's'} ${range(t.inputs.first, t.inputs.count)} to output${t.outputs.count === 1 ? '' : 's'} ${range(t.outputs.first, t.outputs.count)}`;
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
    for (const [id, raw] of units.known) assets.push({ assetId: id, label: labels.label(id), raw: raw.toString(), formatted: labels.format(id, raw) });
    for (const id of units.unknown) {
      if (!units.known.has(id)) assets.push({ assetId: id, label: labels.label(id), raw: null, formatted: null });
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
            transfers: (checked.data.transfers ?? []).map((t) => describeTransfer(t, labels)),
            bytes: checked.data.metadata?.length ?? 0,
          }
        : null,
    };
  });
}
