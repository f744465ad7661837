import {
  appendMetadata,
  calcTransfersMinFee,
  encodePaymentRef,
  encodeTransfers,
  metadataToScript,
  RECOMMENDED_METADATA_MAX_LEN,
  type AssetRef,
  type Transfer,
} from '../../../shared/coinspark/index';
import { dustThreshold, estimateVsize } from './tx-bytes';
import { ASSET_RECIPIENT_SATS, byConfirmedThenLargest, CHANGE_MIN_SATS, decideFee, refuse, sumSats, type FeePolicy, type TxPlan } from './plan';
import type { Coin, WalletCoins } from './wallet-coins';

export interface AssetSendSpec {
  coins: WalletCoins;
  /** Coins held by other drafts. */
  exclude: ReadonlySet<string>;
  assetId: number;
  /** The asset's reference (a confirmed genesis with a complete reference, §8.1). */
  assetRef: AssetRef;
  /** Units leaving the inputs by the explicit transfer (before payment charges). */
  gross: bigint;
  net: bigint;
  label: string;
  recipientScript: Uint8Array;
  /** The recipient address's payment reference, 0 for none (appended to the metadata, §8.2 step 4). */
  paymentRef: bigint;
  changeScript: Uint8Array;
  fee: FeePolicy;
}

/**
 * wallet-behaviour.md §8.2: outputs (0) recipient with 10,000 sat, (1) OP_RETURN with the transfer list, (2) our
 * change, always present. Inputs: outputs holding the asset first (one contiguous range, the transfer's input
 * range), then outputs holding no asset for the bitcoin. One transfer: the asset, inputs 0…k−1 → output 0,
 * `gross` units; everything else in the inputs (the rest of this asset, every other asset) follows the default
 * route to the last regular output, the change.
 */
export function buildAssetSend(spec: AssetSendSpec): TxPlan {
  const { coins, exclude, assetId, gross } = spec;
  const holding = coins.holding(assetId).filter((c) => !exclude.has(c.key) && c.type !== 'unsupported');
  holding.sort((a, b) => {
    const ca = a.confirmations > 0 ? 1 : 0;
    const cb = b.confirmations > 0 ? 1 : 0;
    if (ca !== cb) return cb - ca;
    const qa = a.known.get(assetId)!;
    const qb = b.known.get(assetId)!;
    return qa > qb ? -1 : qa < qb ? 1 : a.key < b.key ? -1 : 1;
  });
  const assetInputs: Coin[] = [];
  let units = 0n;
  for (const coin of holding) {
    if (units >= gross) break;
    assetInputs.push(coin);
    units += coin.known.get(assetId)!;
  }
  if (units < gross) {
    refuse('over-balance', `This wallet can send ${units} units of ${spec.label} now, fewer than the ${gross} this send needs.`);
  }

  const bitcoinCoins = coins.free.filter((c) => !exclude.has(c.key)).sort(byConfirmedThenLargest);
  const changeMin = maxBig(CHANGE_MIN_SATS, dustThreshold(spec.changeScript));
  const paymentRefMetadata = spec.paymentRef > 0n ? encodePaymentRef(spec.paymentRef, RECOMMENDED_METADATA_MAX_LEN) : null;
  if (paymentRefMetadata && !paymentRefMetadata.ok) refuse('bad-payment-reference', `The recipient’s payment reference cannot be encoded (${paymentRefMetadata.error}).`);

  const extra: Coin[] = [];
  for (let next = 0; ; ) {
    const inputs = [...assetInputs, ...extra];
    const n = inputs.length;
    const transfers: Transfer[] = [{ assetRef: spec.assetRef, inputs: { first: 0, count: assetInputs.length }, outputs: { first: 0, count: 1 }, qtyPerOutput: gross }];
    const encoded = encodeTransfers(transfers, n, 3, RECOMMENDED_METADATA_MAX_LEN);
    if (!encoded.ok) refuse('metadata', `The transfer cannot be encoded (${encoded.error}).`);
    let metadata = encoded.value;
    if (paymentRefMetadata?.ok) {
      const joined = appendMetadata(metadata, RECOMMENDED_METADATA_MAX_LEN, paymentRefMetadata.value);
      if (!joined) refuse('metadata', 'The transfer and the recipient’s payment reference do not fit together in one OP_RETURN.');
      metadata = joined;
    }
    const opReturn = metadataToScript(metadata)!;
    const vsize = estimateVsize(
      inputs.map((c) => c.type),
      [spec.recipientScript.length, opReturn.length, spec.changeScript.length],
    );
    const inSats = sumSats(inputs);
    const regular = [true, false, true];
    // The minimum fee depends on the smallest regular output (protocol §5.9), so on the change: take it at the
    // change the rate alone leaves; a larger fee only lowers the change and with it the minimum.
    const provisionalChange = inSats - ASSET_RECIPIENT_SATS;
    const minFee = calcTransfersMinFee(transfers, n, [ASSET_RECIPIENT_SATS, 0n, provisionalChange > 0n ? provisionalChange : 0n], regular);
    const decided = decideFee(spec.fee, vsize, minFee, 'the transfer list');
    const change = inSats - ASSET_RECIPIENT_SATS - decided.fee;
    if (change >= changeMin) {
      const finalMinFee = calcTransfersMinFee(transfers, n, [ASSET_RECIPIENT_SATS, 0n, change], regular);
      if (decided.fee < finalMinFee) refuse('fee-voids-transfer', `The fee of ${decided.fee} sat is below the transfer list’s minimum of ${finalMinFee} sat: the transfer would be void. Nothing was sent.`);
      return {
        kind: 'asset',
        inputs,
        outputs: [
          { script: spec.recipientScript, sats: ASSET_RECIPIENT_SATS, role: 'recipient' },
          { script: opReturn, sats: 0n, role: 'metadata' },
          { script: spec.changeScript, sats: change, role: 'change' },
        ],
        fee: decided.fee,
        vsize,
        feeNote: decided.note,
        metadata,
        asset: { assetId, gross, net: spec.net },
        paymentRef: spec.paymentRef,
      };
    }
    const coin = bitcoinCoins[next++];
    if (!coin) {
      const need = ASSET_RECIPIENT_SATS + decided.fee + changeMin;
      refuse(
        'insufficient-bitcoin',
        `Sending assets needs ${need} sat of bitcoin (10,000 sat that travel with the units, the fee and at least ${changeMin} sat of change), but the outputs free of assets and the asset outputs themselves hold ${inSats} sat.`,
      );
    }
    extra.push(coin);
  }
}

const maxBig = (a: bigint, b: bigint): bigint => (a > b ? a : b);
