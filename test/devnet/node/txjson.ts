// Core's TxToUniv / block header JSON renderings.
import { amt, RawNumber } from './json.js';
import { classify, revHex, scriptAsm, scriptPubKeyJson, toHex } from './bitcoin.js';
import { BlockEntry, Chain, Coin, Transaction, isCoinbase } from './chain.js';

export const DIFFICULTY = new RawNumber('4.656542373906925e-10');

export function vinJson(tx: Transaction, prevouts: Coin[] | null): unknown[] {
  if (isCoinbase(tx)) {
    const i = tx.ins[0]!;
    return [{ coinbase: toHex(i.script), txinwitness: i.witness.length ? i.witness.map(toHex) : undefined, sequence: i.sequence }];
  }
  return tx.ins.map((i, n) => {
    const p = prevouts?.[n];
    return {
      txid: revHex(i.hash),
      vout: i.index,
      scriptSig: { asm: scriptAsm(i.script, true), hex: toHex(i.script) },
      txinwitness: i.witness.length ? i.witness.map(toHex) : undefined,
      prevout: p ? { generated: p.coinbase, height: p.height, value: amt(p.value), scriptPubKey: scriptPubKeyJson(p.script) } : undefined,
      sequence: i.sequence,
    };
  });
}

export function voutJson(tx: Transaction): unknown[] {
  return tx.outs.map((o, n) => ({ value: amt(o.value), n, scriptPubKey: scriptPubKeyJson(o.script) }));
}

/** TxToUniv: `prevouts` adds vin.prevout (verbosity 3 style), `fee` the fee key, `hex` the hex key. */
export function txJson(tx: Transaction, o: { prevouts?: Coin[] | null; fee?: bigint; hex?: boolean } = {}): Record<string, unknown> {
  return {
    txid: tx.getId(),
    hash: revHex(tx.getHash(true)),
    version: tx.version >>> 0,
    size: tx.byteLength(),
    vsize: tx.virtualSize(),
    weight: tx.weight(),
    locktime: tx.locktime,
    vin: vinJson(tx, o.prevouts ?? null),
    vout: voutJson(tx),
    fee: o.fee !== undefined ? amt(o.fee) : undefined,
    hex: o.hex ? tx.toHex() : undefined,
  };
}

export function headerJson(chain: Chain, b: BlockEntry): Record<string, unknown> {
  const next = chain.isActive(b) ? chain.active[b.height + 1] : undefined;
  return {
    hash: b.hash,
    confirmations: chain.confirmations(b),
    height: b.height,
    version: b.version,
    versionHex: (b.version >>> 0).toString(16).padStart(8, '0'),
    merkleroot: b.merkleroot,
    time: b.time,
    mediantime: b.mtp,
    nonce: b.nonce,
    bits: b.bits.toString(16).padStart(8, '0'),
    target: '7fffff0000000000000000000000000000000000000000000000000000000000',
    difficulty: DIFFICULTY,
    chainwork: b.chainwork.toString(16).padStart(64, '0'),
    nTx: b.txs.length,
    previousblockhash: b.parent?.hash,
    nextblockhash: next?.hash,
  };
}

export function blockFee(b: BlockEntry, i: number): bigint | undefined {
  if (i === 0 || !b.undo) return undefined;
  const inSum = b.undo[i]!.reduce((s, c) => s + c.value, 0n);
  return inSum - b.txs[i]!.outs.reduce((s, x) => s + x.value, 0n);
}

export function blockJson(chain: Chain, b: BlockEntry, verbosity: number): Record<string, unknown> {
  return {
    ...headerJson(chain, b),
    strippedsize: b.strippedsize,
    size: b.size,
    weight: b.weight,
    tx:
      verbosity <= 1
        ? b.txids
        : b.txs.map((t, i) => txJson(t, { prevouts: verbosity >= 3 && i > 0 ? b.undo?.[i] ?? null : null, fee: blockFee(b, i), hex: true })),
  };
}

export { classify };
