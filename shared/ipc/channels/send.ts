import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';
import type { AssetQuote, BitcoinFigures, FeeEstimate, SendPreview, SendResult } from '../../model/send';

const Recipient = v.pipe(v.string(), v.maxLength(200));
/** Amounts as typed: digits and one point; the service says what is wrong with anything else. */
const AmountText = v.pipe(v.string(), v.maxLength(82));
const DraftId = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/));
const AssetId = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1));

/** Fee: a rate in sat/vB as typed ("2.5"), or a total in satoshis ("1500"). */
export const FeeChoiceSchema = v.variant('mode', [
  v.strictObject({ mode: v.literal('rate'), satPerVb: v.pipe(v.string(), v.maxLength(20)) }),
  v.strictObject({ mode: v.literal('total'), sats: v.pipe(v.string(), v.maxLength(20)) }),
]);
export type FeeChoice = v.InferOutput<typeof FeeChoiceSchema>;

export const AssetAmountRequestSchema = v.strictObject({
  assetId: AssetId,
  /** Display units as typed, or "max" for every known unit. */
  amount: AmountText,
  /** "receive": the recipient gets exactly this (we send calcGross); "send": this leaves the wallet (they get calcNet). */
  mode: v.picklist(['receive', 'send']),
});

export const PrepareRequestSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('asset'),
    ...AssetAmountRequestSchema.entries,
    recipient: Recipient,
    fee: FeeChoiceSchema,
    /** The user saw that the amount was rounded down and accepts it (asset-web-page.md §8.2). */
    acceptRounding: v.optional(v.boolean()),
  }),
  v.strictObject({
    kind: v.literal('bitcoin'),
    recipient: Recipient,
    /** BTC as typed, or "max". */
    amount: AmountText,
    fee: FeeChoiceSchema,
  }),
  v.strictObject({ kind: v.literal('migration'), recipient: Recipient, fee: FeeChoiceSchema }),
]);
export type PrepareRequest = v.InferOutput<typeof PrepareRequestSchema>;

export const sendChannels = {
  /** The wallet's bitcoin: confirmed, unconfirmed, free of assets, the migration reserve (wallet-behaviour.md §7.3). */
  'send:figures': invoke(NoRequest).returns<BitcoinFigures>(),
  /** Core's fee estimate and the relay minimum. */
  'send:feeEstimate': invoke(NoRequest).returns<FeeEstimate>(),
  /** Both figures of an asset amount (payment charges, rounding) and what can be sent. */
  'send:quote': invoke(AssetAmountRequestSchema).returns<AssetQuote>(),
  /** Build the exact transaction, check it with `apply`, hold its coins: the review. Refusals come as errors with words. */
  'send:prepare': invoke(PrepareRequestSchema).returns<SendPreview>(),
  /** Drop a draft and release its coins. */
  'send:cancel': invoke(v.strictObject({ draftId: DraftId })).returns<{ released: number }>(),
  /** Sign with Bitcoin Core (the passphrase, for an encrypted wallet, unlocks it for seconds and is never kept) and broadcast. */
  'send:confirm': invoke(v.strictObject({ draftId: DraftId, passphrase: v.optional(v.pipe(v.string(), v.maxLength(1024))) })).returns<SendResult>(),
  /** Watch-only wallets: the unsigned PSBT (base64) to sign elsewhere. */
  'send:exportPsbt': invoke(v.strictObject({ draftId: DraftId })).returns<{ psbt: string; fileName: string }>(),
  /** Watch-only wallets: the signed PSBT back (base64); it must be the reviewed transaction. Then broadcast. */
  'send:broadcastSigned': invoke(v.strictObject({ draftId: DraftId, psbt: v.pipe(v.string(), v.maxLength(16 * 1024 * 1024)) })).returns<SendResult>(),
};

export const sendEvents = {
  /** The bitcoin figures changed (new outputs, a send, a balance learnt). */
  'send:figures': event<BitcoinFigures>(),
};
