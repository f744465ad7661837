// A descriptor wallet as Bitcoin Core v29 keeps it: HD keys (wallet-keys.ts), an address book, the
// wallet's transactions (found by watching blocks and the mempool, and its own sends even when the
// mempool refused them), their conflicts, coin locks (persistent or in memory), encryption
// (wallet-crypt.ts), funding (wallet-funding.ts) and signing.
import { randomBytes } from 'node:crypto';
import { SighashCache, bitcoin, classify, concat, ecc, fromHex, hash160, network, revHex, sigCacheAdd, sighashV0All, toHex } from './bitcoin.js';
import { BlockEntry, Chain, Coin, MempoolEntry, MempoolRemoval, Transaction, Tx, isCoinbase } from './chain.js';
import { WalletCrypt } from './wallet-crypt.js';
import { FundOptions, WalletError, fundTransaction } from './wallet-funding.js';
import { Keychain, type AddrType, type KeyInfo } from './wallet-keys.js';

export interface WalletTx {
  tx: Transaction;
  txid: string;
  timeReceived: number;
  order: number;
  comment?: string;
  to?: string;
  /** bumpfee: the transaction that replaced this one / the one this one replaces (Core's mapValue) */
  replacedBy?: string;
  replaces?: string;
  /** Core's smart time: when first seen, or the block time for txs first seen in a block */
  time: number;
  /** abandoned by the user, or a coinbase whose block left the active chain */
  abandoned: boolean;
  /** mempool transactions that entered after this one and spend one of its inputs (Core's mempool_conflicts) */
  mempoolConflicts: Set<string>;
}

export interface WalletCoin {
  txid: string;
  vout: number;
  value: bigint;
  script: Uint8Array;
  key: KeyInfo;
  confirmations: number;
  coinbase: boolean;
  /** CachedTxIsTrusted: confirmed, or ours in the mempool with trusted parents */
  trusted: boolean;
  /** listunspent's `safe`: trusted, and not a bump replacement (or replaced) still unconfirmed */
  safe: boolean;
}

export interface CoinLock {
  txid: string;
  vout: number;
  /** written to the wallet database: survives unloadwallet/loadwallet and restarts */
  persistent: boolean;
}

const outKey = (txid: string, n: number): string => `${txid}:${n}`;

