import { createHash } from 'node:crypto';

/**
 * The bytes of the transactions the wallet builds: the unsigned serialization (what the review decodes and what
 * Core signs), a bare PSBT around it (Core's walletprocesspsbt adds the UTXO data and signs it), and the size
 * figures the fee is computed from. Sizes follow BIP 141: weight = 4 × non-witness bytes + witness bytes,
 * vsize = ceil(weight / 4).
 */

export interface UnsignedInput {
  txid: string;
  vout: number;
}

export interface UnsignedOutput {
  script: Uint8Array;
  sats: bigint;
}

export interface UnsignedTx {
  version: number;
  inputs: UnsignedInput[];
  outputs: UnsignedOutput[];
  locktime: number;
}

/** nSequence of every input: opt-in replaceable (BIP 125), as Core's own sends are. */
export const SEQUENCE_RBF = 0xfffffffd;

class Writer {
  private buf = new Uint8Array(256);
  private len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
  }
  u32(v: number): void {
    this.room(4);
    for (let i = 0; i < 4; i++) this.buf[this.len++] = (v >>> (8 * i)) & 0xff;
  }
  u64(v: bigint): void {
    this.room(8);
    for (let i = 0n; i < 8n; i++) this.buf[this.len++] = Number((v >> (8n * i)) & 0xffn);
  }
  varint(n: number): void {
    if (n < 0xfd) this.u8(n);
    else if (n <= 0xffff) {
      this.u8(0xfd);
      this.u8(n);
      this.u8(n >> 8);
    } else {
      this.u8(0xfe);
      this.u32(n);
    }
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const TXID_HEX = /^[0-9a-f]{64}$/;

function writeTx(w: Writer, tx: UnsignedTx): void {
  w.u32(tx.version);
  w.varint(tx.inputs.length);
  for (const input of tx.inputs) {
    if (!TXID_HEX.test(input.txid)) throw new Error(`Not a txid: ${input.txid}`);
    w.bytes(Buffer.from(input.txid, 'hex').reverse());
    w.u32(input.vout);
    w.varint(0); // empty scriptSig: unsigned
    w.u32(SEQUENCE_RBF);
  }
  w.varint(tx.outputs.length);
  for (const output of tx.outputs) {
    w.u64(output.sats);
    w.varint(output.script.length);
    w.bytes(output.script);
  }
  w.u32(tx.locktime);
}

/** The legacy (non-witness) serialization with empty scriptSigs. */
export function serializeUnsigned(tx: UnsignedTx): Uint8Array {
  const w = new Writer();
  writeTx(w, tx);
  return w.done();
}

/**
 * A BIP 174 PSBT holding only the unsigned transaction (global key 0x00) and empty input and output maps:
 * Core's walletprocesspsbt fills in each input's UTXO and derivation paths from the wallet, then signs.
 */
export function barePsbt(tx: UnsignedTx): string {
  const unsigned = serializeUnsigned(tx);
  const w = new Writer();
  w.bytes(Uint8Array.of(0x70, 0x73, 0x62, 0x74, 0xff)); // "psbt" 0xff
  w.varint(1);
  w.u8(0x00); // PSBT_GLOBAL_UNSIGNED_TX
  w.varint(unsigned.length);
  w.bytes(unsigned);
  w.u8(0x00); // end of the global map
  for (let i = 0; i < tx.inputs.length; i++) w.u8(0x00);
  for (let i = 0; i < tx.outputs.length; i++) w.u8(0x00);
  return Buffer.from(w.done()).toString('base64');
}

export function txidOf(legacySerialization: Uint8Array): string {
  const first = createHash('sha256').update(legacySerialization).digest();
  return Buffer.from(createHash('sha256').update(first).digest()).reverse().toString('hex');
}

// ── sizes ──

export type ScriptType = 'p2pkh' | 'p2sh-p2wpkh' | 'p2wpkh' | 'p2tr' | 'unsupported';

/** What kind of output a wallet coin is, from its scriptPubKey (hex). P2SH is taken as Core's only single-key kind, P2SH-P2WPKH. */
export function scriptTypeOf(scriptHex: string): ScriptType {
  const s = scriptHex.toLowerCase();
  if (s.length === 50 && s.startsWith('76a914') && s.endsWith('88ac')) return 'p2pkh';
  if (s.length === 46 && s.startsWith('a914') && s.endsWith('87')) return 'p2sh-p2wpkh';
  if (s.length === 44 && s.startsWith('0014')) return 'p2wpkh';
  if (s.length === 68 && s.startsWith('5120')) return 'p2tr';
  return 'unsupported';
}

/**
 * Weight of one signed input of each kind, at its largest (a 72-byte DER signature with its sighash byte and a
 * compressed key), so the fee computed before signing is never below the rate asked for.
 */
export const INPUT_WEIGHT: Record<Exclude<ScriptType, 'unsupported'>, { weight: number; witness: boolean }> = {
  // outpoint 36 + scriptSig length 1 + scriptSig (1+72+1+33 = 107) + sequence 4 = 148 bytes
  p2pkh: { weight: 148 * 4, witness: false },
  // 36 + 1 + (1+22 = 23) + 4 = 64 bytes; witness: count 1 + 1+72 + 1+33 = 108
  'p2sh-p2wpkh': { weight: 64 * 4 + 108, witness: true },
  // 36 + 1 + 0 + 4 = 41 bytes; witness 108
  p2wpkh: { weight: 41 * 4 + 108, witness: true },
  // 41 bytes; witness: count 1 + 1+64 (Schnorr, default sighash) = 66
  p2tr: { weight: 41 * 4 + 66, witness: true },
};

const varintSize = (n: number): number => (n < 0xfd ? 1 : n <= 0xffff ? 3 : 5);

export function outputWeight(script: Uint8Array | number): number {
  const len = typeof script === 'number' ? script : script.length;
  return (8 + varintSize(len) + len) * 4;
}

/** vsize of a transaction with these inputs and output script lengths, once signed. */
export function estimateVsize(inputs: readonly ScriptType[], outputScriptLengths: readonly number[]): number {
  let weight = (4 + 4 + varintSize(inputs.length) + varintSize(outputScriptLengths.length)) * 4;
  let witness = false;
  for (const type of inputs) {
    if (type === 'unsupported') throw new Error('an input of an unsupported kind');
    weight += INPUT_WEIGHT[type].weight;
    if (INPUT_WEIGHT[type].witness) witness = true;
  }
  for (const len of outputScriptLengths) weight += outputWeight(len);
  if (witness) weight += 2; // segwit marker and flag
  return Math.ceil(weight / 4);
}

/** vsize of a signed transaction from its full serialization. */
export function vsizeOfSigned(hex: string, nonWitnessSize: number): number {
  const total = hex.length / 2;
  return Math.ceil((nonWitnessSize * 3 + total) / 4);
}

/**
 * Core's dust threshold for an output (policy/policy.cpp GetDustThreshold at the default 3 sat/vB): the cost of
 * the output plus the input that would spend it. 546 sat for P2PKH, 294 for P2WPKH, 330 for P2TR.
 */
export function dustThreshold(script: Uint8Array): bigint {
  const size = 8 + varintSize(script.length) + script.length;
  const op = script[0];
  const isWitness = script.length >= 4 && script.length <= 42 && (op === 0 || (op !== undefined && op >= 0x51 && op <= 0x60)) && script[1] === script.length - 2;
  const spend = isWitness ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return BigInt((size + spend) * 3);
}

/** Core's standard size limit: a transaction above 400,000 weight units (100,000 vbytes) is not relayed. */
export const MAX_STANDARD_VSIZE = 100_000;
