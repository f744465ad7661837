/** Byte helpers: hex, little-endian integers, concatenation. Pure, no Node/DOM. */

const HEX_CHARS = '0123456789abcdef';
const BYTE_TO_HEX: string[] = [];
for (let i = 0; i < 256; i++) BYTE_TO_HEX.push(HEX_CHARS[i >> 4]! + HEX_CHARS[i & 15]!);

// (first char code << 7 | second char code) -> byte value, -1 = not a hex pair. One lookup per byte.
const HEX_PAIR = new Int16Array(1 << 14).fill(-1);
{
  const digits = '0123456789abcdefABCDEF';
  const val = (c: string) => parseInt(c, 16);
  for (const a of digits) for (const b of digits) HEX_PAIR[(a.charCodeAt(0) << 7) | b.charCodeAt(0)] = (val(a) << 4) | val(b);
}

/** Two lower-case hex digits of one byte. */
export function byteToHex(b: number): string {
  return BYTE_TO_HEX[b & 0xff]!;
}

// Building short strings: String.fromCharCode.apply on a plain array of exactly the right length is the
// fastest way in V8 (+= concatenation and typed-array views are several times slower), so plain arrays
// are kept per length and reused (JS is single-threaded and these helpers do not re-enter).
const CODE_ARRAYS: number[][] = [];
const MAX_POOLED = 256;

/** A reusable plain array of exactly `len` numbers (contents undefined). */
export function codeArray(len: number): number[] {
  if (len > MAX_POOLED) return new Array<number>(len).fill(0);
  let a = CODE_ARRAYS[len];
  if (a === undefined) {
    a = new Array<number>(len).fill(0);
    CODE_ARRAYS[len] = a;
  }
  return a;
}

/** String of the char codes in `codes` (an array from codeArray, or any array of that exact length). */
export function codesToString(codes: number[]): string {
  if (codes.length <= 8192) return String.fromCharCode.apply(null, codes);
  let s = '';
  for (let i = 0; i < codes.length; i += 8192) s += String.fromCharCode.apply(null, codes.slice(i, i + 8192));
  return s;
}

const HEX_CODES = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX_CODES[i] = HEX_CHARS.charCodeAt(i);

/** Lower-case hex of bytes[start … end) (default: all). */
export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const n = end - start;
  if (n <= 0) return '';
  const a = codeArray(2 * n);
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const b = bytes[start + i]!;
    a[j] = HEX_CODES[b >> 4]!;
    a[j + 1] = HEX_CODES[b & 15]!;
  }
  return codesToString(a);
}

/** Parses hex (either case). Returns null for odd length or a non-hex character. */
export function hexToBytes(hex: string): Uint8Array | null {
  const n = hex.length;
  if (n & 1) return null;
  const out = new Uint8Array(n >> 1);
  return parseHexInto(hex, out) ? out : null;
}

/**
 * Parses hex (either case) into `out`, which must be exactly half as long as `hex`. False on a bad
 * character or length. Lets callers reuse buffers (allocating typed arrays is slow in V8).
 */
export function hexToBytesInto(hex: string, out: Uint8Array): boolean {
  const n = hex.length;
  if (n & 1 || out.length !== n >> 1) return false;
  return parseHexInto(hex, out);
}

// Branch-free inner loop: validity is accumulated and checked once at the end (any char code ≥ 128
// sets a bit above 127 in `codes`; any non-hex pair reads -1 and sets the sign bit of `vals`).
function parseHexInto(hex: string, out: Uint8Array): boolean {
  const n = hex.length;
  let codes = 0;
  let vals = 0;
  for (let i = 0, j = 0; i < n; i += 2, j++) {
    const a = hex.charCodeAt(i);
    const b = hex.charCodeAt(i + 1);
    codes |= a | b;
    const v = HEX_PAIR[((a & 127) << 7) | (b & 127)]!;
    vals |= v;
    out[j] = v;
  }
  return codes < 128 && vals >= 0;
}

/** Reads an unsigned little-endian integer of `len` (<= 6) bytes as a number. Caller checks bounds. */
export function readLE(bytes: Uint8Array, pos: number, len: number): number {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < len; i++) {
    v += bytes[pos + i]! * mul;
    mul *= 256;
  }
  return v;
}

/** Appends `value` (non-negative integer < 2^53) as `len` little-endian bytes. */
export function pushLE(out: number[], value: number, len: number): void {
  for (let i = 0; i < len; i++) {
    out.push(value % 256);
    value = Math.floor(value / 256);
  }
}

/** A copy of bytes[start … start+len) (faster than slice() for short ranges in V8). */
export function copyBytes(bytes: Uint8Array, start: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = bytes[start + i]!;
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
