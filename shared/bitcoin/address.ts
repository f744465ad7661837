/**
 * Bitcoin addresses ↔ output scripts, for the send path: base58check (P2PKH, P2SH) and bech32 / bech32m segwit
 * addresses (BIP 173, BIP 350), with the network each belongs to. Pure: runs in main and in the renderer (the
 * recipient field is checked as the user types). Never throws on bad input.
 */
import { sha256 } from '../coinspark/sha256';
import type { Network } from '../model/settings';

interface NetworkParams {
  p2pkh: number;
  p2sh: number;
  hrp: string;
}

/** Version bytes and bech32 prefix of each network the wallet knows (testnet's also serve signet). */
export const NETWORK_PARAMS: Record<Network, NetworkParams> = {
  mainnet: { p2pkh: 0x00, p2sh: 0x05, hrp: 'bc' },
  testnet: { p2pkh: 0x6f, p2sh: 0xc4, hrp: 'tb' },
  regtest: { p2pkh: 0x6f, p2sh: 0xc4, hrp: 'bcrt' },
};

export const NETWORK_NAMES: Record<Network, string> = { mainnet: 'mainnet', testnet: 'testnet', regtest: 'regtest' };

export type AddressKind = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr' | 'witness';

export interface DecodedBitcoinAddress {
  kind: AddressKind;
  /** Every network whose version byte / prefix this address carries (testnet and regtest share base58 bytes). */
  networks: Network[];
  /** The output script that pays it. */
  script: Uint8Array;
  /** True for base58check addresses (the only kind a CoinSpark address can embed, protocol §9). */
  base58: boolean;
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 58; i++) B58_INDEX[B58.charCodeAt(i)] = i;

const dsha256 = (data: Uint8Array): Uint8Array => sha256(sha256(data));

/** Base58 text → bytes (leading '1's are zero bytes); null on a character outside the alphabet. */
export function base58Decode(text: string): Uint8Array | null {
  if (text.length === 0 || text.length > 128) return null;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let carry = c < 128 ? B58_INDEX[c]! : -1;
    if (carry < 0) return null;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < text.length && text[i] === '1'; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

export function base58Encode(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const b of bytes) {
    let carry = b;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! << 8;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out += '1';
  for (let i = digits.length - 1; i >= 0; i--) out += B58[digits[i]!];
  return out;
}

/** Payload of a base58check string, or null when the checksum (the typo catcher) does not match. */
export function base58CheckDecode(text: string): Uint8Array | null {
  const raw = base58Decode(text);
  if (!raw || raw.length < 5) return null;
  const payload = raw.subarray(0, raw.length - 4);
  const check = dsha256(payload);
  for (let i = 0; i < 4; i++) if (check[i] !== raw[raw.length - 4 + i]) return null;
  return payload;
}

export function base58CheckEncode(payload: Uint8Array): string {
  const out = new Uint8Array(payload.length + 4);
  out.set(payload);
  out.set(dsha256(payload).subarray(0, 4), payload.length);
  return base58Encode(out);
}

// ── bech32 / bech32m (BIP 173 / BIP 350) ──
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

function convertBits(data: readonly number[], from: number, to: number, pad: boolean): number[] | null {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (const value of data) {
    if (value < 0 || value >> from !== 0) return null;
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & maxv);
    }
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & maxv);
  } else if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) return null;
  return out;
}

function segwitDecode(text: string): { hrp: string; version: number; program: Uint8Array } | null {
  if (text.length < 8 || text.length > 90) return null;
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) return null;
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return null;
  const hrp = lower.slice(0, sep);
  const data: number[] = [];
  for (const ch of lower.slice(sep + 1)) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) return null;
    data.push(v);
  }
  const check = polymod([...hrpExpand(hrp), ...data]);
  const version = data[0]!;
  if (version > 16) return null;
  if (check !== (version === 0 ? BECH32_CONST : BECH32M_CONST)) return null;
  const program = convertBits(data.slice(1, -6), 5, 8, false);
  if (!program || program.length < 2 || program.length > 40) return null;
  if (version === 0 && program.length !== 20 && program.length !== 32) return null;
  return { hrp, version, program: Uint8Array.from(program) };
}

function segwitEncode(hrp: string, version: number, program: Uint8Array): string {
  const data = [version, ...convertBits([...program], 8, 5, true)!];
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ (version === 0 ? BECH32_CONST : BECH32M_CONST);
  let out = `${hrp}1`;
  for (const v of data) out += CHARSET[v];
  for (let i = 0; i < 6; i++) out += CHARSET[(mod >>> (5 * (5 - i))) & 31];
  return out;
}

const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const NETWORKS = Object.keys(NETWORK_PARAMS) as Network[];

/** Any bitcoin address of any known network; null when it is not one (bad characters, checksum, length). */
export function decodeBitcoinAddress(text: string): DecodedBitcoinAddress | null {
  const trimmed = text.trim();
  const payload = base58CheckDecode(trimmed);
  if (payload) {
    if (payload.length !== 21) return null;
    const version = payload[0]!;
    const hash = payload.subarray(1);
    const p2pkh = NETWORKS.filter((n) => NETWORK_PARAMS[n].p2pkh === version);
    if (p2pkh.length > 0) return { kind: 'p2pkh', networks: p2pkh, script: concat([0x76, 0xa9, 0x14], hash, [0x88, 0xac]), base58: true };
    const p2sh = NETWORKS.filter((n) => NETWORK_PARAMS[n].p2sh === version);
    if (p2sh.length > 0) return { kind: 'p2sh', networks: p2sh, script: concat([0xa9, 0x14], hash, [0x87]), base58: true };
    return null;
  }
  const segwit = segwitDecode(trimmed);
  if (!segwit) return null;
  const networks = NETWORKS.filter((n) => NETWORK_PARAMS[n].hrp === segwit.hrp);
  if (networks.length === 0) return null;
  const { version, program } = segwit;
  const kind: AddressKind = version === 0 ? (program.length === 20 ? 'p2wpkh' : 'p2wsh') : version === 1 && program.length === 32 ? 'p2tr' : 'witness';
  const opVersion = version === 0 ? 0 : 0x50 + version;
  return { kind, networks, script: concat([opVersion, program.length], program), base58: false };
}

/** The address an output script pays on `network`, or null for scripts without one (OP_RETURN, bare multisig…). */
export function scriptToAddress(script: Uint8Array, network: Network): string | null {
  const p = NETWORK_PARAMS[network];
  const n = script.length;
  if (n === 25 && script[0] === 0x76 && script[1] === 0xa9 && script[2] === 0x14 && script[23] === 0x88 && script[24] === 0xac) {
    return base58CheckEncode(concat([p.p2pkh], script.subarray(3, 23)));
  }
  if (n === 23 && script[0] === 0xa9 && script[1] === 0x14 && script[22] === 0x87) return base58CheckEncode(concat([p.p2sh], script.subarray(2, 22)));
  const op = script[0];
  if (n >= 4 && n <= 42 && (op === 0 || (op !== undefined && op >= 0x51 && op <= 0x60)) && script[1] === n - 2) {
    const version = op === 0 ? 0 : op! - 0x50;
    if (version === 0 && n !== 22 && n !== 34) return null;
    return segwitEncode(p.hrp, version, script.subarray(2));
  }
  return null;
}
