/** One-shot SHA-256 (@noble/hashes) without allocating a new hasher per call. */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

// noble's sha256(msg) builds a fresh hasher (state words, block buffer, DataView) on every call, which
// costs as much as hashing a short message. Instead one pristine hasher is cloned into a reused one
// (`_cloneInto` is part of noble's public Hash interface) to reset it. Single-threaded, not re-entered.
const pristine = nobleSha256.create();
const work = nobleSha256.create();

export function sha256(data: Uint8Array): Uint8Array {
  pristine._cloneInto(work);
  work.update(data);
  const out = new Uint8Array(32);
  work.digestInto(out);
  return out;
}
