/** Payment references (protocol.md §8). */
import * as constantsModule from './constants.js';
import * as metadataModule from './metadata.js';
import * as resultModule from './result.js';
import type { Decoded } from './result.js';

// Named imports are read once into local constants: under tsx (scripts, bench, vector runner) these modules
// run as CommonJS, where each use of a named import is a getter call on the exporting module's exports
// object, a measurable cost in the decode and apply hot paths. (Bundled or native ESM: no difference.)
const { PAYMENT_REF_MAX, PAYMENTREF_PREFIX } = constantsModule;
const { locateField } = metadataModule;
const { fail, ok } = resultModule;

export function isValidPaymentRef(ref: bigint): boolean {
  return ref >= 0n && ref <= PAYMENT_REF_MAX;
}

/** `SPKr` + the reference in the minimal number of little-endian bytes (0 → no bytes). */
export function encodePaymentRef(ref: bigint, metadataMaxLen: number): Decoded<Uint8Array> {
  if (!isValidPaymentRef(ref)) return fail('payment reference out of range');
  const out: number[] = [0x53, 0x50, 0x4b, PAYMENTREF_PREFIX];
  let v = Number(ref); // < 2^52: exact
  while (v > 0) {
    out.push(v % 256);
    v = Math.floor(v / 256);
  }
  if (out.length > metadataMaxLen) return fail('payment reference does not fit in metadataMaxLen');
  return ok(Uint8Array.from(out));
}

/** Decodes the `r` field: ≤ 8 little-endian bytes (non-minimal accepted), value ≤ 2^52 − 1. */
export function decodePaymentRef(metadata: Uint8Array): Decoded<bigint> {
  const r = locateField(metadata, PAYMENTREF_PREFIX);
  if (r === null) return fail('no payment reference field');
  const s = r.start;
  const len = Math.max(0, r.end - s);
  if (len > 8) return fail('payment reference too long');
  // Any byte beyond the 7th, or a 7th byte > 0x0f, puts the value above 2^52 − 1.
  for (let i = 7; i < len; i++) if (metadata[s + i] !== 0) return fail('payment reference out of range');
  if (len >= 7 && metadata[s + 6]! > 0x0f) return fail('payment reference out of range');
  let v = 0;
  let mul = 1;
  for (let i = 0; i < len && i < 7; i++) {
    v += metadata[s + i]! * mul;
    mul *= 256;
  }
  return ok(BigInt(v));
}

/**
 * A random payment reference, uniform over 0 … 2^52 − 1, from the caller's cryptographic RNG
 * (e.g. `(b) => crypto.getRandomValues(b)`).
 */
export function randomPaymentRef(fillRandom: (bytes: Uint8Array) => void): bigint {
  const b = new Uint8Array(7);
  fillRandom(b);
  b[6] = b[6]! & 0x0f;
  let v = 0n;
  for (let i = 6; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}
