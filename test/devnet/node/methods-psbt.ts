// PSBT RPCs: walletcreatefundedpsbt, walletprocesspsbt, finalizepsbt, decodepsbt, analyzepsbt.
import { randomBytes } from 'node:crypto';
import { bitcoin, classify, concat, ecc, fromHex, hash160, network, scriptAsm, scriptPubKeyJson, toHex, varint } from './bitcoin.js';
import { Transaction, Tx } from './chain.js';
import { amt } from './json.js';
import { buildRawTx } from './methods-chain.js';
import { parseFundOptions, walletFor } from './methods-wallet.js';
import { MethodDef, RpcError } from './rpc.js';
import { NodeState } from './state.js';
import { txJson } from './txjson.js';
import { KeyInfo, Wallet, WalletError, signLowR } from './wallet.js';

type Psbt = bitcoin.Psbt;
const Psbt = bitcoin.Psbt;

function parsePsbt(b64: string): Psbt {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new RpcError(-22, 'TX decode failed invalid base64');
  const raw = Buffer.from(b64, 'base64');
  if (raw.length < 5 || raw.subarray(0, 5).toString('hex') !== '70736274ff') throw new RpcError(-22, 'TX decode failed Invalid PSBT magic bytes: iostream error');
  try {
    return Psbt.fromBuffer(raw, { network });
  } catch (e) {
    throw new RpcError(-22, `TX decode failed ${e instanceof Error ? e.message : String(e)}`);
  }
}

const unsignedTx = (p: Psbt): Transaction => Tx.fromBuffer((p.data.globalMap.unsignedTx as unknown as { toBuffer(): Uint8Array }).toBuffer());

function inputUtxo(p: Psbt, i: number): { value: bigint; script: Uint8Array } | null {
  const d = p.data.inputs[i]!;
  if (d.witnessUtxo) return { value: d.witnessUtxo.value, script: d.witnessUtxo.script };
  if (d.nonWitnessUtxo) {
    const prev = Tx.fromBuffer(d.nonWitnessUtxo);
    const o = prev.outs[p.txInputs[i]!.index];
    if (o) return { value: o.value, script: o.script };
  }
  return null;
}

function decodeWitnessStack(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  const rv = (): number => {
    const f = b[o++]!;
    if (f < 0xfd) return f;
    const v = b[o]! | (b[o + 1]! << 8);
    o += 2;
    return v;
  };
  const n = rv();
  for (let i = 0; i < n; i++) {
    const len = rv();
    out.push(b.slice(o, o + len));
    o += len;
  }
  return out;
}

