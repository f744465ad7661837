// A descriptor wallet as Bitcoin Core v29 keeps it: BIP44/49/84/86 HD keys, an address book,
// the wallet's transactions (found by watching blocks and the mempool), coin locks, coin
// selection, fee estimation with the fallback fee, and signing.
import { randomBytes } from 'node:crypto';
import {
  HARDENED, HdKey, SighashCache, addressToScript, sigCacheAdd, sighashV0All, bitcoin, classify, concat, descsum, ecc, fingerprint, fromHex, hash160, hdFromSeed,
  hdPath, network, revHex, scriptAddress, taggedHash, toHex, tpub, varint,
} from './bitcoin.js';
import { BlockEntry, Chain, Coin, MempoolEntry, Transaction, Tx, dustThreshold, isCoinbase } from './chain.js';

export type AddrType = 'legacy' | 'p2sh-segwit' | 'bech32' | 'bech32m';
export const ADDR_TYPES: AddrType[] = ['legacy', 'p2sh-segwit', 'bech32', 'bech32m'];
const PURPOSE: Record<AddrType, number> = { legacy: 44, 'p2sh-segwit': 49, bech32: 84, bech32m: 86 };

export interface KeyInfo {
  type: AddrType;
  change: boolean;
  index: number;
  priv: Uint8Array;
  pub: Uint8Array;
  script: Uint8Array;
  address: string;
  redeem?: Uint8Array;
  /** taproot: the tweaked private key and the x-only output key */
  tweakedPriv?: Uint8Array;
  outputKey?: Uint8Array;
}

export interface WalletTx {
  tx: Transaction;
  txid: string;
  timeReceived: number;
  order: number;
  comment?: string;
  to?: string;
  /** Core's smart time: when first seen, or the block time for txs first seen in a block */
  time: number;
  /** set when the coinbase's block left the active chain */
  abandoned: boolean;
}

export interface WalletCoin {
  txid: string;
  vout: number;
  value: bigint;
  script: Uint8Array;
  key: KeyInfo;
  confirmations: number;
  coinbase: boolean;
  trusted: boolean;
}

export class WalletError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const outKey = (txid: string, n: number): string => `${txid}:${n}`;
export const FALLBACK_FEERATE = 10_000n; // sat/kvB (-fallbackfee=0.0001)
const SEQ_RBF = 0xfffffffd;

export class Wallet {
  readonly master: HdKey;
  readonly fp: string;
  private readonly accounts = new Map<AddrType, HdKey>();
  readonly next = new Map<string, number>();
  private readonly branches = new Map<string, HdKey>();
  private readonly descCache = new Map<KeyInfo, string>();
  private readonly parentDescsCache = new Map<string, string[]>();
  private readonly parentDescCache = new Map<string, string>();
  readonly keys = new Map<string, KeyInfo>(); // by scriptPubKey hex
  readonly addressBook = new Map<string, string>(); // address -> label
  readonly txs = new Map<string, WalletTx>();
  orderCounter = 0;
  /** outputs that paid this wallet: outpoint -> value/script */
  readonly credits = new Map<string, { value: bigint; script: Uint8Array }>();
  readonly locked = new Map<string, { txid: string; vout: number }>();
  /** outpoint -> wallet txs spending it (to report walletconflicts) */
  readonly spenders = new Map<string, Set<string>>();
  birthtime = Math.floor(Date.now() / 1000);
  readonly seed: Uint8Array;

  constructor(
    readonly name: string,
    readonly chain: Chain,
    readonly opts: { disablePrivateKeys?: boolean; blank?: boolean } = {},
    seed?: Uint8Array,
  ) {
    this.seed = seed ?? randomBytes(32);
    this.master = hdFromSeed(this.seed);
    this.fp = fingerprint(this.master).toString(16).padStart(8, '0');
    for (const t of ADDR_TYPES) this.accounts.set(t, hdPath(this.master, [PURPOSE[t] + HARDENED, 1 + HARDENED, HARDENED]));
  }

  get hasKeys(): boolean {
    return !this.opts.disablePrivateKeys && !this.opts.blank;
  }

  // ---------------------------------------------------------------------------- keys

