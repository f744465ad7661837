import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendMetadata, assetRefFromGenesisTx, encodeGenesis, encodeTransfers, hexToBytes, metadataToScript, transferTxOutputQty, type Genesis } from '../../../shared/coinspark';
import { TxFlow, type FlowTx } from '../../../main/services/verify/tx-asset-flow';

// The per-transaction legal definition (protocol.md §7.10) against the C library's whole-transaction vectors
// (test/fixtures/vectors/tx.jsonl), then the rules it reports.

interface Vector {
  id: string;
  op: string;
  input: Record<string, unknown>;
  expected: { outputQty: string[] };
}
const vectors: Vector[] = readFileSync(path.resolve('test/fixtures/vectors/tx.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Vector);

/** A transaction with these output scripts and values whose inputs pay exactly `fee` (all from input 0). */
function txOf(scripts: string[], sats: string[], fee: bigint, inputs = 1, txid = 'ab'.repeat(32)): FlowTx {
  const outputs = scripts.map((s, i) => ({ script: hexToBytes(s)!, value: BigInt(sats[i]!) }));
  const total = outputs.reduce((a, o) => a + o.value, 0n) + fee;
  return {
    txid,
    coinbase: false,
    inputs: Array.from({ length: inputs }, (_, i) => ({ txid: 'cd'.repeat(32), vout: i, value: i === 0 ? total : 0n })),
    outputs,
  };
}

describe('TxFlow against the C library vectors', () => {
  it('genesis transactions: units only when the fee is paid', () => {
    const cases = vectors.filter((v) => v.op === 'tx_genesis');
    expect(cases.length).toBeGreaterThan(100);
    for (const v of cases) {
      const i = v.input as { scripts: string[]; outputsSatoshis: string[]; feeSatoshis: string };
      const flow = new TxFlow(txOf(i.scripts, i.outputsSatoshis, BigInt(i.feeSatoshis)));
      const got = (flow.genesis()?.outputs ?? i.scripts.map(() => 0n)).map(String);
      expect(got, v.id).toEqual(v.expected.outputQty);
    }
  });

  it('transfer transactions: lists applied, voided under their fee, or zeroed on a count mismatch', () => {
    const cases = vectors.filter((v) => v.op === 'tx_transfer');
    expect(cases.length).toBeGreaterThan(100);
    const rules = new Set<string | null>();
    for (const v of cases) {
      const i = v.input as {
        genesisScripts: string[]; genesisOutputsSatoshis: string[]; genesisFeeSatoshis: string;
        assetRef: { blockNum: string; txOffset: string; genesisTxId: string };
        inputBalances: string[]; scripts: string[]; outputsSatoshis: string[]; feeSatoshis: string;
      };
      const g = new TxFlow(txOf(i.genesisScripts, i.genesisOutputsSatoshis, BigInt(i.genesisFeeSatoshis))).genesis();
      const flow = new TxFlow(txOf(i.scripts, i.outputsSatoshis, BigInt(i.feeSatoshis), i.inputBalances.length));
      let got: string[];
      if (!g || g.valid !== true) got = i.scripts.map(() => '0');
      else {
        const ref = assetRefFromGenesisTx(Number(i.assetRef.blockNum), Number(i.assetRef.txOffset), i.assetRef.genesisTxId)!;
        const m = flow.apply({ genesis: g.genesis, ref }, i.inputBalances.map(BigInt))!;
        rules.add(m.rule);
        got = m.outputs.map(String);
        expect(m.inputTotal - m.outputTotal, v.id).toBe(m.vanished);
      }
      expect(got, v.id).toEqual(v.expected.outputQty);
    }
    // The vectors exercise lists paid for and lists under their fee (the other rules are tested below).
    expect([...rules].sort()).toEqual(['applied', 'under-fee']);
  });
});

const GENESIS: Genesis = {
  qtyMantissa: 1, qtyExponent: 6, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false,
  domainName: 'x.example', usePrefix: true, pagePath: '', assetHash: new Uint8Array(12), assetHashLen: 12,
};
const REF = { blockNum: 100, txOffset: 81, txIDPrefix: 'abcd' };
const P2PKH = '76a914' + '11'.repeat(20) + '88ac';

/** One input, outputs [payee 10,000 sat, OP_RETURN list, change]; the list sends `qty` of REF to output 0. */
function transferTx(qty: bigint, fee: bigint | null): FlowTx {
  const meta = encodeTransfers([{ assetRef: REF, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: qty }], 1, 3, 40);
  if (!meta.ok) throw new Error(meta.error);
  const outputs = [
    { script: hexToBytes(P2PKH)!, value: 10_000n },
    { script: metadataToScript(meta.value)!, value: 0n },
    { script: hexToBytes(P2PKH)!, value: 50_000n },
  ];
  return { txid: 'ef'.repeat(32), coinbase: false, inputs: [{ txid: 'cd'.repeat(32), vout: 0, value: fee === null ? null : 60_000n + fee }], outputs };
}

/** transferTx's outputs, the metadata holding a genesis followed by the same list; the fee pays both minimums. */
function genesisAndTransferTx(qty: bigint): FlowTx {
  const list = encodeTransfers([{ assetRef: REF, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: qty }], 1, 3, 40);
  const genesis = encodeGenesis(GENESIS, 40);
  if (!list.ok || !genesis.ok) throw new Error('encode');
  const both = appendMetadata(genesis.value, 75, list.value)!;
  const tx = transferTx(qty, 5000n);
  tx.outputs = [tx.outputs[0]!, { script: metadataToScript(both)!, value: 0n }, tx.outputs[2]!];
  return tx;
}

describe('TxFlow rules', () => {
  const asset = { genesis: GENESIS, ref: REF };

  it('a list paid for moves units by its transfers', () => {
    const m = new TxFlow(transferTx(300n, 1000n)).apply(asset, [1000n])!;
    expect(m.rule).toBe('applied');
    expect(m.outputs).toEqual([300n, 0n, 700n]);
  });

  it('a list below its minimum fee is void: every unit follows the default route (last regular output)', () => {
    const flow = new TxFlow(transferTx(300n, 999n));
    expect(flow.transfersMinFee).toBe(1000n);
    const m = flow.apply(asset, [1000n])!;
    expect(m.rule).toBe('under-fee');
    expect(m.outputs).toEqual([0n, 0n, 1000n]);
  });

  it('an unknown fee that matters is reported, not guessed; one that does not matter is not needed', () => {
    const flow = new TxFlow(transferTx(300n, null));
    expect(flow.fee).toBeNull();
    expect(flow.needsFee()).toBe(true);
    expect(flow.apply(asset, [1000n])).toBeNull();
    // No units in: nothing to judge.
    expect(flow.apply(asset, [0n])!.outputs).toEqual([0n, 0n, 0n]);
    // No list: the fee never matters.
    const plain: FlowTx = { ...transferTx(1n, null), outputs: [{ script: hexToBytes(P2PKH)!, value: 1n }, { script: hexToBytes(P2PKH)!, value: 2n }] };
    expect(new TxFlow(plain).apply(asset, [5n])).toMatchObject({ rule: 'none', outputs: [0n, 5n] });
  });

  it('metadata with a transfer field that does not decode counts as no list', () => {
    const bad: FlowTx = { ...transferTx(1n, 0n) };
    bad.outputs = [bad.outputs[0]!, { script: metadataToScript(hexToBytes('53504b74ff')!)!, value: 0n }, bad.outputs[2]!];
    expect(new TxFlow(bad).apply(asset, [7n])).toMatchObject({ rule: 'unreadable', outputs: [0n, 0n, 7n] });
  });

  it('a transfer list beside a genesis is set aside, as trackers do (protocol.md §2.4): every unit to the last output', () => {
    const tx = genesisAndTransferTx(300n);
    const flow = new TxFlow(tx);
    expect(flow.transfers).toEqual([]);
    const m = flow.apply(asset, [1000n])!;
    expect(m.rule).toBe('beside-genesis');
    expect(m.outputs).toEqual([0n, 0n, 1000n]);
    // The genesis itself is processed (its units to the regular outputs but the last).
    expect(flow.genesis()).toMatchObject({ valid: true, outputs: [1_000_000n, 0n, 0n] });
    // The protocol library's one-call helper (used by the tests' reference calculation) says the same.
    const scripts = tx.outputs.map((o) => o.script);
    expect(transferTxOutputQty(GENESIS, REF, [1000n], scripts, tx.outputs.map((o) => o.value), 5000n)).toEqual([0n, 0n, 1000n]);
  });

  it('a coinbase carries no units; a genesis pays its minimum fee or creates nothing', () => {
    const cb: FlowTx = { txid: '00'.repeat(32), coinbase: true, inputs: [{ txid: '00'.repeat(32), vout: 0xffffffff, value: null }], outputs: [{ script: hexToBytes(P2PKH)!, value: 1n }] };
    expect(new TxFlow(cb).apply(asset, [0n])!.outputs).toEqual([0n]);
    expect(new TxFlow(cb).genesis()).toBeNull();
  });
});
