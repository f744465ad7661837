/** Transfers and transfer lists: encode, decode, minimum fee, apply (protocol.md §7). */
import * as constantsModule from './constants.js';
import * as assetrefModule from './assetref.js';
import * as bytesModule from './bytes.js';
import * as genesisModule from './genesis.js';
import * as mantissaModule from './mantissa.js';
import * as resultModule from './result.js';
import * as codesModule from './transfer-codes.js';
import * as tableModule from './transfer-table.js';
import type { AssetRef } from './assetref.js';
import type { Genesis } from './genesis.js';
import type { Decoded } from './result.js';

// Named imports are read once into local constants: under tsx (scripts, bench, vector runner) these modules
// run as CommonJS, where each use of a named import is a getter call on the exporting module's exports
// object, a measurable cost in the decode and apply hot paths. (Bundled or native ESM: no difference.)
const { ASSET_QTY_MAX, IO_INDEX_MAX, TRANSFERS_PREFIX } = constantsModule;
const { assetRefsMatch, compareAssetRefs, defaultRouteRef, isDefaultRoute, isValidAssetRef, prefixBytes, prefixText } = assetrefModule;
const { pushLE } = bytesModule;
const { calcNet, minFeeBasis } = genesisModule;
const { qtyToMantissaExponent } = mantissaModule;
const { fail, ok } = resultModule;
const { COUNT_BYTES, FIRST_BYTES, PACKED_RANGE_CODES, QTY_1P, QTY_6_BYTES, QTY_BYTES, QTY_FLOAT, QTY_MAX, R_0P, R_1_0_BYTE, R_1_1_BYTES, R_1S, R_2_0_BYTES, R_2_1_BYTES, R_2_2_BYTES, R_ALL, RANGES_EXTEND, REF_3_3, REF_3_4, REF_4_4, REF_MASK, REF_PREV } = codesModule;
const { TransferTable, lastRegular } = tableModule;

export interface IORange {
  first: number;
  count: number;
}

/**
 * One transfer: move `qtyPerOutput` units of `assetRef` from the inputs range to each regular output of
 * the outputs range. A default route (`assetRef.blockNum === -1`) instead sends the leftovers of every
 * asset in its input range to `outputs.first`.
 */
export interface Transfer {
  assetRef: AssetRef;
  inputs: IORange;
  outputs: IORange;
  qtyPerOutput: bigint;
}

// extend-byte preference order (§7.5 step 4)
const EXTEND_PREFERENCE = [R_0P, R_1S, R_ALL, R_1_0_BYTE, R_2_0_BYTES, R_1_1_BYTES, R_2_1_BYTES, R_2_2_BYTES];

function validRange(r: IORange): boolean {
  return (
    Number.isInteger(r.first) &&
    r.first >= 0 &&
    r.first <= IO_INDEX_MAX &&
    Number.isInteger(r.count) &&
    r.count >= 0 &&
    r.count <= IO_INDEX_MAX
  );
}

export function isValidTransfer(t: Transfer): boolean {
  if (!isDefaultRoute(t.assetRef) && !isValidAssetRef(t.assetRef)) return false;
  return validRange(t.inputs) && validRange(t.outputs) && t.qtyPerOutput >= 0n && t.qtyPerOutput <= ASSET_QTY_MAX;
}

/** Bitmask of range codes that can express `r` (§7.5 step 3). */
function rangeOptions(r: IORange, prev: IORange | null, countIO: number): number {
  const { first, count } = r;
  let m = 0;
  if (prev !== null ? first === prev.first && count === prev.count : first === 0 && count === 1) m |= 1 << R_0P;
  if (prev !== null ? first === prev.first + prev.count && count === 1 : first === 1 && count === 1) m |= 1 << R_1S;
  if (first <= 0xff && count === 1) m |= 1 << R_1_0_BYTE;
  if (first <= 0xffff && count === 1) m |= 1 << R_2_0_BYTES;
  if (first <= 0xff && count <= 0xff) m |= 1 << R_1_1_BYTES;
  if (first <= 0xffff && count <= 0xff) m |= 1 << R_2_1_BYTES;
  if (first <= 0xffff && count <= 0xffff) m |= 1 << R_2_2_BYTES;
  if (first === 0 && count >= countIO) m |= 1 << R_ALL;
  return m;
}

