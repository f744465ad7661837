// PSBT RPCs: walletcreatefundedpsbt, walletprocesspsbt, finalizepsbt, decodepsbt, analyzepsbt.
import { classify, hash160, scriptAddress, scriptAsm, scriptPubKeyJson, toHex, varint } from './bitcoin.js';
import { Tx } from './chain.js';
import { kindOf, parseFundingOptions, subtractFeeFrom } from './fund-options.js';
import { amt } from './json.js';
import { buildRawTx } from './methods-chain.js';
import { ensureUnlocked, fundOrThrow, walletFor } from './methods-wallet.js';
import { decodeWitnessStack, derivJson, fillPsbt, finalizeAll, inputUtxo, isFinal, parsePsbt, toPsbt, unsignedTx } from './psbt.js';
import { MethodDef } from './rpc.js';
import { NodeState } from './state.js';
import { txJson } from './txjson.js';

export function psbtMethods(S: NodeState): Record<string, MethodDef> {
  const C = S.chain;

  return {
    walletcreatefundedpsbt: {
      args: [
        { name: 'inputs', type: 'arr' }, { name: 'outputs', type: 'any', required: true }, { name: 'locktime', type: 'num' },
        { name: 'options', type: 'obj' }, { name: 'bip32derivs', type: 'bool' },
      ],
      wallet: true,
      run: (p, ctx) => {
        const w = walletFor(S, ctx);
        const opts = p.obj(3);
        const rbf = kindOf(opts.replaceable) === 'bool' ? (opts.replaceable as boolean) : true;
        const tx = buildRawTx(p, { inputs: 0, outputs: 1, locktime: 2, replaceable: -1 }, rbf);
        const sffo = subtractFeeFrom(opts.subtractFeeFromOutputs, tx.outs.map((o) => scriptAddress(o.script) ?? 'data'));
        // other inputs are added only when none was given, unless add_inputs says otherwise
        const { fund } = parseFundingOptions(C, opts, tx.outs.length, tx.ins.length === 0, true);
        fund.subtractFeeFrom = sffo;
        fund.rbf = rbf;
        const r = fundOrThrow(w, tx, fund);
        return { psbt: toPsbt(C, w, tx, p.bool(4, true)).toBase64(), fee: amt(r.fee), changepos: r.changepos };
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
        if (sign) ensureUnlocked(w);
        fillPsbt(C, w, p, sign);
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

