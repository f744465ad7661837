/**
 * CoinSpark 2.0 messages (protocol.md §10): enough to recognise, tolerate and round-trip the `m` field.
 */
import { sha256 } from './sha256.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { copyBytes, pushLE, readLE } from './bytes.js';
import {
  IO_INDEX_MAX,
  MESSAGE_HASH_MAX_LEN,
  MESSAGE_HASH_MIN_LEN,
  MESSAGE_MAX_IO_RANGES,
  MESSAGE_PREFIX,
  MESSAGE_SERVER_HOST_MAX_LEN,
  MESSAGE_SERVER_PATH_MAX_LEN,
} from './constants.js';
import { decodeDomainPath, encodeDomainPath } from './domain.js';
import { locateField } from './metadata.js';
import { fail, ok, type Decoded } from './result.js';
import type { IORange } from './transfer.js';

export interface Message {
  useHttps: boolean;
  serverHost: string;
  usePrefix: boolean;
  serverPath: string;
  /** Anyone may fetch the message (otherwise only the owners of `outputRanges`). */
  isPublic: boolean;
  outputRanges: IORange[];
  hash: Uint8Array;
  hashLen: number;
}

const MORE_FLAG = 0x80;
const RESERVED_MASK = 0x60;
const TYPE_MASK = 0x18;
const TYPE_SINGLE = 0x00;
const TYPE_FIRST = 0x08;
const TYPE_EXTEND = 0x18;
const VALUE_MASK = 0x07;
const VALUE_MAX = 7;
// extend values
const EXT_PUBLIC = 0;
const EXT_0_1_BYTE = 1;
const EXT_1_0_BYTE = 2;
const EXT_2_0_BYTES = 3;
const EXT_1_1_BYTES = 4;
const EXT_2_1_BYTES = 5;
const EXT_2_2_BYTES = 6;
const EXT_ALL = 7;
const EXT_FIRST_BYTES = [0, 0, 1, 2, 1, 2, 2, 0];
const EXT_COUNT_BYTES = [0, 1, 0, 0, 1, 1, 2, 0];

function validRange(r: IORange): boolean {
  return (
    Number.isInteger(r.first) && r.first >= 0 && r.first <= IO_INDEX_MAX &&
    Number.isInteger(r.count) && r.count >= 0 && r.count <= IO_INDEX_MAX
  );
}

export function isValidMessage(m: Message): boolean {
  if (m.serverHost.length > MESSAGE_SERVER_HOST_MAX_LEN) return false;
  if (m.serverPath.length > MESSAGE_SERVER_PATH_MAX_LEN) return false;
  if (!Number.isInteger(m.hashLen) || m.hashLen < MESSAGE_HASH_MIN_LEN || m.hashLen > MESSAGE_HASH_MAX_LEN) return false;
  if (m.hash.length < m.hashLen) return false;
  if (!m.isPublic && m.outputRanges.length === 0) return false;
  if (m.outputRanges.length > MESSAGE_MAX_IO_RANGES) return false;
  for (const r of m.outputRanges) if (!validRange(r)) return false;
  return true;
}

/** [packing byte without the MORE flag, first bytes, count bytes] for one output range. */
function rangePacking(r: IORange, countOutputs: number): [number, number, number] {
  const { first, count } = r;
  if (count === 1 && first <= VALUE_MAX) return [TYPE_SINGLE | first, 0, 0];
  if (first === 0 && count <= VALUE_MAX) return [TYPE_FIRST | count, 0, 0];
  let ext: number;
  if (first === 0 && count >= countOutputs) ext = EXT_ALL;
  else if (first === 0 && count <= 0xff) ext = EXT_0_1_BYTE;
  else if (first <= 0xff && count === 1) ext = EXT_1_0_BYTE;
  else if (first <= 0xffff && count === 1) ext = EXT_2_0_BYTES;
  else if (first <= 0xff && count <= 0xff) ext = EXT_1_1_BYTES;
  else if (first <= 0xffff && count <= 0xff) ext = EXT_2_1_BYTES;
  else ext = EXT_2_2_BYTES;
  return [TYPE_EXTEND | ext, EXT_FIRST_BYTES[ext]!, EXT_COUNT_BYTES[ext]!];
}

function hostPath(m: Message) {
  return { domainName: m.serverHost, useHttps: m.useHttps, pagePath: m.serverPath, usePrefix: m.usePrefix };
}

/** Encodes everything but the hash; null if the host/path cannot be encoded. */
function encodeHead(m: Message, countOutputs: number): number[] | null {
  const out: number[] = [0x53, 0x50, 0x4b, MESSAGE_PREFIX];
  if (!encodeDomainPath(hostPath(m), true, out)) return null;
  const n = m.outputRanges.length;
  if (m.isPublic) out.push((n > 0 ? MORE_FLAG : 0) | TYPE_EXTEND | EXT_PUBLIC);
  for (let k = 0; k < n; k++) {
    const r = m.outputRanges[k]!;
    const [packing, fb, cb] = rangePacking(r, countOutputs);
    out.push(packing | (k < n - 1 ? MORE_FLAG : 0));
    pushLE(out, r.first, fb);
    pushLE(out, r.count, cb);
  }
  return out;
}