const hdPathCore = (p: string): string => p.replace(/'/g, 'h');

function derivJson(ds: { pubkey: Uint8Array; masterFingerprint: Uint8Array; path: string }[] | undefined): unknown {
  if (!ds || !ds.length) return undefined;
  return ds.map((d) => ({ pubkey: toHex(d.pubkey), master_fingerprint: toHex(d.masterFingerprint), path: hdPathCore(d.path) }));
}

function isFinal(p: Psbt, i: number): boolean {
  const d = p.data.inputs[i]!;
  return !!(d.finalScriptSig || d.finalScriptWitness);
}

function signer(k: KeyInfo): bitcoin.Signer {
  if (k.type === 'bech32m')
    // key-path spend: the tweaked key signs for the output key
    return {
      publicKey: concat(Uint8Array.of(2), k.outputKey!),
      sign: () => {
        throw new Error('taproot inputs are signed with Schnorr');
      },
      signSchnorr: (hash: Uint8Array) => ecc.signSchnorr(hash, k.tweakedPriv!, randomBytes(32)),
    };
  return {
    publicKey: k.pub,
    sign: (hash: Uint8Array) => {
      const der = signLowR(hash, k.priv, k.pub);
      return bitcoin.script.signature.decode(der).signature;
    },
  };
}

export function psbtMethods(S: NodeState): Record<string, MethodDef> {
  const C = S.chain;

  const prevTx = (w: Wallet, txid: string): Transaction | null => {
    const wt = w.txs.get(txid);
    if (wt) return wt.tx;
    const st = C.txState(txid);
    if (st.kind === 'block') return st.block.txs[st.index]!;
    if (st.kind === 'mempool') return st.entry.tx;
    return null;
  };

  const derivation = (w: Wallet, k: KeyInfo): { masterFingerprint: Uint8Array; path: string; pubkey: Uint8Array }[] => [
    { masterFingerprint: fromHex(w.fp), path: w.keyPath(k).replace(/h/g, "'"), pubkey: k.pub },
  ];

  const toPsbt = (w: Wallet, tx: Transaction, bip32: boolean): Psbt => {
    const p = new Psbt({ network });
    p.setVersion(tx.version);
    p.setLocktime(tx.locktime);
    tx.ins.forEach((inp) => {
      const txid = toHex(Uint8Array.from(inp.hash).reverse());
      const prev = prevTx(w, txid);
      const o = prev?.outs[inp.index];
      const k = o ? w.isMineScript(o.script) : undefined;
      const t = o ? classify(o.script) : 'nonstandard';
      p.addInput({
        hash: inp.hash,
        index: inp.index,
        sequence: inp.sequence,
        ...(prev && t !== 'witness_v1_taproot' ? { nonWitnessUtxo: prev.toBuffer() } : {}),
        ...(o && t !== 'pubkeyhash' ? { witnessUtxo: { script: o.script, value: o.value } } : {}),
        ...(k?.redeem ? { redeemScript: k.redeem } : {}),
        ...(k && bip32 && k.type !== 'bech32m' ? { bip32Derivation: derivation(w, k) } : {}),
        ...(k && k.type === 'bech32m' ? { tapInternalKey: k.pub.subarray(1) } : {}),
        ...(k && bip32 && k.type === 'bech32m' ? { tapBip32Derivation: [{ ...derivation(w, k)[0]!, pubkey: k.pub.subarray(1), leafHashes: [] }] } : {}),
      });
    });
    tx.outs.forEach((o) => {
      const k = w.isMineScript(o.script);
      p.addOutput({ script: o.script, value: o.value, ...(k && bip32 && k.type !== 'bech32m' ? { bip32Derivation: derivation(w, k) } : {}) });
    });
    return p;
  };

  const finalizeAll = (p: Psbt): boolean => {
    let complete = true;
    for (let i = 0; i < p.inputCount; i++) {
      if (isFinal(p, i)) continue;
      try {
        p.finalizeInput(i);
      } catch {
        complete = false;
      }
    }
    return complete;
  };

  return {
    walletcreatefundedpsbt: {
      args: [
        { name: 'inputs', type: 'arr' }, { name: 'outputs', type: 'any', required: true }, { name: 'locktime', type: 'num' },
        { name: 'options', type: 'obj' }, { name: 'bip32derivs', type: 'bool' },
      ],
      wallet: true,
      run: (p, ctx) => {
        const w = walletFor(S, ctx);
        const tx = buildRawTx(p, { inputs: 0, outputs: 1, locktime: 2, replaceable: -1 });
        const fo = parseFundOptions(p.obj(3), tx.outs.length);
        let r: { fee: bigint; changepos: number };
        try {
          r = w.fund(tx, fo);
        } catch (e) {
          if (e instanceof WalletError) throw new RpcError(e.code, e.message);
          throw e;
        }
        return { psbt: toPsbt(w, tx, p.bool(4, true)).toBase64(), fee: amt(r.fee), changepos: r.changepos };
      },
    },
    walletprocesspsbt: {
      args: [
        { name: 'psbt', type: 'str', required: true }, { name: 'sign', type: 'bool' }, { name: 'sighashtype', type: 'str' },
        { name: 'bip32derivs', type: 'bool' }, { name: 'finalize', type: 'bool' },
      ],
      wallet: true,
      run: (prm, ctx) => {
        const w = walletFor(S, ctx);
        const p = parsePsbt(prm.str(0));
        const sign = prm.bool(1, true);
        const finalize = prm.bool(4, true);
        const tx = unsignedTx(p);
        for (let i = 0; i < p.inputCount; i++) {
          if (isFinal(p, i)) continue;
          const inp = tx.ins[i]!;
          let utxo = inputUtxo(p, i);
          const txid = toHex(Uint8Array.from(inp.hash).reverse());
          const prev = prevTx(w, txid);
          if (!utxo && prev) {
            const o = prev.outs[inp.index]!;
            if (classify(o.script) === 'pubkeyhash') p.updateInput(i, { nonWitnessUtxo: prev.toBuffer() });
            else p.updateInput(i, { witnessUtxo: { script: o.script, value: o.value } });
            utxo = { value: o.value, script: o.script };
          }
          const k = utxo ? w.isMineScript(utxo.script) : undefined;
          if (!k || !sign || !w.hasKeys) continue;
          if (k.redeem && !p.data.inputs[i]!.redeemScript) p.updateInput(i, { redeemScript: k.redeem });
          p.signInput(i, signer(k));
        }
        const complete = finalize ? finalizeAll(p) : false;
        const out: Record<string, unknown> = { psbt: p.toBase64(), complete };
        if (complete) out.hex = p.extractTransaction(true).toHex();
        return out;
      },
    },
    finalizepsbt: {
      args: [{ name: 'psbt', type: 'str', required: true }, { name: 'extract', type: 'bool' }],
      run: (prm) => {
        const p = parsePsbt(prm.str(0));
        const complete = finalizeAll(p);
        if (complete && prm.bool(1, true)) return { hex: p.extractTransaction(true).toHex(), complete };
        return { psbt: p.toBase64(), complete };
      },
    },
    decodepsbt: {
      args: [{ name: 'psbt', type: 'str', required: true }],
      run: (prm) => {
        const p = parsePsbt(prm.str(0));
        const tx = unsignedTx(p);
        let fee: bigint | undefined = 0n;
        const inputs = p.data.inputs.map((d, i) => {
          const u = inputUtxo(p, i);
          if (!u) fee = undefined;
          else if (fee !== undefined) fee += u.value;
          const partial = d.partialSig?.length ? Object.fromEntries(d.partialSig.map((s) => [toHex(s.pubkey), toHex(s.signature)])) : undefined;
          return {
            witness_utxo: d.witnessUtxo ? { amount: amt(d.witnessUtxo.value), scriptPubKey: scriptPubKeyJson(d.witnessUtxo.script) } : undefined,
            non_witness_utxo: d.nonWitnessUtxo ? txJson(Tx.fromBuffer(d.nonWitnessUtxo)) : undefined,
            partial_signatures: partial,
            sighash: d.sighashType !== undefined ? 'ALL' : undefined,
            redeem_script: d.redeemScript ? { asm: scriptAsm(d.redeemScript), hex: toHex(d.redeemScript), type: classify(d.redeemScript) } : undefined,
            witness_script: d.witnessScript ? { asm: scriptAsm(d.witnessScript), hex: toHex(d.witnessScript), type: classify(d.witnessScript) } : undefined,
            bip32_derivs: derivJson(d.bip32Derivation),
            final_scriptSig: d.finalScriptSig ? { asm: scriptAsm(d.finalScriptSig, true), hex: toHex(d.finalScriptSig) } : undefined,
            final_scriptwitness: d.finalScriptWitness ? decodeWitnessStack(d.finalScriptWitness).map(toHex) : undefined,
          };
        });
        const outputs = p.data.outputs.map((d) => ({
          redeem_script: d.redeemScript ? { asm: scriptAsm(d.redeemScript), hex: toHex(d.redeemScript), type: classify(d.redeemScript) } : undefined,
          bip32_derivs: derivJson(d.bip32Derivation),
        }));
        const outSum = tx.outs.reduce((s, o) => s + o.value, 0n);
        return {
          tx: txJson(tx),
          global_xpubs: [],
          psbt_version: 0,
          proprietary: [],
          unknown: {},
          inputs,
          outputs,
          fee: fee !== undefined ? amt((fee as bigint) - outSum) : undefined,
        };
      },
    },
    analyzepsbt: {
      args: [{ name: 'psbt', type: 'str', required: true }],
      run: (prm) => {
        const p = parsePsbt(prm.str(0));
        const tx = unsignedTx(p);
        const roles = ['creator', 'updater', 'signer', 'finalizer', 'extractor'];
        let inSum = 0n;
        let allUtxo = true;
        let weight = (4 + 4 + varint(tx.ins.length).length + varint(tx.outs.length).length) * 4;
        for (const o of tx.outs) weight += (8 + varint(o.script.length).length + o.script.length) * 4;
        let anyWitness = false;
        const inputs = p.data.inputs.map((d, i) => {
          const u = inputUtxo(p, i);
          if (!u) {
            allUtxo = false;
            return { has_utxo: false, is_final: false, next: 'updater' };
          }
          inSum += u.value;
          const t = classify(u.script);
          if (t !== 'pubkeyhash') anyWitness = true;
          weight += estimateInputWeight(u.script);
          if (isFinal(p, i)) return { has_utxo: true, is_final: true, next: 'extractor' };
          if (d.partialSig?.length) return { has_utxo: true, is_final: false, next: 'finalizer' };
          const keyid = t === 'witness_v0_keyhash' ? toHex(u.script.subarray(2)) : t === 'pubkeyhash' ? toHex(u.script.subarray(3, 23)) : d.bip32Derivation?.[0] ? toHex(hash160(d.bip32Derivation[0].pubkey)) : undefined;
          return { has_utxo: true, is_final: false, next: 'signer', missing: keyid ? { signatures: [keyid] } : undefined };
        });
        const next = inputs.reduce((m, x) => Math.min(m, roles.indexOf(x.next)), 4);
        const out: Record<string, unknown> = { inputs };
        if (allUtxo) {
          const outSum = tx.outs.reduce((s, o) => s + o.value, 0n);
          const vsize = Math.ceil((weight + (anyWitness ? 2 : 0)) / 4);
          const fee = inSum - outSum;
          out.estimated_vsize = vsize;
          out.estimated_feerate = amt((fee * 1000n) / BigInt(vsize));
          out.fee = amt(fee);
        }
        out.next = roles[next];
        return out;
      },
    },
  };
}

function estimateInputWeight(script: Uint8Array): number {
  const t = classify(script);
  const base = 32 + 4 + 4;
  if (t === 'pubkeyhash') return (base + 1 + 107) * 4;
  if (t === 'witness_v0_keyhash') return (base + 1) * 4 + 1 + 1 + 72 + 1 + 33;
  if (t === 'scripthash') return (base + 1 + 23) * 4 + 1 + 1 + 72 + 1 + 33;
  if (t === 'witness_v1_taproot') return (base + 1) * 4 + 1 + 1 + 64;
  return (base + 1 + 107) * 4;
}