function encodeTransfer(
  t: Transfer,
  prev: Transfer | null,
  countInputs: number,
  countOutputs: number,
  out: number[],
): boolean {
  if (!isValidTransfer(t)) return false;
  let packing: number;
  const ref = t.assetRef;
  if (isDefaultRoute(ref)) {
    if (prev !== null && !isDefaultRoute(prev.assetRef)) return false;
    packing = REF_PREV;
  } else if (prev !== null && assetRefsMatch(prev.assetRef, ref)) {
    packing = REF_PREV;
  } else if (ref.blockNum <= 0xffffff) {
    packing = ref.txOffset <= 0xffffff ? REF_3_3 : REF_3_4;
  } else {
    packing = REF_4_4;
  }

  const inOpts = rangeOptions(t.inputs, prev === null ? null : prev.inputs, countInputs);
  const outOpts = rangeOptions(t.outputs, prev === null ? null : prev.outputs, countOutputs);
  let inCode = -1;
  let outCode = -1;
  let extend = false;
  for (let k = 0; k < PACKED_RANGE_CODES.length; k++) {
    const ic = PACKED_RANGE_CODES[k]! >> 3;
    const oc = PACKED_RANGE_CODES[k]! & 7;
    if (inOpts & (1 << ic) && outOpts & (1 << oc)) {
      inCode = ic;
      outCode = oc;
      packing |= k << 3;
      break;
    }
  }
  if (inCode < 0) {
    extend = true;
    packing |= RANGES_EXTEND;
    for (const c of EXTEND_PREFERENCE) if (inOpts & (1 << c)) { inCode = c; break; }
    for (const c of EXTEND_PREFERENCE) if (outOpts & (1 << c)) { outCode = c; break; }
    if (inCode < 0 || outCode < 0) return false;
  }

  const qty = t.qtyPerOutput;
  let qtyCode: number;
  let qtyNum = 0;
  if (qty === (prev !== null ? prev.qtyPerOutput : 1n)) qtyCode = QTY_1P;
  else if (qty >= ASSET_QTY_MAX) qtyCode = QTY_MAX;
  else {
    qtyNum = Number(qty);
    if (qtyNum <= 0xff) qtyCode = 1;
    else if (qtyNum <= 0xffff) qtyCode = 2;
    else if (qtyToMantissaExponent(qty, 0, 1000, 11).value === qty) qtyCode = QTY_FLOAT;
    else if (qtyNum <= 0xffffff) qtyCode = 3;
    else if (qtyNum <= 0xffffffff) qtyCode = 4;
    else qtyCode = QTY_6_BYTES;
  }
  packing |= qtyCode;

  out.push(packing);
  if (extend) out.push((inCode << 3) | outCode);
  const refBits = packing & REF_MASK;
  if (refBits !== REF_PREV) {
    pushLE(out, ref.blockNum, refBits === REF_4_4 ? 4 : 3);
    pushLE(out, ref.txOffset, refBits === REF_3_3 ? 3 : 4);
    const p = prefixBytes(ref)!; // valid: checked by isValidTransfer
    out.push(p[0], p[1]);
  }
  pushLE(out, t.inputs.first, FIRST_BYTES[inCode]!);
  pushLE(out, t.inputs.count, COUNT_BYTES[inCode]!);
  pushLE(out, t.outputs.first, FIRST_BYTES[outCode]!);
  pushLE(out, t.outputs.count, COUNT_BYTES[outCode]!);
  if (qtyCode === QTY_FLOAT) {
    const me = qtyToMantissaExponent(qty, 0, 1000, 11);
    pushLE(out, me.exponent * 1001 + me.mantissa, 2);
  } else {
    pushLE(out, qtyNum, QTY_BYTES[qtyCode]!);
  }
  return true;
}

/**
 * Order used by the encoder (§7.5 step 2): default routes first, then transfers grouped by asset,
 * groups in asset-reference order, original order kept within an asset.
 */
export function groupOrdering(transfers: readonly Transfer[]): number[] {
  const n = transfers.length;
  const used = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  for (let slot = 0; slot < n; slot++) {
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      const ref = transfers[i]!.assetRef;
      let score: number;
      if (isDefaultRoute(ref)) score = 3;
      else if (slot > 0 && assetRefsMatch(ref, transfers[order[slot - 1]!]!.assetRef)) score = 2;
      else score = 1;
      if (
        best < 0 ||
        score > bestScore ||
        (score === bestScore && compareAssetRefs(ref, transfers[best]!.assetRef) < 0)
      ) {
        best = i;
        bestScore = score;
      }
    }
    used[best] = true;
    order.push(best);
  }
  return order;
}

/**
 * Encodes `SPKt…` (§7.5). The list is re-ordered as the reference encoder does, so decoding the result
 * can give a different order. Fails if a transfer is invalid or the result exceeds `metadataMaxLen`.
 */
