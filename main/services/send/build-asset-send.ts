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
import { ASSET_RECIPIENT_SATS, byConfirmedThenLargest, CHANGE_MIN_SATS, decideFee, refuse, sumSats, weighFee, type FeePolicy, type PlannedOutput, type TxPlan } from './plan';
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
  /** The last output: it receives every unit the transfer does not move (default route). */
  changeScript: Uint8Array;
  /** A second change output, before it, for the bitcoin left over: it receives no asset, so it stays spendable. */
  bitcoinChangeScript: Uint8Array;
  fee: FeePolicy;
}

/** Bitcoin kept in the output that takes the asset change, as much as travels with units to a recipient. */
export const ASSET_CHANGE_SATS = ASSET_RECIPIENT_SATS;

/**
 * wallet-behaviour.md §8.2: outputs (0) recipient with 10,000 sat, (1) OP_RETURN with the transfer list, then the
 * change, last and always present. Inputs: outputs holding the asset first (one contiguous range, the transfer's
 * input range), then outputs holding no asset for the bitcoin. One transfer: the asset, inputs 0…k−1 → output 0,
 * `gross` units; everything else in the inputs (the rest of this asset, every other asset) follows the default
 * route to the last regular output, the change.
 *
 * The bitcoin left over goes to its own output just before that change when it is above the dust limit: no transfer
 * names it and the default route passes it by, so it holds no asset and the next bitcoin send (or the bitcoin part
 * of the next asset send) can spend it. Without it every asset send would lock the wallet's bitcoin up with the
 * asset change.
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
  const bitcoinChangeMin = maxBig(CHANGE_MIN_SATS, dustThreshold(spec.bitcoinChangeScript));
  const paymentRefMetadata = spec.paymentRef > 0n ? encodePaymentRef(spec.paymentRef, RECOMMENDED_METADATA_MAX_LEN) : null;
  if (paymentRefMetadata && !paymentRefMetadata.ok) refuse('bad-payment-reference', `The recipient’s payment reference cannot be encoded (${paymentRefMetadata.error}).`);

  const extra: Coin[] = [];
  for (let next = 0; ; ) {
    const inputs = [...assetInputs, ...extra];
    const n = inputs.length;
    const inSats = sumSats(inputs);
    const transfers: Transfer[] = [{ assetRef: spec.assetRef, inputs: { first: 0, count: assetInputs.length }, outputs: { first: 0, count: 1 }, qtyPerOutput: gross }];

    // Two shapes, the one with a separate bitcoin change first: [recipient, OP_RETURN, bitcoin change, change] or
    // [recipient, OP_RETURN, change]. The transfer list is encoded for the shape's output count.
    for (const split of [true, false]) {
      const countOutputs = split ? 4 : 3;
      const encoded = encodeTransfers(transfers, n, countOutputs, RECOMMENDED_METADATA_MAX_LEN);
      if (!encoded.ok) refuse('metadata', `The transfer cannot be encoded (${encoded.error}).`);
      let metadata = encoded.value;
      if (paymentRefMetadata?.ok) {
        const joined = appendMetadata(metadata, RECOMMENDED_METADATA_MAX_LEN, paymentRefMetadata.value);
        if (!joined) refuse('metadata', 'The transfer and the recipient’s payment reference do not fit together in one OP_RETURN.');
        metadata = joined;
      }
      const opReturn = metadataToScript(metadata)!;
      const scripts = split ? [spec.recipientScript, opReturn, spec.bitcoinChangeScript, spec.changeScript] : [spec.recipientScript, opReturn, spec.changeScript];
      const vsize = estimateVsize(inputs.map((c) => c.type), scripts.map((x) => x.length));
      const regular = scripts.map((x) => x !== opReturn);
      // The transfer's minimum fee depends on the smallest regular output (protocol §5.9). Take it at the outputs
      // the rate alone would give; a larger fee only lowers the change and with it the minimum (checked again below).
      const satsFor = (fee: bigint): bigint[] => {
        const rest = inSats - ASSET_RECIPIENT_SATS - fee;
        return split ? [ASSET_RECIPIENT_SATS, 0n, rest - ASSET_CHANGE_SATS, ASSET_CHANGE_SATS] : [ASSET_RECIPIENT_SATS, 0n, rest];
      };
      const provisional = satsFor(0n);
      if (provisional.some((x) => x < 0n)) continue;
      const minFee = calcTransfersMinFee(transfers, n, provisional, regular);
      const decided = weighFee(spec.fee, vsize, minFee, 'the transfer list');
      const sats = satsFor(decided.fee);
      const ok = split ? sats[2]! >= bitcoinChangeMin : sats[2]! >= changeMin;
      if (!ok) continue;
      if (decided.refusal) refuse(decided.refusal.reason, decided.refusal.message);
      const finalMinFee = calcTransfersMinFee(transfers, n, sats, regular);
      if (decided.fee < finalMinFee) refuse('fee-voids-transfer', `The fee of ${decided.fee} sat is below the transfer list’s minimum of ${finalMinFee} sat: the transfer would be void. Nothing was sent.`);
      const outputs: PlannedOutput[] = [
        { script: spec.recipientScript, sats: ASSET_RECIPIENT_SATS, role: 'recipient' },
        { script: opReturn, sats: 0n, role: 'metadata' },
      ];
      if (split) outputs.push({ script: spec.bitcoinChangeScript, sats: sats[2]!, role: 'bitcoin-change' });
      outputs.push({ script: spec.changeScript, sats: sats[sats.length - 1]!, role: 'change' });
      return { kind: 'asset', inputs, outputs, fee: decided.fee, vsize, feeNote: decided.note, metadata, asset: { assetId, gross, net: spec.net }, paymentRef: spec.paymentRef };
    }
    const coin = bitcoinCoins[next++];
    if (!coin) {
      const vsize = estimateVsize(inputs.map((c) => c.type), [spec.recipientScript.length, 42, spec.changeScript.length]);
      const fee = decideFee(spec.fee, vsize, 0n, 'the transfer list');
      const need = ASSET_RECIPIENT_SATS + fee.fee + changeMin;
      refuse(
        'insufficient-bitcoin',
        `Sending assets needs about ${need} sat of bitcoin (10,000 sat that travel with the units, the fee and at least ${changeMin} sat of change), but the asset outputs spent hold ${inSats} sat and no output free of assets is left to add.`,
      );
    }
    extra.push(coin);
  }
}

const maxBig = (a: bigint, b: bigint): bigint => (a > b ? a : b);
