// Bitcoin primitives the devnet node needs beyond bitcoinjs-lib: hashing, BIP32 key derivation,
// descriptor checksums, script classification and Core's `asm` rendering.
import * as ecc from '@bitcoinerlab/secp256k1';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { hmac } from '@noble/hashes/hmac.js';
import * as bitcoin from 'bitcoinjs-lib';
import bs58check from 'bs58check';
import { bech32, bech32m } from 'bech32';

export { ecc, bitcoin };
export const network = bitcoin.networks.regtest;
bitcoin.initEccLib(ecc);

export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
export const isHex = (s: string): boolean => s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);
export const sha256d = (b: Uint8Array): Uint8Array => sha256(sha256(b));
export const hash160 = (b: Uint8Array): Uint8Array => ripemd160(sha256(b));
/** Reverses a hash into display order (txids, block hashes). */
export const revHex = (b: Uint8Array): string => toHex(Uint8Array.from(b).reverse());
export const hexToRev = (h: string): Uint8Array => fromHex(h).reverse();
export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

export function taggedHash(tag: string, data: Uint8Array): Uint8Array {
  const t = sha256(new TextEncoder().encode(tag));
  return sha256(concat(t, t, data));
}

export function varint(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >> 8);
  const b = new Uint8Array(5);
  b[0] = 0xfe;
  new DataView(b.buffer).setUint32(1, n, true);
  return b;
}

// ------------------------------------------------------------------------------------------ BIP32

export interface HdKey {
  priv: Uint8Array;
  pub: Uint8Array;
  chain: Uint8Array;
  depth: number;
  index: number;
  parentFingerprint: number;
}

export const HARDENED = 0x80000000;

export function hdFromSeed(seed: Uint8Array): HdKey {
  const I = hmac(sha512, new TextEncoder().encode('Bitcoin seed'), seed);
  const priv = I.slice(0, 32);
  return { priv, pub: ecc.pointFromScalar(priv, true)!, chain: I.slice(32), depth: 0, index: 0, parentFingerprint: 0 };
}

export const fingerprint = (k: HdKey): number => new DataView(hash160(k.pub).buffer).getUint32(0, false);

export function hdChild(k: HdKey, index: number): HdKey {
  const data = new Uint8Array(37);
  if (index >= HARDENED) data.set(k.priv, 1);
  else data.set(k.pub, 0);
  new DataView(data.buffer).setUint32(33, index >>> 0, false);
  const I = hmac(sha512, k.chain, data);
  const priv = ecc.privateAdd(k.priv, I.slice(0, 32));
  if (!priv) throw new Error('invalid child key');
  return {
    priv,
    pub: ecc.pointFromScalar(priv, true)!,
    chain: I.slice(32),
    depth: k.depth + 1,
    index: index >>> 0,
    parentFingerprint: fingerprint(k),
  };
}

export function hdPath(k: HdKey, path: number[]): HdKey {
  return path.reduce(hdChild, k);
}

/** The regtest/testnet extended public key (`tpub…`). */
export function tpub(k: HdKey): string {
  const b = new Uint8Array(78);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0x043587cf, false);
  b[4] = k.depth;
  dv.setUint32(5, k.parentFingerprint, false);
  dv.setUint32(9, k.index, false);
  b.set(k.chain, 13);
  b.set(k.pub, 45);
  return bs58check.encode(b);
}

export const pathString = (path: number[]): string =>
  path.map((i) => (i >= HARDENED ? `${i - HARDENED}h` : `${i}`)).join('/');

// ------------------------------------------------------------------------ descriptor checksums

const INPUT_CHARSET =
  "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

function polymod(symbols: number[]): bigint {
  let chk = 1n;
  for (const v of symbols) {
    const top = chk >> 35n;
    chk = ((chk & 0x7ffffffffn) << 5n) ^ BigInt(v);
    for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) chk ^= GEN[i]!;
  }
  return chk;
}