export function encodeTransfers(
  transfers: readonly Transfer[],
  countInputs: number,
  countOutputs: number,
  metadataMaxLen: number,
): Decoded<Uint8Array> {
  const out: number[] = [0x53, 0x50, 0x4b, TRANSFERS_PREFIX];
  let prev: Transfer | null = null;
  for (const i of groupOrdering(transfers)) {
    const t = transfers[i]!;
    if (!encodeTransfer(t, prev, countInputs, countOutputs, out)) return fail(`transfer ${i} cannot be encoded`);
    prev = t;
  }
  if (out.length > metadataMaxLen) return fail('transfer list does not fit in metadataMaxLen');
  return ok(Uint8Array.from(out));
}


/**
 * Decodes the `t` field of (possibly composite) metadata (§7.6), given the transaction's input and
 * output counts. Fails if there is no `t` field, it is empty, or any transfer in it is malformed (then
 * the transaction has no valid transfer list). (TransferTable.decode does the same without objects.)
 */
export function decodeTransfers(metadata: Uint8Array, countInputs: number, countOutputs: number): Decoded<Transfer[]> {
  const table = DECODE_TABLE;
  if (!table.decode(metadata, countInputs, countOutputs)) return fail(table.error);
  const { blockNum, txOffset, prefix, inFirst, inCount, outFirst, outCount, qty, refFromPrevious } = table;
  const list = new Array<Transfer>(table.count);
  let assetRef: AssetRef = defaultRouteRef();
  for (let k = 0; k < table.count; k++) {
    if (refFromPrevious[k] === 0) {
      assetRef = { blockNum: blockNum[k]!, txOffset: txOffset[k]!, txIDPrefix: prefixText(prefix[k]!) };
    }
    const q = qty[k]!;
    list[k] = {
      assetRef,
      inputs: { first: inFirst[k]!, count: inCount[k]! },
      outputs: { first: outFirst[k]!, count: outCount[k]! },
      qtyPerOutput: q < SMALL_QTY.length ? SMALL_QTY[q]! : BigInt(q),
    };
  }
  return ok(list);
}

// The table decodeTransfers and the Transfer[] functions below use (single-threaded, not re-entered).
const DECODE_TABLE = new TransferTable();
const LIST_TABLE = new TransferTable();

// BigInt values of the one-byte quantities, shared: creating a BigInt allocates.
const SMALL_QTY: bigint[] = [];
for (let q = 0; q < 256; q++) SMALL_QTY.push(BigInt(q));

/**
 * Minimum fee (satoshis) for the transfer list to be valid (§7.8): one fee basis per regular output
 * targeted by an explicit transfer whose input range starts inside the transaction.
 */
export function calcTransfersMinFee(
  transfers: readonly Transfer[],
  countInputs: number,
  outputsSatoshis: readonly bigint[],
  outputsRegular: readonly boolean[],
): bigint {
  const n = LIST_TABLE.setFromTransfers(transfers).chargedOutputCount(countInputs, outputsRegular);
  return n === 0 ? 0n : BigInt(n) * minFeeBasis(outputsSatoshis, outputsRegular);
}

/**
 * calcTransfersMinFee with satoshi amounts as numbers (exact: satoshi values are < 2^53 and the result
 * is at most 65536 × 16 × 1000).
 */
export function calcTransfersMinFeeNumber(
  transfers: readonly Transfer[],
  countInputs: number,
  outputsSatoshis: readonly number[],
  outputsRegular: readonly boolean[],
): number {
  return LIST_TABLE.setFromTransfers(transfers).minFee(countInputs, outputsSatoshis, outputsRegular);
}

/** For each input, the output its leftover units go to (-1: nowhere) (§7.9 defaultRouteMap). */
export function defaultRouteMap(
  transfers: readonly Transfer[],
  countInputs: number,
  outputsRegular: readonly boolean[],
): number[] {
  const map = new Array<number>(countInputs);
  LIST_TABLE.setFromTransfers(transfers).fillDefaultRouteMap(countInputs, outputsRegular, map);
  return map;
}

/** Which outputs may receive units without being named in a transfer (§7.9 defaultOutputs). */
export function defaultOutputs(
  transfers: readonly Transfer[],
  countInputs: number,
  outputsRegular: readonly boolean[],
): boolean[] {
  return LIST_TABLE.setFromTransfers(transfers).defaultOutputs(countInputs, outputsRegular);
}

/**
 * Units of the asset `assetRef` in each output (§7.9), given its units in each input. `genesis` is the
 * asset's genesis (for payment charges). Call only when the fee is at least calcTransfersMinFee;
 * otherwise use applyNoTransfers.
 */
