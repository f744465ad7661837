import { encodePaymentRef, metadataToScript, RECOMMENDED_METADATA_MAX_LEN } from '../../../shared/coinspark/index';
import { formatBtc } from '../../../shared/send/amount';
import { dustThreshold, estimateVsize, MAX_STANDARD_VSIZE } from './tx-bytes';
import { decideFee, refuse, sumSats, type FeePolicy, type PlannedOutput, type TxPlan } from './plan';
import type { WalletCoins } from './wallet-coins';

export interface MigrationSpec {
  coins: WalletCoins;
  recipientScript: Uint8Array;
  paymentRef: bigint;
  fee: FeePolicy;
}

/**
 * wallet-behaviour.md §8.3: every unspent output in, one regular output to the other wallet, no transfer list:
 * every unit of every asset in the inputs follows the default route to the last (here the only) regular output.
 * The fee is by size only (the §7.3 reserve is what pays it). A payment reference, if the address carries one,
 * rides in an OP_RETURN after the payment, which is not a regular output and changes nothing for the assets.
 */
export function buildMigration(spec: MigrationSpec): TxPlan {
  const inputs = [...spec.coins.all].sort((a, b) => (a.key < b.key ? -1 : 1));
  if (inputs.length === 0) refuse('empty-wallet', 'This wallet has no unspent outputs: there is nothing to move.');
  const odd = inputs.filter((c) => c.type === 'unsupported');
  if (odd.length > 0) {
    refuse('unsupported-output', `The output ${odd[0]!.key} is of a kind this wallet cannot sign for by itself${odd.length > 1 ? ` (and ${odd.length - 1} more)` : ''}; migrating would leave it behind, so nothing was sent.`);
  }
  let metadata: Uint8Array | null = null;
  let opReturn: Uint8Array | null = null;
  if (spec.paymentRef > 0n) {
    const encoded = encodePaymentRef(spec.paymentRef, RECOMMENDED_METADATA_MAX_LEN);
    if (!encoded.ok) refuse('bad-payment-reference', `The recipient’s payment reference cannot be encoded (${encoded.error}).`);
    metadata = encoded.value;
    opReturn = metadataToScript(metadata)!;
  }
  const vsize = estimateVsize(
    inputs.map((c) => c.type),
    [spec.recipientScript.length, ...(opReturn ? [opReturn.length] : [])],
  );
  if (vsize > MAX_STANDARD_VSIZE) {
    refuse('too-large', `Moving all ${inputs.length} outputs in one transaction makes ${vsize} vbytes, above the ${MAX_STANDARD_VSIZE} vbytes Bitcoin Core relays.`);
  }
  const fee = decideFee(spec.fee, vsize, 0n, '');
  const total = sumSats(inputs);
  const amount = total - fee.fee;
  const dust = dustThreshold(spec.recipientScript);
  if (amount < dust) {
    refuse('insufficient-bitcoin', `The wallet holds ${formatBtc(total)} BTC, not enough to pay the ${fee.fee} sat fee of moving everything and leave the other wallet an output above the dust limit.`);
  }
  const outputs: PlannedOutput[] = [{ script: spec.recipientScript, sats: amount, role: 'recipient' }];
  if (opReturn) outputs.push({ script: opReturn, sats: 0n, role: 'metadata' });
  return { kind: 'migration', inputs, outputs, fee: fee.fee, vsize, feeNote: fee.note, metadata, asset: null, paymentRef: spec.paymentRef };
}
