// Wallet RPCs (served on /wallet/<name>, or on / when exactly one wallet is loaded).
import { addressToScript, classify, revHex, scriptAddress, toHex } from './bitcoin.js';
import { BlockEntry, Transaction, Tx, isCoinbase } from './chain.js';
import { feeEstimateMode, kindOf, parseFundingOptions, subtractFeeFrom, walletFeeRate } from './fund-options.js';
import { amt, JsonNum, JsonValue } from './json.js';
import { addressError, decodeTx, decodeTxLenient, hashParam } from './methods-chain.js';
import { MethodContext, MethodDef, RpcError, parseAmount } from './rpc.js';
import { NodeState } from './state.js';
import { txJson } from './txjson.js';
import { ADDR_TYPES, Wallet, WalletError, txidOrder, type AddrType, type WalletTx } from './wallet.js';
import { FundOptions } from './wallet-funding.js';

const NO_WALLET =
  'No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)';
const MULTI_WALLET =
  'Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.';
const NOT_LOADED = 'Requested wallet does not exist or is not loaded';

/** Core's anti-fee-sniping: the tip height, one time in ten up to 99 blocks lower. */
export function antiFeeSnipingLocktime(height: number): number {
  return Math.random() < 0.1 ? Math.max(0, height - Math.floor(Math.random() * 100)) : height;
}

export function walletFor(S: NodeState, ctx: MethodContext): Wallet {
  if (ctx.walletPath !== null) {
    const w = S.loaded.get(ctx.walletPath);
    if (!w) throw new RpcError(-18, NOT_LOADED);
    return w;
  }
  if (S.loaded.size === 1) return [...S.loaded.values()][0]!;
  if (S.loaded.size === 0) throw new RpcError(-18, NO_WALLET);
  throw new RpcError(-19, MULTI_WALLET);
}

export const LOCKED_WALLET = 'Error: Please enter the wallet passphrase with walletpassphrase first.';

/** Core's EnsureWalletIsUnlocked. */
export function ensureUnlocked(w: Wallet): void {
  if (w.isLocked()) throw new RpcError(-13, LOCKED_WALLET);
}

/** Wallet funding errors as an RPC answers them (-4, or -6 for sendtoaddress/sendmany). */
export function fundOrThrow(w: Wallet, tx: Transaction, o: FundOptions, code = -4): { fee: bigint; changepos: number } {
  try {
    return w.fund(tx, o);
  } catch (e) {
    if (e instanceof WalletError) throw new RpcError(code, e.message);
    throw e;
  }
}

