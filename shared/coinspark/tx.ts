/**
 * Whole-transaction helpers: find and decode a transaction's CoinSpark metadata, and the "legal
 * definition" output quantities of protocol.md §7.10 (C CoinSparkGetGenesisOutputQty /
 * CoinSparkGetTransferOutputQty).
 */
import { type AssetRef } from './assetref.js';
import { IO_INDEX_MAX, TRANSFERS_PREFIX } from './constants.js';
import { applyGenesis, calcGenesisMinFee, decodeGenesis, type Genesis } from './genesis.js';
import { decodeMessage, type Message } from './message.js';
import { locateField } from './metadata.js';
import { decodePaymentRef } from './paymentref.js';
import { firstOpReturnIndex, outputsRegularFromScripts, scriptToMetadata } from './script.js';
import { applyNoTransfers, applyTransfers, calcTransfersMinFee, decodeTransfers, type Transfer } from './transfer.js';

/** Everything CoinSpark found in one transaction's outputs. */
export interface TxCoinSparkData {
  /** Index of the first OP_RETURN output, or -1. */
  opReturnIndex: number;
  /** Metadata of the first OP_RETURN output (null if none, malformed, or not a single push). */
  metadata: Uint8Array | null;
  /** True iff the metadata starts with `SPK`. */
  isCoinSpark: boolean;
  outputsRegular: boolean[];
  genesis: Genesis | null;
  /**
   * The decoded transfer list; null when absent or invalid (then the "apply none" rule holds), and null when the
   * metadata also holds a genesis (`transfersBesideGenesis` then tells whether a list was set aside): see
   * `genesisSetsAsideTransfers`.
   */
  transfers: Transfer[] | null;
  /** The metadata holds both a genesis and a transfer-list field; the list moves nothing (protocol.md §2.4). */
  transfersBesideGenesis: boolean;
  paymentRef: bigint | null;
  message: Message | null;
}

/**
 * Reads the CoinSpark metadata of a transaction from its output scripts (§1.3) and decodes every field
 * in it. `countInputs` is the number of inputs of the transaction (needed by `_ALL` ranges).
 * Never throws on malformed data.
 */
export function readTransactionMetadata(outputScripts: readonly Uint8Array[], countInputs: number): TxCoinSparkData {
  const outputsRegular = outputsRegularFromScripts(outputScripts);
  const opReturnIndex = firstOpReturnIndex(outputScripts);
  const metadata = opReturnIndex < 0 ? null : scriptToMetadata(outputScripts[opReturnIndex]!);
  const res: TxCoinSparkData = {
    opReturnIndex,
    metadata,
    isCoinSpark: false,
    outputsRegular,
    genesis: null,
    transfers: null,
    transfersBesideGenesis: false,
    paymentRef: null,
    message: null,
  };
  if (metadata === null) return res;
  res.isCoinSpark = metadata.length >= 3 && metadata[0] === 0x53 && metadata[1] === 0x50 && metadata[2] === 0x4b;
  if (!res.isCoinSpark) return res;
  const g = decodeGenesis(metadata);
  if (g.ok) res.genesis = g.value;
  if (genesisSetsAsideTransfers(metadata)) res.transfersBesideGenesis = locateField(metadata, TRANSFERS_PREFIX) !== null;
  else {
    const t = decodeTransfers(metadata, countInputs, outputScripts.length);
    if (t.ok) res.transfers = t.value;
  }
  const r = decodePaymentRef(metadata);
  if (r.ok) res.paymentRef = r.value;
  const m = decodeMessage(metadata, outputScripts.length);
  if (m.ok) res.message = m.value;
  return res;
}

/**
 * The one rule for a transaction whose metadata holds both a genesis and a transfer list (protocol.md §2.4): the
 * genesis is processed and the list is set aside, every asset of the inputs moving as with no list at all (all to
 * the last regular output). This is what the tracker does (coinsparkd's ParseAssetTransaction decodes the transfers
 * only when the metadata does not decode as a genesis, whether or not the genesis paid its fee), while the C
 * library's legal function would still apply the list; the spec says to trust the tracker. Every reader of
 * transfers in this code base asks this function: readTransactionMetadata, transferTxOutputQty and the wallet's
 * per-transaction flow (main/services/verify/tx-asset-flow.ts).
 */
