import { encodePaymentRef, metadataToScript, RECOMMENDED_METADATA_MAX_LEN } from '../../../shared/coinspark/index';
import { formatBtc } from '../../../shared/send/amount';
import { dustThreshold, estimateVsize } from './tx-bytes';
import { byConfirmedThenLargest, CHANGE_MIN_SATS, decideFee, refuse, sumSats, weighFee, type FeePolicy, type PlannedOutput, type TxPlan } from './plan';
import type { Coin, WalletCoins } from './wallet-coins';

export interface BitcoinSendSpec {
  coins: WalletCoins;
  exclude: ReadonlySet<string>;
  /** Satoshis to pay, or 'max' (everything the reserve and the change allow). */
  amount: bigint | 'max';
  recipientScript: Uint8Array;
  /** A non-zero payment reference goes in an OP_RETURN (wallet-behaviour.md §7.2). */
  paymentRef: bigint;
  changeScript: Uint8Array;
  fee: FeePolicy;
  /** §7.3: the wallet's balance after the send may not fall below this. */
  reserveSats: bigint;
}

/**
 * wallet-behaviour.md §7.2–7.3: pay from outputs known to hold no asset only; outputs (0) recipient,
 * (1) OP_RETURN with the payment reference if any, (last) change, always present.
 */
export function buildBitcoinSend(spec: BitcoinSendSpec): TxPlan {
  const { coins, exclude } = spec;
  const candidates = coins.free.filter((c) => !exclude.has(c.key)).sort(byConfirmedThenLargest);
  const changeMin = dustThreshold(spec.changeScript) > CHANGE_MIN_SATS ? dustThreshold(spec.changeScript) : CHANGE_MIN_SATS;
  let opReturn: Uint8Array | null = null;
  let metadata: Uint8Array | null = null;
  if (spec.paymentRef > 0n) {
    const encoded = encodePaymentRef(spec.paymentRef, RECOMMENDED_METADATA_MAX_LEN);
    if (!encoded.ok) refuse('bad-payment-reference', `The recipient’s payment reference cannot be encoded (${encoded.error}).`);
    metadata = encoded.value;
    opReturn = metadataToScript(metadata)!;
  }
  const outputsFor = (amount: bigint, change: bigint): PlannedOutput[] => [
    { script: spec.recipientScript, sats: amount, role: 'recipient' },
    ...(opReturn ? [{ script: opReturn, sats: 0n, role: 'metadata' as const }] : []),
    { script: spec.changeScript, sats: change, role: 'change' },
  ];
  const scriptLengths = [spec.recipientScript.length, ...(opReturn ? [opReturn.length] : []), spec.changeScript.length];
  const vsizeOf = (inputs: Coin[]): number => estimateVsize(inputs.map((c) => c.type), scriptLengths);
  const recipientDust = dustThreshold(spec.recipientScript);
  const plan = (inputs: Coin[], amount: bigint, fee: { fee: bigint; note: string }, vsize: number): TxPlan => ({
    kind: 'bitcoin',
    inputs,
    outputs: outputsFor(amount, sumSats(inputs) - amount - fee.fee),
    fee: fee.fee,
    vsize,
    feeNote: fee.note,
    metadata,
    asset: null,
    paymentRef: spec.paymentRef,
  });

  if (candidates.length === 0) {
    refuse('no-free-bitcoin', 'This wallet has no bitcoin outside outputs that hold (or may hold) assets, and those are never spent by a bitcoin send.');
  }

  if (spec.amount === 'max') {
    const vsize = vsizeOf(candidates);
    const fee = decideFee(spec.fee, vsize, 0n, '');
    const inSats = sumSats(candidates);
    let amount = inSats - fee.fee - changeMin;
    const reserveLimit = coins.totalSats - fee.fee - spec.reserveSats;
    if (reserveLimit < amount) amount = reserveLimit;
    if (amount < recipientDust) {
      refuse('reserve-breached', `Nothing can be sent: after the fee (${fee.fee} sat) the wallet must keep ${formatBtc(spec.reserveSats)} BTC back to move its assets later and at least ${changeMin} sat of change.`);
    }
    return plan(candidates, amount, fee, vsize);
  }

  const amount = spec.amount;
  if (amount < recipientDust) refuse('dust', `${amount} sat is below the dust limit for this address (${recipientDust} sat): the network would not relay it.`);
  const inputs: Coin[] = [];
  for (const coin of candidates) {
    inputs.push(coin);
    const vsize = vsizeOf(inputs);
    const fee = weighFee(spec.fee, vsize, 0n, '');
    const change = sumSats(inputs) - amount - fee.fee;
    if (change < changeMin) continue;
    if (fee.refusal) refuse(fee.refusal.reason, fee.refusal.message);
    const after = coins.totalSats - amount - fee.fee;
    if (after < spec.reserveSats) {
      refuse(
        'reserve-breached',
        `This would leave ${formatBtc(after)} BTC in the wallet, below the ${formatBtc(spec.reserveSats)} BTC kept back to pay for moving its assets elsewhere (wallet-behaviour §7.3). Send at most ${formatBtc(maxZero(coins.totalSats - fee.fee - spec.reserveSats))} BTC.`,
      );
    }
    return plan(inputs, amount, fee, vsize);
  }
  const vsize = vsizeOf(candidates);
  const fee = decideFee(spec.fee, vsize, 0n, '');
  refuse(
    'over-balance',
    `${formatBtc(amount)} BTC is more than this wallet can send: its outputs free of assets hold ${formatBtc(sumSats(candidates))} BTC, and the fee (${fee.fee} sat) and at least ${changeMin} sat of change must come out of that too.`,
  );
}

const maxZero = (v: bigint): bigint => (v > 0n ? v : 0n);