  deriveKey(type: AddrType, change: boolean): KeyInfo {
    if (!this.hasKeys) throw new WalletError(-4, 'Error: This wallet has no available keys');
    const slot = `${type}/${change ? 1 : 0}`;
    const index = this.next.get(slot) ?? 0;
    this.next.set(slot, index + 1);
    let branch = this.branches.get(slot);
    if (!branch) this.branches.set(slot, (branch = hdPath(this.accounts.get(type)!, [change ? 1 : 0])));
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
    const info: KeyInfo = { type, change, index, priv: k.priv, pub, script, address: scriptAddress(script)!, redeem, tweakedPriv, outputKey };
    this.keys.set(toHex(script), info);
    return info;
  }

  newAddress(label: string, type: AddrType): string {
    const k = this.deriveKey(type, false);
    this.addressBook.set(k.address, label);
    return k.address;
  }

  keyPath(k: KeyInfo): string {
    return `m/${PURPOSE[k.type]}h/1h/0h/${k.change ? 1 : 0}/${k.index}`;
  }

  private wrap(type: AddrType, inner: string): string {
    if (type === 'legacy') return `pkh(${inner})`;
    if (type === 'bech32') return `wpkh(${inner})`;
    if (type === 'p2sh-segwit') return `sh(wpkh(${inner}))`;
    return `tr(${inner})`;
  }

  /** The address's own descriptor: `wpkh([fp/84h/1h/0h/0/4]02…)#…` */
  keyDesc(k: KeyInfo): string {
    const hit = this.descCache.get(k);
    if (hit) return hit;
    const d = this.keyDescUncached(k);
    this.descCache.set(k, d);
    return d;
  }

  private keyDescUncached(k: KeyInfo): string {
    const pub = k.type === 'bech32m' ? toHex(k.pub.subarray(1)) : toHex(k.pub);
    return descsum(this.wrap(k.type, `[${this.fp}/${PURPOSE[k.type]}h/1h/0h/${k.change ? 1 : 0}/${k.index}]${pub}`));
  }

  /** getaddressinfo's parent_desc: account xpub with key origin. */
  parentDesc(k: KeyInfo): string {
    const slot = `${k.type}/${k.change ? 1 : 0}`;
    const hit = this.parentDescCache.get(slot);
    if (hit) return hit;
    const d = descsum(this.wrap(k.type, `[${this.fp}/${PURPOSE[k.type]}h/1h/0h]${tpub(this.accounts.get(k.type)!)}/${k.change ? 1 : 0}/*`));
    this.parentDescCache.set(slot, d);
    return d;
  }

  /** listunspent/gettransaction parent_descs: master xpub with the full path. */
  parentDescs(k: KeyInfo): string[] {
    const slot = `${k.type}/${k.change ? 1 : 0}`;
    let d = this.parentDescsCache.get(slot);
    if (!d) this.parentDescsCache.set(slot, (d = [descsum(this.wrap(k.type, `${tpub(this.master)}/${PURPOSE[k.type]}h/1h/0h/${k.change ? 1 : 0}/*`))]));
    return d;
  }

  isMineScript(script: Uint8Array): KeyInfo | undefined {
    return this.keys.get(toHex(script));
  }

  // ------------------------------------------------------------------- transaction tracking