/** Appends BIP-380's `#checksum` to a descriptor. */
export function descsum(desc: string): string {
  const symbols: number[] = [];
  let groups: number[] = [];
  for (const c of desc) {
    const v = INPUT_CHARSET.indexOf(c);
    if (v < 0) throw new Error('bad descriptor character');
    symbols.push(v & 31);
    groups.push(v >> 5);
    if (groups.length === 3) {
      symbols.push(groups[0]! * 9 + groups[1]! * 3 + groups[2]!);
      groups = [];
    }
  }
  if (groups.length === 1) symbols.push(groups[0]!);
  else if (groups.length === 2) symbols.push(groups[0]! * 3 + groups[1]!);
  const c = polymod([...symbols, 0, 0, 0, 0, 0, 0, 0, 0]) ^ 1n;
  let out = '';
  for (let i = 0; i < 8; i++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - i))) & 31n)];
  return `${desc}#${out}`;
}

// --------------------------------------------------------------------------------- scripts

export type ScriptType =
  | 'pubkey'
  | 'pubkeyhash'
  | 'scripthash'
  | 'multisig'
  | 'nulldata'
  | 'witness_v0_keyhash'
  | 'witness_v0_scripthash'
  | 'witness_v1_taproot'
  | 'witness_unknown'
  | 'anchor'
  | 'nonstandard';

interface Op {
  op: number;
  data?: Uint8Array;
}

/** Splits a script into opcodes; null when a push runs past the end. */
export function parseScript(s: Uint8Array): Op[] | null {
  const ops: Op[] = [];
  let i = 0;
  while (i < s.length) {
    const op = s[i++]!;
    if (op > 0 && op <= 0x4e) {
      let n = op;
      if (op === 0x4c) {
        if (i + 1 > s.length) return null;
        n = s[i]!;
        i += 1;
      } else if (op === 0x4d) {
        if (i + 2 > s.length) return null;
        n = s[i]! | (s[i + 1]! << 8);
        i += 2;
      } else if (op === 0x4e) {
        if (i + 4 > s.length) return null;
        n = new DataView(s.buffer, s.byteOffset + i, 4).getUint32(0, true);
        i += 4;
      }
      if (i + n > s.length) return null;
      ops.push({ op, data: s.slice(i, i + n) });
      i += n;
    } else ops.push({ op });
  }
  return ops;
}

export function classify(s: Uint8Array): ScriptType {
  const n = s.length;
  if (n === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 20 && s[23] === 0x88 && s[24] === 0xac) return 'pubkeyhash';
  if (n === 23 && s[0] === 0xa9 && s[1] === 20 && s[22] === 0x87) return 'scripthash';
  if (n === 22 && s[0] === 0 && s[1] === 20) return 'witness_v0_keyhash';
  if (n === 34 && s[0] === 0 && s[1] === 32) return 'witness_v0_scripthash';
  if (n === 34 && s[0] === 0x51 && s[1] === 32) return 'witness_v1_taproot';
  if (n === 4 && s[0] === 0x51 && s[1] === 2 && s[2] === 0x4e && s[3] === 0x73) return 'anchor';
  if (n >= 4 && n <= 42 && (s[0] === 0 || (s[0]! >= 0x51 && s[0]! <= 0x60)) && s[1] === n - 2) return 'witness_unknown';
  if ((n === 35 && s[0] === 33 && s[34] === 0xac) || (n === 67 && s[0] === 65 && s[66] === 0xac)) return 'pubkey';
  if (n >= 1 && s[0] === 0x6a) {
    const ops = parseScript(s.subarray(1));
    if (ops && ops.every((o) => o.op <= 0x60)) return 'nulldata';
    return 'nonstandard';
  }
  const ops = parseScript(s);
  if (ops && ops.length >= 4 && ops[ops.length - 1]!.op === 0xae) {
    const m = ops[0]!.op - 0x50;
    const k = ops[ops.length - 2]!.op - 0x50;
    const keys = ops.slice(1, -2);
    if (m >= 1 && k >= m && k <= 16 && keys.length === k && keys.every((o) => o.data && (o.data.length === 33 || o.data.length === 65)))
      return 'multisig';
  }
  return 'nonstandard';
}