export function genesisSetsAsideTransfers(metadata: Uint8Array): boolean {
  return decodeGenesis(metadata).ok;
}

function sum(values: readonly bigint[]): bigint {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}
export { sum as sumBigints };

/** A genesis transaction's verdict: its genesis (if any) and the units created in each output. */
export interface GenesisTxResult {
  genesis: Genesis | null;
  minFeeSatoshis: bigint;
  feeSufficient: boolean;
  /** Units of the new asset per output (all zero when there is no valid genesis or the fee is too low). */
  outputQty: bigint[];
}

/** §7.10 for the genesis transaction itself (C CoinSparkGetGenesisOutputQty). */
export function genesisTxOutputQty(
  outputScripts: readonly Uint8Array[],
  outputsSatoshis: readonly bigint[],
  feeSatoshis: bigint,
): GenesisTxResult {
  const outputsRegular = outputsRegularFromScripts(outputScripts);
  const i = firstOpReturnIndex(outputScripts);
  const metadata = i < 0 ? null : scriptToMetadata(outputScripts[i]!);
  const zero = new Array<bigint>(outputScripts.length).fill(0n);
  const d = metadata === null ? null : decodeGenesis(metadata);
  if (d === null || !d.ok) return { genesis: null, minFeeSatoshis: 0n, feeSufficient: false, outputQty: zero };
  const minFee = calcGenesisMinFee(outputsSatoshis, outputsRegular);
  const feeSufficient = feeSatoshis >= minFee;
  return {
    genesis: d.value,
    minFeeSatoshis: minFee,
    feeSufficient,
    outputQty: feeSufficient ? applyGenesis(d.value, outputsRegular) : zero,
  };
}

/**
 * Units of asset `assetRef` (whose genesis is `genesis`) in each output of a transaction, given the
 * units in each of its inputs (§7.10 steps 4–6). Pass `genesis` only for a valid, sufficiently paid
 * genesis. As the C helper does, the transfer list is first counted with 65535 inputs/outputs and then
 * decoded with the real counts; if the two counts differ every output gets zero. One departure from the C
 * helper, by §2.4: when the metadata also holds a genesis, the list is set aside and every unit goes to the
 * last regular output (`genesisSetsAsideTransfers`).
 */
export function transferTxOutputQty(
  genesis: Genesis,
  assetRef: AssetRef,
  inputBalances: readonly bigint[],
  outputScripts: readonly Uint8Array[],
  outputsSatoshis: readonly bigint[],
  feeSatoshis: bigint,
): bigint[] {
  const outputsRegular = outputsRegularFromScripts(outputScripts);
  const i = firstOpReturnIndex(outputScripts);
  const metadata = i < 0 ? null : scriptToMetadata(outputScripts[i]!);
  let transfers: Transfer[] = [];
  if (metadata !== null && genesisSetsAsideTransfers(metadata)) return applyNoTransfers(inputBalances, outputsRegular);
  if (metadata !== null) {
    const counted = decodeTransfers(metadata, IO_INDEX_MAX, IO_INDEX_MAX);
    const real = decodeTransfers(metadata, inputBalances.length, outputScripts.length);
    const c1 = counted.ok ? counted.value.length : 0;
    const c2 = real.ok ? real.value.length : 0;
    if (c1 !== c2) return new Array<bigint>(outputScripts.length).fill(0n);
    if (real.ok) transfers = real.value;
  }
  const minFee = calcTransfersMinFee(transfers, inputBalances.length, outputsSatoshis, outputsRegular);
  return feeSatoshis >= minFee
    ? applyTransfers(transfers, assetRef, genesis, inputBalances, outputsRegular)
    : applyNoTransfers(inputBalances, outputsRegular);
}