/** uint256 order (Core's std::set of txids): compares the bytes as stored, i.e. the reversed hex. */
export function txidOrder(a: string, b: string): number {
  for (let i = 62; i >= 0; i -= 2) {
    const x = a.slice(i, i + 2);
    const y = b.slice(i, i + 2);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export class Wallet {
  readonly keychain: Keychain;
  readonly crypt = new WalletCrypt();
  readonly addressBook = new Map<string, string>(); // address -> label
  readonly txs = new Map<string, WalletTx>();
  orderCounter = 0;
  /** outputs that paid this wallet: outpoint -> value/script */
  readonly credits = new Map<string, { value: bigint; script: Uint8Array }>();
  readonly locked = new Map<string, CoinLock>();
  /** outpoint -> wallet txs spending it (Core's mapTxSpends) */
  readonly spenders = new Map<string, Set<string>>();
  birthtime = Math.floor(Date.now() / 1000);

  constructor(
    readonly name: string,
    readonly chain: Chain,
    readonly opts: { disablePrivateKeys?: boolean; blank?: boolean } = {},
    seed?: Uint8Array,
  ) {
    this.keychain = new Keychain(seed);
  }

  get hasKeys(): boolean {
    return !this.opts.disablePrivateKeys && !this.opts.blank;
  }
  get keys(): Map<string, KeyInfo> {
    return this.keychain.keys;
  }
  /** Fingerprint of the current HD seed. */
  get fp(): string {
    return this.keychain.current.fp;
  }
  isLocked(): boolean {
    return this.crypt.locked;
  }

  // ---------------------------------------------------------------------------- keys

  deriveKey(type: AddrType, change: boolean): KeyInfo {
    if (!this.hasKeys) {
      // A watch-only wallet hands out the addresses of its imported descriptors (wallet-watch.ts).
      const watched = this.keychain.deriveWatched(type, change);
      if (watched) return watched;
      throw new WalletError(-4, 'Error: This wallet has no available keys');
    }
    return this.keychain.derive(type, change);
  }

  newAddress(label: string, type: AddrType): string {
    const k = this.deriveKey(type, false);
    this.addressBook.set(k.address, label);
    return k.address;
  }

  keyPath(k: KeyInfo): string {
    return this.keychain.keyPath(k);
  }
  keyDesc(k: KeyInfo): string {
    return this.keychain.keyDesc(k);
  }
  parentDesc(k: KeyInfo): string {
    return this.keychain.parentDesc(k);
  }
  parentDescs(k: KeyInfo): string[] {
    return this.keychain.parentDescs(k);
  }
  isMineScript(script: Uint8Array): KeyInfo | undefined {
    return this.keychain.keys.get(toHex(script));
  }

  /** encryptwallet: passphrase set, locked, and a new HD seed for new addresses (as Core does). */
  encrypt(passphrase: string): void {
    this.crypt.encrypt(passphrase);
    this.keychain.newSeed();
  }

  // ---------------------------------------------------------------------------- coin locks

  isLockedCoin(txid: string, vout: number): boolean {
    return this.locked.has(outKey(txid, vout));
  }
  /** A second lock of a locked coin can only make it persistent (Core's LockCoin with a batch). */
  lockCoin(txid: string, vout: number, persistent: boolean): void {
    const k = outKey(txid, vout);
    const had = this.locked.get(k);
    this.locked.set(k, { txid, vout, persistent: persistent || !!had?.persistent });
  }
  unlockCoin(txid: string, vout: number): void {
    this.locked.delete(outKey(txid, vout));
  }
  unlockAll(): void {
    this.locked.clear();
  }
  /** unloadwallet/loadwallet and a restart keep only the locks written to the database. */
  dropVolatileLocks(): void {
    for (const [k, l] of this.locked) if (!l.persistent) this.locked.delete(k);
  }
  /** listlockunspent order: Core's std::map of outpoints (txid as stored, then index). */
  lockedCoins(): CoinLock[] {
    return [...this.locked.values()].sort((a, b) => txidOrder(a.txid, b.txid) || a.vout - b.vout);
  }

  /** What unloadwallet + loadwallet (or a node restart) does to the wallet's memory. */
  reloaded(): void {
    this.dropVolatileLocks();
    this.crypt.lock();
  }

  // ------------------------------------------------------------------- transaction tracking

  /** Called for every tx the node sees (blocks and mempool); keeps the ones touching this wallet. */
  syncTx(tx: Transaction, txid: string, block?: BlockEntry): WalletTx | undefined {
    let relevant = false;
    for (const inp of tx.ins) if (this.credits.has(outKey(revHex(inp.hash), inp.index))) relevant = true;
    tx.outs.forEach((o, n) => {
      if (this.keychain.keys.has(toHex(o.script))) {
        relevant = true;
        this.credits.set(outKey(txid, n), { value: o.value, script: o.script });
      }
    });
    if (!relevant) return undefined;
    const w = this.txs.get(txid);
    if (w) {
      if (w.abandoned && this.chain.txIndex.has(txid)) w.abandoned = false;
      return w;
    }
    if (!isCoinbase(tx))
      for (const inp of tx.ins) {
        // Core's AddToSpends: a coin the wallet sees spent is unlocked
        const k = outKey(revHex(inp.hash), inp.index);
        let set = this.spenders.get(k);
        if (!set) this.spenders.set(k, (set = new Set()));
        set.add(txid);
        this.locked.delete(k);
      }
    const now = Math.floor(Date.now() / 1000);
    const wtx: WalletTx = {
      tx, txid, timeReceived: now, time: block ? Math.min(block.time, now) : now, order: this.orderCounter++, abandoned: false, mempoolConflicts: new Set(),
    };
    this.txs.set(txid, wtx);
    return wtx;
  }

  /**
   * Core's CommitTransaction: the wallet keeps its own transaction first, then offers it to the
   * mempool; a refusal is not an error (the transaction stays in the wallet, inactive).
   */
  commit(tx: Transaction, fields: Partial<Pick<WalletTx, 'comment' | 'to' | 'replaces'>> = {}): string {
    const txid = tx.getId();
    const wtx = this.syncTx(tx, txid);
    if (wtx) Object.assign(wtx, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
    try {
      this.chain.acceptToMempool(tx, { maxFeeRate: 0n });
    } catch {
      /* like Core: "Transaction cannot be broadcast immediately" is only logged */
    }
    return txid;
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
    // wallet transactions spending the same coins (and their descendants) are now mempool-conflicted
    for (const inp of e.tx.ins)
      for (const s of this.spenders.get(outKey(revHex(inp.hash), inp.index)) ?? [])
        if (s !== e.txid) this.updateWithDescendants(s, (w) => w.mempoolConflicts.add(e.txid));
  }
  onMempoolRemoved(e: MempoolEntry, _reason: MempoolRemoval): void {
    for (const inp of e.tx.ins)
      for (const s of this.spenders.get(outKey(revHex(inp.hash), inp.index)) ?? []) this.updateWithDescendants(s, (w) => w.mempoolConflicts.delete(e.txid));
  }

  private updateWithDescendants(txid: string, f: (w: WalletTx) => void, seen = new Set<string>()): void {
    if (seen.has(txid)) return;
    seen.add(txid);
    const w = this.txs.get(txid);
    if (!w) return;
    f(w);
    w.tx.outs.forEach((_o, n) => {
      for (const c of this.spenders.get(outKey(txid, n)) ?? []) this.updateWithDescendants(c, f, seen);
    });
  }

  /**
   * Core's GetTxDepthInMainChain: >0 confirmed on the active chain; <0 conflicted by a transaction
   * confirmed there (minus the depth of its block; descendants inherit it); 0 otherwise.
   */
  depth(txid: string): number {
    const loc = this.chain.txIndex.get(txid);
    if (loc) return this.chain.height - loc.block.height + 1;
    if (this.chain.mempool.has(txid)) return 0;
    return -this.conflictDepth(txid, new Set());
  }

  private conflictDepth(txid: string, seen: Set<string>): number {
    if (seen.has(txid)) return 0;
    seen.add(txid);
    const w = this.txs.get(txid);
    if (!w || isCoinbase(w.tx)) return 0;
    let d = 0;
    for (const inp of w.tx.ins) {
      const ptxid = revHex(inp.hash);
      const s = this.chain.spentIn.get(outKey(ptxid, inp.index));
      if (s && s.txid !== txid) d = Math.max(d, this.chain.height - s.block.height + 1);
      else if (!s && this.txs.has(ptxid) && !this.chain.txIndex.has(ptxid) && !this.chain.mempool.has(ptxid)) d = Math.max(d, this.conflictDepth(ptxid, seen));
    }
    return d;
  }

  /** Core's IsSpent: spent by a wallet transaction that is not abandoned or conflicted. */
  isSpent(txid: string, vout: number): boolean {
    for (const s of this.spenders.get(outKey(txid, vout)) ?? []) {
      const w = this.txs.get(s);
      if (w && !w.abandoned && w.mempoolConflicts.size === 0 && this.depth(s) >= 0) return true;
    }
    return false;
  }

  debit(tx: Transaction): bigint {
    let d = 0n;
    for (const inp of tx.ins) d += this.credits.get(outKey(revHex(inp.hash), inp.index))?.value ?? 0n;
    return d;
  }
  credit(tx: Transaction): bigint {
    let c = 0n;
    for (const o of tx.outs) if (this.keychain.keys.has(toHex(o.script))) c += o.value;
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

  /**
   * The wallet's unspent outputs (Core's AvailableCoins without the lock filter): from confirmed
   * transactions or ones in the mempool, not spent by a live wallet transaction.
   */
  coins(opts: { minconf?: number; maxconf?: number; includeImmature?: boolean } = {}): WalletCoin[] {
    const out: WalletCoin[] = [];
    for (const [k, cr] of this.credits) {
      const i = k.lastIndexOf(':');
      const txid = k.slice(0, i);
      const vout = Number(k.slice(i + 1));
      const confirmations = this.depth(txid);
      if (confirmations < 0 || (confirmations === 0 && !this.chain.mempool.has(txid))) continue;
      const wtx = this.txs.get(txid);
      if (!wtx) continue;
      const coinbase = isCoinbase(wtx.tx);
      if (coinbase && confirmations < 101 && !opts.includeImmature) continue; // Core: mature at depth 101
      if (opts.minconf !== undefined && confirmations < opts.minconf) continue;
      if (opts.maxconf !== undefined && confirmations > opts.maxconf) continue;
      if (this.isSpent(txid, vout)) continue;
      const key = this.keychain.keys.get(toHex(cr.script))!;
      const trusted = confirmations > 0 || this.isTrusted(txid);
      const safe = trusted && !(confirmations === 0 && (wtx.replaces !== undefined || wtx.replacedBy !== undefined));
      out.push({ txid, vout, value: cr.value, script: cr.script, key, confirmations, coinbase, trusted, safe });
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

  /** An output of one of the wallet's transactions (pre-selected inputs, signing). */
  walletOutput(txid: string, vout: number): { value: bigint; script: Uint8Array } | null {
    const o = this.txs.get(txid)?.tx.outs[vout];
    return o && this.keychain.keys.has(toHex(o.script)) ? { value: o.value, script: o.script } : null;
  }

  /** Prevout of an input: the wallet's record, else the node's UTXO set or mempool. */
  prevout(txid: string, vout: number): { value: bigint; script: Uint8Array } | null {
    const cr = this.credits.get(outKey(txid, vout));
    if (cr) return cr;
    const c = this.chain.getCoin(txid, vout, true) ?? this.chain.getCoin(txid, vout, false);
    return c ? { value: c.value, script: c.script } : null;
  }

  fund(tx: Transaction, o: FundOptions): { fee: bigint; changepos: number } {
    return fundTransaction(this, tx, o);
  }

  insertChange(tx: Transaction, value: bigint, script: Uint8Array | null, type: AddrType, pos: number | undefined): number {
    const s = script ?? this.deriveKey(type, true).script;
    const at = pos ?? Math.floor(Math.random() * (tx.outs.length + 1));
    tx.outs.splice(at, 0, { script: s, value });
    return at;
  }

  /** Core's GetTxConflicts: other wallet txs spending an input of `txid`, in txid order. */
  walletConflicts(tx: Transaction, txid: string): string[] {
    const out = new Set<string>();
    for (const inp of tx.ins) for (const t of this.spenders.get(outKey(revHex(inp.hash), inp.index)) ?? []) if (t !== txid) out.add(t);
    return [...out].sort(txidOrder);
  }

  /**
   * Signs every input the wallet can sign (none while the wallet is locked). Returns per-input
   * errors for the others. With `unspentOnly` (signrawtransactionwithwallet) inputs must be unspent
   * in the chain or mempool.
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
    const canSign = this.hasKeys && !this.isLocked();
    const errors: { index: number; error: string }[] = [];
    const cache: SighashCache = {};
    tx.ins.forEach((inp, i) => {
      const p = prevs[i];
      if (!p) {
        errors.push({ index: i, error: 'Input not found or already spent' });
        return;
      }
      const key = this.keychain.keys.get(toHex(p.script));
      if (!key || !canSign) {
        if (!isInputSigned(inp)) errors.push({ index: i, error: unsignedInputError(p.script) });
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

/** What signrawtransactionwithwallet says of an input left unsigned (Core's script check of it). */
function unsignedInputError(script: Uint8Array): string {
  const t = classify(script);
  if (t === 'witness_v0_keyhash') return 'Witness program hash mismatch';
  if (t === 'witness_v1_taproot') return 'Witness program was passed an empty witness';
  return 'Unable to sign input, invalid stack size (possibly missing key)';
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

export { WalletError, FALLBACK_FEERATE, changeTypeFor, inputWeight, txWeightEstimate } from './wallet-funding.js';
export { ADDR_TYPES } from './wallet-keys.js';
export type { AddrType, KeyInfo } from './wallet-keys.js';
export { Tx, isCoinbase, network };
export type { Coin };
