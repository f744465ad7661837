// TransferTable (transfer lists as columns of numbers) against the Transfer[] functions and the vectors.
import { describe, expect, it } from 'vitest';
import {
  TransferTable,
  applyNoTransfersNumber,
  applyTransfersBig,
  calcTransfersMinFee,
  decodeGenesis,
  decodeTransfers,
  defaultOutputs,
  encodeTransfers,
  hexToBytes,
  prefixInt,
  type AssetRef,
  type Transfer,
} from '../../../shared/coinspark/index.js';
import { loadCases } from '../../vectors/run-lib.js';

const REF_A: AssetRef = { blockNum: 456789, txOffset: 65432, txIDPrefix: '7f25' };
const LIST_META = '53504B747E1119C404B50000C7EA0298117A2255F80698FF007F25000200DC05';

interface ApplyInput {
  genesisMetadata: string;
  assetRef: { blockNum: string; txOffset: string; txIDPrefix: string };
  transfersMetadata: string | null;
  inputBalances: string[];
  outputsSatoshis: string[];
  outputsRegular: boolean[];
}

describe('TransferTable', () => {
  it('reads prefixes as b0 + 256·b1 in either case, −1 for anything else', () => {
    expect(prefixInt(REF_A)).toBe(0x7f + 256 * 0x25);
    expect(prefixInt({ ...REF_A, txIDPrefix: 'C7eA' })).toBe(0xc7 + 256 * 0xea);
    for (const bad of ['7f2', '7f255', '7g25', ' 7f2', '', '\u0130f25']) {
      expect(prefixInt({ ...REF_A, txIDPrefix: bad })).toBe(-1);
    }
  });

  it('decodes what decodeTransfers decodes, and fails with its reasons', () => {
    const t = new TransferTable();
    expect(t.decode(hexToBytes(LIST_META)!, 3, 4)).toBe(true);
    const d = decodeTransfers(hexToBytes(LIST_META)!, 3, 4);
    expect(d.ok).toBe(true);
    const list = d.ok ? d.value : [];
    expect(t.count).toBe(list.length);
    for (let k = 0; k < t.count; k++) {
      expect(t.blockNum[k]).toBe(list[k]!.assetRef.blockNum);
      expect(t.inCount[k]).toBe(list[k]!.inputs.count);
      expect(t.qty[k]).toBe(Number(list[k]!.qtyPerOutput));
    }
    expect(t.decode(hexToBytes(LIST_META.slice(0, -2))!, 3, 4)).toBe(false);
    expect(t.count).toBe(0);
    expect(t.error).toBe('truncated transfer');
    expect(t.decode(hexToBytes('53504b74')!, 3, 4)).toBe(false);
    expect(t.error).toBe('empty transfer list');
    expect(t.decode(hexToBytes('53504b72cb04fb711f01')!, 3, 4)).toBe(false);
    expect(t.error).toBe('no transfer list field');
  });

  it('grows past its initial size and keeps every row', () => {
    // 41 transfers of one asset, input k to output k: one byte each after the first
    const list: Transfer[] = Array.from({ length: 41 }, (_, k) => ({
      assetRef: REF_A,
      inputs: { first: k, count: 1 },
      outputs: { first: k, count: 1 },
      qtyPerOutput: 7n,
    }));
    const e = encodeTransfers(list, 41, 41, 1000);
    expect(e.ok).toBe(true);
    const t = new TransferTable();
    expect(t.decode(e.ok ? e.value : new Uint8Array(), 41, 41)).toBe(true);
    expect(t.count).toBe(41);
    expect(Array.from(t.outFirst.subarray(0, 41))).toEqual(list.map((x) => x.outputs.first));
    expect(Array.from(t.qty.subarray(0, 41))).toEqual(list.map(() => 7));
    const d = decodeTransfers(e.ok ? e.value : new Uint8Array(), 41, 41);
    expect(d.ok && d.value).toEqual(list);
  });

  it('agrees with the bigint apply, min fee and default outputs on every public transfers_apply case', () => {
    const cases = loadCases('test/fixtures/vectors').filter((c) => c.op === 'transfers_apply');
    expect(cases.length).toBeGreaterThan(2000);
    const t = new TransferTable();
    let compared = 0;
    for (const c of cases) {
      const i = c.input as ApplyInput;
      const g = decodeGenesis(hexToBytes(i.genesisMetadata)!);
      if (!g.ok) continue;
      const nIn = i.inputBalances.length;
      const regular = i.outputsRegular;
      const meta = i.transfersMetadata === null ? null : hexToBytes(i.transfersMetadata);
      const d = meta === null ? null : decodeTransfers(meta, nIn, regular.length);
      const list: Transfer[] = d !== null && d.ok ? d.value : [];
      if (meta === null || !t.decode(meta, nIn, regular.length)) t.count = 0;
      expect(t.count).toBe(list.length);
      const ref: AssetRef = { blockNum: Number(i.assetRef.blockNum), txOffset: Number(i.assetRef.txOffset), txIDPrefix: i.assetRef.txIDPrefix };
      const balances = i.inputBalances.map(BigInt);
      const big = applyTransfersBig(list, ref, g.value, balances, regular);
      const sum = balances.reduce((a, b) => a + b, 0n);
      if (sum <= BigInt(Number.MAX_SAFE_INTEGER)) {
        expect(t.apply(ref, g.value, balances.map(Number), regular)).toEqual(big.map(Number));
        expect(new TransferTable().setFromTransfers(list).apply(ref, g.value, balances.map(Number), regular)).toEqual(big.map(Number));
        expect(applyNoTransfersNumber(balances.map(Number), regular)).not.toBeNull();
        compared++;
      }
      expect(BigInt(t.minFee(nIn, i.outputsSatoshis.map(Number), regular))).toBe(calcTransfersMinFee(list, nIn, i.outputsSatoshis.map(BigInt), regular));
      expect(t.defaultOutputs(nIn, regular)).toEqual(defaultOutputs(list, nIn, regular));
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('matches no transfer for an asset reference whose prefix is not hex', () => {
    const list: Transfer[] = [{ assetRef: { ...REF_A, txIDPrefix: 'zz' }, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 5n }];
    const genesis = { chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0 } as Parameters<TransferTable['apply']>[1];
    // nothing is transferred: all 10 units are leftovers for the last regular output
    expect(new TransferTable().setFromTransfers(list).apply({ ...REF_A, txIDPrefix: 'zz' }, genesis, [10], [true, true])).toEqual([0, 10]);
  });
});
