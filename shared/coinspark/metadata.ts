/**
 * The CoinSpark metadata container (protocol.md §2): `SPK` followed by one or more fields, every field
 * but the last preceded by a length byte.
 */
import * as constantsModule from './constants.js';

// Named imports are read once into local constants: under tsx (scripts, bench, vector runner) these modules
// run as CommonJS, where each use of a named import is a getter call on the exporting module's exports
// object, a measurable cost in the decode and apply hot paths. (Bundled or native ESM: no difference.)
const { LENGTH_PREFIX_MAX } = constantsModule;

function hasIdentifier(metadata: Uint8Array): boolean {
  return metadata.length >= 4 && metadata[0] === 0x53 && metadata[1] === 0x50 && metadata[2] === 0x4b;
}

/** Half-open byte range [start, end) of a field body inside a metadata buffer. */
export interface FieldRange {
  start: number;
  end: number;
}

/**
 * Range of the body of the field with prefix character `wanted` (the bytes after the prefix), or of the
 * last field when `wanted` is null; null if absent or malformed (§2.2). Returns offsets rather than a
 * view because creating typed-array views is slow in V8 and every decoder calls this.
 *
 * Decision: a byte >= 0x80 in prefix/length position is a prefix character (unknown field type), as in
 * the Python and JavaScript libraries; the C library reads it as a negative length.
 */
export function locateField(metadata: Uint8Array, wanted: number | null): FieldRange | null {
  const len = metadata.length;
  if (len < 4 || metadata[0] !== 0x53 || metadata[1] !== 0x50 || metadata[2] !== 0x4b) return null;
  let pos = 3;
  while (pos < len) {
    const b = metadata[pos++]!;
    if (wanted === null ? b > LENGTH_PREFIX_MAX : b === wanted) return { start: pos, end: len };
    if (b > LENGTH_PREFIX_MAX) return null;
    if (pos + b > len) return null;
    if (pos >= len) return null;
    if (wanted !== null && metadata[pos] === wanted) return { start: pos + 1, end: pos + b };
    pos += b;
  }
  return null;
}

/** The body bytes of a field (a view into `metadata`), see locateField. */
export function fieldBody(metadata: Uint8Array, wanted: number | null): Uint8Array | null {
  const r = locateField(metadata, wanted);
  return r === null ? null : metadata.subarray(r.start, Math.max(r.start, r.end));
}

/**
 * Combines existing metadata (possibly already composite) with another complete `SPK…` metadata
 * (§2.3). Returns null if either is malformed or the result would exceed `metadataMaxLen`.
 */
export function appendMetadata(
  metadata: Uint8Array,
  metadataMaxLen: number,
  appendMetadata: Uint8Array,
): Uint8Array | null {
  const last = locateField(metadata, null);
  if (last === null) return null;
  if (!hasIdentifier(appendMetadata)) return null;
  const need = metadata.length + appendMetadata.length - 3 + 1;
  if (need > metadataMaxLen) return null;
  const lastLen = last.end - last.start + 1;
  // A length byte can express at most 96 (bigger values would read as a prefix character).
  if (lastLen > LENGTH_PREFIX_MAX) return null;
  const lastPos = metadata.length - lastLen;
  const out = new Uint8Array(need);
  out.set(metadata.subarray(0, lastPos), 0);
  out[lastPos] = lastLen;
  out.set(metadata.subarray(lastPos), lastPos + 1);
  out.set(appendMetadata.subarray(3), metadata.length + 1);
  return out;
}

/** Largest complete metadata (including its `SPK`) that can still be appended (§2.3). */
export function metadataMaxAppendLen(metadata: Uint8Array, metadataMaxLen: number): number {
  return Math.max(metadataMaxLen - (metadata.length + 1 - 3), 0);
}
