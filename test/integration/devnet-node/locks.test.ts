// Coin locks as Bitcoin Core v29 keeps them (issue #14): persistent locks survive unloadwallet/
// loadwallet, a node restart and a stop/start on a persisted data directory, locks without
// `persistent` do not; Core's errors; locked coins out of listunspent and coin selection but in the
// balances; a locked coin named as an input is spent, and a spent coin is unlocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnetNode } from '../../devnet/node/index.js';
import { Rpc, TestNode, Utxo, coreOrder, outpoint, rpcError, startTestNode } from './helpers.js';
import { cli } from './rpc-client.js';

describe('devnet coin locks', () => {
  let t: TestNode;
  let rpc: Rpc;
  /** a wallet with exactly four confirmed 1 BTC coins */
  let coins: Utxo[];

  beforeAll(async () => {
    t = await startTestNode();
    rpc = t.rpc;
    await rpc('createwallet', ['locker']);
    for (let i = 0; i < 4; i++) await rpc('sendtoaddress', [await rpc<string>('getnewaddress', [], 'locker'), 1], 'w');
    await rpc('generatetoaddress', [1, t.mineTo]);
    coins = await rpc<Utxo[]>('listunspent', [], 'locker');
  });
  afterAll(() => t?.close());

  const locked = (w = 'locker'): Promise<{ txid: string; vout: number }[]> => rpc('listlockunspent', [], w);

  it('keeps persistent locks across unloadwallet/loadwallet and drops the others', async () => {
    const [a, b, c] = coins;
    expect(await rpc('lockunspent', [false, [outpoint(a!)], true], 'locker')).toBe(true);
    expect(await rpc('lockunspent', [false, [outpoint(b!)], false], 'locker')).toBe(true);
    expect(await rpc('lockunspent', [false, [outpoint(c!)]], 'locker')).toBe(true);
    // Core's order: by the txid as stored, then the index
    expect(await locked()).toEqual([a, b, c].map((u) => outpoint(u!)).sort(coreOrder));
    await rpc('unloadwallet', ['locker']);
    await rpc('loadwallet', ['locker']);
    expect(await locked()).toEqual([outpoint(a!)]);
    expect(await rpc('lockunspent', [true], 'locker')).toBe(true);
    expect(await locked()).toEqual([]);
  });

  it('turns an in-memory lock persistent when locked again with persistent=true, and refuses a plain second lock', async () => {
    const c = coins[2]!;
    await rpc('lockunspent', [false, [outpoint(c)]], 'locker');
    expect(await rpcError(rpc('lockunspent', [false, [outpoint(c)]], 'locker'))).toEqual({ code: -8, message: 'Invalid parameter, output already locked' });
    expect(await rpc('lockunspent', [false, [outpoint(c)], true], 'locker')).toBe(true);
    await rpc('unloadwallet', ['locker']);
    await rpc('loadwallet', ['locker']);
    expect(await locked()).toEqual([outpoint(c)]);
    await rpc('lockunspent', [true, [outpoint(c)]], 'locker');
  });

  it("answers lockunspent's errors as Core does", async () => {
    const a = coins[0]!;
    const err = (params: unknown[]): Promise<{ code: number; message: string }> => rpcError(rpc('lockunspent', params, 'locker'));
    expect(await err([true, [outpoint(a)]])).toEqual({ code: -8, message: 'Invalid parameter, expected locked output' });
    expect(await err([false, [{ txid: a.txid, vout: 99 }]])).toEqual({ code: -8, message: 'Invalid parameter, vout index out of bounds' });
    expect(await err([false, [{ txid: a.txid, vout: -1 }]])).toEqual({ code: -8, message: 'Invalid parameter, vout cannot be negative' });
    expect(await err([false, [{ txid: a.txid }]])).toEqual({ code: -3, message: 'Missing vout' });
    expect(await err([false, [{ vout: 0 }]])).toEqual({ code: -3, message: 'Missing txid' });
    expect(await err([false, [{ txid: 'ab'.repeat(32), vout: 0 }], true])).toEqual({ code: -8, message: 'Invalid parameter, unknown transaction' });
    // the funding tx's input: an output of a wallet tx of `w` that is spent
    const funding = await rpc<{ decoded: { vin: { txid: string; vout: number }[] } }>('gettransaction', [a.txid, true, true], 'w');
    const spent = funding.decoded.vin[0]!;
    expect(await rpcError(rpc('lockunspent', [false, [outpoint(spent)]], 'w'))).toEqual({ code: -8, message: 'Invalid parameter, expected unspent output' });
    // an error in one of the outputs locks none of them
    expect(await err([false, [outpoint(a), { txid: a.txid, vout: 99 }]])).toMatchObject({ code: -8 });
    expect(await locked()).toEqual([]);
  });

  it('leaves locked coins out of listunspent and coin selection but counts them in the balances', async () => {
    for (const u of coins.slice(0, 3)) await rpc('lockunspent', [false, [outpoint(u)], true], 'locker');
    const listed = await rpc<Utxo[]>('listunspent', [], 'locker');
    expect(listed.map(outpoint)).toEqual([outpoint(coins[3]!)]);
    expect(await rpc<Utxo[]>('listunspent', [1, 9999999, [], true, { minimumAmount: 0.5 }], 'locker')).toHaveLength(1);
    expect((await rpc<{ mine: { trusted: number } }>('getbalances', [], 'locker')).mine.trusted).toBe(4);
    expect(await rpc('getbalance', [], 'locker')).toBe(4);
    const payee = await rpc<string>('getnewaddress', [], 'w');
    expect(await rpcError(rpc('sendtoaddress', [payee, 1.5], 'locker'))).toEqual({ code: -6, message: 'Insufficient funds' });
    const raw = await rpc<string>('createrawtransaction', [[], [{ [payee]: 1.5 }]]);
    expect(await rpcError(rpc('fundrawtransaction', [raw], 'locker'))).toEqual({ code: -4, message: 'Insufficient funds' });
    expect(await rpcError(rpc('fundrawtransaction', [raw, { include_unsafe: true }], 'locker'))).toEqual({ code: -4, message: 'Insufficient funds' });
    expect(await rpcError(rpc('walletcreatefundedpsbt', [[], [{ [payee]: 1.5 }]], 'locker'))).toEqual({ code: -4, message: 'Insufficient funds' });
    expect(await rpcError(rpc('send', [[{ [payee]: 1.5 }]], 'locker'))).toEqual({ code: -4, message: 'Insufficient funds' });
    // the whole spendable balance goes without touching the locked coins
    await rpc('sendtoaddress', [payee, 1, '', '', true], 'locker');
    expect((await locked()).sort(coreOrder)).toEqual(coins.slice(0, 3).map(outpoint).sort(coreOrder));
  });

  it('spends a locked coin named as an input, and unlocks it once a wallet transaction spends it', async () => {
    const a = coins[0]!;
    const payee = await rpc<string>('getnewaddress', [], 'w');
    const raw = await rpc<string>('createrawtransaction', [[outpoint(a)], [{ [payee]: 0.5 }]]);
    const funded = await rpc<{ hex: string; changepos: number }>('fundrawtransaction', [raw, { add_inputs: false, changePosition: 1 }], 'locker');
    expect(funded.changepos).toBe(1);
    // still locked until the spend is in the wallet
    expect((await locked()).map((o) => o.txid)).toContain(a.txid);
    const signed = await rpc<{ hex: string }>('signrawtransactionwithwallet', [funded.hex], 'locker');
    await rpc('sendrawtransaction', [signed.hex]);
    expect((await locked()).map((o) => o.txid)).not.toContain(a.txid);
    expect(await locked()).toHaveLength(2);
  });

  it('locks the inputs of lockUnspents=true in memory only, and releases them when spent', async () => {
    await rpc('lockunspent', [true], 'locker');
    await rpc('generatetoaddress', [1, t.mineTo]);
    const payee = await rpc<string>('getnewaddress', [], 'w');
    const raw = await rpc<string>('createrawtransaction', [[], [{ [payee]: 0.1 }]]);
    const funded = await rpc<{ hex: string }>('fundrawtransaction', [raw, { lockUnspents: true }], 'locker');
    const decoded = await rpc<{ vin: { txid: string; vout: number }[] }>('decoderawtransaction', [funded.hex]);
    expect(await locked()).toEqual(decoded.vin.map(outpoint).sort(coreOrder));
    await rpc('unloadwallet', ['locker']);
    await rpc('loadwallet', ['locker']);
    expect(await locked()).toEqual([]);
    const again = await rpc<{ hex: string }>('fundrawtransaction', [raw, { lockUnspents: true }], 'locker');
    const signed = await rpc<{ hex: string }>('signrawtransactionwithwallet', [again.hex], 'locker');
    await rpc('sendrawtransaction', [signed.hex]);
    expect(await locked()).toEqual([]);
  });
});