export function encodeMessage(m: Message, countOutputs: number, metadataMaxLen: number): Decoded<Uint8Array> {
  if (!isValidMessage(m)) return fail('invalid message');
  const out = encodeHead(m, countOutputs);
  if (out === null) return fail('server host or path cannot be encoded');
  for (let i = 0; i < m.hashLen; i++) out.push(m.hash[i]!);
  if (out.length > metadataMaxLen) return fail('message does not fit in metadataMaxLen');
  return ok(Uint8Array.from(out));
}

/** Hash length that fills `metadataMaxLen` (capped at 32; below 12 means it does not fit). */
export function calcMessageHashLen(m: Omit<Message, 'hash' | 'hashLen'>, countOutputs: number, metadataMaxLen: number): number {
  const head = encodeHead({ ...m, hash: new Uint8Array(0), hashLen: 0 }, countOutputs);
  const used = head === null ? metadataMaxLen : head.length;
  return Math.min(Math.max(metadataMaxLen - used, 0), MESSAGE_HASH_MAX_LEN);
}

/** Decodes the `m` field of (possibly composite) metadata. */
export function decodeMessage(metadata: Uint8Array, countOutputs: number): Decoded<Message> {
  const range = locateField(metadata, MESSAGE_PREFIX);
  if (range === null) return fail('no message field');
  const body = metadata;
  const n = range.end;
  const dp = decodeDomainPath(body, range.start, n, true);
  if (dp === null) return fail('malformed server host or path');
  let pos = range.start + dp.bytesUsed;
  let isPublic = false;
  const outputRanges: IORange[] = [];
  let more = true;
  while (more) {
    if (pos >= n) return fail('truncated output ranges');
    const packing = body[pos++]!;
    if (packing & RESERVED_MASK) return fail('reserved bits set');
    more = (packing & MORE_FLAG) !== 0;
    const type = packing & TYPE_MASK;
    const value = packing & VALUE_MASK;
    if (type === TYPE_EXTEND && value === EXT_PUBLIC) {
      isPublic = true;
      continue;
    }
    let r: IORange;
    if (type === TYPE_SINGLE) r = { first: value, count: 1 };
    else if (type === TYPE_FIRST) r = { first: 0, count: value };
    else if (type === TYPE_EXTEND) {
      const fb = EXT_FIRST_BYTES[value]!;
      const cb = EXT_COUNT_BYTES[value]!;
      r = value === EXT_ALL ? { first: 0, count: countOutputs } : { first: 0, count: 1 };
      if (pos + fb + cb > n) return fail('truncated output range');
      if (fb) r.first = readLE(body, pos, fb);
      pos += fb;
      if (cb) r.count = readLE(body, pos, cb);
      pos += cb;
    } else return fail('unused output range type');
    if (outputRanges.length >= MESSAGE_MAX_IO_RANGES) return fail('too many output ranges');
    outputRanges.push(r);
  }
  const hashLen = Math.max(0, Math.min(n - pos, MESSAGE_HASH_MAX_LEN));
  const m: Message = {
    useHttps: dp.useHttps,
    serverHost: dp.domainName,
    usePrefix: dp.usePrefix,
    serverPath: dp.pagePath,
    isPublic,
    outputRanges,
    hash: copyBytes(body, pos, hashLen), // a copy: the caller may reuse `metadata`
    hashLen,
  };
  if (!isValidMessage(m)) return fail('invalid message values');
  return ok(m);
}

/** URL of the delivery server (lower-cased). */
export function messageServerURL(m: Message): string {
  const url = `${m.useHttps ? 'https' : 'http'}://${m.serverHost}/${m.usePrefix ? 'coinspark/' : ''}${m.serverPath}${m.serverPath !== '' ? '/' : ''}`;
  return url.toLowerCase();
}

/** Does the message address output `outputIndex`? */
export function messageHasOutput(m: Message, outputIndex: number): boolean {
  for (const r of m.outputRanges) if (outputIndex >= r.first && outputIndex < r.first + r.count) return true;
  return false;
}

export interface MessagePart {
  mimeType: string;
  fileName: string | null;
  content: Uint8Array;
}

/** SHA-256 of `salt\0` then, per part, `mimeType\0 fileName\0 content\0` (fileName empty if none). */
export function calcMessageHash(salt: Uint8Array, parts: readonly MessagePart[]): Uint8Array {
  const chunks: Uint8Array[] = [salt];
  for (const p of parts) chunks.push(utf8ToBytes(p.mimeType), utf8ToBytes(p.fileName ?? ''), p.content);
  let total = 0;
  for (const c of chunks) total += c.length + 1;
  const buf = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    buf.set(c, pos);
    pos += c.length + 1;
  }
  return sha256(buf);
}
