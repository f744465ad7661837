// The keys of a descriptor wallet as Bitcoin Core v29 makes them: BIP44/49/84/86 accounts under one
// HD seed, receive and change branches, descriptors with key origins. `encryptwallet` starts a new
// seed (Core: "a new HD seed was generated"): keys of earlier seeds stay the wallet's, new
// addresses come from the new one.
import { randomBytes } from 'node:crypto';
import { HARDENED, HdKey, concat, descsum, ecc, fingerprint, fromHex, hash160, hdFromSeed, hdPath, scriptAddress, taggedHash, toHex, tpub } from './bitcoin.js';
import { watchKey, type WatchDescriptor } from './wallet-watch.js';

export type AddrType = 'legacy' | 'p2sh-segwit' | 'bech32' | 'bech32m';
export const ADDR_TYPES: AddrType[] = ['legacy', 'p2sh-segwit', 'bech32', 'bech32m'];
export const PURPOSE: Record<AddrType, number> = { legacy: 44, 'p2sh-segwit': 49, bech32: 84, bech32m: 86 };

export interface KeyInfo {
  type: AddrType;
  change: boolean;
  index: number;
  /** which HD seed of the wallet (0 = the first; encryptwallet adds one) */
  gen: number;
  priv: Uint8Array;
  pub: Uint8Array;
  script: Uint8Array;
  address: string;
  redeem?: Uint8Array;
  /** taproot: the tweaked private key and the x-only output key */
  tweakedPriv?: Uint8Array;
  outputKey?: Uint8Array;
  /** a public key of an imported descriptor (watch-only wallets): no private key */
  watch?: WatchDescriptor;
}

/** One HD seed and what is derived from it once. */
export class HdSeed {
  readonly master: HdKey;
  readonly fp: string;
  readonly accounts = new Map<AddrType, HdKey>();
  readonly branches = new Map<string, HdKey>();
  readonly parentDescCache = new Map<string, string>();
  readonly parentDescsCache = new Map<string, string[]>();

  constructor(readonly seed: Uint8Array) {
    this.master = hdFromSeed(seed);
    this.fp = fingerprint(this.master).toString(16).padStart(8, '0');
    for (const t of ADDR_TYPES) this.accounts.set(t, hdPath(this.master, [PURPOSE[t] + HARDENED, 1 + HARDENED, HARDENED]));
  }
}

export const wrap = (type: AddrType, inner: string): string =>
  type === 'legacy' ? `pkh(${inner})` : type === 'bech32' ? `wpkh(${inner})` : type === 'p2sh-segwit' ? `sh(wpkh(${inner}))` : `tr(${inner})`;

export class Keychain {
  readonly seeds: HdSeed[];
  /** next index per `type/branch` of the current seed */
  readonly next = new Map<string, number>();
  /** by scriptPubKey hex */
  readonly keys = new Map<string, KeyInfo>();
  private readonly descCache = new Map<KeyInfo, string>();

  constructor(seed?: Uint8Array) {
    this.seeds = [new HdSeed(seed ?? randomBytes(32))];
  }

  get current(): HdSeed {
    return this.seeds[this.seeds.length - 1]!;
  }

  /** A fresh seed for new addresses (encryptwallet); keys already derived stay known. */
  newSeed(seed: Uint8Array = randomBytes(32)): void {
    this.seeds.push(new HdSeed(seed));
    this.next.clear();
  }

  derive(type: AddrType, change: boolean): KeyInfo {
    const gen = this.seeds.length - 1;
    const hd = this.current;
    const slot = `${type}/${change ? 1 : 0}`;
    const index = this.next.get(slot) ?? 0;
    this.next.set(slot, index + 1);
    let branch = hd.branches.get(slot);
    if (!branch) hd.branches.set(slot, (branch = hdPath(hd.accounts.get(type)!, [change ? 1 : 0])));
    const k = hdPath(branch, [index]);
    const pub = k.pub;
    let script: Uint8Array;
    let redeem: Uint8Array | undefined;
    let tweakedPriv: Uint8Array | undefined;
    let outputKey: Uint8Array | undefined;
    const h = hash160(pub);
    if (type === 'legacy') script = concat(fromHex('76a914'), h, fromHex('88ac'));
    else if (type === 'bech32') script = concat(fromHex('0014'), h);
    else if (type === 'p2sh-segwit') {
      redeem = concat(fromHex('0014'), h);
      script = concat(fromHex('a914'), hash160(redeem), fromHex('87'));
    } else {
      const x = pub.subarray(1);
      const t = taggedHash('TapTweak', x);
      const tw = ecc.xOnlyPointAddTweak(x, t)!;
      outputKey = tw.xOnlyPubkey;
      const priv = pub[0] === 3 ? ecc.privateNegate(k.priv) : k.priv;
      tweakedPriv = ecc.privateAdd(priv, t)!;
      script = concat(fromHex('5120'), outputKey);
    }
    const info: KeyInfo = { type, change, index, gen, priv: k.priv, pub, script, address: scriptAddress(script)!, redeem, tweakedPriv, outputKey };
    this.keys.set(toHex(script), info);
    return info;
  }

