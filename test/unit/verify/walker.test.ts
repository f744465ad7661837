import { describe, expect, it } from 'vitest';
import { assetRefFromGenesisTx, encodeGenesis, encodeTransfers, hexToBytes, metadataToScript, type Genesis, type Transfer } from '../../../shared/coinspark';
import type { ChainReader, ChainTx, ReadResult, TxWanted } from '../../../main/services/verify/chain-reader';
import { VerifyCache } from '../../../main/services/verify/verify-cache';
import { Walker, type WalkAsset } from '../../../main/services/verify/walker';

// The backward walk over a synthetic chain served by a fake reader: results by the legal definition, the walk
// stopping below the genesis height without reading further, an underpaid genesis, the budget (and resuming
// where it stopped), transactions the node cannot give, and the cache making a second walk free.

const P2PKH = hexToBytes('76a914' + '11'.repeat(20) + '88ac')!;
const GENESIS: Genesis = {
  qtyMantissa: 1, qtyExponent: 4, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false,
  domainName: 'walk.example', usePrefix: true, pagePath: '', assetHash: new Uint8Array(12).fill(7), assetHashLen: 12,
};

let counter = 0;
const txid = () => (++counter).toString(16).padStart(64, '0');

class FakeChain {
  readonly txs = new Map<string, ChainTx>();
  reads: string[] = [];
  unreachable = new Set<string>();
  add(tx: Omit<ChainTx, 'blockHash'>): ChainTx {
    const full = { ...tx, blockHash: tx.height === null ? null : `block${tx.height}` };
    this.txs.set(tx.txid, full);
    return full;
  }
  /** An output spent by a later transaction: its value and the height of its block. */
  spend(tx: ChainTx, vout: number) {
    return { txid: tx.txid, vout, value: tx.outputs[vout]!.value, height: tx.height };
  }
  reader(): ChainReader {
    return {
      read: async (wanted: readonly TxWanted[]) => {
        const out = new Map<string, ReadResult>();
        for (const w of wanted) {
          this.reads.push(w.txid);
          const tx = this.txs.get(w.txid);
          if (!tx || this.unreachable.has(w.txid)) out.set(w.txid, { unreachable: `no ${w.txid.slice(-4)}` });
          // a copy, as a real read would give: the walker may fill in values
          else out.set(w.txid, { ...tx, inputs: tx.inputs.map((i) => ({ ...i })) });
        }
        return out;
      },
    } as unknown as ChainReader;
  }
}

/** Funding coin at height 5 (below the genesis), genesis at height 10 with outputs [holder 10,000 sat, OP_RETURN, change]. */
function world(opts: { underpaid?: boolean } = {}) {
  const chain = new FakeChain();
  const old = chain.add({ txid: txid(), height: 5, coinbase: false, inputs: [{ txid: txid(), vout: 0, value: 1_000_000n, height: 3 }], outputs: [{ value: 900_000n, script: P2PKH }] });
  const meta = encodeGenesis(GENESIS, 40);
  if (!meta.ok) throw new Error(meta.error);
  // 3 regular outputs → min fee 2 × 1000; the underpaid one pays 1,500.
  const fee = opts.underpaid ? 1_500n : 10_000n;
  const g = chain.add({
    txid: txid(), height: 10, coinbase: false, inputs: [chain.spend(old, 0)],
    outputs: [{ value: 10_000n, script: P2PKH }, { value: 10_000n, script: P2PKH }, { value: 0n, script: metadataToScript(meta.value)! }, { value: 900_000n - 20_000n - fee, script: P2PKH }],
  });
  const ref = assetRefFromGenesisTx(10, 81, g.txid)!;
  const asset: WalkAsset = { key: `${g.txid}:${10}`, genTxId: g.txid, genesis: GENESIS, ref, genesisHeight: 10 };
  return { chain, old, g, ref, asset };
}

/** A transfer of `qty` from input 0 to output 0, with a second input from below the genesis paying the fee. */
function transfer(chain: FakeChain, ref: Genesis extends never ? never : ReturnType<typeof world>['ref'], from: { tx: ChainTx; vout: number }, funding: ChainTx, qty: bigint, height: number, fee = 5_000n): ChainTx {
  const list: Transfer[] = [{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: qty }];
  const meta = encodeTransfers(list, 2, 3, 40);
  if (!meta.ok) throw new Error(meta.error);
  const inValue = from.tx.outputs[from.vout]!.value + funding.outputs[0]!.value;
  return chain.add({
    txid: txid(), height, coinbase: false,
    inputs: [chain.spend(from.tx, from.vout), chain.spend(funding, 0)],
    outputs: [{ value: 10_000n, script: P2PKH }, { value: 0n, script: metadataToScript(meta.value)! }, { value: inValue - 10_000n - fee, script: P2PKH }],
  });
}

function funding(chain: FakeChain): ChainTx {
  return chain.add({ txid: txid(), height: 4, coinbase: false, inputs: [{ txid: txid(), vout: 0, value: 100_000n, height: 2 }], outputs: [{ value: 90_000n, script: P2PKH }] });
}

