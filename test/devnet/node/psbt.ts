// PSBTs for the wallet RPCs: parse, build from a transaction with what the wallet knows (UTXOs,
// redeem scripts, BIP32 derivations), sign with the wallet's keys, finalize.
import { randomBytes } from 'node:crypto';
import { bitcoin, classify, concat, ecc, fromHex, hash160, network, scriptAsm, scriptPubKeyJson, toHex, varint } from './bitcoin.js';
import { Chain, Transaction, Tx } from './chain.js';
import { RpcError } from './rpc.js';
import { Wallet, signLowR, type KeyInfo } from './wallet.js';

export type Psbt = bitcoin.Psbt;
export const Psbt = bitcoin.Psbt;

export function parsePsbt(b64: string): Psbt {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new RpcError(-22, 'TX decode failed invalid base64');
  const raw = Buffer.from(b64, 'base64');
  if (raw.length < 5 || raw.subarray(0, 5).toString('hex') !== '70736274ff') throw new RpcError(-22, 'TX decode failed Invalid PSBT magic bytes: iostream error');
  try {
    return Psbt.fromBuffer(raw, { network });
  } catch (e) {
    throw new RpcError(-22, `TX decode failed ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const unsignedTx = (p: Psbt): Transaction => Tx.fromBuffer((p.data.globalMap.unsignedTx as unknown as { toBuffer(): Uint8Array }).toBuffer());

export function inputUtxo(p: Psbt, i: number): { value: bigint; script: Uint8Array } | null {
  const d = p.data.inputs[i]!;
  if (d.witnessUtxo) return { value: d.witnessUtxo.value, script: d.witnessUtxo.script };
  if (d.nonWitnessUtxo) {
    const prev = Tx.fromBuffer(d.nonWitnessUtxo);
    const o = prev.outs[p.txInputs[i]!.index];
    if (o) return { value: o.value, script: o.script };
  }
  return null;
}

export function decodeWitnessStack(b: Uint8Array): Uint8Array[] {
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

export const hdPathCore = (p: string): string => p.replace(/'/g, 'h');

export function derivJson(ds: { pubkey: Uint8Array; masterFingerprint: Uint8Array; path: string }[] | undefined): unknown {
  if (!ds || !ds.length) return undefined;
  return ds.map((d) => ({ pubkey: toHex(d.pubkey), master_fingerprint: toHex(d.masterFingerprint), path: hdPathCore(d.path) }));
}

export function isFinal(p: Psbt, i: number): boolean {
  const d = p.data.inputs[i]!;
  return !!(d.finalScriptSig || d.finalScriptWitness);
}

export function signer(k: KeyInfo): bitcoin.Signer {
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

/** The transaction an input spends: the wallet's copy, else the chain's or the mempool's. */
export function prevTx(C: Chain, w: Wallet, txid: string): Transaction | null {
  const wt = w.txs.get(txid);
  if (wt) return wt.tx;
  const st = C.txState(txid);
  if (st.kind === 'block') return st.block.txs[st.index]!;
  if (st.kind === 'mempool') return st.entry.tx;
  return null;
}

function derivation(w: Wallet, k: KeyInfo): { masterFingerprint: Uint8Array; path: string; pubkey: Uint8Array }[] {
  return [{ masterFingerprint: fromHex(w.keychain.fingerprintOf(k)), path: w.keyPath(k).replace(/h/g, "'"), pubkey: k.pub }];
}

/** A PSBT of `tx` with the UTXOs, redeem scripts and (bip32) derivations the wallet knows. */
export function toPsbt(C: Chain, w: Wallet, tx: Transaction, bip32: boolean): Psbt {
  const p = new Psbt({ network });
  p.setVersion(tx.version);
  p.setLocktime(tx.locktime);
  tx.ins.forEach((inp) => {
    const txid = toHex(Uint8Array.from(inp.hash).reverse());
    const prev = prevTx(C, w, txid);
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
}

/**
 * Fills in what the wallet knows of each input and, with `sign`, signs the ones it has keys for
 * (a locked wallet signs nothing: Core's FillPSBT without keys).
 */
export function fillPsbt(C: Chain, w: Wallet, p: Psbt, sign: boolean): void {
  const tx = unsignedTx(p);
  const canSign = sign && w.hasKeys && !w.isLocked();
  for (let i = 0; i < p.inputCount; i++) {
    if (isFinal(p, i)) continue;
    const inp = tx.ins[i]!;
    let utxo = inputUtxo(p, i);
    const prev = prevTx(C, w, toHex(Uint8Array.from(inp.hash).reverse()));
    if (!utxo && prev) {
      const o = prev.outs[inp.index]!;
      if (classify(o.script) === 'pubkeyhash') p.updateInput(i, { nonWitnessUtxo: prev.toBuffer() });
      else p.updateInput(i, { witnessUtxo: { script: o.script, value: o.value } });
      utxo = { value: o.value, script: o.script };
    }
    const k = utxo ? (w.isMineScript(utxo.script) ?? (canSign ? w.keychain.lookahead(utxo.script) : undefined)) : undefined;
    if (!k || !canSign) continue;
    if (k.redeem && !p.data.inputs[i]!.redeemScript) p.updateInput(i, { redeemScript: k.redeem });
    p.signInput(i, signer(k));
  }
}

/** Finalizes every input it can; true when all are final. */
export function finalizeAll(p: Psbt): boolean {
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
}
