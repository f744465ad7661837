import { describe, expect, it } from 'vitest';
import { encodeGenesis, encodeTransfers, type AssetRef, type Genesis, type Transfer } from '../../../shared/coinspark/index';
import { assetFlow, possibleHolders, type FlowTx } from '../../../main/services/verify/tx-asset-flow';

const genesis: Genesis = {
  qtyMantissa: 1, qtyExponent: 4, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0,
  useHttps: false, domainName: 'flow.example', usePrefix: true, pagePath: '', assetHash: new Uint8Array(12).fill(3), assetHashLen: 12,
};
const ref: AssetRef = { blockNum: 200, txOffset: 100, txIDPrefix: 'abcd' };
const asset = { genTxId: 'ab'.repeat(32), assetRef: ref, genesis };
const tx = (over: Partial<FlowTx>): FlowTx => ({ txid: 'cd'.repeat(32), metadata: null, countInputs: 1, outputsRegular: [true, true], outputsSatoshis: [10_000n, 10_000n], feeSatoshis: 5000n, ...over });
const transfers = (list: Transfer[], nIn: number, nOut: number): Uint8Array => {
  const e = encodeTransfers(list, nIn, nOut, 40);
  if (!e.ok) throw new Error(e.error);
  return e.value;
};

describe('tx-asset-flow: where one asset’s units go in one transaction', () => {
  it('a plain transaction (no metadata) sends every unit to the last regular output', () => {
    const flow = assetFlow(tx({ countInputs: 2, outputsRegular: [true, false, true] , outputsSatoshis: [1n, 0n, 1n] }), asset, [700n, 300n]);
    expect(flow).toMatchObject({ outputs: [0n, 0n, 1000n], inputTotal: 1000n, rule: 'applied', namedByTransfer: false, hasTransferList: false, destroyed: 0n });
  });

  it('an explicit transfer moves what it says, the rest follows the default route', () => {
    const metadata = transfers([{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 250n }], 1, 3);
    const flow = assetFlow(tx({ metadata, outputsRegular: [true, false, true], outputsSatoshis: [10_000n, 0n, 10_000n] }), asset, [1000n]);
    expect(flow.outputs).toEqual([250n, 0n, 750n]);
    expect(flow).toMatchObject({ rule: 'applied', namedByTransfer: true, hasTransferList: true });
  });

  it('a fee below the list’s minimum makes the list void: everything to the last output', () => {
    const metadata = transfers([{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 250n }], 1, 3);
    const flow = assetFlow(tx({ metadata, outputsRegular: [true, false, true], outputsSatoshis: [10_000n, 0n, 10_000n], feeSatoshis: 0n }), asset, [1000n]);
    expect(flow).toMatchObject({ outputs: [0n, 0n, 1000n], rule: 'fee-too-low' });
  });

  it('an unknown fee is tried on both sides of the minimum: a known answer when it does not matter, unknown when it does', () => {
    const plain = assetFlow(tx({ feeSatoshis: null }), asset, [1000n]);
    expect(plain.outputs).toEqual([0n, 1000n]);
    const metadata = transfers([{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 250n }], 1, 3);
    const decisive = assetFlow(tx({ metadata, outputsRegular: [true, false, true], outputsSatoshis: [10_000n, 0n, 10_000n], feeSatoshis: null }), asset, [1000n]);
    expect(decisive.rule).toBeNull();
    expect(decisive.outputs).toEqual([null, 0n, null]);
  });

  it('unknown input units: unknown at every output that could receive some, zero at the others', () => {
    const flow = assetFlow(tx({ countInputs: 2, outputsRegular: [true, true, true], outputsSatoshis: [1n, 1n, 1n] }), asset, [5n, null]);
    expect(flow.outputs).toEqual([0n, 0n, null]);
    expect(flow.inputTotal).toBeNull();
    expect(possibleHolders(tx({ outputsRegular: [true, true, false] }), ref, null)).toEqual([false, true, false]);
  });

  it('the genesis transaction creates the units (or none when its fee is too low)', () => {
    const e = encodeGenesis(genesis, 40);
    if (!e.ok) throw new Error(e.error);
    const g = tx({ txid: asset.genTxId, metadata: e.value, outputsRegular: [true, false, true], outputsSatoshis: [10_000n, 0n, 10_000n] });
    expect(assetFlow({ ...g, feeSatoshis: 5000n }, asset, [null])).toMatchObject({ outputs: [10_000n, 0n, 0n], rule: 'genesis' });
    expect(assetFlow({ ...g, feeSatoshis: 10n }, asset, [null])).toMatchObject({ outputs: [0n, 0n, 0n], rule: 'genesis-fee-too-low' });
    expect(assetFlow({ ...g, feeSatoshis: null }, asset, [null]).rule).toBeNull();
  });

  it('inputs holding none: nothing to route', () => {
    expect(assetFlow(tx({}), asset, [0n])).toMatchObject({ outputs: [0n, 0n], rule: 'no-units' });
  });
});