  /** Called for every tx the node sees (blocks and mempool); keeps the ones touching this wallet. */
  syncTx(tx: Transaction, txid: string, block?: BlockEntry): void {
    let relevant = false;
    for (const inp of tx.ins) if (this.credits.has(outKey(revHex(inp.hash), inp.index))) relevant = true;
    tx.outs.forEach((o, n) => {
      if (this.keys.has(toHex(o.script))) {
        relevant = true;
        this.credits.set(outKey(txid, n), { value: o.value, script: o.script });
      }
    });
    if (!relevant) return;
    if (!isCoinbase(tx)) for (const inp of tx.ins) {
      const k = outKey(revHex(inp.hash), inp.index);
      let set = this.spenders.get(k);
      if (!set) this.spenders.set(k, (set = new Set()));
      set.add(txid);
    }
    const w = this.txs.get(txid);
    if (w) {
      if (w.abandoned && this.chain.txIndex.has(txid)) w.abandoned = false;
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    this.txs.set(txid, { tx, txid, timeReceived: now, time: block ? Math.min(block.time, now) : now, order: this.orderCounter++, abandoned: false });
  }

  onBlockConnected(b: BlockEntry): void {
    b.txs.forEach((t, i) => this.syncTx(t, b.txids[i]!, b));
  }
  onBlockDisconnected(b: BlockEntry): void {
    const cb = this.txs.get(b.txids[0]!);
    if (cb) cb.abandoned = true;
  }
  onMempoolTx(e: MempoolEntry): void {
    this.syncTx(e.tx, e.txid);
  }

  /** Wallet-tx depth: >0 confirmed on the active chain, 0 mempool or nowhere. */
  depth(txid: string): number {
    const loc = this.chain.txIndex.get(txid);
    return loc ? this.chain.height - loc.block.height + 1 : 0;
  }

  debit(tx: Transaction): bigint {
    let d = 0n;
    for (const inp of tx.ins) d += this.credits.get(outKey(revHex(inp.hash), inp.index))?.value ?? 0n;
    return d;
  }
  credit(tx: Transaction): bigint {
    let c = 0n;
    for (const o of tx.outs) if (this.keys.has(toHex(o.script))) c += o.value;
    return c;
  }
  isFromMe(tx: Transaction): boolean {
    return tx.ins.some((inp) => this.credits.has(outKey(revHex(inp.hash), inp.index)));
  }

  /** Core's CachedTxIsTrusted: confirmed, or in the mempool, from me, with trusted parents. */
  isTrusted(txid: string, seen = new Set<string>()): boolean {
    if (this.depth(txid) > 0) return true;
    const w = this.txs.get(txid);
    if (!w || !this.chain.mempool.has(txid)) return false;
    if (!w.tx.ins.every((inp) => this.credits.has(outKey(revHex(inp.hash), inp.index)))) return false;
    for (const inp of w.tx.ins) {
      const p = revHex(inp.hash);
      if (seen.has(p)) continue;
      seen.add(p);
      if (!this.isTrusted(p, seen)) return false;
    }
    return true;
  }

  /** Every unspent output of the wallet (spent also counts when spent by a mempool tx). */
  coins(opts: { minconf?: number; maxconf?: number; includeImmature?: boolean } = {}): WalletCoin[] {
    const out: WalletCoin[] = [];
    for (const [k, cr] of this.credits) {
      const i = k.lastIndexOf(':');
      const txid = k.slice(0, i);
      const vout = Number(k.slice(i + 1));
      const c = this.chain.getCoin(txid, vout, true);
      if (!c) continue;
      const key = this.keys.get(toHex(cr.script))!;
      const confirmations = c.mempool ? 0 : this.chain.height - c.height + 1;
      if (c.coinbase && confirmations < 101 && !opts.includeImmature) continue; // Core: mature at depth 101
      if (opts.minconf !== undefined && confirmations < opts.minconf) continue;
      if (opts.maxconf !== undefined && confirmations > opts.maxconf) continue;
      out.push({ txid, vout, value: c.value, script: c.script, key, confirmations, coinbase: c.coinbase, trusted: confirmations > 0 || this.isTrusted(txid) });
    }
    return out;
  }

  balances(): { trusted: bigint; untrusted: bigint; immature: bigint } {
    let trusted = 0n;
    let untrusted = 0n;
    let immature = 0n;
    for (const c of this.coins({ includeImmature: true })) {
      if (c.coinbase && c.confirmations < 101) immature += c.value;
      else if (c.trusted) trusted += c.value;
      else untrusted += c.value;
    }
    return { trusted, untrusted, immature };
  }

  // -------------------------------------------------------------------------- building txs

  changeTypeFor(outputs: Uint8Array[]): AddrType {
    const types = outputs.map(classify);
    if (types.includes('witness_v1_taproot')) return 'bech32m';
    if (types.includes('witness_v0_keyhash')) return 'bech32';
    if (types.includes('scripthash')) return 'p2sh-segwit';
    if (types.includes('pubkeyhash')) return 'legacy';
    return 'bech32';
  }

  /** Prevout of an input: the wallet's record, else the node's UTXO set or mempool. */
  prevout(txid: string, vout: number): { value: bigint; script: Uint8Array } | null {
    const cr = this.credits.get(outKey(txid, vout));
    if (cr) return cr;
    const c = this.chain.getCoin(txid, vout, true) ?? this.chain.getCoin(txid, vout, false);
    return c ? { value: c.value, script: c.script } : null;
  }

  /**
   * Adds inputs and a change output so that the tx pays `feeRate` (sat/kvB). Returns the fee and
   * the change position (-1 without change). Throws WalletError(-4, 'Insufficient funds').
   */
  fund(
    tx: Transaction,
    o: { feeRate: bigint; changePosition?: number; lockUnspents?: boolean; subtractFeeFrom?: number[]; changeType?: AddrType; changeAddress?: string; addInputs?: boolean; minconf?: number },
  ): { fee: bigint; changepos: number } {
    const presetValue = tx.ins.reduce((s, inp) => {
      const p = this.prevout(revHex(inp.hash), inp.index);
      if (!p) throw new WalletError(-4, 'Unable to find UTXO for external input');
      return s + p.value;
    }, 0n);
    const outValue = tx.outs.reduce((s, x) => s + x.value, 0n);
    const used = new Set(tx.ins.map((inp) => outKey(revHex(inp.hash), inp.index)));
    const candidates = o.addInputs === false
      ? []
      : this.coins({ minconf: o.minconf ?? 0 })
          .filter((c) => c.trusted && !this.locked.has(outKey(c.txid, c.vout)) && !used.has(outKey(c.txid, c.vout)))
          .sort((a, b) => (b.value > a.value ? 1 : b.value < a.value ? -1 : 0));
    const changeScript = o.changeAddress ? addressToScript(o.changeAddress)! : null;
    const changeType = o.changeType ?? this.changeTypeFor(tx.outs.map((x) => x.script));
    const changeOutSize = changeScript ? 8 + 1 + changeScript.length : changeOutputSize(changeType);
    const sffo = o.subtractFeeFrom ?? [];
    // weight of what is fixed, then add inputs one at a time
    let weight = txWeightEstimate(tx, (i) => this.prevout(revHex(tx.ins[i]!.hash), tx.ins[i]!.index)?.script ?? null);
    let hasWitness = tx.ins.some((inp) => {
      const p = this.prevout(revHex(inp.hash), inp.index);
      return p ? classify(p.script) !== 'pubkeyhash' : false;
    });
    let inValue = presetValue;
    const chosen: WalletCoin[] = [];
    const feeFor = (w: number, wit: boolean): bigint => {
      const vsize = Math.ceil((w + (wit ? 2 : 0)) / 4);
      return (o.feeRate * BigInt(vsize) + 999n) / 1000n;
    };
    const nInBefore = tx.ins.length;
    const addWeight = (c: WalletCoin, count: number): number =>
      inputWeight(c.script) + (varint(nInBefore + count).length - varint(nInBefore + count - 1).length) * 4;
    const covered = (): boolean => {
      const fee = feeFor(weight, hasWitness);
      const need = sffo.length ? outValue : outValue + fee;
      return inValue >= need && tx.ins.length + chosen.length > 0;
    };
    // Like Core: confirmed coins first, then trusted unconfirmed ones. Within a tier, the smallest
    // single coin that pays everything including a change output (Knapsack's "lowest larger"),
    // otherwise the largest coins until the target is reached.
    const tiers = [candidates.filter((c) => c.confirmations > 0), candidates.filter((c) => c.confirmations === 0)];
    const take = (c: WalletCoin): void => {
      chosen.push(c);
      inValue += c.value;
      weight += addWeight(c, chosen.length);
      if (classify(c.script) !== 'pubkeyhash') hasWitness = true;
    };
    if (!covered()) {
      let done = false;
      for (let t = 0; t < tiers.length && !done; t++) {
        const tier = tiers[t]!;
        let best: WalletCoin | null = null;
        for (const c of tier) {
          const w2 = weight + addWeight(c, chosen.length + 1) + changeOutSize * 4;
          const fee = feeFor(w2, hasWitness || classify(c.script) !== 'pubkeyhash');
          const need = (sffo.length ? outValue : outValue + fee) - inValue + 1000n;
          if (c.value >= need && (!best || c.value < best.value)) best = c;
        }
        if (best) {
          take(best);
          done = covered();
          if (done) break;
        }
        for (const c of tier) {
          if (chosen.includes(c)) continue;
          take(c);
          if (covered()) {
            done = true;
            break;
          }
        }
      }
      if (!done) throw new WalletError(-4, 'Insufficient funds');
    }
    if (weight > 400_000)
      throw new WalletError(-4, "The inputs size exceeds the maximum weight. Please try sending a smaller amount or manually consolidating your wallet's UTXOs");
    for (const c of chosen) tx.addInput(fromHex(c.txid).reverse(), c.vout, SEQ_RBF);
    const feeNoChange = feeFor(weight, hasWitness);
    const feeWithChange = feeFor(weight + changeOutSize * 4, hasWitness);
    let changepos = -1;
    let fee: bigint;
    if (sffo.length) {
      // the recipients pay the fee, split evenly, the first one the remainder
      const surplus = inValue - outValue;
      const withChange = surplus - 0n;
      const cscript = changeScript ?? null;
      let useChange = false;
      if (withChange > 0n) {
        const dust = dustThreshold(cscript ?? fromHex(changeType === 'legacy' ? '76a914' + '00'.repeat(20) + '88ac' : '0014' + '00'.repeat(20)));
        useChange = withChange >= dust;
      }
      fee = useChange ? feeWithChange : feeNoChange;
      const share = fee / BigInt(sffo.length);
      let rem = fee - share * BigInt(sffo.length);
      for (const idx of sffo) {
        const out = tx.outs[idx]!;
        out.value -= share + rem;
        rem = 0n;
        if (out.value < dustThreshold(out.script)) throw new WalletError(-4, 'The transaction amount is too small to pay the fee');
      }
      if (useChange) changepos = this.insertChange(tx, withChange, changeScript, changeType, o.changePosition);
    } else {
      const change = inValue - outValue - feeWithChange;
      const probe = changeScript ?? (changeType === 'legacy' ? fromHex('76a914' + '00'.repeat(20) + '88ac') : changeType === 'p2sh-segwit' ? fromHex('a914' + '00'.repeat(20) + '87') : changeType === 'bech32m' ? fromHex('5120' + '00'.repeat(32)) : fromHex('0014' + '00'.repeat(20)));
      if (change >= dustThreshold(probe) && change > 0n) {
        fee = feeWithChange;
        changepos = this.insertChange(tx, change, changeScript, changeType, o.changePosition);
      } else fee = inValue - outValue;
    }
    if (o.lockUnspents) for (const inp of tx.ins) this.locked.set(outKey(revHex(inp.hash), inp.index), { txid: revHex(inp.hash), vout: inp.index });
    return { fee, changepos };
  }

  private insertChange(tx: Transaction, value: bigint, script: Uint8Array | null, type: AddrType, pos: number | undefined): number {
    const s = script ?? this.deriveKey(type, true).script;
    const at = pos ?? Math.floor(Math.random() * (tx.outs.length + 1));
    tx.outs.splice(at, 0, { script: s, value });
    return at;
  }

  /** Other wallet txs spending an input of `txid`. */
  walletConflicts(tx: Transaction, txid: string): string[] {
    const out = new Set<string>();
    for (const inp of tx.ins) for (const t of this.spenders.get(outKey(revHex(inp.hash), inp.index)) ?? []) if (t !== txid) out.add(t);
    return [...out];
  }

  /**
   * Signs every input the wallet can sign. Returns per-input errors for the others. With
   * `unspentOnly` (signrawtransactionwithwallet) inputs must be unspent in the chain or mempool.
   */
  sign(tx: Transaction, extraPrevouts: Map<string, { value: bigint; script: Uint8Array }> = new Map(), unspentOnly = false): { complete: boolean; errors: { index: number; error: string }[] } {
    const prevs = tx.ins.map((inp) => {
      const k = outKey(revHex(inp.hash), inp.index);
      const extra = extraPrevouts.get(k);
      if (extra) return extra;
      if (unspentOnly) {
        const c = this.chain.getCoin(revHex(inp.hash), inp.index, false);
        // an output spent only by a mempool tx can still be signed for (a replacement)
        return c ? { value: c.value, script: c.script } : this.chain.getCoin(revHex(inp.hash), inp.index, true);
      }
      return this.prevout(revHex(inp.hash), inp.index);
    });
    const errors: { index: number; error: string }[] = [];
    const cache: SighashCache = {};
    tx.ins.forEach((inp, i) => {
      const p = prevs[i];
      if (!p) {
        errors.push({ index: i, error: 'Input not found or already spent' });
        return;
      }
      const key = this.keys.get(toHex(p.script));
      if (!key || !this.hasKeys) {
        if (!isInputSigned(inp)) errors.push({ index: i, error: classify(p.script) === 'witness_v0_keyhash' || classify(p.script) === 'witness_v1_taproot' ? 'Witness program was passed an empty witness' : 'Operation not valid with the current stack size' });
        return;
      }
      if (key.type === 'bech32m') {
        if (prevs.some((x) => !x)) {
          errors.push({ index: i, error: 'Input not found or already spent' });
          return;
        }
        const h = tx.hashForWitnessV1(i, prevs.map((x) => x!.script), prevs.map((x) => x!.value), 0);
        tx.setWitness(i, [ecc.signSchnorr(h, key.tweakedPriv!, randomBytes(32))]);
        return;
      }
      const scriptCode = concat(fromHex('76a914'), hash160(key.pub), fromHex('88ac'));
      if (key.type === 'legacy') {
        const sig = signLowR(tx.hashForSignature(i, p.script, 1), key.priv, key.pub);
        inp.script = bitcoin.script.compile([sig, key.pub]);
        return;
      }
      const sig = signLowR(sighashV0All(tx, cache, i, scriptCode, p.value), key.priv, key.pub);
      tx.setWitness(i, [sig, key.pub]);
      if (key.type === 'p2sh-segwit') inp.script = bitcoin.script.compile([key.redeem!]);
    });
    return { complete: errors.length === 0, errors };
  }
}

function isInputSigned(inp: Transaction['ins'][number]): boolean {
  return inp.script.length > 0 || inp.witness.length > 0;
}

/** ECDSA with low-R grinding, as Core does (71-byte signatures). */
export function signLowR(hash: Uint8Array, priv: Uint8Array, pub?: Uint8Array): Uint8Array {
  let sig = ecc.sign(hash, priv);
  for (let counter = 1; sig[0]! >= 0x80; counter++) {
    const extra = new Uint8Array(32);
    new DataView(extra.buffer).setUint32(0, counter, true);
    sig = ecc.sign(hash, priv, extra);
  }
  if (pub) sigCacheAdd(hash, pub, sig);
  return bitcoin.script.signature.encode(sig, 1);
}

/** Weight added by one input spending `script`, with Core's dummy signature sizes (71-byte ECDSA). */
export function inputWeight(script: Uint8Array): number {
  const t = classify(script);
  const base = 32 + 4 + 4;
  if (t === 'pubkeyhash') return (base + 1 + 107) * 4; // push(71) push(33)
  if (t === 'witness_v0_keyhash') return (base + 1) * 4 + 1 + 1 + 71 + 1 + 33;
  if (t === 'scripthash') return (base + 1 + 23) * 4 + 1 + 1 + 71 + 1 + 33;
  if (t === 'witness_v1_taproot') return (base + 1) * 4 + 1 + 1 + 64;
  return (base + 1 + 107) * 4;
}

function changeOutputSize(type: AddrType): number {
  return 8 + 1 + (type === 'legacy' ? 25 : type === 'p2sh-segwit' ? 23 : type === 'bech32m' ? 34 : 22);
}

/** Weight of tx with its existing inputs signed by dummies (no witness marker: added by the caller). */
export function txWeightEstimate(tx: Transaction, prevScript: (i: number) => Uint8Array | null): number {
  let base = 4 + 4 + varint(tx.ins.length).length + varint(tx.outs.length).length;
  for (const o of tx.outs) base += 8 + varint(o.script.length).length + o.script.length;
  let w = base * 4;
  tx.ins.forEach((_inp, i) => {
    const s = prevScript(i);
    w += s ? inputWeight(s) : (32 + 4 + 4 + 1 + 107) * 4;
  });
  return w;
}

export { Tx, isCoinbase, network };
export type { Coin };
