/**
 * One-shot SHA-256 for the asset and message hashes. Default: @noble/hashes (pure JS, runs anywhere).
 * A platform with a native SHA-256 (Node's crypto) can install it with setSha256Implementation: same
 * function, several times faster on the asset-hash inputs (a few hundred bytes to a few KB).
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** SHA-256 of `data`: 32 bytes. Must not keep or modify `data` (callers pass reused scratch buffers). */
export type Sha256Fn = (data: Uint8Array) => Uint8Array;

// noble's sha256(msg) builds a fresh hasher (state words, block buffer, DataView) on every call, which
// costs as much as hashing a short message. Instead one pristine hasher is cloned into a reused one
// (`_cloneInto` is part of noble's public Hash interface) to reset it. Single-threaded, not re-entered.
const pristine = nobleSha256.create();
const work = nobleSha256.create();

function nobleOneShot(data: Uint8Array): Uint8Array {
  pristine._cloneInto(work);
  work.update(data);
  const out = new Uint8Array(32);
  work.digestInto(out);
  return out;
}

let impl: Sha256Fn = nobleOneShot;

/** Installs a SHA-256 implementation for this library; null restores the pure-JS default. */
export function setSha256Implementation(fn: Sha256Fn | null): void {
  impl = fn ?? nobleOneShot;
}

/**
 * The part of Node's `crypto` module used by sha256FromNodeCrypto, typed structurally so that this
 * library stays free of Node types: `sha256FromNodeCrypto(await import('node:crypto'))`.
 */
export interface NodeCryptoLike {
  createHash(algorithm: 'sha256'): { update(data: Uint8Array): { digest(): Uint8Array } };
  /** one-shot hash (Node ≥ 20.12): cheaper than createHash for short inputs */
  hash?: (algorithm: 'sha256', data: Uint8Array, outputEncoding: 'buffer') => Uint8Array;
}

/** A Sha256Fn on Node's native SHA-256. Returns plain Uint8Arrays (views of Node's Buffers), as the default does. */
export function sha256FromNodeCrypto(crypto: NodeCryptoLike): Sha256Fn {
  const oneShot = crypto.hash;
  const digest: Sha256Fn =
    typeof oneShot === 'function'
      ? (data) => oneShot('sha256', data, 'buffer')
      : (data) => crypto.createHash('sha256').update(data).digest();
  return (data) => {
    const b = digest(data);
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  };
}

/** SHA-256 of `data` with the installed implementation. */
export function sha256(data: Uint8Array): Uint8Array {
  return impl(data);
}