export function walletMethods(S: NodeState): Record<string, MethodDef> {
  const C = S.chain;
  const W = (ctx: MethodContext): Wallet => walletFor(S, ctx);
  const lastProcessed = (): Record<string, unknown> => ({ hash: C.tip.hash, height: C.height });

  const rbfStatus = (w: Wallet, txid: string): string => {
    if (w.depth(txid) > 0) return 'no';
    const own = w.txs.get(txid)?.tx;
    if (own && own.ins.some((i) => i.sequence < 0xfffffffe)) return 'yes'; // signals BIP125 itself
    const e = C.mempool.get(txid);
    if (!e) return 'unknown';
    const all = [e, ...[...C.ancestors(txid)].map((a) => C.mempool.get(a)!)];
    return all.some((x) => x.tx.ins.some((i) => i.sequence < 0xfffffffe)) ? 'yes' : 'no';
  };

  const txFields = (w: Wallet, wtx: WalletTx): Record<string, unknown> => {
    const depth = w.depth(wtx.txid);
    const o: Record<string, unknown> = { confirmations: depth };
    if (isCoinbase(wtx.tx)) o.generated = true;
    if (depth > 0) {
      const loc = C.txIndex.get(wtx.txid)!;
      o.blockhash = loc.block.hash;
      o.blockheight = loc.block.height;
      o.blockindex = loc.index;
      o.blocktime = loc.block.time;
    } else o.trusted = w.isTrusted(wtx.txid);
    o.txid = wtx.txid;
    o.wtxid = revHex(wtx.tx.getHash(true));
    o.walletconflicts = w.walletConflicts(wtx.tx, wtx.txid);
    o.mempoolconflicts = [...wtx.mempoolConflicts].sort(txidOrder);
    o.time = wtx.time;
    o.timereceived = wtx.timeReceived;
    o['bip125-replaceable'] = rbfStatus(w, wtx.txid);
    // Core's mapValue, in its (sorted) key order
    if (wtx.comment !== undefined) o.comment = wtx.comment;
    if (wtx.replacedBy !== undefined) o.replaced_by_txid = wtx.replacedBy;
    if (wtx.replaces !== undefined) o.replaces_txid = wtx.replaces;
    if (wtx.to !== undefined) o.to = wtx.to;
    return o;
  };

  /** Core's ListTransactions: send entries, then receive entries. */
  const entries = (w: Wallet, wtx: WalletTx, long: boolean, includeChange: boolean, filterLabel?: string): Record<string, unknown>[] => {
    const tx = wtx.tx;
    const debit = w.debit(tx);
    const fromMe = debit > 0n;
    const outSum = tx.outs.reduce((s, x) => s + x.value, 0n);
    const fee = fromMe ? debit - outSum : 0n;
    const ret: Record<string, unknown>[] = [];
    const fields = long ? txFields(w, wtx) : {};
    const outs = tx.outs.map((o, n) => {
      const key = w.isMineScript(o.script);
      const address = scriptAddress(o.script);
      const inBook = address !== undefined && w.addressBook.has(address);
      const isChange = !!key && !inBook;
      return { o, n, key, address, inBook, isChange };
    });
    if (fromMe && filterLabel === undefined)
      for (const x of outs) {
        if (x.isChange && !includeChange) continue;
        ret.push({
          address: x.address,
          category: 'send',
          amount: amt(-x.o.value),
          label: x.inBook ? w.addressBook.get(x.address!) : undefined,
          vout: x.n,
          fee: amt(-fee),
          ...fields,
          abandoned: wtx.abandoned,
        });
      }
    for (const x of outs) {
      if (!x.key) continue;
      if (fromMe && x.isChange && !includeChange) continue;
      const label = x.inBook ? w.addressBook.get(x.address!) : undefined;
      if (filterLabel !== undefined && label !== filterLabel) continue;
      let category = 'receive';
      if (isCoinbase(tx)) {
        const d = w.depth(wtx.txid);
        category = d < 1 ? 'orphan' : d < 101 ? 'immature' : 'generate';
      }
      ret.push({
        address: x.address,
        parent_descs: w.parentDescs(x.key),
        category,
        amount: amt(x.o.value),
        label,
        vout: x.n,
        abandoned: wtx.abandoned,
        ...fields,
      });
    }
    return ret;
  };


  /** Core's SendMoney (sendtoaddress, sendmany): unlocked wallet, fund (-6 on failure), sign, commit. */
  const sendMoney = (
    w: Wallet,
    tx: Transaction,
    mode: { feeRate?: bigint; confTarget?: number },
    o: { sffo: number[]; rbf?: boolean; comment?: string; to?: string },
  ): { txid: string; reason: string } => {
    ensureUnlocked(w);
    if (w.opts.disablePrivateKeys) throw new RpcError(-4, 'Error: Private keys are disabled for this wallet');
    const est = walletFeeRate(C, mode.confTarget);
    const feeRate = mode.feeRate ?? est.feeRate;
    fundOrThrow(w, tx, { feeRate, explicitFeeRate: mode.feeRate !== undefined, subtractFeeFrom: o.sffo, rbf: o.rbf }, -6);
    w.sign(tx);
    const txid = w.commit(tx, { comment: o.comment || undefined, to: o.to || undefined });
    return { txid, reason: mode.feeRate !== undefined ? 'PayTxFee set' : est.reason };
  };

  const newAddr = (w: Wallet, label: string, typeRaw: string | undefined, change: boolean): string => {
    const type = (typeRaw ?? 'bech32') as AddrType;
    if (!ADDR_TYPES.includes(type)) throw new RpcError(-5, `Unknown address type '${typeRaw}'`);
    try {
      if (change) return w.deriveKey(type, true).address;
      return w.newAddress(label, type);
    } catch (e) {
      if (e instanceof WalletError) throw new RpcError(e.code, e.message);
      throw e;
    }
  };

  const walletPath = (name: string): string => `${S.dataDir}/regtest/wallets/${name}`;

  const rescan = (w: Wallet): void => {
    w.reloaded();
    for (const b of C.active) b.txs.forEach((t, i) => w.syncTx(t, b.txids[i]!, b));
    for (const e of C.mempool.values()) w.syncTx(e.tx, e.txid);
  };

  return {
    listwallets: { args: [], run: () => [...S.loaded.keys()] },
    listwalletdir: { args: [], run: () => ({ wallets: [...S.walletDir.keys()].map((name) => ({ name })) }) },
    createwallet: {
      args: [
        { name: 'wallet_name', type: 'str', required: true }, { name: 'disable_private_keys', type: 'bool' }, { name: 'blank', type: 'bool' },
        { name: 'passphrase', type: 'str' }, { name: 'avoid_reuse', type: 'bool' }, { name: 'descriptors', type: 'bool' },
        { name: 'load_on_startup', type: 'bool' }, { name: 'external_signer', type: 'bool' },
      ],
      run: (p) => {
        const name = p.str(0);
        if (S.walletDir.has(name))
          throw new RpcError(-4, `Wallet file verification failed. Failed to create database path '${walletPath(name)}'. Database already exists.`);
        if (p.has(5) && !p.bool(5)) throw new RpcError(-4, 'descriptors argument must be set to "true"; it is no longer possible to create a legacy wallet.');
        const passphrase = p.has(3) ? p.str(3) : undefined;
        if (passphrase && p.bool(1, false))
          throw new RpcError(-4, 'Passphrase provided but private keys are disabled. A passphrase is only used to encrypt private keys, so cannot be used for wallets with private keys disabled.');
        const w = new Wallet(name, C, { disablePrivateKeys: p.bool(1, false), blank: p.bool(2, false) });
        S.addWallet(w);
        rescan(w);
        // created encrypted: the keys come from the seed made after encryption, and it starts locked
        if (passphrase) w.crypt.encrypt(passphrase);
        return { name, warnings: passphrase === '' ? ['Empty string given as passphrase, wallet will not be encrypted.'] : undefined };
      },
    },
    loadwallet: {
      args: [{ name: 'filename', type: 'str', required: true }, { name: 'load_on_startup', type: 'bool' }],
      run: (p) => {
        const name = p.str(0);
        if (S.loaded.has(name)) throw new RpcError(-35, `Wallet "${name}" is already loaded.`);
        const w = S.walletDir.get(name);
        if (!w) throw new RpcError(-18, `Wallet file verification failed. Failed to load database path '${walletPath(name)}'. Path does not exist.`);
        S.load(w);
        rescan(w);
        return { name };
      },
    },
    unloadwallet: {
      args: [{ name: 'wallet_name', type: 'str' }, { name: 'load_on_startup', type: 'bool' }],
      run: (p, ctx) => {
        let name: string;
        if (ctx.walletPath !== null) {
          if (p.has(0) && p.str(0) !== ctx.walletPath) throw new RpcError(-8, 'RPC endpoint wallet and wallet_name parameter specify different wallets');
          name = ctx.walletPath;
        } else name = p.str(0);
        const w = S.loaded.get(name);
        if (!w) throw new RpcError(-18, NOT_LOADED);
        S.unload(w);
        return {};
      },
    },
    getwalletinfo: {
      args: [],
      wallet: true,
      run: (_p, ctx) => {
        const w = W(ctx);
        const b = w.balances();
        return {
          walletname: w.name,
          walletversion: 169900,
          format: 'sqlite',
          balance: amt(b.trusted),
          unconfirmed_balance: amt(b.untrusted),
          immature_balance: amt(b.immature),
          txcount: w.txs.size,
          keypoolsize: w.hasKeys ? 4000 : 0,
          keypoolsize_hd_internal: w.hasKeys ? 4000 : 0,
          unlocked_until: w.crypt.encrypted ? w.crypt.unlockedUntil : undefined,
          paytxfee: amt(0),
          private_keys_enabled: !w.opts.disablePrivateKeys,
          avoid_reuse: false,
          scanning: false,
          descriptors: true,
          external_signer: false,
          blank: !!w.opts.blank,
          birthtime: w.hasKeys ? w.birthtime : undefined,
          lastprocessedblock: lastProcessed(),
        };
      },
    },
    getnewaddress: {
      args: [{ name: 'label', type: 'str' }, { name: 'address_type', type: 'str' }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const label = p.str(0, '');
        if (label === '*') throw new RpcError(-11, 'Invalid label name');
        return newAddr(w, label, p.has(1) ? p.str(1) : undefined, false);
      },
    },
    getrawchangeaddress: {
      args: [{ name: 'address_type', type: 'str' }],
      wallet: true,
      run: (p, ctx) => newAddr(W(ctx), '', p.has(0) ? p.str(0) : undefined, true),
    },
    getaddressinfo: {
      args: [{ name: 'address', type: 'str', required: true }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const a = p.str(0);
        const script = addressToScript(a);
        if (!script) throw new RpcError(-5, addressError(a).error);
        const key = w.isMineScript(script);
        const t = classify(script);
        const isW = t.startsWith('witness_');
        const o: Record<string, unknown> = { address: a, scriptPubKey: toHex(script), ismine: !!key, solvable: !!key };
        if (key) {
          o.desc = w.keyDesc(key);
          o.parent_desc = w.parentDesc(key);
        }
        o.iswatchonly = false;
        o.isscript = t === 'scripthash' || t === 'witness_v0_scripthash' || t === 'witness_v1_taproot';
        o.iswitness = isW;
        if (isW) {
          o.witness_version = script[0] === 0 ? 0 : script[0]! - 0x50;
          o.witness_program = toHex(script.subarray(2));
        }
        if (key) {
          if (key.type === 'p2sh-segwit') {
            o.script = 'witness_v0_keyhash';
            o.hex = toHex(key.redeem!);
            o.pubkey = toHex(key.pub);
            o.embedded = {
              isscript: false, iswitness: true, witness_version: 0, witness_program: toHex(key.redeem!.subarray(2)), pubkey: toHex(key.pub),
              address: scriptAddress(key.redeem!), scriptPubKey: toHex(key.redeem!),
            };
          } else if (key.type !== 'bech32m') o.pubkey = toHex(key.pub);
          if (key.type === 'legacy') o.iscompressed = true;
        }
        o.ischange = key ? key.change : false;
        if (key) {
          o.timestamp = w.birthtime;
          o.hdkeypath = w.keyPath(key);
          o.hdseedid = '0000000000000000000000000000000000000000';
          o.hdmasterfingerprint = w.keychain.fingerprintOf(key);
        }
        o.labels = w.addressBook.has(a) ? [w.addressBook.get(a)] : [];
        return o;
      },
    },
    getbalances: {
      args: [],
      wallet: true,
      run: (_p, ctx) => {
        const b = W(ctx).balances();
        return { mine: { trusted: amt(b.trusted), untrusted_pending: amt(b.untrusted), immature: amt(b.immature) }, lastprocessedblock: lastProcessed() };
      },
    },
    getbalance: {
      args: [{ name: 'dummy', type: 'str' }, { name: 'minconf', type: 'num' }, { name: 'include_watchonly', type: 'bool' }, { name: 'avoid_reuse', type: 'bool' }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        if (p.has(0) && p.str(0) !== '*') throw new RpcError(-32, 'dummy first argument must be excluded or set to "*".');
        const minconf = p.int(1, 0);
        let sum = 0n;
        for (const c of w.coins({ minconf })) if (c.trusted) sum += c.value;
        return amt(sum);
      },
    },
    listunspent: {
      args: [
        { name: 'minconf', type: 'num' }, { name: 'maxconf', type: 'num' }, { name: 'addresses', type: 'arr' },
        { name: 'include_unsafe', type: 'bool' }, { name: 'query_options', type: 'obj' },
      ],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const minconf = p.int(0, 1);
        const maxconf = p.int(1, 9999999);
        const filter = new Set<string>();
        for (const a of p.arr(2)) {
          if (typeof a !== 'string' || !addressToScript(a)) throw new RpcError(-5, `Invalid Bitcoin address: ${String(a)}`);
          if (filter.has(a)) throw new RpcError(-8, `Invalid parameter, duplicated address: ${a}`);
          filter.add(a);
        }
        const includeUnsafe = p.bool(3, true);
        const q = p.obj(4);
        const minAmount = q.minimumAmount !== undefined ? parseAmount(q.minimumAmount) : 0n;
        const maxAmount = q.maximumAmount !== undefined ? parseAmount(q.maximumAmount) : 21_000_000n * 100_000_000n;
        const maxCount = q.maximumCount instanceof JsonNum ? Number(q.maximumCount.text) : Infinity;
        const out: unknown[] = [];
        for (const c of w.coins({ minconf, maxconf })) {
          if (w.isLockedCoin(c.txid, c.vout)) continue;
          if (!c.safe && !includeUnsafe) continue;
          if (c.value < minAmount || c.value > maxAmount) continue;
          if (filter.size && !filter.has(c.key.address)) continue;
          if (out.length >= maxCount) break;
          const anc = c.confirmations === 0 ? [c.txid, ...C.ancestors(c.txid)].map((id) => C.mempool.get(id)!) : null;
          out.push({
            txid: c.txid,
            vout: c.vout,
            address: c.key.address,
            label: w.addressBook.get(c.key.address),
            redeemScript: c.key.redeem ? toHex(c.key.redeem) : undefined,
            scriptPubKey: toHex(c.script),
            amount: amt(c.value),
            confirmations: c.confirmations,
            ancestorcount: anc ? anc.length : undefined,
            ancestorsize: anc ? anc.reduce((s, e) => s + e.vsize, 0) : undefined,
            ancestorfees: anc ? Number(anc.reduce((s, e) => s + e.fee, 0n)) : undefined,
            spendable: w.hasKeys,
            solvable: true,
            desc: w.keyDesc(c.key),
            parent_descs: w.parentDescs(c.key),
            safe: c.safe,
          });
        }
        return out;
      },
    },
    lockunspent: {
      args: [{ name: 'unlock', type: 'bool', required: true }, { name: 'transactions', type: 'arr' }, { name: 'persistent', type: 'bool' }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const unlock = p.bool(0);
        if (!p.has(1)) {
          if (unlock) w.unlockAll();
          return true;
        }
        const persistent = p.bool(2, false);
        const outs: { txid: string; vout: number }[] = [];
        for (const o of p.arr(1)) {
          if (kindOf(o) !== 'object') throw new RpcError(-3, `JSON value of type ${kindOf(o)} is not of expected type object`);
          const obj = o as Record<string, JsonValue>;
          // Core's RPCTypeCheckObj({txid: string, vout: number}), keys in order
          for (const [key, kind] of [['txid', 'string'], ['vout', 'number']] as const) {
            const v = obj[key];
            if (v === undefined || v === null) throw new RpcError(-3, `Missing ${key}`);
            if (kindOf(v) !== kind) throw new RpcError(-3, `JSON value of type ${kindOf(v)} for field ${key} is not of expected type ${kind}`);
          }
          const raw = obj.txid as string;
          if (raw.length !== 64) throw new RpcError(-8, `txid must be of length 64 (not ${raw.length}, for '${raw}')`);
          if (!/^[0-9a-fA-F]+$/.test(raw)) throw new RpcError(-8, `txid must be hexadecimal string (not '${raw}')`);
          const txid = raw.toLowerCase();
          const vtext = (obj.vout as JsonNum).text;
          if (!/^-?\d+$/.test(vtext)) throw new RpcError(-1, 'JSON integer out of range');
          const vout = Number(vtext);
          if (vout < 0) throw new RpcError(-8, 'Invalid parameter, vout cannot be negative');
          const wtx = w.txs.get(txid);
          if (!wtx) throw new RpcError(-8, 'Invalid parameter, unknown transaction');
          if (vout >= wtx.tx.outs.length) throw new RpcError(-8, 'Invalid parameter, vout index out of bounds');
          if (w.isSpent(txid, vout)) throw new RpcError(-8, 'Invalid parameter, expected unspent output');
          const isLocked = w.isLockedCoin(txid, vout);
          if (unlock && !isLocked) throw new RpcError(-8, 'Invalid parameter, expected locked output');
          // locking a locked coin again is refused, unless it is to make the lock persistent
          if (!unlock && isLocked && !persistent) throw new RpcError(-8, 'Invalid parameter, output already locked');
          outs.push({ txid, vout });
        }
        for (const o of outs) {
          if (unlock) w.unlockCoin(o.txid, o.vout);
          else w.lockCoin(o.txid, o.vout, persistent);
        }
        return true;
      },
    },
    listlockunspent: {
      args: [],
      wallet: true,
      run: (_p, ctx) => W(ctx).lockedCoins().map((o) => ({ txid: o.txid, vout: o.vout })),
    },
    fundrawtransaction: {
      args: [{ name: 'hexstring', type: 'str', required: true }, { name: 'options', type: 'any' }, { name: 'iswitness', type: 'bool' }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const tx = decodeForFunding(p.str(0));
        const opts = p.raw(1);
        const optObj = kindOf(opts) === 'object' ? (opts as Record<string, JsonValue>) : {};
        // only the camelCase name counts here (as in Core's fundrawtransaction)
        const sffo = subtractFeeFrom(optObj.subtractFeeFromOutputs, tx.outs.map(() => 'dummy'));
        const { fund } = parseFundingOptions(C, opts, tx.outs.length, true, true);
        fund.subtractFeeFrom = sffo;
        const r = fundOrThrow(w, tx, fund);
        return { hex: tx.toHex(), fee: amt(r.fee), changepos: r.changepos };
      },
    },
    signrawtransactionwithwallet: {
      args: [{ name: 'hexstring', type: 'str', required: true }, { name: 'prevtxs', type: 'arr' }, { name: 'sighashtype', type: 'str' }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const tx = decodeTx(p.str(0));
        if (!tx) throw new RpcError(-22, 'TX decode failed. Make sure the tx has at least one input.');
        ensureUnlocked(w);
        const extra = new Map<string, { value: bigint; script: Uint8Array }>();
        for (const pt of p.arr(1)) {
          const o = pt as Record<string, JsonValue>;
          if (typeof o?.txid === 'string' && o.vout instanceof JsonNum && typeof o.scriptPubKey === 'string')
            extra.set(`${o.txid}:${o.vout.text}`, { value: o.amount !== undefined ? parseAmount(o.amount) : 0n, script: Uint8Array.from(Buffer.from(o.scriptPubKey, 'hex')) });
        }
        const r = w.sign(tx, extra, true);
        return {
          hex: tx.toHex(),
          complete: r.complete,
          errors: r.errors.length
            ? r.errors.map((e) => {
                const inp = tx.ins[e.index]!;
                return { txid: revHex(inp.hash), vout: inp.index, witness: inp.witness.map(toHex), scriptSig: toHex(inp.script), sequence: inp.sequence, error: e.error };
              })
            : undefined,
        };
      },
    },
    sendtoaddress: {
      args: [
        { name: 'address', type: 'str', required: true }, { name: 'amount', type: 'amount', required: true }, { name: 'comment', type: 'str' },
        { name: 'comment_to', type: 'str' }, { name: 'subtractfeefromamount', type: 'bool' }, { name: 'replaceable', type: 'bool' },
        { name: 'conf_target', type: 'num' }, { name: 'estimate_mode', type: 'str' }, { name: 'avoid_reuse', type: 'bool' },
        { name: 'fee_rate', type: 'amount' }, { name: 'verbose', type: 'bool' },
      ],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const mode = feeEstimateMode(p.raw(6), p.raw(7), p.raw(9));
        ensureUnlocked(w);
        const a = p.str(0);
        const script = addressToScript(a);
        if (!script) throw new RpcError(-5, `Invalid Bitcoin address: ${a}`);
        const value = p.amount(1);
        if (value <= 0n) throw new RpcError(-3, 'Invalid amount for send');
        const tx = new Tx();
        tx.version = 2;
        tx.locktime = antiFeeSnipingLocktime(C.height);
        tx.addOutput(script, value);
        const txid = sendMoney(w, tx, mode, { sffo: p.bool(4, false) ? [0] : [], rbf: p.has(5) ? p.bool(5) : undefined, comment: p.str(2, ''), to: p.str(3, '') });
        return p.bool(10, false) ? { txid: txid.txid, fee_reason: txid.reason } : txid.txid;
      },
    },
    gettransaction: {
      args: [{ name: 'txid', type: 'str', required: true }, { name: 'include_watchonly', type: 'bool' }, { name: 'verbose', type: 'bool' }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const txid = hashParam(p, 0, 'txid');
        const wtx = w.txs.get(txid);
        if (!wtx) throw new RpcError(-5, 'Invalid or non-wallet transaction id');
        const tx = wtx.tx;
        const debit = w.debit(tx);
        // Core values a coinbase only once it is mature (CachedTxGetCredit)
        const credit = isCoinbase(tx) && w.depth(txid) < 101 ? 0n : w.credit(tx);
        const fromMe = debit > 0n;
        const outSum = tx.outs.reduce((s, x) => s + x.value, 0n);
        const fee = fromMe ? outSum - debit : 0n;
        return {
          amount: amt(credit - debit - fee),
          fee: fromMe ? amt(fee) : undefined,
          ...txFields(w, wtx),
          details: entries(w, wtx, false, false),
          hex: tx.toHex(),
          decoded: p.bool(2, false) ? txJson(tx) : undefined,
          lastprocessedblock: lastProcessed(),
        };
      },
    },
    listtransactions: {
      args: [{ name: 'label', type: 'str' }, { name: 'count', type: 'num' }, { name: 'skip', type: 'num' }, { name: 'include_watchonly', type: 'bool' }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const label = p.has(0) && p.str(0) !== '*' ? p.str(0) : undefined;
        const count = p.int(1, 10);
        const skip = p.int(2, 0);
        if (count < 0) throw new RpcError(-8, 'Negative count');
        if (skip < 0) throw new RpcError(-8, 'Negative from');
        const ret: Record<string, unknown>[] = [];
        const ordered = [...w.txs.values()].sort((a, b) => a.order - b.order);
        for (let i = ordered.length - 1; i >= 0; i--) {
          ret.push(...entries(w, ordered[i]!, true, false, label));
          if (ret.length >= count + skip) break;
        }
        const from = Math.min(skip, ret.length);
        const n = Math.min(count, ret.length - from);
        return ret.slice(from, from + n).reverse();
      },
    },
    listsinceblock: {
      args: [
        { name: 'blockhash', type: 'str' }, { name: 'target_confirmations', type: 'num' }, { name: 'include_watchonly', type: 'bool' },
        { name: 'include_removed', type: 'bool' }, { name: 'include_change', type: 'bool' }, { name: 'label', type: 'str' },
      ],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        let from: BlockEntry | null = null;
        if (p.has(0)) {
          const h = hashParam(p, 0, 'blockhash');
          from = C.blocks.get(h) ?? null;
          if (!from) throw new RpcError(-5, 'Block not found');
        }
        const target = p.int(1, 1);
        if (target < 1) throw new RpcError(-8, 'Invalid parameter');
        const includeRemoved = p.bool(3, true);
        const includeChange = p.bool(4, false);
        const label = p.has(5) ? p.str(5) : undefined;
        let forkHeight: number | null = null;
        if (from) {
          let f: BlockEntry | null = from;
          while (f && !C.isActive(f)) f = f.parent;
          forkHeight = f ? f.height : 0;
        }
        const depth = forkHeight !== null ? 1 + C.height - forkHeight : -1;
        const transactions: unknown[] = [];
        for (const wtx of w.txs.values()) {
          if (depth === -1 || Math.abs(w.depth(wtx.txid)) < depth) transactions.push(...entries(w, wtx, true, includeChange, label));
        }
        const removed: unknown[] = [];
        if (includeRemoved && from) {
          for (let b: BlockEntry | null = from; b && !C.isActive(b); b = b.parent)
            for (const txid of b.txids) {
              const wtx = w.txs.get(txid);
              if (wtx) removed.push(...entries(w, wtx, true, includeChange, label));
            }
        }
        const last = C.active[Math.max(0, C.height + 1 - target)]!;
        return { transactions, removed: includeRemoved ? removed : undefined, lastblock: last.hash };
      },
    },
    sendmany: {
      args: [
        { name: 'dummy', type: 'str', required: true }, { name: 'amounts', type: 'obj', required: true }, { name: 'minconf', type: 'num' },
        { name: 'comment', type: 'str' }, { name: 'subtractfeefrom', type: 'arr' }, { name: 'replaceable', type: 'bool' },
        { name: 'conf_target', type: 'num' }, { name: 'estimate_mode', type: 'str' }, { name: 'fee_rate', type: 'amount' }, { name: 'verbose', type: 'bool' },
      ],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        if (p.str(0) !== '') throw new RpcError(-8, 'Dummy value must be set to ""');
        const mode = feeEstimateMode(p.raw(6), p.raw(7), p.raw(8));
        const tx = new Tx();
        tx.version = 2;
        tx.locktime = antiFeeSnipingLocktime(C.height);
        const index = new Map<string, number>();
        for (const [a, v] of Object.entries(p.obj(1))) {
          const script = addressToScript(a);
          if (!script) throw new RpcError(-5, `Invalid Bitcoin address: ${a}`);
          if (index.has(a)) throw new RpcError(-8, `Invalid parameter, duplicated address: ${a}`);
          const value = parseAmount(v);
          if (value <= 0n) throw new RpcError(-3, 'Invalid amount for send');
          index.set(a, tx.outs.length);
          tx.addOutput(script, value);
        }
        if (tx.outs.length === 0) throw new RpcError(-8, 'Must specify at least one recipient');
        const sffo = p.arr(4).map((a) => {
          const i = typeof a === 'string' ? index.get(a) : undefined;
          if (i === undefined) throw new RpcError(-8, `Invalid parameter 'subtract fee from output', destination ${String(a)} not found in tx outputs`);
          return i;
        });
        const r = sendMoney(w, tx, mode, { sffo, rbf: p.has(5) ? p.bool(5) : undefined, comment: p.str(3, '') });
        return p.bool(9, false) ? { txid: r.txid, fee_reason: r.reason } : r.txid;
      },
    },
    getreceivedbyaddress: {
      args: [{ name: 'address', type: 'str', required: true }, { name: 'minconf', type: 'num' }, { name: 'include_immature_coinbase', type: 'bool' }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const a = p.str(0);
        const script = addressToScript(a);
        if (!script) throw new RpcError(-5, 'Invalid Bitcoin address');
        if (!w.isMineScript(script)) throw new RpcError(-4, 'Address not found in wallet');
        const minconf = p.int(1, 1);
        const immature = p.bool(2, false);
        const hex = toHex(script);
        let sum = 0n;
        for (const wtx of w.txs.values()) {
          const d = w.depth(wtx.txid);
          if (d < minconf) continue;
          if (isCoinbase(wtx.tx) && d < 101 && !immature) continue;
          if (d === 0 && !C.mempool.has(wtx.txid)) continue;
          for (const o of wtx.tx.outs) if (toHex(o.script) === hex) sum += o.value;
        }
        return amt(sum);
      },
    },
    listlabels: {
      args: [{ name: 'purpose', type: 'str' }],
      wallet: true,
      run: (_p, ctx) => [...new Set(W(ctx).addressBook.values())].sort(),
    },
    setlabel: {
      args: [{ name: 'address', type: 'str', required: true }, { name: 'label', type: 'str', required: true }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const a = p.str(0);
        if (!addressToScript(a)) throw new RpcError(-5, 'Invalid Bitcoin address');
        const label = p.str(1);
        if (label === '*') throw new RpcError(-11, 'Invalid label name');
        w.addressBook.set(a, label);
        return null;
      },
    },
    abandontransaction: {
      args: [{ name: 'txid', type: 'str', required: true }],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const txid = hashParam(p, 0, 'txid');
        const wtx = w.txs.get(txid);
        if (!wtx) throw new RpcError(-5, 'Invalid or non-wallet transaction id');
        if (w.depth(txid) > 0 || C.mempool.has(txid) || wtx.abandoned) throw new RpcError(-5, 'Transaction not eligible for abandonment');
        wtx.abandoned = true;
        return null;
      },
    },
  };
}

/** fundrawtransaction accepts txs with no inputs (which bitcoinjs reads as segwit-marked). */
export function decodeForFunding(hex: string): Transaction {
  const t = decodeTxLenient(hex);
  if (!t) throw new RpcError(-22, 'TX decode failed');
  return t;
}
