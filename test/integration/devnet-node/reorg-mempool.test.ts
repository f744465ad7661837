// The mempool across reorgs, as Core keeps it (validation.cpp MaybeUpdateMempoolForReorg): the transactions of the
// blocks taken off go back to the mempool and are linked to their children already there (so a block template never
// puts a child before its parent); what can no longer be mined leaves with its descendants (a transaction whose
// coin a new chain spent, a spend of a coinbase that is gone or no longer mature); invalidateblock puts back only the
// transactions of the ten blocks nearest the tip; and a parent confirmed again leaves its children spending a coin of
// the chain. After each, the next block is valid and the chain advances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode, type Utxo } from './helpers.js';

interface MempoolEntry {
  depends: string[];
  spentby: string[];
  ancestorcount: number;
}

describe('devnet node: the mempool across reorgs', () => {
  let t: TestNode;
  const rpc = <T = unknown>(method: string, params: unknown[] = [], wallet?: string): Promise<T> => t.rpc<T>(method, params, wallet);
  const coinbases: Utxo[] = [];

  beforeAll(async () => {
    t = await startTestNode({}, 20);
    const utxos = await rpc<Utxo[]>('listunspent', [100], 'w');
    coinbases.push(...utxos.filter((u) => u.amount === 50));
  });
  afterAll(async () => t?.close());

  const address = (): Promise<string> => rpc<string>('getnewaddress', [], 'w');
  /** Spends exactly `input` to one new address, paying `feeSats`; returns the txid (in the mempool). */
  async function spend(input: { txid: string; vout: number; amount: number }, feeSats: number): Promise<string> {
    const raw = await rpc<string>('createrawtransaction', [[{ txid: input.txid, vout: input.vout }], [{ [await address()]: (Math.round(input.amount * 1e8) - feeSats) / 1e8 }]]);
    const signed = await rpc<{ hex: string; complete: boolean }>('signrawtransactionwithwallet', [raw], 'w');
    expect(signed.complete).toBe(true);
    return rpc<string>('sendrawtransaction', [signed.hex]);
  }
  const amountOf = async (txid: string): Promise<number> => (await rpc<{ vout: { value: number }[] }>('getrawtransaction', [txid, true])).vout[0]!.value;
  const mempool = async (): Promise<string[]> => (await rpc<string[]>('getrawmempool')).sort();
  const mine = async (): Promise<string> => (await rpc<string[]>('generatetoaddress', [1, t.mineTo]))[0]!;
  /** One block mined on top: the chain advances and the block holds these transactions (in this order, or any). */
  async function expectNextBlockHolds(txids: string[], anyOrder = false): Promise<void> {
    const height = await rpc<number>('getblockcount');
    const hash = await mine();
    expect(await rpc<number>('getblockcount'), 'the chain advances').toBe(height + 1);
    expect(await rpc<string>('getbestblockhash')).toBe(hash);
    const held = (await rpc<{ tx: string[] }>('getblock', [hash, 1])).tx.slice(1);
    expect(anyOrder ? held.sort() : held).toEqual(anyOrder ? [...txids].sort() : txids);
  }

  it('a disconnected transaction goes back linked to its children already in the mempool: the parent is mined first', async () => {
    // P confirmed alone; then C spending P and G spending C, each paying a far higher fee rate than its parent (a
    // template by fee rate alone puts them first; one by arrival puts C, which arrived before P came back, first).
    const p = await spend(coinbases.pop()!, 10_000);
    const blockP = await mine();
    const c = await spend({ txid: p, vout: 0, amount: await amountOf(p) }, 200_000);
    const g = await spend({ txid: c, vout: 0, amount: await amountOf(c) }, 400_000);
    await rpc('invalidateblock', [blockP]);
    expect(await mempool()).toEqual([c, g, p].sort());
    expect(await rpc<MempoolEntry>('getmempoolentry', [c])).toMatchObject({ depends: [p], spentby: [g], ancestorcount: 2 });
    expect(await rpc<MempoolEntry>('getmempoolentry', [g])).toMatchObject({ depends: [c], ancestorcount: 3 });
    expect(await rpc<MempoolEntry>('getmempoolentry', [p])).toMatchObject({ depends: [], spentby: [c] });
    await expectNextBlockHolds([p, c, g]);
    expect(await mempool()).toEqual([]);
  });

  it('a parent confirmed again (reconsiderblock) leaves its child in the mempool spending a coin of the chain', async () => {
    const p = await spend(coinbases.pop()!, 10_000);
    const blockP = await mine();
    const c = await spend({ txid: p, vout: 0, amount: await amountOf(p) }, 200_000);
    await rpc('invalidateblock', [blockP]);
    expect(await rpc<MempoolEntry>('getmempoolentry', [c])).toMatchObject({ depends: [p] });
    await rpc('reconsiderblock', [blockP]);
    expect(await rpc<string>('getbestblockhash')).toBe(blockP);
    expect(await mempool()).toEqual([c]);
    expect(await rpc<MempoolEntry>('getmempoolentry', [c])).toMatchObject({ depends: [], ancestorcount: 1 });
    await expectNextBlockHolds([c]);
  });

  it('a transaction the new chain conflicts with is not put back, and its child leaves the mempool with it', async () => {
    const coin = coinbases.pop()!;
    // Branch B: P' (spending the coin) and one more block.
    const pPrime = await spend(coin, 10_000);
    const b1 = await mine();
    const b2 = await mine();
    await rpc('invalidateblock', [b1]);
    expect(await mempool()).toEqual([pPrime]);
    // Branch A, one block shorter: P replaces P' (same coin, higher fee) and confirms; C spends P.
    const p = await spend(coin, 100_000);
    await mine();
    const c = await spend({ txid: p, vout: 0, amount: await amountOf(p) }, 10_000);
    // B comes back and is longer: P cannot go back (P' spent its coin), C has no parent left.
    await rpc('reconsiderblock', [b1]);
    expect(await rpc<string>('getbestblockhash')).toBe(b2);
    expect((await rpc<{ confirmations: number }>('getrawtransaction', [pPrime, true])).confirmations).toBe(2);
    expect(await mempool()).not.toContain(c);
    expect(await mempool()).toEqual([]);
    await expectNextBlockHolds([]);
  });

  it('a spend of a coinbase leaves the mempool when the coinbase is no longer mature, or no longer exists', async () => {
    // A coinbase K exactly mature for the next block.
    const k = await mine();
    for (let i = 0; i < 99; i++) await mine();
    const cbK = (await rpc<{ tx: string[] }>('getblock', [k, 1])).tx[0]!;
    const s = await spend({ txid: cbK, vout: 0, amount: 50 }, 10_000);
    expect(await mempool()).toEqual([s]);
    // One block off: K's coinbase would be spent at depth 99.
    await rpc('invalidateblock', [await rpc<string>('getbestblockhash')]);
    expect(await mempool()).toEqual([]);
    await expectNextBlockHolds([]);
    // Mature again and spent again; then K itself taken off (with the hundred blocks above it): no coin left.
    const s2 = await spend({ txid: cbK, vout: 0, amount: 50 }, 20_000);
    expect(await mempool()).toEqual([s2]);
    await rpc('invalidateblock', [k]);
    expect(await mempool()).toEqual([]);
    await expectNextBlockHolds([]);
  });

  it('invalidateblock puts back the transactions of the ten blocks nearest the tip only (as Core)', async () => {
    const perBlock: string[] = [];
    let bottom = '';
    for (let depth = 12; depth >= 1; depth--) {
      perBlock.push(await spend(coinbases.pop()!, 10_000));
      const hash = await mine();
      if (depth === 12) bottom = hash;
    }
    await rpc('invalidateblock', [bottom]);
    // perBlock[0] was in the block 12 deep, perBlock[11] in the tip block.
    expect(await mempool()).toEqual(perBlock.slice(2).sort());
    await expectNextBlockHolds(perBlock.slice(2), true);
  });
});
