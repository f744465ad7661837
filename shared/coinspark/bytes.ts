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

/** Lower-case hex of the bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += BYTE_TO_HEX[bytes[i]!];
  return s;
}

/** Parses hex (either case). Returns null for odd length or a non-hex character. */
export function hexToBytes(hex: string): Uint8Array | null {
  const n = hex.length;
  if (n & 1) return null;
  const out = new Uint8Array(n >> 1);
  for (let i = 0, j = 0; i < n; i += 2, j++) {
    const a = hex.charCodeAt(i);
    const b = hex.charCodeAt(i + 1);
    const v = (a | b) < 128 ? HEX_PAIR[(a << 7) | b]! : -1;
    if (v < 0) return null;
    out[j] = v;
  }
  return out;
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