const OPNAMES: Record<number, string> = {
  0x4f: 'OP_1NEGATE', 0x50: 'OP_RESERVED', 0x61: 'OP_NOP', 0x62: 'OP_VER', 0x63: 'OP_IF', 0x64: 'OP_NOTIF',
  0x65: 'OP_VERIF', 0x66: 'OP_VERNOTIF', 0x67: 'OP_ELSE', 0x68: 'OP_ENDIF', 0x69: 'OP_VERIFY', 0x6a: 'OP_RETURN',
  0x6b: 'OP_TOALTSTACK', 0x6c: 'OP_FROMALTSTACK', 0x6d: 'OP_2DROP', 0x6e: 'OP_2DUP', 0x6f: 'OP_3DUP',
  0x70: 'OP_2OVER', 0x71: 'OP_2ROT', 0x72: 'OP_2SWAP', 0x73: 'OP_IFDUP', 0x74: 'OP_DEPTH', 0x75: 'OP_DROP',
  0x76: 'OP_DUP', 0x77: 'OP_NIP', 0x78: 'OP_OVER', 0x79: 'OP_PICK', 0x7a: 'OP_ROLL', 0x7b: 'OP_ROT',
  0x7c: 'OP_SWAP', 0x7d: 'OP_TUCK', 0x7e: 'OP_CAT', 0x7f: 'OP_SUBSTR', 0x80: 'OP_LEFT', 0x81: 'OP_RIGHT',
  0x82: 'OP_SIZE', 0x83: 'OP_INVERT', 0x84: 'OP_AND', 0x85: 'OP_OR', 0x86: 'OP_XOR', 0x87: 'OP_EQUAL',
  0x88: 'OP_EQUALVERIFY', 0x89: 'OP_RESERVED1', 0x8a: 'OP_RESERVED2', 0x8b: 'OP_1ADD', 0x8c: 'OP_1SUB',
  0x8d: 'OP_2MUL', 0x8e: 'OP_2DIV', 0x8f: 'OP_NEGATE', 0x90: 'OP_ABS', 0x91: 'OP_NOT', 0x92: 'OP_0NOTEQUAL',
  0x93: 'OP_ADD', 0x94: 'OP_SUB', 0x95: 'OP_MUL', 0x96: 'OP_DIV', 0x97: 'OP_MOD', 0x98: 'OP_LSHIFT',
  0x99: 'OP_RSHIFT', 0x9a: 'OP_BOOLAND', 0x9b: 'OP_BOOLOR', 0x9c: 'OP_NUMEQUAL', 0x9d: 'OP_NUMEQUALVERIFY',
  0x9e: 'OP_NUMNOTEQUAL', 0x9f: 'OP_LESSTHAN', 0xa0: 'OP_GREATERTHAN', 0xa1: 'OP_LESSTHANOREQUAL',
  0xa2: 'OP_GREATERTHANOREQUAL', 0xa3: 'OP_MIN', 0xa4: 'OP_MAX', 0xa5: 'OP_WITHIN', 0xa6: 'OP_RIPEMD160',
  0xa7: 'OP_SHA1', 0xa8: 'OP_SHA256', 0xa9: 'OP_HASH160', 0xaa: 'OP_HASH256', 0xab: 'OP_CODESEPARATOR',
  0xac: 'OP_CHECKSIG', 0xad: 'OP_CHECKSIGVERIFY', 0xae: 'OP_CHECKMULTISIG', 0xaf: 'OP_CHECKMULTISIGVERIFY',
  0xb0: 'OP_NOP1', 0xb1: 'OP_CHECKLOCKTIMEVERIFY', 0xb2: 'OP_CHECKSEQUENCEVERIFY', 0xb3: 'OP_NOP4',
  0xb4: 'OP_NOP5', 0xb5: 'OP_NOP6', 0xb6: 'OP_NOP7', 0xb7: 'OP_NOP8', 0xb8: 'OP_NOP9', 0xb9: 'OP_NOP10',
  0xba: 'OP_CHECKSIGADD',
};

/** CScriptNum decoding of a short push, as ScriptToAsmStr prints pushes of up to 4 bytes. */
function scriptNum(d: Uint8Array): string {
  if (d.length === 0) return '0';
  let v = 0n;
  for (let i = 0; i < d.length; i++) v |= BigInt(d[i]!) << BigInt(8 * i);
  const last = d[d.length - 1]!;
  if (last & 0x80) v = -(v & ~(0x80n << BigInt(8 * (d.length - 1))));
  return v.toString();
}

