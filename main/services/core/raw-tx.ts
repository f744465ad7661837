import { createHash } from 'node:crypto';

/**
 * Bitcoin transaction and block parsing, as much as CoinSpark needs: inputs (prevouts), outputs (value, script),
 * txid, and the **non-witness** serialized size, which is what asset references count in (protocol §4.1,
 * wallet-behaviour.md §3.3). Never throws on malformed bytes: returns null.
 */
export interface ParsedTx {
  txid: string;
  inputs: { txid: string; vout: number }[];
  outputs: { value: bigint; script: Uint8Array }[];
  /** Bytes of the legacy (non-witness) serialization. */
  nonWitnessSize: number;
  /** Bytes this transaction occupies in the buffer it was read from (with witness data if any). */
  size: number;
}

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }
  need(n: number): boolean {
    return this.pos + n <= this.buf.length;
  }
  varint(): number | null {
    if (!this.need(1)) return null;
    const first = this.buf[this.pos++]!;
    if (first < 0xfd) return first;
    const len = first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
    if (!this.need(len)) return null;
    let value = 0;
    for (let i = len - 1; i >= 0; i--) value = value * 256 + this.buf[this.pos + i]!;
    this.pos += len;
    return Number.isSafeInteger(value) ? value : null;
  }
  u32(): number | null {
    if (!this.need(4)) return null;
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
  }
  skip(n: number): boolean {
    if (n < 0 || !this.need(n)) return false;
    this.pos += n;
    return true;
  }
}

function sha256d(parts: Uint8Array[]): Buffer {
  const first = createHash('sha256');
  for (const part of parts) first.update(part);
  return createHash('sha256').update(first.digest()).digest();
}

const toDisplayHex = (hash: Uint8Array): string => Buffer.from(hash).reverse().toString('hex');

/** Reads one transaction starting at `start`; null when no well-formed transaction starts there. */
export function parseTxAt(buf: Uint8Array, start: number): ParsedTx | null {
  const r = new Reader(buf, start);
  if (!r.skip(4)) return null;
  let segwit = false;
  if (r.need(2) && buf[r.pos] === 0 && buf[r.pos + 1] === 1) {
    segwit = true;
    r.pos += 2;
  }
  const bodyStart = r.pos;
  const inCount = r.varint();
  if (inCount === null || inCount > 100_000) return null;
  const inputs: ParsedTx['inputs'] = [];
  for (let i = 0; i < inCount; i++) {
    if (!r.need(36)) return null;
    const prev = toDisplayHex(buf.subarray(r.pos, r.pos + 32));
    r.pos += 32;
    const vout = r.u32()!;
    const scriptLen = r.varint();
    if (scriptLen === null || !r.skip(scriptLen) || !r.skip(4)) return null;
    inputs.push({ txid: prev, vout });
  }
  const outCount = r.varint();
  if (outCount === null || outCount > 100_000) return null;
  const outputs: ParsedTx['outputs'] = [];
  for (let i = 0; i < outCount; i++) {
    if (!r.need(8)) return null;
    const lo = r.u32()!;
    const hi = r.u32()!;
    const scriptLen = r.varint();
    if (scriptLen === null || !r.need(scriptLen)) return null;
    outputs.push({ value: (BigInt(hi) << 32n) | BigInt(lo), script: buf.subarray(r.pos, r.pos + scriptLen) });
    r.pos += scriptLen;
  }
  const bodyEnd = r.pos;
  if (segwit) {
    for (let i = 0; i < inCount; i++) {
      const items = r.varint();
      if (items === null) return null;
      for (let j = 0; j < items; j++) {
        const len = r.varint();
        if (len === null || !r.skip(len)) return null;
      }
    }
  }
  const lockStart = r.pos;
  if (!r.skip(4)) return null;
  const version = buf.subarray(start, start + 4);
  const body = buf.subarray(bodyStart, bodyEnd);
  const lock = buf.subarray(lockStart, lockStart + 4);
  return {
    txid: toDisplayHex(sha256d([version, body, lock])),
    inputs,
    outputs,
    nonWitnessSize: 4 + body.length + 4,
    size: r.pos - start,
  };
}

export function parseTxHex(hex: string): ParsedTx | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const buf = Buffer.from(hex, 'hex');
  const tx = parseTxAt(buf, 0);
  return tx && tx.size === buf.length ? tx : null;
}

export interface ParsedBlockTx extends ParsedTx {
  /** Byte offset of the transaction in the block's non-witness serialization (the asset reference's txOffset). */
  offset: number;
}

export interface ParsedBlock {
  hash: string;
  txs: ParsedBlockTx[];
}

/** Parses a whole block (`getblock <hash> 0`); null when malformed. */
export function parseBlockHex(hex: string): ParsedBlock | null {
  if (hex.length % 2 !== 0 || hex.length < 162) return null;
  const buf = Buffer.from(hex, 'hex');
  const r = new Reader(buf, 80);
  const count = r.varint();
  if (count === null || count > 1_000_000) return null;
  let offset = r.pos; // the header and count are the same in both serializations
  const txs: ParsedBlockTx[] = [];
  for (let i = 0; i < count; i++) {
    const tx = parseTxAt(buf, r.pos);
    if (!tx) return null;
    txs.push({ ...tx, offset });
    offset += tx.nonWitnessSize;
    r.pos += tx.size;
  }
  if (r.pos !== buf.length) return null;
  return { hash: toDisplayHex(sha256d([buf.subarray(0, 80)])), txs };
}
