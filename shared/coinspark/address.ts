/** CoinSpark addresses (protocol.md §9). */
import * as constantsModule from './constants.js';
import * as resultModule from './result.js';
import type { Decoded } from './result.js';

// Named imports are read once into local constants: under tsx (scripts, bench, vector runner) these modules
// run as CommonJS, where each use of a named import is a getter call on the exporting module's exports
// object, a measurable cost in the decode and apply hot paths. (Bundled or native ESM: no difference.)
const { ADDRESS_FLAG_MASK, PAYMENT_REF_MAX_NUM } = constantsModule;
const { fail, ok } = resultModule;

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

// Char code -> base58 value, -1 for anything else. Indexed by the full UTF-16 code (no masking needed), so
// validity is just "no lookup was negative", accumulated with | and checked once.
const B58_VALUE = new Int8Array(65536).fill(-1);
for (let i = 0; i < 58; i++) B58_VALUE[A58.charCodeAt(i)] = i;

// Decoding a bitcoin-address char is "(value + 103 − E[k]) mod 58", with value itself a difference mod 58.
// OUT_CODE[x + OUT_BIAS] is the char code of (x + 103) mod 58 for any x in −116 … 173, which covers every
// un-reduced sum below, so the inner loops need neither % nor range corrections.
const OUT_BIAS = 116;
const OUT_CODE = new Uint16Array(OUT_BIAS + 174);
for (let x = -OUT_BIAS; x < 174; x++) OUT_CODE[x + OUT_BIAS] = A58.charCodeAt((((x + 103) % 58) + 58) % 58);

// Scratch buffers reused by decodeAddress (single-threaded JS; no re-entrancy), grown on demand.
let scratchS = new Int32Array(128);
// The flag and payment-reference digits (at most 9 + 9).
const scratchE = new Int32Array(18);
// The values of the text's last e chars before the header's mirror (decodeAddressCore).
const scratchY = new Int32Array(18);
// Output char codes, one plain array per length: String.fromCharCode.apply on a plain array is the
// fastest way to build a short string in V8 (typed-array views and += concatenation are slower).
const scratchOut: number[][] = [];
const ZERO = 0n;

function outArray(len: number): number[] {
  let out = scratchOut[len];
  if (out === undefined) {
    out = new Array<number>(len).fill(0);
    if (len < 256) scratchOut[len] = out;
  }
  return out;
}

/** CoinSparkAddress with the payment reference as a number: exact, since it is at most 2^52 − 1. */
export interface CoinSparkAddressNumber {
  bitcoinAddress: string;
  addressFlags: number;
  paymentRef: number;
}

// The flags, payment reference and error of the last decodeAddressCore call. The core returns only the
// bitcoin address, so each public variant builds its own result object once, with no intermediate objects.
let coreFlags = 0;
let coreRef = 0;
let coreError = '';

/**
 * Decodes an `s…` address (§9.3). It has no checksum: validate `bitcoinAddress` afterwards.
 */
export function decodeAddress(str: string): Decoded<CoinSparkAddress> {
  const bitcoinAddress = decodeAddressCore(str);
  if (bitcoinAddress === null) return fail(coreError);
  return ok({ bitcoinAddress, addressFlags: coreFlags, paymentRef: coreRef === 0 ? ZERO : BigInt(coreRef) });
}

/**
 * decodeAddress with the payment reference as a number (same values, exact: at most 2^52 − 1; no BigInt
 * is made), for callers that want it as a number or decimal string anyway.
 */
export function decodeAddressNumber(str: string): Decoded<CoinSparkAddressNumber> {
  const bitcoinAddress = decodeAddressCore(str);
  if (bitcoinAddress === null) return fail(coreError);
  return ok({ bitcoinAddress, addressFlags: coreFlags, paymentRef: coreRef });
}

/** Range checks, then the bitcoin address from its char codes; null (with coreError set) on failure. */
function finish(out: number[], flags: number, ref: number): string | null {
  if (flags > ADDRESS_FLAG_MASK) return coreFail('address flags out of range');
  if (ref > PAYMENT_REF_MAX_NUM) return coreFail('payment reference out of range');
  coreFlags = flags;
  coreRef = ref;
  return String.fromCharCode.apply(null, out);
}

function coreFail(error: string): null {
  coreError = error;
  return null;
}

/**
 * The bitcoin address of an `s…` address, or null; sets coreFlags/coreRef (or coreError).
 *
 * The encoder folded the second half of the digits into the first (S[j] += S[n − j] for 1 ≤ j < half),
 * so digit j < half is value(j) − value(n − j) and digit j ≥ half is value(j). The common case (the
 * length/flags/reference header lies wholly in the first half) is decoded straight into output char codes,
 * reading each char of the text once (charCodeAt is the costliest step of the loops); short or odd-shaped
 * texts take the general two-pass path. Address char j (text index base + j) is keyed by digit E[j mod e].
 */