const SIGHASH_NAMES: Record<number, string> = {
  1: 'ALL', 2: 'NONE', 3: 'SINGLE', 0x81: 'ALL|ANYONECANPAY', 0x82: 'NONE|ANYONECANPAY', 0x83: 'SINGLE|ANYONECANPAY',
};

function isDerSig(d: Uint8Array): boolean {
  // BIP66 strict DER check (IsValidSignatureEncoding) with the sighash byte at the end.
  const n = d.length;
  if (n < 9 || n > 73 || d[0] !== 0x30 || d[1] !== n - 3) return false;
  const lenR = d[3]!;
  if (5 + lenR >= n) return false;
  const lenS = d[5 + lenR]!;
  if (lenR + lenS + 7 !== n) return false;
  if (d[2] !== 0x02 || lenR === 0 || d[4]! & 0x80) return false;
  if (lenR > 1 && d[4] === 0 && !(d[5]! & 0x80)) return false;
  if (d[lenR + 4] !== 0x02 || lenS === 0 || d[lenR + 6]! & 0x80) return false;
  if (lenS > 1 && d[lenR + 6] === 0 && !(d[lenR + 7]! & 0x80)) return false;
  return true;
}

/** Core's ScriptToAsmStr; `sighashDecode` renders signatures as `<der>[ALL]` (used for scriptSigs). */
export function scriptAsm(s: Uint8Array, sighashDecode = false): string {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const op = s[i]!;
    const one = parseOne(s, i);
    if (!one) {
      out.push('[error]');
      break;
    }
    i = one.next;
    if (op === 0) out.push('0');
    else if (op >= 0x51 && op <= 0x60) out.push(String(op - 0x50));
    else if (op <= 0x4e) {
      const d = one.data!;
      if (d.length <= 4) out.push(scriptNum(d));
      else if (sighashDecode && isDerSig(d) && SIGHASH_NAMES[d[d.length - 1]!])
        out.push(`${toHex(d.subarray(0, -1))}[${SIGHASH_NAMES[d[d.length - 1]!]}]`);
      else out.push(toHex(d));
    } else out.push(OPNAMES[op] ?? 'OP_UNKNOWN');
  }
  return out.join(' ');
}

function parseOne(s: Uint8Array, i: number): { next: number; data?: Uint8Array } | null {
  const op = s[i]!;
  let j = i + 1;
  if (op === 0 || op > 0x4e) return { next: j };
  let n = op;
  if (op === 0x4c) {
    if (j + 1 > s.length) return null;
    n = s[j]!;
    j += 1;
  } else if (op === 0x4d) {
    if (j + 2 > s.length) return null;
    n = s[j]! | (s[j + 1]! << 8);
    j += 2;
  } else if (op === 0x4e) {
    if (j + 4 > s.length) return null;
    n = new DataView(s.buffer, s.byteOffset + j, 4).getUint32(0, true);
    j += 4;
  }
  if (j + n > s.length) return null;
  return { next: j + n, data: s.slice(j, j + n) };
}

/** The address paying to a scriptPubKey on regtest, if it has one. */
export function scriptAddress(s: Uint8Array): string | undefined {
  const t = classify(s);
  switch (t) {
    case 'pubkeyhash':
      return bs58check.encode(concat(Uint8Array.of(network.pubKeyHash), s.subarray(3, 23)));
    case 'scripthash':
      return bs58check.encode(concat(Uint8Array.of(network.scriptHash), s.subarray(2, 22)));
    case 'witness_v0_keyhash':
    case 'witness_v0_scripthash':
      return bech32.encode(network.bech32, [0, ...bech32.toWords(s.subarray(2))]);
    case 'witness_v1_taproot':
    case 'anchor':
    case 'witness_unknown': {
      const v = s[0] === 0 ? 0 : s[0]! - 0x50;
      const words = [v, ...bech32m.toWords(s.subarray(2))];
      return v === 0 ? bech32.encode(network.bech32, words) : bech32m.encode(network.bech32, words, 90);
    }
    default:
      return undefined;
  }
}