export function applyTransfers(
  transfers: readonly Transfer[],
  assetRef: AssetRef,
  genesis: Genesis,
  inputBalances: readonly bigint[],
  outputsRegular: readonly boolean[],
): bigint[] {
  // Fast path: real balances of one asset are ≤ 10^14 in total, so numbers are exact; bigint otherwise.
  const n = inputBalances.length;
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const b = inputBalances[i]!;
    if (b < 0n) return applyTransfersBig(transfers, assetRef, genesis, inputBalances, outputsRegular);
    sum += b;
  }
  if (sum > MAX_EXACT) return applyTransfersBig(transfers, assetRef, genesis, inputBalances, outputsRegular);
  for (const t of transfers) {
    // quantities beyond 2^53 (invalid ones) are not exact as numbers
    if (t.qtyPerOutput > MAX_EXACT) return applyTransfersBig(transfers, assetRef, genesis, inputBalances, outputsRegular);
  }
  const nums = new Array<number>(n);
  for (let i = 0; i < n; i++) nums[i] = Number(inputBalances[i]!);
  const out = applyTransfersNumber(transfers, assetRef, genesis, nums, outputsRegular)!;
  const res = new Array<bigint>(out.length);
  for (let o = 0; o < out.length; o++) res[o] = out[o] === 0 ? 0n : BigInt(out[o]!);
  return res;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * applyTransfers on numbers, for callers that hold balances as numbers: exact as long as the input
 * balances are non-negative integers whose sum is at most 2^53 − 1; returns null otherwise.
 */
export function applyTransfersNumber(
  transfers: readonly Transfer[],
  assetRef: AssetRef,
  genesis: Genesis,
  inputBalances: readonly number[],
  outputsRegular: readonly boolean[],
): number[] | null {
  return LIST_TABLE.setFromTransfers(transfers).apply(assetRef, genesis, inputBalances, outputsRegular);
}

/** applyTransfers in bigint arithmetic (any balances). */
export function applyTransfersBig(
  transfers: readonly Transfer[],
  assetRef: AssetRef,
  genesis: Genesis,
  inputBalances: readonly bigint[],
  outputsRegular: readonly boolean[],
): bigint[] {
  const countInputs = inputBalances.length;
  const countOutputs = outputsRegular.length;
  const remaining = inputBalances.slice();
  const out = new Array<bigint>(countOutputs).fill(0n);
  let charged = false;
  for (const t of transfers) {
    if (!assetRefsMatch(t.assetRef, assetRef) || t.assetRef.blockNum === -1) continue;
    charged = true;
    let i = Math.max(t.inputs.first, 0);
    const iEnd = Math.min(t.inputs.first + t.inputs.count, countInputs) - 1;
    const oEnd = Math.min(t.outputs.first + t.outputs.count, countOutputs) - 1;
    for (let o = Math.max(t.outputs.first, 0); o <= oEnd; o++) {
      if (!outputsRegular[o]) continue;
      let want = t.qtyPerOutput;
      while (i <= iEnd) {
        const have = remaining[i]!;
        const take = want < have ? want : have;
        if (take > 0n) {
          remaining[i] = have - take;
          want -= take;
          out[o] = out[o]! + take;
        }
        if (want > 0n) i++;
        else break;
      }
    }
  }
  if (charged) {
    for (let o = 0; o < countOutputs; o++) if (outputsRegular[o] && out[o]! > 0n) out[o] = calcNet(genesis, out[o]!);
  }
  const map = defaultRouteMap(transfers, countInputs, outputsRegular);
  for (let i = 0; i < countInputs; i++) {
    const o = map[i]!;
    if (o >= 0) out[o] = out[o]! + remaining[i]!;
  }
  return out;
}

/** applyNoTransfers on numbers (exact while the sum of the inputs is at most 2^53 − 1; else null). */
export function applyNoTransfersNumber(inputBalances: readonly number[], outputsRegular: readonly boolean[]): number[] | null {
  let sum = 0;
  for (let i = 0; i < inputBalances.length; i++) {
    const b = inputBalances[i]!;
    if (!(b >= 0) || !Number.isInteger(b)) return null;
    sum += b;
  }
  if (sum > Number.MAX_SAFE_INTEGER) return null;
  const n = outputsRegular.length;
  const last = lastRegular(outputsRegular);
  const out = new Array<number>(n);
  for (let o = 0; o < n; o++) out[o] = o === last ? sum : 0;
  return out;
}

/** The "no valid transfer list" rule: every unit goes to the last regular output, no charges. */
export function applyNoTransfers(inputBalances: readonly bigint[], outputsRegular: readonly boolean[]): bigint[] {
  const out = new Array<bigint>(outputsRegular.length).fill(0n);
  const last = lastRegular(outputsRegular);
  if (last >= 0) {
    let sum = 0n;
    for (const b of inputBalances) sum += b;
    out[last] = sum;
  }
  return out;
}