function decodeAddressCore(str: string): string | null {
  const n = str.length;
  if (n < 2 || str.charCodeAt(0) !== 0x73) return coreFail('not a CoinSpark address');
  const half = (n + 1) >> 1;
  if (half < 2) return decodeAddressGeneral(str);
  const VALUE = B58_VALUE;
  const CODE = OUT_CODE;
  const BIAS = OUT_BIAS;
  // header digit: (flag digits) × 10 + (payment-reference digits)
  const h0 = VALUE[str.charCodeAt(1)]!;
  const h1 = VALUE[str.charCodeAt(n - 1)]!;
  let header = h0 - h1;
  if (header < 0) header += 58;
  const fCount = (header / 10) | 0;
  const pCount = header - fCount * 10;
  const e = fCount + pCount;
  const base = 2 + e; // first char of the bitcoin address
  if ((h0 | h1) < 0 || base > half || base >= n) return decodeAddressGeneral(str);
  let bad = 0;
  const E = scratchE;
  const Y = scratchY;
  for (let k = 0; k < e; k++) {
    const x = VALUE[str.charCodeAt(2 + k)]!;
    const y = VALUE[str.charCodeAt(n - 2 - k)]!;
    bad |= x | y;
    Y[k] = y; // char n − 2 − k is an address char too (below)
    const v = x - y;
    E[k] = v < 0 ? v + 58 : v;
  }
  let flags = 0;
  for (let k = fCount - 1; k >= 0; k--) flags = flags * 58 + E[k]!;
  let ref = 0; // ≤ 58^9 − 1 < 2^53: exact
  for (let k = pCount - 1; k >= 0; k--) ref = ref * 58 + E[fCount + k]!;
  const out = outArray(n - base);
  if (e === 0) E[0] = 0; // with no digits the key is 0
  const last = e === 0 ? 0 : e - 1; // the key index wraps after this
  // key index of text char n − base, (n − 2·base) mod e: by division, as V8 compiles % here to a slow x87
  // remainder
  const t = n - 2 * base;
  const kMirror = e === 0 ? 0 : t - ((t / e) | 0) * e;
  bad |= addressChars(str, out, base, half, last, kMirror);
  // The text's last e + 1 chars, n − 1 − e … n − 1 (the mirrors of the digits and header, read above),
  // follow char n − base.
  let k = kMirror === last ? 0 : kMirror + 1;
  for (let i = e - 1; i >= 0; i--) {
    out[n - 2 - i - base] = CODE[Y[i]! - E[k]! + BIAS]!;
    k = k === last ? 0 : k + 1;
  }
  out[n - 1 - base] = CODE[h1 - E[k]! + BIAS]!;
  if (bad < 0) return coreFail('non-base58 character');
  return finish(out, flags, ref);
}

/**
 * Writes the char codes of text chars base … n − 2 − e into out (the rest is done by the caller); returns a
 * negative number if a char is not base58. First-half char j and its mirror m = n − j are read together and
 * give out[j − base] (folded: value(j) − value(m)) and out[m − base] (unfolded: value(m)). A separate
 * function: inlined into decodeAddressCore these loops run slower (register pressure).
 */
function addressChars(str: string, out: number[], base: number, half: number, last: number, kMirror: number): number {
  const E = scratchE;
  const VALUE = B58_VALUE;
  const CODE = OUT_CODE;
  const BIAS = OUT_BIAS;
  const n = str.length;
  let bad = 0;
  let k = 0; // key index of char j, counting up
  let km = kMirror; // key index of char m, counting down
  for (let j = base, m = n - base; j < half; j++, m--) {
    const x = VALUE[str.charCodeAt(j)]!;
    const y = VALUE[str.charCodeAt(m)]!;
    bad |= x | y;
    out[j - base] = CODE[x - y - E[k]! + BIAS]!;
    out[m - base] = CODE[y - E[km]! + BIAS]!;
    k = k === last ? 0 : k + 1;
    km = km === 0 ? last : km - 1;
  }
  // The middle char of an even-length text is no first-half char's mirror; its key index is k now.
  if (n - half === half) {
    const x = VALUE[str.charCodeAt(half)]!;
    bad |= x;
    out[half - base] = CODE[x - E[k]! + BIAS]!;
  }
  return bad;
}

/** decodeAddressCore for any shape: un-folds every digit into scratch first, then decodes. */
function decodeAddressGeneral(str: string): string | null {
  const n = str.length;
  if (n > scratchS.length) scratchS = new Int32Array(n);
  const S = scratchS;
  S[0] = 0;
  const half = (n + 1) >> 1;
  let bad = 0;
  for (let j = n - 1; j >= half; j--) {
    const idx = B58_VALUE[str.charCodeAt(j)]!;
    bad |= idx;
    S[j] = idx;
  }
  for (let j = 1; j < half; j++) {
    const idx = B58_VALUE[str.charCodeAt(j)]!;
    bad |= idx;
    const v = idx - S[n - j]!;
    S[j] = v < 0 ? v + 58 : v;
  }
  if (bad < 0) return coreFail('non-base58 character');
  const fCount = (S[1]! / 10) | 0;
  const pCount = S[1]! % 10;
  const e = fCount + pCount;
  if (n < 2 + e) return coreFail('address too short');
  let flags = 0;
  for (let k = fCount - 1; k >= 0; k--) flags = flags * 58 + S[2 + k]!;
  let ref = 0; // ≤ 58^9 − 1 < 2^53: exact
  for (let k = pCount - 1; k >= 0; k--) ref = ref * 58 + S[2 + fCount + k]!;
  const len = n - 2 - e;
  if (len <= 0) return coreFail('empty bitcoin address');
  const out = outArray(len);
  for (let j = 0, k = 0; j < len; j++) {
    const key = e > 0 ? S[2 + k]! : 0;
    out[j] = OUT_CODE[S[2 + e + j]! - key + OUT_BIAS]!;
    if (++k === e) k = 0;
  }
  return finish(out, flags, ref);
}
