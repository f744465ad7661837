/**
 * A transfer list held as columns of numbers (protocol.md §7), the form the decoder writes and the
 * minimum-fee, default-route and apply procedures read. One decode or one apply allocates nothing per
 * transfer: no Transfer objects, no BigInt quantities, no prefix strings (a prefix is the number
 * b0 + 256·b1). Every value fits a float64 exactly (quantities are at most 10^14).
 *
 * decodeTransfers and the functions on Transfer[] in transfer.ts are built on it; callers that apply many
 * lists (a tracker, a wallet scanning history) can use it directly and keep one table.
 */
import * as assetrefModule from './assetref.js';
import * as codesModule from './transfer-codes.js';
import * as constantsModule from './constants.js';
import * as genesisModule from './genesis.js';
import * as metadataModule from './metadata.js';
import type { AssetRef } from './assetref.js';
import type { Genesis } from './genesis.js';

// Named imports are read once into local constants (see transfer.ts: under tsx these are getter calls).
const { ASSET_QTY_MAX_NUM, IO_INDEX_MAX, TRANSFER_BLOCK_NUM_DEFAULT_ROUTE, TRANSFERS_PREFIX } = constantsModule;
const { prefixInt } = assetrefModule;
const { COUNT_BYTES, FIRST_BYTES, PACKED_RANGE_CODES, QTY_1P, QTY_BYTES, QTY_FLOAT, QTY_MASK, QTY_MAX, R_0P, R_1S, R_ALL, RANGES_EXTEND, RANGES_MASK, REF_3_3, REF_4_4, REF_MASK, REF_PREV } = codesModule;
const { calcNetNumber } = genesisModule;
const { locateField } = metadataModule;

const POW10_NUM: number[] = [];
for (let i = 0, p = 1; i <= 16; i++, p *= 10) POW10_NUM.push(p); // FLOAT exponents reach 16

/** Transfer-like input of TransferTable.setFromTransfers (structurally the Transfer of transfer.ts). */
interface TransferFields {
  assetRef: AssetRef;
  inputs: { first: number; count: number };
  outputs: { first: number; count: number };
  qtyPerOutput: bigint;
}

// Scratch for apply (single-threaded, not re-entered), grown on demand: units left in each input, units
// received by each output, and the default route of each input.
let remainingScratch = new Float64Array(64);
let receivedScratch = new Float64Array(64);
let routeScratch = new Int32Array(64);

export class TransferTable {
  /** Number of transfers held (rows 0 … count − 1). */
  count = 0;
  /** −1 for a default route. */
  blockNum = new Float64Array(16);
  txOffset = new Float64Array(16);
  /** txid prefix bytes as b0 + 256·b1 (prefixInt; NaN from setFromTransfers for an invalid one: matches nothing). */
  prefix = new Float64Array(16);
  inFirst = new Float64Array(16);
  inCount = new Float64Array(16);
  outFirst = new Float64Array(16);
  outCount = new Float64Array(16);
  qty = new Float64Array(16);
  /** 1 where the transfer's asset reference was coded as "same as the previous transfer's". */
  refFromPrevious = new Uint8Array(16);
  /** Why the last decode failed ('' after a successful one). */
  error = '';

