import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ContentRef } from '../../../shared/model/asset-lists';
import { writeFileAtomicSync } from './atomic-file';

/** Contracts, icons and images are capped: nothing larger is ever kept. */
export const CONTENT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Content-addressed files beside the asset lists: `content/<sha256 hex>`. The same bytes are stored once; a
 * read verifies the bytes still hash to their name (a damaged file reads as missing, never as other bytes).
 */
export interface ContentStore {
  readonly dir: string;
  put(bytes: Uint8Array, mimeType: string): ContentRef;
  /** The bytes, verified against `ref.sha256`; null when missing or damaged. */
  get(ref: Pick<ContentRef, 'sha256'>): Uint8Array | null;
  has(sha256Hex: string): boolean;
  /** Remove every file not in `keep` (hex hashes); returns how many were removed. */
  prune(keep: Iterable<string>): number;
}

const NAME = /^[0-9a-f]{64}$/;
const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function openContentStore(dir: string): ContentStore {
  fs.mkdirSync(dir, { recursive: true });
  const fileOf = (hex: string): string => {
    if (!NAME.test(hex)) throw new Error('Not a SHA-256 content address.');
    return path.join(dir, hex);
  };
  return {
    dir,
    put(bytes, mimeType) {
      if (bytes.length > CONTENT_MAX_BYTES) throw new Error(`Content of ${bytes.length} bytes is larger than the ${CONTENT_MAX_BYTES}-byte limit.`);
      const hex = sha256Hex(bytes);
      const file = fileOf(hex);
      if (!fs.existsSync(file)) writeFileAtomicSync(file, bytes);
      return { sha256: hex, mimeType: mimeType.slice(0, 200), size: bytes.length };
    },
    get(ref) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(fileOf(ref.sha256));
      } catch {
        return null;
      }
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return sha256Hex(view) === ref.sha256 ? view : null;
    },
    has: (hex) => NAME.test(hex) && fs.existsSync(path.join(dir, hex)),
    prune(keep) {
      const wanted = new Set(keep);
      let removed = 0;
      for (const name of fs.readdirSync(dir)) {
        if (!NAME.test(name) || wanted.has(name)) continue;
        fs.rmSync(path.join(dir, name), { force: true });
        removed++;
      }
      return removed;
    },
  };
}
