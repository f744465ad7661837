import { describe, expect, it } from 'vitest';
import { encodeGenesis, encodeTransfers, type AssetRef, type Genesis, type Transfer } from '../../../shared/coinspark/index';
import { flowWithUnknowns, possibleHolders, txFlowOf, type KeptTx } from '../../../main/services/history/flow-with-unknowns';

const genesis: Genesis = {
  qtyMantissa: 1, qtyExponent: 4, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0,
  useHttps: false, domainName: 'flow.example', usePrefix: true, pagePath: '', assetHash: new Uint8Array(12).fill(3), assetHashLen: 12,
};
const ref: AssetRef = { blockNum: 200, txOffset: 100, txIDPrefix: 'abcd' };
const asset = { genTxId: 'ab'.repeat(32), ref, genesis };
const IN = (n: number) => Array.from({ length: n }, (_, i) => ({ txid: (i + 1).toString(16).padStart(64, '0'), vout: 0 }));
/** A kept transaction: inputs of 10,000 sat each unless said otherwise. */
const kept = (over: Partial<KeptTx> & { nIn?: number }): KeptTx => {
  const nIn = over.nIn ?? 1;
  return { txid: 'cd'.repeat(32), inputs: IN(nIn), inputValues: new Array(nIn).fill(10_000n), outputValues: [4000n, 4000n], outputsRegular: [true, true], metadata: null, ...over };
};
const transfers = (list: Transfer[], nIn: number, nOut: number): Uint8Array => {
  const e = encodeTransfers(list, nIn, nOut, 40);
  if (!e.ok) throw new Error(e.error);
  return e.value;
};
const explicit = (qty: bigint): Transfer => ({ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: qty });

describe('the legal definition with unknowns (history, foreign-spend alerts)', () => {
  it('a plain transaction (no metadata) sends every unit to the last regular output', () => {
    const tx = txFlowOf(kept({ nIn: 2, outputValues: [1000n, 0n, 1000n], outputsRegular: [true, false, true] }));
    expect(flowWithUnknowns(tx, asset, [700n, 300n])).toMatchObject({ outputs: [0n, 0n, 1000n], inputTotal: 1000n, rule: 'none', namedByTransfer: false, vanished: 0n });
  });

  it('an explicit transfer moves what it says, the rest follows the default route', () => {
    const tx = txFlowOf(kept({ metadata: transfers([explicit(250n)], 1, 3), outputValues: [5000n, 0n, 4000n], outputsRegular: [true, false, true] }));
    expect(flowWithUnknowns(tx, asset, [1000n])).toMatchObject({ outputs: [250n, 0n, 750n], rule: 'applied', namedByTransfer: true });
  });

  it('a fee below the list’s minimum makes the list void: everything to the last output', () => {
    const tx = txFlowOf(kept({ metadata: transfers([explicit(250n)], 1, 3), inputValues: [10_000n], outputValues: [5000n, 0n, 5000n], outputsRegular: [true, false, true] }));
    expect(flowWithUnknowns(tx, asset, [1000n])).toMatchObject({ outputs: [0n, 0n, 1000n], rule: 'under-fee' });
  });

  it('an input value unknown: fine when the fee does not matter, unknown at the possible holders when it does', () => {
    const plain = txFlowOf(kept({ inputValues: [null] }));
    expect(flowWithUnknowns(plain, asset, [1000n]).outputs).toEqual([0n, 1000n]);
    const listed = txFlowOf(kept({ metadata: transfers([explicit(250n)], 1, 3), inputValues: [null], outputValues: [5000n, 0n, 4000n], outputsRegular: [true, false, true] }));
    const flow = flowWithUnknowns(listed, asset, [1000n]);
    expect(flow.rule).toBeNull();
    expect(flow.outputs).toEqual([null, 0n, null]);
  });

  it('unknown input units: unknown at every output that could receive some, zero at the others', () => {
    const tx = txFlowOf(kept({ nIn: 2, outputValues: [1n, 1n, 1n], outputsRegular: [true, true, true] }));
    const flow = flowWithUnknowns(tx, asset, [5n, null]);
    expect(flow.outputs).toEqual([0n, 0n, null]);
    expect(flow.inputTotal).toBeNull();
    expect(possibleHolders(txFlowOf(kept({ outputValues: [1n, 1n, 0n], outputsRegular: [true, true, false] })), ref)).toEqual([false, true, false]);
  });

  it('the genesis transaction creates the units (none when underpaid, unknown when its fee cannot be judged)', () => {
    const e = encodeGenesis(genesis, 40);
    if (!e.ok) throw new Error(e.error);
    const g = (inputValues: (bigint | null)[]) => txFlowOf(kept({ txid: asset.genTxId, metadata: e.value, inputValues, outputValues: [4000n, 0n, 1000n], outputsRegular: [true, false, true] }));
    expect(flowWithUnknowns(g([10_000n]), asset, [null])).toMatchObject({ outputs: [10_000n, 0n, 0n], rule: 'genesis' });
    expect(flowWithUnknowns(g([5001n]), asset, [null])).toMatchObject({ outputs: [0n, 0n, 0n], rule: 'genesis-underpaid' });
    expect(flowWithUnknowns(g([null]), asset, [null])).toMatchObject({ outputs: [null, 0n, null], rule: null });
  });

  it('inputs holding none: nothing to route', () => {
    expect(flowWithUnknowns(txFlowOf(kept({})), asset, [0n])).toMatchObject({ outputs: [0n, 0n], rule: 'no-units' });
  });
});