/** Signatures known to be valid (made by the node's wallets or verified before), like Core's sigcache. */
const sigCache = new Set<string>();
export function sigCacheAdd(hash: Uint8Array, pub: Uint8Array, sig64: Uint8Array): void {
  if (sigCache.size > 500_000) sigCache.clear();
  sigCache.add(`${toHex(hash)}${toHex(pub)}${toHex(sig64)}`);
}
export function sigCacheHas(hash: Uint8Array, pub: Uint8Array, sig64: Uint8Array): boolean {
  return sigCache.has(`${toHex(hash)}${toHex(pub)}${toHex(sig64)}`);
}

/** Core's InferDescriptor for a scriptPubKey that the node does not own. */
export function inferDescriptor(s: Uint8Array): string {
  const t = classify(s);
  const addr = scriptAddress(s);
  if (addr) return descsum(`addr(${addr})`);
  if (t === 'pubkey') return descsum(`pk(${toHex(s.subarray(1, s.length - 1))})`);
  if (t === 'multisig') {
    const ops = parseScript(s)!;
    return descsum(`multi(${ops[0]!.op - 0x50},${ops.slice(1, -2).map((o) => toHex(o.data!)).join(',')})`);
  }
  return descsum(`raw(${toHex(s)})`);
}

export function scriptPubKeyJson(s: Uint8Array): Record<string, unknown> {
  const addr = scriptAddress(s);
  return { asm: scriptAsm(s), desc: inferDescriptor(s), hex: toHex(s), address: addr, type: classify(s) };
}

/** Decodes a regtest address into its scriptPubKey, or null. */
export function addressToScript(a: string): Uint8Array | null {
  try {
    return new Uint8Array(bitcoin.address.toOutputScript(a, network));
  } catch {
    return null;
  }
}

/** CScript() << n : minimal push of a number (BIP34 heights). */
export function pushNumber(n: number): Uint8Array {
  if (n === 0) return Uint8Array.of(0);
  if (n >= 1 && n <= 16) return Uint8Array.of(0x50 + n);
  const bytes: number[] = [];
  let v = n;
  while (v > 0) {
    bytes.push(v & 0xff);
    v = Math.floor(v / 256);
  }
  if (bytes[bytes.length - 1]! & 0x80) bytes.push(0);
  return Uint8Array.from([bytes.length, ...bytes]);
}

/** Push-data encoding of a blob inside a script. */
export function pushData(d: Uint8Array): Uint8Array {
  if (d.length < 0x4c) return concat(Uint8Array.of(d.length), d);
  if (d.length <= 0xff) return concat(Uint8Array.of(0x4c, d.length), d);
  return concat(Uint8Array.of(0x4d, d.length & 0xff, d.length >> 8), d);
}

// ------------------------------------------------------------------- BIP143 with midstate cache

export interface SighashCache {
  prevouts?: Uint8Array;
  sequences?: Uint8Array;
  outputs?: Uint8Array;
}

const u32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};
const u64 = (n: bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
};

/**
 * BIP143 signature hash (SIGHASH_ALL only) with hashPrevouts/hashSequence/hashOutputs computed
 * once per transaction, so signing or verifying n inputs is linear, as in Core.
 */
export function sighashV0All(tx: bitcoin.Transaction, cache: SighashCache, i: number, scriptCode: Uint8Array, value: bigint): Uint8Array {
  if (!cache.prevouts) cache.prevouts = sha256d(concat(...tx.ins.flatMap((x) => [x.hash, u32(x.index)])));
  if (!cache.sequences) cache.sequences = sha256d(concat(...tx.ins.map((x) => u32(x.sequence))));
  if (!cache.outputs) cache.outputs = sha256d(concat(...tx.outs.flatMap((o) => [u64(o.value), varint(o.script.length), o.script])));
  const inp = tx.ins[i]!;
  return sha256d(
    concat(
      u32(tx.version), cache.prevouts, cache.sequences, inp.hash, u32(inp.index), varint(scriptCode.length), scriptCode,
      u64(value), u32(inp.sequence), cache.outputs, u32(tx.locktime), u32(1),
    ),
  );
}
