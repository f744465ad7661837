/** Asset hash (protocol.md §6). */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** The fixed fields of an asset web page that the genesis commits to. Missing = null. */
export interface AssetHashFields {
  name: string | null;
  issuer: string | null;
  description: string | null;
  units: string | null;
  issueDate: string | null;
  expiryDate: string | null;
  /** null means 0 */
  interestRate: number | null;
  /** null means 1 */
  multiple: number | null;
  /** raw contract bytes exactly as downloaded; null = no contract */
  contractContent: Uint8Array | null;
}

/** Trims only tab, LF, CR and space from both ends (other Unicode whitespace is kept). */
function trimAscii(s: string): string {
  let a = 0;
  let b = s.length;
  const isWs = (c: number) => c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20;
  while (a < b && isWs(s.charCodeAt(a))) a++;
  while (b > a && isWs(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * floor(x × 1 000 000 + 0.5) in IEEE doubles, printed as a plain integer. Decision: floor (majority of
 * libraries) also for negative values; the C library truncates.
 */
function scaledDecimal(x: number): string {
  const v = Math.floor(x * 1000000.0 + 0.5);
  if (!Number.isFinite(v)) return '0';
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** SHA-256 of the §6.1 buffer (32 bytes). */
export function calcAssetHash(f: AssetHashFields): Uint8Array {
  const texts = [
    trimAscii(f.name ?? ''),
    trimAscii(f.issuer ?? ''),
    trimAscii(f.description ?? ''),
    trimAscii(f.units ?? ''),
    trimAscii(f.issueDate ?? ''),
    trimAscii(f.expiryDate ?? ''),
    scaledDecimal(f.interestRate ?? 0),
    scaledDecimal(f.multiple ?? 1),
  ];
  const encoded: Uint8Array[] = [];
  let total = 0;
  for (const t of texts) {
    let b: Uint8Array;
    if (isAscii(t)) {
      b = new Uint8Array(t.length);
      for (let i = 0; i < t.length; i++) b[i] = t.charCodeAt(i);
    } else {
      b = utf8ToBytes(t);
    }
    encoded.push(b);
    total += b.length + 1;
  }
  const contract = f.contractContent ?? new Uint8Array(0);
  total += contract.length + 1;
  const buf = new Uint8Array(total);
  let pos = 0;
  for (const b of encoded) {
    buf.set(b, pos);
    pos += b.length + 1; // the 0x00 separator is already there
  }
  buf.set(contract, pos);
  return sha256(buf);
}
