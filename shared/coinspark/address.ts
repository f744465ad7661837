/** CoinSpark addresses (protocol.md §9). */
import { ADDRESS_FLAG_MASK, PAYMENT_REF_MAX_NUM } from './constants.js';
import { fail, ok, type Decoded } from './result.js';

const A58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const A58_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 58; i++) A58_INDEX[A58.charCodeAt(i)] = i;

export interface CoinSparkAddress {
  /** The embedded bitcoin address (validate it as a normal address for the network: it has the checksum). */
  bitcoinAddress: string;
  /** Bit flags: 1 assets, 2 payment references, 4 text messages, 8 file messages (0 … 0x7FFFFF). */
  addressFlags: number;
  /** 0 … 2^52 − 1; 0 = none. */
  paymentRef: bigint;
}

/** Builds the `s…` address (§9.2). Fails on an empty or non-base58 address, bad flags or reference. */
export function encodeAddress(a: CoinSparkAddress): Decoded<string> {
  const addr = a.bitcoinAddress;
  if (addr.length === 0) return fail('empty bitcoin address');
  if (!Number.isInteger(a.addressFlags) || a.addressFlags < 0 || a.addressFlags > ADDRESS_FLAG_MASK) {
    return fail('address flags out of range');
  }
  if (a.paymentRef < 0n || a.paymentRef > BigInt(PAYMENT_REF_MAX_NUM)) return fail('payment reference out of range');
  const E: number[] = [];
  let x = a.addressFlags;
  while (x > 0) {
    E.push(x % 58);
    x = Math.floor(x / 58);
  }
  const fCount = E.length;
  let y = Number(a.paymentRef);
  while (y > 0) {
    E.push(y % 58);
    y = Math.floor(y / 58);
  }
  const e = E.length;
  const n = addr.length + 2 + e;
  const S = new Array<number>(n);
  S[0] = 0;
  S[1] = fCount * 10 + (e - fCount);
  for (let k = 0; k < e; k++) S[2 + k] = E[k]!;
  for (let j = 0; j < addr.length; j++) {
    const c = addr.charCodeAt(j);
    const idx = c < 128 ? A58_INDEX[c]! : -1;
    if (idx < 0) return fail('bitcoin address contains a non-base58 character');
    let v = idx + 13;
    if (e > 0) v += E[j % e]!;
    S[2 + e + j] = v % 58;
  }
  const half = Math.ceil(n / 2);
  for (let j = 1; j < half; j++) S[j] = (S[j]! + S[n - j]!) % 58;
  let s = 's';
  for (let j = 1; j < n; j++) s += A58[S[j]!];
  return ok(s);
}

// Scratch buffers reused by decodeAddress (single-threaded JS; no re-entrancy), grown on demand.
let scratchS = new Int32Array(128);
// Output char codes, one plain array per length: String.fromCharCode.apply on a plain array is the
// fastest way to build a short string in V8 (typed-array views and += concatenation are slower).
const scratchOut: number[][] = [];
const A58_CODES = new Uint16Array(58);
for (let i = 0; i < 58; i++) A58_CODES[i] = A58.charCodeAt(i);
const ZERO = 0n;

/** Decodes an `s…` address (§9.3). It has no checksum: validate `bitcoinAddress` afterwards. */
export function decodeAddress(str: string): Decoded<CoinSparkAddress> {
  const n = str.length;
  if (n < 2 || str.charCodeAt(0) !== 0x73) return fail('not a CoinSpark address');
  if (n > scratchS.length) scratchS = new Int32Array(n);
  const S = scratchS;
  S[0] = 0;
  // Base58 values, un-folding the second half into the first on the way (one pass): S[j] for j ≥ half
  // is stored as is, then S[j] = value(j) − S[n − j] (mod 58) for 1 ≤ j < half. Validity (every char
  // base58) is accumulated and checked once.
  const half = (n + 1) >> 1;
  let bad = 0;
  for (let j = n - 1; j >= half; j--) {
    const c = str.charCodeAt(j);
    const idx = A58_INDEX[c & 127]!;
    bad |= idx | (c & ~127);
    S[j] = idx;
  }
  for (let j = 1; j < half; j++) {
    const c = str.charCodeAt(j);
    const idx = A58_INDEX[c & 127]!;
    bad |= idx | (c & ~127);
    const v = idx - S[n - j]!; // (integer % is slow; values are within ±58, so add instead)
    S[j] = v < 0 ? v + 58 : v;
  }
  if (bad !== 0 && (bad < 0 || bad > 127)) return fail('non-base58 character');
  const fCount = (S[1]! / 10) | 0;
  const pCount = S[1]! % 10;
  const e = fCount + pCount;
  if (n < 2 + e) return fail('address too short');
  let flags = 0;
  for (let k = fCount - 1; k >= 0; k--) flags = flags * 58 + S[2 + k]!;
  let ref = 0; // ≤ 58^9 − 1 < 2^53: exact
  for (let k = pCount - 1; k >= 0; k--) ref = ref * 58 + S[2 + fCount + k]!;
  const len = n - 2 - e;
  if (len <= 0) return fail('empty bitcoin address');
  if (flags > ADDRESS_FLAG_MASK) return fail('address flags out of range');
  if (ref > PAYMENT_REF_MAX_NUM) return fail('payment reference out of range');
  let out = scratchOut[len];
  if (out === undefined) {
    out = new Array<number>(len).fill(0);
    if (len < 256) scratchOut[len] = out;
  }
  if (e > 0) {
    for (let j = 0, k = 0; j < len; j++) {
      let v = S[2 + e + j]! + 45 - S[2 + k]!; // ≡ + 103 (mod 58), in -12 … 102
      if (v < 0) v += 58;
      else if (v >= 58) v -= 58;
      out[j] = A58_CODES[v]!;
      if (++k === e) k = 0;
    }
  } else {
    for (let j = 0; j < len; j++) {
      const v = S[2 + j]! + 45; // ≡ + 103 (mod 58), in 45 … 102
      out[j] = A58_CODES[v >= 58 ? v - 58 : v]!;
    }
  }
  const bitcoinAddress = String.fromCharCode.apply(null, out);
  return ok({ bitcoinAddress, addressFlags: flags, paymentRef: ref === 0 ? ZERO : BigInt(ref) });
}