  /** Makes room for n rows, keeping the first `count`. */
  reserve(n: number): void {
    if (n <= this.blockNum.length) return;
    const size = Math.max(n, 2 * this.blockNum.length);
    const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(size);
      b.set(a.subarray(0, this.count));
      return b;
    };
    this.blockNum = grow(this.blockNum);
    this.txOffset = grow(this.txOffset);
    this.prefix = grow(this.prefix);
    this.inFirst = grow(this.inFirst);
    this.inCount = grow(this.inCount);
    this.outFirst = grow(this.outFirst);
    this.outCount = grow(this.outCount);
    this.qty = grow(this.qty);
    const r = new Uint8Array(size);
    r.set(this.refFromPrevious.subarray(0, this.count));
    this.refFromPrevious = r;
  }

  /**
   * Decodes the `t` field of (possibly composite) metadata (§7.6) into the table, given the transaction's
   * input and output counts. Returns false (count 0) if there is no `t` field, it is empty, or any transfer
   * in it is malformed: then the transaction has no valid transfer list.
   */
  decode(metadata: Uint8Array, countInputs: number, countOutputs: number): boolean {
    this.count = 0;
    const range = locateField(metadata, TRANSFERS_PREFIX);
    if (range === null) return this.failDecode('no transfer list field');
    const body = metadata;
    const n = range.end;
    let pos = range.start;
    if (pos >= n) return this.failDecode('empty transfer list');
    // A transfer takes at least one byte.
    this.reserve(n - pos);
    const { blockNum, txOffset, prefix, inFirst, inCount, outFirst, outCount, qty, refFromPrevious } = this;
    let count = 0;
    // the previous transfer's values, which the short codes refer to
    let bn = TRANSFER_BLOCK_NUM_DEFAULT_ROUTE;
    let off = 0;
    let pre = 0;
    let iFirst = 0;
    let iCount = 0;
    let oFirst = 0;
    let oCount = 0;
    let q = 1;
    while (pos < n) {
      const packing = body[pos++]!;
      let inCode: number;
      let outCode: number;
      const ranges = packing & RANGES_MASK;
      if (ranges === RANGES_EXTEND) {
        if (pos >= n) return this.failDecode('truncated transfer');
        const ext = body[pos++]!;
        inCode = (ext >> 3) & 7;
        outCode = ext & 7;
      } else {
        const codes = PACKED_RANGE_CODES[ranges >> 3]!;
        inCode = codes >> 3;
        outCode = codes & 7;
      }
      const refBits = packing & REF_MASK;
      if (refBits === REF_PREV) {
        // the previous transfer's reference, or a default route for the first transfer
        if (count === 0) {
          bn = TRANSFER_BLOCK_NUM_DEFAULT_ROUTE;
          off = 0;
          pre = 0;
        }
      } else {
        const bLen = refBits === REF_4_4 ? 4 : 3;
        const oLen = refBits === REF_3_3 ? 3 : 4;
        if (pos + bLen + oLen + 2 > n) return this.failDecode('truncated asset reference');
        bn = body[pos]! + body[pos + 1]! * 0x100 + body[pos + 2]! * 0x10000;
        if (bLen === 4) bn += body[pos + 3]! * 0x1000000;
        pos += bLen;
        off = body[pos]! + body[pos + 1]! * 0x100 + body[pos + 2]! * 0x10000;
        if (oLen === 4) off += body[pos + 3]! * 0x1000000;
        pos += oLen;
        pre = body[pos]! + 256 * body[pos + 1]!;
        pos += 2;
      }
      const qtyCode = packing & QTY_MASK;
      const fi = FIRST_BYTES[inCode]!;
      const ci = COUNT_BYTES[inCode]!;
      const fo = FIRST_BYTES[outCode]!;
      const co = COUNT_BYTES[outCode]!;
      const nq = QTY_BYTES[qtyCode]!;
      if (pos + fi + ci + fo + co + nq > n) return this.failDecode('truncated transfer');
      // implied ranges (§7.3), relative to the previous transfer's
      if (inCode === R_0P) {
        if (count === 0) {
          iFirst = 0;
          iCount = 1;
        }
      } else if (inCode === R_1S) {
        iFirst = count === 0 ? 1 : iFirst + iCount;
        iCount = 1;
      } else if (inCode === R_ALL) {
        iFirst = 0;
        iCount = countInputs;
      } else {
        iFirst = fi === 1 ? body[pos]! : body[pos]! | (body[pos + 1]! << 8);
        pos += fi;
        iCount = ci === 0 ? 1 : ci === 1 ? body[pos]! : body[pos]! | (body[pos + 1]! << 8);
        pos += ci;
      }
      if (outCode === R_0P) {
        if (count === 0) {
          oFirst = 0;
          oCount = 1;
        }
      } else if (outCode === R_1S) {
        oFirst = count === 0 ? 1 : oFirst + oCount;
        oCount = 1;
      } else if (outCode === R_ALL) {
        oFirst = 0;
        oCount = countOutputs;
      } else {
        oFirst = fo === 1 ? body[pos]! : body[pos]! | (body[pos + 1]! << 8);
        pos += fo;
        oCount = co === 0 ? 1 : co === 1 ? body[pos]! : body[pos]! | (body[pos + 1]! << 8);
        pos += co;
      }
      if (qtyCode === QTY_1P) {
        if (count === 0) q = 1;
      } else if (qtyCode === QTY_MAX) {
        q = ASSET_QTY_MAX_NUM;
      } else if (qtyCode === QTY_FLOAT) {
        const v = (body[pos]! | (body[pos + 1]! << 8)) & 0x3fff;
        pos += 2;
        const m = v % 1001;
        q = m * POW10_NUM[(v - m) / 1001]!;
      } else {
        q = 0;
        for (let k = 0, mul = 1; k < nq; k++, mul *= 256) q += body[pos + k]! * mul;
        pos += nq;
      }
      if (q > ASSET_QTY_MAX_NUM) return this.failDecode('quantity out of range');
      if (iFirst > IO_INDEX_MAX || iCount > IO_INDEX_MAX || oFirst > IO_INDEX_MAX || oCount > IO_INDEX_MAX) {
        return this.failDecode('input or output index out of range');
      }
      blockNum[count] = bn;
      txOffset[count] = off;
      prefix[count] = pre;
      inFirst[count] = iFirst;
      inCount[count] = iCount;
      outFirst[count] = oFirst;
      outCount[count] = oCount;
      qty[count] = q;
      refFromPrevious[count] = refBits === REF_PREV ? 1 : 0;
      count++;
    }
    this.count = count;
    this.error = '';
    return true;
  }

  private failDecode(reason: string): false {
    this.count = 0;
    this.error = reason;
    return false;
  }

  /**
   * Fills the table from Transfer objects (for the Transfer[] functions). Quantities become numbers,
   * exact up to 2^53 (valid ones are at most 10^14); a prefix that is not 4 hex digits becomes NaN, which
   * equals nothing, so such a transfer matches no asset.
   */
  setFromTransfers(transfers: readonly TransferFields[]): this {
    const n = transfers.length;
    this.count = 0;
    this.reserve(n);
    for (let k = 0; k < n; k++) {
      const t = transfers[k]!;
      const ref = t.assetRef;
      this.blockNum[k] = ref.blockNum;
      this.txOffset[k] = ref.txOffset;
      const p = ref.blockNum === TRANSFER_BLOCK_NUM_DEFAULT_ROUTE ? 0 : prefixInt(ref);
      this.prefix[k] = p < 0 ? NaN : p;
      this.inFirst[k] = t.inputs.first;
      this.inCount[k] = t.inputs.count;
      this.outFirst[k] = t.outputs.first;
      this.outCount[k] = t.outputs.count;
      this.qty[k] = Number(t.qtyPerOutput);
      this.refFromPrevious[k] = k > 0 && transfers[k - 1]!.assetRef === ref ? 1 : 0;
    }
    this.count = n;
    return this;
  }

  /** True if some transfer is a default route. */
  hasDefaultRoute(): boolean {
    const blockNum = this.blockNum;
    for (let k = 0; k < this.count; k++) if (blockNum[k] === TRANSFER_BLOCK_NUM_DEFAULT_ROUTE) return true;
    return false;
  }

  /**
   * Regular outputs targeted by explicit transfers whose input range starts inside the transaction; the
   * minimum fee (§7.8) is this many fee bases.
   */
  chargedOutputCount(countInputs: number, outputsRegular: readonly boolean[]): number {
    const countOutputs = outputsRegular.length;
    const { blockNum, inFirst, inCount, outFirst, outCount } = this;
    let n = 0;
    for (let k = 0; k < this.count; k++) {
      if (blockNum[k] !== TRANSFER_BLOCK_NUM_DEFAULT_ROUTE && inCount[k]! > 0 && inFirst[k]! < countInputs) {
        const end = Math.min(outFirst[k]! + outCount[k]!, countOutputs);
        for (let o = Math.max(outFirst[k]!, 0); o < end; o++) if (outputsRegular[o]) n++;
      }
    }
    return n;
  }

  /** Minimum fee in satoshis (§7.8), with satoshi amounts as numbers. */
  minFee(countInputs: number, outputsSatoshis: readonly number[], outputsRegular: readonly boolean[]): number {
    const n = this.chargedOutputCount(countInputs, outputsRegular);
    if (n === 0) return 0;
    let basis = 1000;
    for (let o = 0; o < outputsRegular.length; o++) {
      if (outputsRegular[o] && outputsSatoshis[o]! < basis) basis = outputsSatoshis[o]!;
    }
    return n * basis;
  }

  /** For each input, the output its leftover units go to (−1: nowhere) (§7.9), into map[0 … countInputs). */
  fillDefaultRouteMap(countInputs: number, outputsRegular: readonly boolean[], map: number[] | Int32Array): void {
    const countOutputs = outputsRegular.length;
    const last = lastRegular(outputsRegular);
    for (let i = 0; i < countInputs; i++) map[i] = last;
    const { blockNum, inFirst, inCount, outFirst } = this;
    for (let k = this.count - 1; k >= 0; k--) {
      const to = outFirst[k]!;
      if (blockNum[k] === TRANSFER_BLOCK_NUM_DEFAULT_ROUTE && to >= 0 && to < countOutputs) {
        const end = Math.min(inFirst[k]! + inCount[k]!, countInputs);
        for (let i = Math.max(inFirst[k]!, 0); i < end; i++) map[i] = to;
      }
    }
  }

  /** Which outputs may receive units without being named in a transfer (§7.9 defaultOutputs). */
  defaultOutputs(countInputs: number, outputsRegular: readonly boolean[]): boolean[] {
    const n = outputsRegular.length;
    const out = new Array<boolean>(n);
    for (let o = 0; o < n; o++) out[o] = false; // (a loop: .fill costs more than this on short arrays)
    if (!this.hasDefaultRoute()) {
      const last = lastRegular(outputsRegular);
      if (last >= 0 && countInputs > 0) out[last] = true;
      return out;
    }
    if (countInputs > routeScratch.length) routeScratch = new Int32Array(countInputs);
    const map = routeScratch;
    this.fillDefaultRouteMap(countInputs, outputsRegular, map);
    for (let i = 0; i < countInputs; i++) if (map[i]! >= 0) out[map[i]!] = true;
    return out;
  }

  /**
   * Units of the asset `assetRef` in each output (§7.9), given its units in each input, as numbers:
   * exact when the input balances are non-negative integers summing to at most 2^53 − 1; null otherwise.
   * `genesis` supplies the payment charges. Call only when the fee is at least the minimum fee.
   */
  apply(
    assetRef: AssetRef,
    genesis: Genesis,
    inputBalances: readonly number[],
    outputsRegular: readonly boolean[],
  ): number[] | null {
    return this.applyTo(assetRef.blockNum, assetRef.txOffset, prefixInt(assetRef), genesis, inputBalances, outputsRegular);
  }

  /**
   * apply() for the asset given by its reference's numbers (prefix as from prefixInt: −1 for an invalid
   * one, which matches no row, as decoded prefixes are 0 … 65535 and invalid ones given as objects NaN).
   */
  applyTo(
    wantBlock: number,
    wantOffset: number,
    wantPrefix: number,
    genesis: Genesis,
    inputBalances: readonly number[],
    outputsRegular: readonly boolean[],
  ): number[] | null {
    const countInputs = inputBalances.length;
    const countOutputs = outputsRegular.length;
    if (countInputs > remainingScratch.length) remainingScratch = new Float64Array(countInputs);
    if (countOutputs > receivedScratch.length) receivedScratch = new Float64Array(countOutputs);
    const remaining = remainingScratch;
    const received = receivedScratch;
    let sum = 0;
    for (let i = 0; i < countInputs; i++) {
      const b = inputBalances[i]!;
      if (!(b >= 0) || !Number.isInteger(b)) return null;
      sum += b;
      remaining[i] = b;
    }
    if (sum > Number.MAX_SAFE_INTEGER) return null;
    for (let o = 0; o < countOutputs; o++) received[o] = 0;
    const { blockNum, txOffset, prefix, inFirst, inCount, outFirst, outCount, qty } = this;
    let charged = false;
    for (let k = 0; k < this.count; k++) {
      // default routes (−1) never match: a tracked asset's blockNum is not −1, and is checked below
      if (blockNum[k] !== wantBlock || txOffset[k] !== wantOffset || prefix[k] !== wantPrefix) continue;
      if (wantBlock === TRANSFER_BLOCK_NUM_DEFAULT_ROUTE) continue;
      charged = true;
      let i = Math.max(inFirst[k]!, 0);
      const iEnd = Math.min(inFirst[k]! + inCount[k]!, countInputs) - 1;
      const oEnd = Math.min(outFirst[k]! + outCount[k]!, countOutputs) - 1;
      const perOutput = qty[k]!;
      for (let o = Math.max(outFirst[k]!, 0); o <= oEnd; o++) {
        if (!outputsRegular[o]) continue;
        let want = perOutput;
        while (i <= iEnd) {
          const have = remaining[i]!;
          const take = want < have ? want : have;
          if (take > 0) {
            remaining[i] = have - take;
            want -= take;
            received[o] = received[o]! + take;
          }
          if (want > 0) i++;
          else break;
        }
      }
    }
    if (charged) {
      for (let o = 0; o < countOutputs; o++) {
        if (outputsRegular[o] && received[o]! > 0) received[o] = calcNetNumber(genesis, received[o]!);
      }
    }
    if (!this.hasDefaultRoute()) {
      // common case: every leftover goes to the last regular output
      const last = lastRegular(outputsRegular);
      if (last >= 0) for (let i = 0; i < countInputs; i++) received[last] = received[last]! + remaining[i]!;
    } else {
      if (countInputs > routeScratch.length) routeScratch = new Int32Array(countInputs);
      const map = routeScratch;
      this.fillDefaultRouteMap(countInputs, outputsRegular, map);
      for (let i = 0; i < countInputs; i++) {
        const o = map[i]!;
        if (o >= 0) received[o] = received[o]! + remaining[i]!;
      }
    }
    const out = new Array<number>(countOutputs);
    for (let o = 0; o < countOutputs; o++) out[o] = received[o]!;
    return out;
  }
}

/** Index of the last regular output, −1 if there is none. */
export function lastRegular(outputsRegular: readonly boolean[]): number {
  for (let o = outputsRegular.length - 1; o >= 0; o--) if (outputsRegular[o]) return o;
  return -1;
}