  fingerprintOf(k: KeyInfo): string {
    return k.watch ? k.watch.fp : this.seeds[k.gen]!.fp;
  }

  keyPath(k: KeyInfo): string {
    if (k.watch) return `m/${k.watch.originPath}/${k.watch.branch}/${k.index}`;
    return `m/${PURPOSE[k.type]}h/1h/0h/${k.change ? 1 : 0}/${k.index}`;
  }

  // ── the keypool: keys past the last one handed out, which Core's descriptors cover too ──
  private readonly pool = new Map<string, KeyInfo>();
  private readonly poolTo = new Map<string, number>();

  /**
   * A key of the current seed not handed out yet (within `gap` of the next index of its branch), for signing: a
   * watch-only copy of this wallet may have given out addresses this wallet has not (Core signs for its whole
   * descriptor range). Derived once per index; not part of `keys`, so it changes nothing the wallet tracks.
   */
  lookahead(script: Uint8Array, gap = 100): KeyInfo | undefined {
    const hex = toHex(script);
    const hit = this.pool.get(hex);
    if (hit) return hit;
    const hd = this.current;
    const gen = this.seeds.length - 1;
    for (const type of ADDR_TYPES) {
      for (const change of [false, true]) {
        const slot = `${type}/${change ? 1 : 0}`;
        const to = (this.next.get(slot) ?? 0) + gap;
        let from = this.poolTo.get(slot) ?? this.next.get(slot) ?? 0;
        if (from >= to) continue;
        let branch = hd.branches.get(slot);
        if (!branch) hd.branches.set(slot, (branch = hdPath(hd.accounts.get(type)!, [change ? 1 : 0])));
        for (; from < to; from++) {
          const saved = this.next.get(slot);
          this.next.set(slot, from);
          const k = this.derive(type, change);
          this.keys.delete(toHex(k.script));
          if (saved === undefined) this.next.delete(slot);
          else this.next.set(slot, saved);
          this.pool.set(toHex(k.script), { ...k, gen });
        }
        this.poolTo.set(slot, to);
      }
    }
    return this.pool.get(hex);
  }

  // ── imported descriptors (watch-only wallets, wallet-watch.ts) ──
  readonly watched: WatchDescriptor[] = [];

  /** importdescriptors: the descriptor's keys over its range become the wallet's; active ones give new addresses. */
  importWatched(d: WatchDescriptor): void {
    const same = this.watched.findIndex((x) => x.desc === d.desc);
    if (same >= 0) this.watched.splice(same, 1);
    if (d.active) for (const x of this.watched) if (x.type === d.type && x.internal === d.internal) x.active = false;
    this.watched.push(d);
    for (let i = d.range[0]; i <= d.range[1]; i++) {
      const k = watchKey(d, i);
      this.keys.set(toHex(k.script), k);
    }
  }

  /** The next key of the active imported descriptor for this type and branch, or undefined. */
  deriveWatched(type: AddrType, change: boolean): KeyInfo | undefined {
    const d = this.watched.find((x) => x.active && x.type === type && x.internal === change);
    if (!d || d.next > d.range[1]) return undefined;
    const k = watchKey(d, d.next++);
    return this.keys.get(toHex(k.script)) ?? k;
  }

  /** The address's own descriptor: `wpkh([fp/84h/1h/0h/0/4]02…)#…` */
  keyDesc(k: KeyInfo): string {
    let d = this.descCache.get(k);
    if (!d) {
      const pub = k.type === 'bech32m' ? toHex(k.pub.subarray(1)) : toHex(k.pub);
      d = descsum(wrap(k.type, `[${this.fingerprintOf(k)}/${this.keyPath(k).slice(2)}]${pub}`));
      this.descCache.set(k, d);
    }
    return d;
  }

  /** getaddressinfo's parent_desc: account xpub with key origin. */
  parentDesc(k: KeyInfo): string {
    if (k.watch) return k.watch.desc;
    const hd = this.seeds[k.gen]!;
    const slot = `${k.type}/${k.change ? 1 : 0}`;
    let d = hd.parentDescCache.get(slot);
    if (!d) hd.parentDescCache.set(slot, (d = descsum(wrap(k.type, `[${hd.fp}/${PURPOSE[k.type]}h/1h/0h]${tpub(hd.accounts.get(k.type)!)}/${k.change ? 1 : 0}/*`))));
    return d;
  }

  /** listunspent/gettransaction parent_descs: master xpub with the full path. */
  parentDescs(k: KeyInfo): string[] {
    if (k.watch) return [k.watch.desc];
    const hd = this.seeds[k.gen]!;
    const slot = `${k.type}/${k.change ? 1 : 0}`;
    let d = hd.parentDescsCache.get(slot);
    if (!d) hd.parentDescsCache.set(slot, (d = [descsum(wrap(k.type, `${tpub(hd.master)}/${PURPOSE[k.type]}h/1h/0h/${k.change ? 1 : 0}/*`))]));
    return d;
  }
}
