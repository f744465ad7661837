import { UserFacingError } from '../../../shared/ipc/result';
import type { Coin } from './wallet-coins';

/**
 * A transaction the wallet is about to build, before its bytes exist: which coins it spends (in order), which
 * outputs it makes (change last, wallet-behaviour.md §1), and its fee. The builders make plans; `check-tx.ts`
 * serializes a plan and decodes it back to check it with `apply`.
 */
export interface PlannedOutput {
  script: Uint8Array;
  sats: bigint;
  /** `change` is always the last output; `bitcoin-change` (asset sends) takes leftover bitcoin and no asset. */
  role: 'recipient' | 'metadata' | 'change' | 'bitcoin-change';
}

export interface TxPlan {
  kind: 'asset' | 'bitcoin' | 'migration';
  inputs: Coin[];
  outputs: PlannedOutput[];
  fee: bigint;
  /** Size once signed (upper estimate). */
  vsize: number;
  /** Why the fee is what it is, in words. */
  feeNote: string;
  /** The CoinSpark metadata in the OP_RETURN, if any. */
  metadata: Uint8Array | null;
  /** Asset sends: the units the transfer moves (gross) and what the recipient nets after charges. */
  asset: { assetId: number; gross: bigint; net: bigint } | null;
  paymentRef: bigint;
}

/** What the user chose: a rate (sat per 1000 vB) or a total fee in satoshis. */
export type FeeTarget = { kind: 'rate'; satPerKvb: bigint } | { kind: 'total'; sats: bigint };

export interface FeePolicy {
  target: FeeTarget;
  /** The node's relay minimum (sat/kvB): below it Core refuses the transaction. */
  minRelaySatPerKvb: bigint;
}

/** The CoinSpark change minimum: the anti-dust threshold of Bitcoin Core 0.9 (wallet-behaviour.md §1). */
export const CHANGE_MIN_SATS = 546n;

/** SparkBit's COINSPARK_SEND_MINIMUM_AMOUNT: the bitcoin that travels with units to the recipient (§8.2). */
export const ASSET_RECIPIENT_SATS = 10_000n;

export const feeAtRate = (satPerKvb: bigint, vsize: number): bigint => (satPerKvb * BigInt(vsize) + 999n) / 1000n;

/** A send the wallet will not make, with the reason as a code (for the UI) and in words (for the user). */
export function refuse(reason: string, message: string): never {
  throw new UserFacingError(reason, message);
}

export interface FeeDecision {
  fee: bigint;
  note: string;
  /** Set when a total fee chosen by the user is below a minimum: the send must be refused with these words. */
  refusal?: { reason: string; message: string };
}

/**
 * The fee of a transaction of `vsize`: at least the chosen rate, the relay minimum and `minFee` (the transfer
 * list's calcMinFee, protocol §7.8: below it the transfer would be void). A total chosen by the user is used as
 * it is; below either minimum the decision carries the refusal (thrown by `decideFee`, returned by `weighFee` so
 * a builder can first see whether the transaction works at all).
 */
export function weighFee(policy: FeePolicy, vsize: number, minFee: bigint, minFeeWhat: string): FeeDecision {
  const relay = feeAtRate(policy.minRelaySatPerKvb, vsize);
  if (policy.target.kind === 'total') {
    const fee = policy.target.sats;
    const note = `${fee} sat, as chosen.`;
    if (fee < minFee) {
      return {
        fee,
        note,
        refusal: {
          reason: 'fee-voids-transfer',
          message: `A fee of ${fee} sat would void the transfer: ${minFeeWhat} needs at least ${minFee} sat, and with less every unit would go back to your change instead of to the recipient. Nothing was sent.`,
        },
      };
    }
    if (fee < relay) return { fee, note, refusal: { reason: 'fee-below-relay', message: `A fee of ${fee} sat is below what Bitcoin Core relays for this ${vsize}-vbyte transaction (${relay} sat). Nothing was sent.` } };
    return { fee, note };
  }
  const atRate = feeAtRate(policy.target.satPerKvb, vsize);
  let fee = atRate;
  let note = `${atRate} sat: the chosen rate for ${vsize} vbytes.`;
  if (relay > fee) {
    fee = relay;
    note = `${relay} sat: Bitcoin Core’s relay minimum for ${vsize} vbytes (the chosen rate gives less).`;
  }
  if (minFee > fee) {
    fee = minFee;
    note = `${minFee} sat: ${minFeeWhat}'s minimum fee (protocol §7.8). The chosen rate would give ${atRate} sat, which would void the transfer.`;
  }
  return { fee, note };
}

export function decideFee(policy: FeePolicy, vsize: number, minFee: bigint, minFeeWhat: string): FeeDecision {
  const decision = weighFee(policy, vsize, minFee, minFeeWhat);
  if (decision.refusal) refuse(decision.refusal.reason, decision.refusal.message);
  return decision;
}

export const sumSats = (coins: readonly Coin[]): bigint => coins.reduce((s, c) => s + c.sats, 0n);

/** Spend confirmed outputs first, then the largest: fewer inputs, fewer surprises with unconfirmed parents. */
export function byConfirmedThenLargest(a: Coin, b: Coin): number {
  const ca = a.confirmations > 0 ? 1 : 0;
  const cb = b.confirmations > 0 ? 1 : 0;
  if (ca !== cb) return cb - ca;
  return a.sats > b.sats ? -1 : a.sats < b.sats ? 1 : a.key < b.key ? -1 : 1;
}
