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

/** Decodes an `s…` address (§9.3). It has no checksum: validate `bitcoinAddress` afterwards. */
export function decodeAddress(str: string): Decoded<CoinSparkAddress> {
  const n = str.length;
  if (n < 2 || str.charCodeAt(0) !== 0x73) return fail('not a CoinSpark address');
  const S = new Array<number>(n);
  S[0] = 0;
  for (let j = 1; j < n; j++) {
    const c = str.charCodeAt(j);
    const idx = c < 128 ? A58_INDEX[c]! : -1;
    if (idx < 0) return fail('non-base58 character');
    S[j] = idx;
  }
  const half = Math.ceil(n / 2);
  for (let j = 1; j < half; j++) S[j] = (S[j]! + 58 - S[n - j]!) % 58;
  const fCount = Math.floor(S[1]! / 10);
  const pCount = S[1]! % 10;
  const e = fCount + pCount;
  if (n < 2 + e) return fail('address too short');
  let flags = 0;
  for (let k = fCount - 1; k >= 0; k--) flags = flags * 58 + S[2 + k]!;
  let ref = 0; // ≤ 58^9 − 1 < 2^53: exact
  for (let k = pCount - 1; k >= 0; k--) ref = ref * 58 + S[2 + fCount + k]!;
  let bitcoinAddress = '';
  for (let j = 0; j <= n - 3 - e; j++) {
    let v = S[2 + e + j]! + 116 - 13;
    if (e > 0) v -= S[2 + (j % e)]!;
    bitcoinAddress += A58[v % 58];
  }
  if (bitcoinAddress === '') return fail('empty bitcoin address');
  if (flags > ADDRESS_FLAG_MASK) return fail('address flags out of range');
  if (ref > PAYMENT_REF_MAX_NUM) return fail('payment reference out of range');
  return ok({ bitcoinAddress, addressFlags: flags, paymentRef: BigInt(ref) });
}
