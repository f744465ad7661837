// Watch-only descriptor wallets as Bitcoin Core v29 makes them: `listdescriptors` gives a wallet's public
// descriptors (`wpkh([fp/84h/1h/0h]tpub…/0/*)#…`), `importdescriptors` gives them to a wallet created with
// disable_private_keys, which then derives the same addresses from the extended public keys (BIP32 public
// derivation), sees their coins, makes addresses and change addresses, and fills PSBTs, but cannot sign.
// Only the single-key ranged descriptors Core's own wallets use are understood (pkh, sh(wpkh), wpkh, tr).
import { sha512 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';
import bs58check from 'bs58check';
import { concat, descsum, ecc, fromHex, hash160, scriptAddress, taggedHash, toHex } from './bitcoin.js';
import type { AddrType, KeyInfo } from './wallet-keys.js';

/** One imported ranged descriptor. */
export interface WatchDescriptor {
  /** As Core lists it (with its checksum). */
  desc: string;
  type: AddrType;
  /** The change branch (`internal` in importdescriptors). */
  internal: boolean;
  /** Key origin: master fingerprint and the account path ("84h/1h/0h"). */
  fp: string;
  originPath: string;
  branch: number;
  branchKey: { pub: Uint8Array; chain: Uint8Array };
  range: [number, number];
  /** Next index getnewaddress / getrawchangeaddress hands out. */
  next: number;
  active: boolean;
  timestamp: number;
}

const KINDS: { prefix: string; suffix: string; type: AddrType }[] = [
  { prefix: 'sh(wpkh(', suffix: '))', type: 'p2sh-segwit' },
  { prefix: 'wpkh(', suffix: ')', type: 'bech32' },
  { prefix: 'pkh(', suffix: ')', type: 'legacy' },
  { prefix: 'tr(', suffix: ')', type: 'bech32m' },
];

const ORIGIN_KEY = /^\[([0-9a-f]{8})((?:\/\d+[h']?)*)\](tpub[1-9A-HJ-NP-Za-km-z]{100,112})\/(\d+)\/\*$/;

/** BIP32 public child derivation (non-hardened index). */
function publicChild(key: { pub: Uint8Array; chain: Uint8Array }, index: number): { pub: Uint8Array; chain: Uint8Array } {
  const data = new Uint8Array(37);
  data.set(key.pub, 0);
  new DataView(data.buffer).setUint32(33, index >>> 0, false);
  const I = hmac(sha512, key.chain, data);
  const pub = ecc.pointAddScalar(key.pub, I.slice(0, 32), true);
  if (!pub) throw new Error('invalid child key');
  return { pub, chain: I.slice(32) };
}

/** Parses a descriptor of `importdescriptors`; the reason in Core's words when it is not one we understand. */
export function parseWatchDescriptor(text: string, internal: boolean, range: [number, number], active: boolean, timestamp: number): WatchDescriptor | string {
  const hash = text.lastIndexOf('#');
  const body = hash < 0 ? text : text.slice(0, hash);
  if (hash >= 0 && descsum(body) !== text) return `Provided checksum '${text.slice(hash + 1)}' does not match computed checksum '${descsum(body).slice(-8)}'`;
  const kind = KINDS.find((k) => body.startsWith(k.prefix) && body.endsWith(k.suffix));
  if (!kind) return `'${body.slice(0, 40)}' is not a valid descriptor function`;
  const m = ORIGIN_KEY.exec(body.slice(kind.prefix.length, body.length - kind.suffix.length));
  if (!m) return 'key origin, extended public key and a ranged path (…/0/* or …/1/*) expected';
  let raw: Uint8Array;
  try {
    raw = bs58check.decode(m[3]!);
  } catch {
    return `key '${m[3]!.slice(0, 12)}…' is not valid`;
  }
  if (raw.length !== 78 || toHex(raw.subarray(0, 4)) !== '043587cf') return `key '${m[3]!.slice(0, 12)}…' is not a testnet/regtest extended public key`;
  const account = { pub: raw.slice(45, 78), chain: raw.slice(13, 45) };
  const branch = Number(m[4]);
  return {
    desc: descsum(body),
    type: kind.type,
    internal,
    fp: m[1]!,
    originPath: m[2]!.slice(1).replace(/'/g, 'h'),
    branch,
    branchKey: publicChild(account, branch),
    range,
    next: 0,
    active,
    timestamp,
  };
}

/** The key (public only) at `index` of a watched descriptor, as a KeyInfo the wallet tracks. */
export function watchKey(d: WatchDescriptor, index: number): KeyInfo {
  const { pub } = publicChild(d.branchKey, index);
  const h = hash160(pub);
  let script: Uint8Array;
  let redeem: Uint8Array | undefined;
  let outputKey: Uint8Array | undefined;
  if (d.type === 'legacy') script = concat(fromHex('76a914'), h, fromHex('88ac'));
  else if (d.type === 'bech32') script = concat(fromHex('0014'), h);
  else if (d.type === 'p2sh-segwit') {
    redeem = concat(fromHex('0014'), h);
    script = concat(fromHex('a914'), hash160(redeem), fromHex('87'));
  } else {
    const x = pub.subarray(1);
    outputKey = ecc.xOnlyPointAddTweak(x, taggedHash('TapTweak', x))!.xOnlyPubkey;
    script = concat(fromHex('5120'), outputKey);
  }
  return { type: d.type, change: d.internal, index, gen: -1, priv: new Uint8Array(0), pub, script, address: scriptAddress(script)!, redeem, outputKey, watch: d };
}
