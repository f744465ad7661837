/** OP_RETURN script plumbing (protocol.md §1). */
import { SCRIPT_METADATA_MAX_LEN } from './constants.js';

const OP_RETURN = 0x6a;

/** False iff the script is non-empty and starts with OP_RETURN (§1.1). */
export function scriptIsRegular(script: Uint8Array): boolean {
  return script.length < 1 || script[0] !== OP_RETURN;
}

/** Metadata of an OP_RETURN script that is a single direct push of 1..75 bytes, else null (§1.2). */
export function scriptToMetadata(script: Uint8Array): Uint8Array | null {
  const n = script.length;
  if (n <= 2 || script[0] !== OP_RETURN) return null;
  const len = script[1]!;
  if (len < 1 || len > SCRIPT_METADATA_MAX_LEN || len !== n - 2) return null;
  return script.subarray(2);
}

/** `6A <len> metadata`, or null if the metadata is longer than 75 bytes. */
export function metadataToScript(metadata: Uint8Array): Uint8Array | null {
  const len = metadata.length;
  if (len > SCRIPT_METADATA_MAX_LEN) return null;
  const out = new Uint8Array(len + 2);
  out[0] = OP_RETURN;
  out[1] = len;
  out.set(metadata, 2);
  return out;
}

/** Index of the first non-regular (OP_RETURN) output, or -1. */
export function firstOpReturnIndex(scripts: readonly Uint8Array[]): number {
  for (let i = 0; i < scripts.length; i++) if (!scriptIsRegular(scripts[i]!)) return i;
  return -1;
}

/**
 * Metadata of the first OP_RETURN output of a transaction (§1.3); null if there is none or that output
 * is malformed (later OP_RETURN outputs are never examined).
 */
export function scriptsToMetadata(scripts: readonly Uint8Array[]): Uint8Array | null {
  const i = firstOpReturnIndex(scripts);
  return i < 0 ? null : scriptToMetadata(scripts[i]!);
}

/** `outputsRegular[i]` for every output script. */
export function outputsRegularFromScripts(scripts: readonly Uint8Array[]): boolean[] {
  const out = new Array<boolean>(scripts.length);
  for (let i = 0; i < scripts.length; i++) out[i] = scriptIsRegular(scripts[i]!);
  return out;
}

/** Alias of outputsRegularFromScripts. */
export const outputsRegularOf = outputsRegularFromScripts;