describe('Walker', () => {
  it('follows units from the genesis through transfers, never reading below the genesis height', async () => {
    const { chain, g, ref, asset } = world();
    const t1 = transfer(chain, ref, { tx: g, vout: 0 }, funding(chain), 3_000n, 11);
    const t2 = transfer(chain, ref, { tx: t1, vout: 2 }, funding(chain), 500n, 12);
    const walker = new Walker(chain.reader(), VerifyCache.memory());
    const r = await walker.walk(asset, [{ txid: t2.txid, hint: { txid: t2.txid, height: 12 } }, { txid: t1.txid, hint: { txid: t1.txid, height: 11 } }], 20);
    expect(r.genesis).toMatchObject({ valid: true, minFeeSats: '2000' });
    // genesis: 10,000 units over the 2 regular outputs before the last → 5,000 each; t1 sends 3,000 of output 0's 5,000.
    expect(r.outcomes.get(t1.txid)).toMatchObject({ kind: 'verified', outputs: [3_000n, 0n, 2_000n] });
    expect(r.outcomes.get(t2.txid)).toMatchObject({ kind: 'verified', outputs: [500n, 0n, 1_500n] });
    // Funding coins (height 4) and the genesis's own input (height 5) sit below the genesis: never read.
    const below = [...chain.txs.values()].filter((t) => (t.height ?? 99) < 10).map((t) => t.txid);
    expect(chain.reads.filter((id) => below.includes(id))).toEqual([]);
    expect(new Set(chain.reads)).toEqual(new Set([g.txid, t1.txid, t2.txid]));
  });

  it('a second walk is answered from the cache: no read at all', async () => {
    const { chain, g, ref, asset } = world();
    const t1 = transfer(chain, ref, { tx: g, vout: 0 }, funding(chain), 3_000n, 11);
    const cache = VerifyCache.memory();
    await new Walker(chain.reader(), cache).walk(asset, [{ txid: t1.txid, hint: { txid: t1.txid } }], 20);
    chain.reads = [];
    const r = await new Walker(chain.reader(), cache).walk(asset, [{ txid: t1.txid, hint: { txid: t1.txid } }], 20);
    expect(r.outcomes.get(t1.txid)).toMatchObject({ kind: 'verified', outputs: [3_000n, 0n, 2_000n] });
    expect(chain.reads).toEqual([]);
  });

  it('an underpaid genesis created no units', async () => {
    const { chain, g, asset } = world({ underpaid: true });
    const r = await new Walker(chain.reader(), VerifyCache.memory()).walk(asset, [{ txid: g.txid, hint: { txid: g.txid, height: 10 } }], 20);
    expect(r.genesis).toMatchObject({ valid: false, feeSats: '1500', minFeeSats: '2000' });
    const o = r.outcomes.get(g.txid);
    // Nothing walked: every output of every transaction holds 0 of an asset that never existed.
    expect(o?.kind === 'verified' && o.outputs.every((q) => q === 0n)).toBe(true);
    expect(chain.reads).toEqual([g.txid]);
  });

  it('stops at its budget and goes on from there in the next pass', async () => {
    const { chain, g, ref, asset } = world();
    let prev: { tx: ChainTx; vout: number } = { tx: g, vout: 0 };
    const fund = funding(chain);
    for (let i = 0; i < 30; i++) prev = { tx: transfer(chain, ref, prev, fund, 5_000n - BigInt(i), 11 + i), vout: 0 };
    const last = prev.tx;
    const walker = new Walker(chain.reader(), VerifyCache.memory(), { budget: 12 });
    const target = [{ txid: last.txid, hint: { txid: last.txid, height: last.height } }];
    const r1 = await walker.walk(asset, target, 50);
    expect(r1.outcomes.get(last.txid)).toEqual({ kind: 'over-budget' });
    expect(r1.read).toBeLessThanOrEqual(13);
    const r2 = await walker.walk(asset, target, 50);
    expect(r2.outcomes.get(last.txid)).toEqual({ kind: 'over-budget' });
    const r3 = await walker.walk(asset, target, 50);
    expect(r3.outcomes.get(last.txid)).toMatchObject({ kind: 'verified', outputs: [4_971n, 0n, 1n] });
    // Nothing was read twice: each pass went on where the previous one stopped.
    expect(chain.reads.length).toBe(new Set(chain.reads).size);
  });

  it('a transaction the node cannot give leaves what depends on it unreachable, with the reason', async () => {
    const { chain, g, ref, asset } = world();
    const t1 = transfer(chain, ref, { tx: g, vout: 0 }, funding(chain), 3_000n, 11);
    const t2 = transfer(chain, ref, { tx: t1, vout: 2 }, funding(chain), 500n, 12);
    chain.unreachable.add(t1.txid);
    const r = await new Walker(chain.reader(), VerifyCache.memory()).walk(asset, [{ txid: t2.txid, hint: { txid: t2.txid } }], 20);
    expect(r.outcomes.get(t2.txid)).toEqual({ kind: 'unreachable', reason: `no ${t1.txid.slice(-4)}` });
  });

  it('a mempool transaction whose input value is unknown reads the parent for the fee', async () => {
    const { chain, g, ref, asset } = world();
    const t1 = transfer(chain, ref, { tx: g, vout: 0 }, funding(chain), 3_000n, 11);
    const t2 = transfer(chain, ref, { tx: t1, vout: 2 }, funding(chain), 500n, 12);
    // As Core gives a mempool transaction: no prevout values for inputs made by other mempool transactions.
    const mem = { ...t2, height: null, blockHash: null, inputs: t2.inputs.map((i, k) => (k === 0 ? { ...i, value: null, height: null } : i)) };
    chain.txs.set(t2.txid, mem);
    const cache = VerifyCache.memory();
    // t1 already verified: only its satoshis are missing, so it is read for them.
    await new Walker(chain.reader(), cache).walk(asset, [{ txid: t1.txid, hint: { txid: t1.txid } }], 20);
    const r = await new Walker(chain.reader(), cache).walk(asset, [{ txid: t2.txid, hint: { txid: t2.txid, height: null } }], 20);
    expect(r.outcomes.get(t2.txid)).toMatchObject({ kind: 'verified', outputs: [500n, 0n, 1_500n], height: null });
  });
});