describe('devnet coin locks across restarts', () => {
  it('keeps persistent locks through restart() and through stop/start on a persisted data directory', async () => {
    const t = await startTestNode({ persist: true }, 2);
    try {
      const coinsW = await t.rpc<Utxo[]>('listunspent', [], 'w');
      const [a, b, c] = coinsW;
      await t.rpc('lockunspent', [false, [outpoint(a!), outpoint(c!)], true], 'w');
      await t.rpc('lockunspent', [false, [outpoint(b!)]], 'w');
      await t.node.restart();
      expect(await t.rpc('listlockunspent', [], 'w')).toEqual([outpoint(a!), outpoint(c!)].sort(coreOrder));
      await t.rpc('lockunspent', [false, [outpoint(b!)]], 'w');
      await t.node.stop();
      const again = await startDevnetNode({ dataDir: t.dataDir, wallets: ['w'], persist: true });
      try {
        const rpc2 = cli(again.rpcUrl, { cookieFile: again.cookieFile });
        expect(await rpc2('listlockunspent', [], 'w')).toEqual([outpoint(a!), outpoint(c!)].sort(coreOrder));
        expect((await rpc2<Utxo[]>('listunspent', [], 'w')).map((u) => u.txid)).toContain(b!.txid);
        expect(await rpc2('lockunspent', [true], 'w')).toBe(true);
        await again.stop();
        const third = await startDevnetNode({ dataDir: t.dataDir, wallets: ['w'], persist: true });
        expect(await cli(third.rpcUrl, { cookieFile: third.cookieFile })('listlockunspent', [], 'w')).toEqual([]);
        await third.stop();
      } finally {
        await again.stop();
      }
    } finally {
      await t.close();
    }
  });
});
