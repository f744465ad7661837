import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed25519KeyFromSpki } from './release-identity';

/**
 * The release's checksum list, `SHA256SUMS.txt` (the `sha256sum` format: 64 hex digits, two spaces, a file
 * name, one per line), and its detached Ed25519 signature `SHA256SUMS.txt.sig` (64 raw bytes over the exact file
 * bytes, so `openssl pkeyutl -verify -rawin` checks it too). The release workflow signs the list with a key kept
 * in the repository's secrets; the app carries the public key and accepts a download only if the signed list
 * names that exact file with that exact hash.
 */

export type Verdict = { accept: true } | { accept: false; reason: string };

/** The list can only ever name a few dozen files: anything bigger is not ours. */
export const MAX_CHECKSUM_FILE_BYTES = 64 * 1024;
export const SIGNATURE_BYTES = 64;

const LINE = /^([0-9a-f]{64}) [ *]([^/\\\0\r\n]{1,255})$/;

export function formatChecksums(entries: { name: string; sha256: string }[]): string {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.name === sorted[i - 1]!.name) throw new Error(`two files named ${sorted[i]!.name}`);
  }
  return sorted.map((e) => `${e.sha256}  ${e.name}\n`).join('');
}

/** File name → SHA-256 (lower-case hex). Any malformed line, or a name listed twice, rejects the whole list. */
export function parseChecksums(text: string): Map<string, string> | string {
  const sums = new Map<string, string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) return 'the checksum list is empty';
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    if (!m) return `line ${i + 1} of the checksum list is not "<sha256>  <file name>"`;
    if (sums.has(m[2]!)) return `the checksum list names ${m[2]} twice`;
    sums.set(m[2]!, m[1]!);
  }
  return sums;
}

export function verifyChecksumSignature(list: Uint8Array, signature: Uint8Array, publicKeySpki: string): Verdict {
  const key = ed25519KeyFromSpki(publicKeySpki);
  if (typeof key === 'string') return { accept: false, reason: `The release signing key in this build is unusable: ${key}.` };
  if (signature.length !== SIGNATURE_BYTES) return { accept: false, reason: `The checksum signature is ${signature.length} bytes, not ${SIGNATURE_BYTES}.` };
  let ok = false;
  try {
    ok = ed25519.verify(signature, list, key);
  } catch {
    ok = false;
  }
  return ok ? { accept: true } : { accept: false, reason: 'The checksum list is not signed with the CoinSpark Wallet release key.' };
}

/**
 * The decision for one downloaded file: the list must carry our signature, be well formed, name the file, and
 * give the hash the file has. Each refusal says which of these failed.
 */
export function decideChecksum(input: {
  list: Uint8Array;
  signature: Uint8Array;
  publicKeySpki: string | null;
  fileName: string;
  fileSha256: string;
}): Verdict {
  if (!input.publicKeySpki) return { accept: false, reason: 'This build carries no release signing key, so it cannot check updates.' };
  if (input.list.length > MAX_CHECKSUM_FILE_BYTES) return { accept: false, reason: 'The checksum list is larger than any list we publish.' };
  const signed = verifyChecksumSignature(input.list, input.signature, input.publicKeySpki);
  if (!signed.accept) return signed;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input.list);
  } catch {
    return { accept: false, reason: 'The signed checksum list is not UTF-8 text.' };
  }
  const sums = parseChecksums(text);
  if (typeof sums === 'string') return { accept: false, reason: `The signed ${sums}.` };
  const expected = sums.get(input.fileName);
  if (expected === undefined) return { accept: false, reason: `The signed checksum list does not name ${input.fileName}.` };
  if (expected !== input.fileSha256.toLowerCase()) {
    return { accept: false, reason: `${input.fileName} does not match its signed checksum (the download is not the file we published).` };
  }
  return { accept: true };
}

/** SHA-256 of a file, streamed (installers are ~100 MB). */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
