// The wallet's send RPCs beyond sendtoaddress/sendmany: `send` (fund, sign what it can, broadcast
// or hand back a PSBT) and `bumpfee`/`psbtbumpfee` (Core's feebumper: same inputs and recipients,
// a higher fee taken from the change), in Bitcoin Core v29's order of checks and with its errors.
import { classify, scriptAddress } from './bitcoin.js';
import { Transaction, Tx, formatMoney } from './chain.js';
import { FeeMode, feeEstimateMode, intOf, kindOf, parseFundingOptions, subtractFeeFrom, typeCheckObject, walletFeeRate } from './fund-options.js';
import { amt, JsonValue } from './json.js';
import { constructTransaction, hashParam } from './methods-chain.js';
import { antiFeeSnipingLocktime, ensureUnlocked, fundOrThrow, walletFor } from './methods-wallet.js';
import { fillPsbt, finalizeAll, toPsbt } from './psbt.js';
import { MethodContext, MethodDef, Params, RpcError } from './rpc.js';
import { NodeState } from './state.js';
import { Wallet, WalletError, WalletTx } from './wallet.js';
import { MAX_TX_FEE, WALLET_MIN_FEERATE, fundTransaction, txWeightEstimate } from './wallet-funding.js';

const present = (v: JsonValue | undefined): v is Exclude<JsonValue, null> => v !== undefined && v !== null;
const has = (o: Record<string, JsonValue>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Options Core renamed for `send` (PreventOutdatedOptions). */
const OUTDATED: [string, string][] = [
  ['feeRate', 'Use fee_rate (sat/vB) instead of feeRate'],
  ['changeAddress', 'Use change_address instead of changeAddress'],
  ['changePosition', 'Use change_position instead of changePosition'],
  ['includeWatching', 'Use include_watching instead of includeWatching'],
  ['lockUnspents', 'Use lock_unspents instead of lockUnspents'],
  ['subtractFeeFromOutputs', 'Use subtract_fee_from_outputs instead of subtractFeeFromOutputs'],
];

/** WALLET_INCREMENTAL_RELAY_FEE: what bumpfee adds at least to the old fee rate (sat/kvB). */
const WALLET_INCREMENTAL_FEERATE = 5_000n;
const NODE_INCREMENTAL_FEERATE = 100n;
const MEMPOOL_MIN_FEERATE = 100n;

/** NormalizeOutputs: an array of one-key objects, or one object. */
function normalizeOutputs(v: JsonValue | undefined): Record<string, JsonValue> {
  if (!present(v)) throw new RpcError(-8, 'Invalid parameter, output argument must be non-null');
  if (Array.isArray(v)) {
    const out: Record<string, JsonValue> = {};
    for (const o of v) {
      if (kindOf(o) !== 'object') throw new RpcError(-8, 'Invalid parameter, key-value pair not an object as expected');
      const e = Object.entries(o as Record<string, JsonValue>);
      if (e.length !== 1) throw new RpcError(-8, 'Invalid parameter, key-value pair must contain exactly one key');
      Object.defineProperty(out, e[0]![0], { value: e[0]![1], enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (kindOf(v) !== 'object') throw new RpcError(-3, `JSON value of type ${kindOf(v)} is not of expected type array`);
  return v as Record<string, JsonValue>;
}

export function sendMethods(S: NodeState): Record<string, MethodDef> {
  const C = S.chain;
  const W = (ctx: MethodContext): Wallet => walletFor(S, ctx);

  /** The coin an input spends, from the UTXO set or a mempool transaction (Core's FindCoins). */
  const findCoin = (txid: string, n: number): { value: bigint; script: Uint8Array } | null => {
    const c = C.utxo.get(`${txid}:${n}`);
    if (c) return c;
    const o = C.mempool.get(txid)?.tx.outs[n];
    return o ? { value: o.value, script: o.script } : null;
  };

  /** feebumper's PreconditionChecks. */
  const preconditions = (w: Wallet, wtx: WalletTx): void => {
    if (wtx.tx.outs.some((_o, n) => w.spenders.has(`${wtx.txid}:${n}`))) throw new RpcError(-8, 'Transaction has descendants in the wallet');
    if (C.mempool.has(wtx.txid) && C.descendants(wtx.txid).size > 0) throw new RpcError(-8, 'Transaction has descendants in the mempool');
    if (w.depth(wtx.txid) !== 0) throw new RpcError(-4, 'Transaction has been mined, or is conflicted with a mined transaction');
    if (!wtx.tx.ins.some((i) => i.sequence < 0xfffffffe)) throw new RpcError(-4, 'Transaction is not BIP 125 replaceable');
    if (wtx.replacedBy) throw new RpcError(-4, `Cannot bump transaction ${wtx.txid} which was already bumped by transaction ${wtx.replacedBy}`);
  };

  /** feebumper's CheckFeeRate for a fee rate the caller gave. */
  const checkFeeRate = (rate: bigint, maxTxSize: number, oldFee: bigint): void => {
    if (rate < MEMPOOL_MIN_FEERATE)
      throw new RpcError(-4, `New fee rate (${formatMoney(rate)}) is lower than the minimum fee rate (${formatMoney(MEMPOOL_MIN_FEERATE)}) to get into the mempool -- `);
    const size = BigInt(maxTxSize);
    const newTotal = (rate * size + 999n) / 1000n;
    const incremental = (NODE_INCREMENTAL_FEERATE * size + 999n) / 1000n;
    const minTotal = oldFee + incremental;
    if (newTotal < minTotal)
      throw new RpcError(-8, `Insufficient total fee ${formatMoney(newTotal)}, must be at least ${formatMoney(minTotal)} (oldFee ${formatMoney(oldFee)} + incrementalFee ${formatMoney(incremental)})`);
    const required = (WALLET_MIN_FEERATE * size + 999n) / 1000n;
    if (newTotal < required) throw new RpcError(-8, `Insufficient total fee (cannot be less than required fee ${formatMoney(required)})`);
    if (newTotal > MAX_TX_FEE) throw new RpcError(-4, `Specified or calculated fee ${formatMoney(newTotal)} is too high (cannot be higher than -maxtxfee ${formatMoney(MAX_TX_FEE)})`);
  };

  const bump = (p: Params, ctx: MethodContext, wantPsbt: boolean): Record<string, unknown> => {
    const w = W(ctx);
    if (!wantPsbt && w.opts.disablePrivateKeys) throw new RpcError(-4, 'bumpfee is not available with wallets that have private keys disabled. Use psbtbumpfee instead.');
    const txid = hashParam(p, 0, 'txid');
    let rbf = true;
    let mode: FeeMode = {};
    let newOutputs: Transaction['outs'] | null = null;
    let origChange: number | undefined;
    if (p.has(1)) {
      const o = p.obj(1);
      typeCheckObject(o, { confTarget: 'number', conf_target: 'number', fee_rate: 'any', replaceable: 'bool', estimate_mode: 'string', outputs: 'any', original_change_index: 'number' });
      if (has(o, 'confTarget') && has(o, 'conf_target'))
        throw new RpcError(-8, 'confTarget and conf_target options should not both be set. Use conf_target (confTarget is deprecated).');
      if (present(o.replaceable)) rbf = o.replaceable as boolean;
      mode = feeEstimateMode(has(o, 'confTarget') ? o.confTarget : o.conf_target, o.estimate_mode, o.fee_rate);
      if (present(o.outputs)) newOutputs = constructTransaction([], o.outputs, 0, true).outs;
      if (present(o.original_change_index)) origChange = intOf(o.original_change_index);
    }
    if (!wantPsbt) ensureUnlocked(w);
    if (newOutputs && origChange !== undefined)
      throw new RpcError(-8, "The options 'outputs' and 'original_change_index' are incompatible. You can only either specify a new set of outputs, or designate a change output to be recycled.");
    const wtx = w.txs.get(txid);
    if (!wtx) throw new RpcError(-5, 'Invalid or non-wallet transaction id');
    if (origChange !== undefined && origChange >= wtx.tx.outs.length) throw new RpcError(-8, 'Change position is out of range');
    let inValue = 0n;
    const prevScripts: Uint8Array[] = [];
    for (const inp of wtx.tx.ins) {
      const ptxid = Buffer.from(inp.hash).reverse().toString('hex');
      const c = findCoin(ptxid, inp.index);
      if (!c) throw new RpcError(-1, `${ptxid}:${inp.index} is already spent`);
      inValue += c.value;
      prevScripts.push(c.script);
    }
    preconditions(w, wtx);
    const oldFee = inValue - wtx.tx.outs.reduce((s, o) => s + o.value, 0n);
    // recipients: every output but the change (the original change output keeps its script)
    const txouts = newOutputs ?? wtx.tx.outs;
    const recipients: Transaction['outs'] = [];
    let changeScript: Uint8Array | undefined;
    let outValue = 0n;
    txouts.forEach((o, i) => {
      const key = w.isMineScript(o.script);
      const addr = scriptAddress(o.script);
      const isChange = origChange !== undefined ? origChange === i : !!key && !(addr !== undefined && w.addressBook.has(addr));
      if (isChange) changeScript = o.script;
      else recipients.push({ script: o.script, value: o.value });
      outValue += o.value;
    });
    let sffo: number[] = [];
    if (!recipients.length) {
      if (!changeScript) throw new RpcError(-8, 'Unable to create transaction. Transaction must have at least one recipient');
      recipients.push({ script: changeScript, value: outValue });
      sffo = [0];
      changeScript = undefined;
    }
    // the size the replacement will have (same inputs, these outputs), with dummy signatures
    const probe = new Tx();
    for (const inp of wtx.tx.ins) probe.addInput(inp.hash, inp.index, inp.sequence);
    for (const o of txouts) probe.addOutput(o.script, o.value);
    const weight = txWeightEstimate(probe, (i) => prevScripts[i]!);
    const maxTxSize = Math.ceil((weight + (prevScripts.some((s) => classify(s) !== 'pubkeyhash') ? 2 : 0)) / 4);
    let feeRate: bigint;
    if (mode.feeRate !== undefined) {
      checkFeeRate(mode.feeRate, maxTxSize, oldFee);
      feeRate = mode.feeRate;
    } else {
      // EstimateFeeRate: the old rate + 1 sat/kvB + the larger incremental fee, at least the wallet's rate
      const old = (oldFee * 1000n) / BigInt(wtx.tx.virtualSize());
      feeRate = old + 1n + (WALLET_INCREMENTAL_FEERATE > NODE_INCREMENTAL_FEERATE ? WALLET_INCREMENTAL_FEERATE : NODE_INCREMENTAL_FEERATE);
      const min = walletFeeRate(C, mode.confTarget).feeRate;
      const floor = min > WALLET_MIN_FEERATE ? min : WALLET_MIN_FEERATE;
      if (feeRate < floor) feeRate = floor;
    }
    const tx = new Tx();
    tx.version = 2;
    tx.locktime = antiFeeSnipingLocktime(C.height);
    for (const inp of wtx.tx.ins) tx.addInput(inp.hash, inp.index, rbf ? 0xfffffffd : 0xfffffffe);
    for (const o of recipients) tx.addOutput(o.script, o.value);
    let fee: bigint;
    try {
      // new inputs may be added, but confirmed ones only (BIP125 rule 2)
      fee = fundTransaction(w, tx, { feeRate, explicitFeeRate: true, changeScript, minDepth: 1, rbf, subtractFeeFrom: sffo }).fee;
    } catch (e) {
      if (e instanceof WalletError) throw new RpcError(-4, `Unable to create transaction. ${e.message}`);
      throw e;
    }
    if (wantPsbt) return { psbt: toPsbt(C, w, tx, true).toBase64(), origfee: amt(oldFee), fee: amt(fee), errors: [] };
    if (!w.sign(tx).complete) throw new RpcError(-4, "Can't sign transaction.");
    preconditions(w, wtx);
    const newTxid = w.commit(tx, { comment: wtx.comment, to: wtx.to, replaces: txid });
    wtx.replacedBy = newTxid;
    return { txid: newTxid, origfee: amt(oldFee), fee: amt(fee), errors: [] };
  };

  return {
    send: {
      args: [
        { name: 'outputs', type: 'any', required: true }, { name: 'conf_target', type: 'num' }, { name: 'estimate_mode', type: 'str' },
        { name: 'fee_rate', type: 'amount' }, { name: 'options', type: 'obj' },
      ],
      wallet: true,
      run: (p, ctx) => {
        const w = W(ctx);
        const options: Record<string, JsonValue> = { ...p.obj(4) };
        // InterpretFeeEstimationInstructions: arguments or options, not both
        if (has(options, 'conf_target') || has(options, 'estimate_mode')) {
          if (p.has(1) || p.has(2)) throw new RpcError(-8, 'Pass conf_target and estimate_mode either as arguments or in the options object, but not both');
        } else {
          options.conf_target = p.raw(1) ?? null;
          options.estimate_mode = p.raw(2) ?? null;
        }
        if (has(options, 'fee_rate')) {
          if (p.has(3)) throw new RpcError(-8, 'Pass the fee_rate either as an argument, or in the options object, but not both');
        } else options.fee_rate = p.raw(3) ?? null;
        if (present(options.conf_target) && (!present(options.estimate_mode) || options.estimate_mode === 'unset')) throw new RpcError(-8, 'Specify estimate_mode');
        for (const [k, msg] of OUTDATED) if (has(options, k)) throw new RpcError(-8, msg);
        const rbf = present(options.replaceable) ? options.replaceable === true : true;
        const outputs = normalizeOutputs(p.raw(0));
        const sffo = subtractFeeFrom(options.subtract_fee_from_outputs, Object.keys(outputs));
        const inputs = present(options.inputs) && Array.isArray(options.inputs) ? options.inputs : [];
        const locktime = present(options.locktime) ? intOf(options.locktime) : 0;
        const tx = constructTransaction(inputs, outputs, locktime, rbf);
        // other coins are selected only when no input is given, unless add_inputs says otherwise
        const { fund } = parseFundingOptions(C, options, tx.outs.length, tx.ins.length === 0, false);
        if (tx.outs.length === 0) throw new RpcError(-8, 'TX must have at least one output');
        fund.subtractFeeFrom = sffo;
        fund.rbf = rbf;
        fundOrThrow(w, tx, fund);
        // FinishTransaction: fill and sign what the wallet can (nothing while locked), finalize
        const psbt = toPsbt(C, w, tx, true);
        fillPsbt(C, w, psbt, true);
        const complete = finalizeAll(psbt);
        const psbtOptIn = options.psbt === true;
        const addToWallet = options.add_to_wallet !== false;
        const result: Record<string, unknown> = {};
        if (psbtOptIn || !complete || !addToWallet) result.psbt = psbt.toBase64();
        if (complete) {
          const final = psbt.extractTransaction(true);
          const signed = Tx.fromBuffer(final.toBuffer());
          result.txid = signed.getId();
          if (addToWallet && !psbtOptIn) w.commit(signed);
          else result.hex = signed.toHex();
        }
        result.complete = complete;
        return result;
      },
    },
    bumpfee: {
      args: [{ name: 'txid', type: 'str', required: true }, { name: 'options', type: 'obj' }],
      wallet: true,
      run: (p, ctx) => bump(p, ctx, false),
    },
    psbtbumpfee: {
      args: [{ name: 'txid', type: 'str', required: true }, { name: 'options', type: 'obj' }],
      wallet: true,
      run: (p, ctx) => bump(p, ctx, true),
    },
  };
}
