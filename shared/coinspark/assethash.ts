/** Asset hash (protocol.md §6). */
import { sha256 } from './sha256.js';

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

function isTrimmed(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
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

// Growing scratch buffer for the hash input (single-threaded; not re-entered).
let scratch = new Uint8Array(1024);

function ensure(n: number, used: number): void {
  if (n <= scratch.length) return;
  const bigger = new Uint8Array(Math.max(n, scratch.length * 2));
  bigger.set(scratch.subarray(0, used));
  scratch = bigger;
}

/** Writes trimmed `s` as UTF-8 then 0x00 at `pos`; returns the new position. */
function writeText(s: string | null, pos: number): number {
  if (s !== null) {
    let a = 0;
    let b = s.length;
    while (a < b && isTrimmed(s.charCodeAt(a))) a++;
    while (b > a && isTrimmed(s.charCodeAt(b - 1))) b--;
    ensure(pos + 3 * (b - a) + 1, pos);
    const buf = scratch;
    for (let i = a; i < b; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < b) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
            buf[pos++] = 0xf0 | (c >> 18);
            buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
            buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
            buf[pos++] = 0x80 | (c & 0x3f);
            continue;
          }
        }
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate: U+FFFD, as TextEncoder does
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      }
    }
  } else {
    ensure(pos + 1, pos);
  }
  scratch[pos++] = 0;
  return pos;
}

/** SHA-256 of the §6.1 buffer (32 bytes). Texts are trimmed of tab/LF/CR/space only, then UTF-8. */
export function calcAssetHash(f: AssetHashFields): Uint8Array {
  let pos = 0;
  pos = writeText(f.name, pos);
  pos = writeText(f.issuer, pos);
  pos = writeText(f.description, pos);
  pos = writeText(f.units, pos);
  pos = writeText(f.issueDate, pos);
  pos = writeText(f.expiryDate, pos);
  pos = writeText(scaledDecimal(f.interestRate ?? 0), pos);
  pos = writeText(scaledDecimal(f.multiple ?? 1), pos);
  const contract = f.contractContent;
  const clen = contract === null ? 0 : contract.length;
  ensure(pos + clen + 1, pos);
  if (contract !== null) {
    if (clen < 64) for (let i = 0; i < clen; i++) scratch[pos + i] = contract[i]!;
    else scratch.set(contract, pos);
  }
  pos += clen;
  scratch[pos++] = 0;
  return sha256(scratch.subarray(0, pos));
}
