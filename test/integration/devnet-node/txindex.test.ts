// What a wallet can read from a node without -txindex (issue #15's local verification): the node
// option `txindex: false` answers getrawtransaction like bitcoind without the index (mempool only,
// or with a block hash), getindexinfo is empty, and getblock verbosity 3 gives every input's prevout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rpc, TestNode, rpcError, startTestNode } from './helpers.js';

const NO_TXINDEX = 'No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.';

interface Vin {
  txid?: string;
  vout?: number;
  coinbase?: string;
  prevout?: { generated: boolean; height: number; value: number; scriptPubKey: { hex: string; type: string; address?: string } };
  sequence: number;
}
interface Block {
  height: number;
  tx: { txid: string; vin: Vin[]; vout: { value: number; scriptPubKey: { hex: string } }[]; fee?: number }[];
}

describe('devnet node without -txindex', () => {
  let t: TestNode;
  let rpc: Rpc;
  let walletTx: string;
  let foreignTx: string;
  let block: string;
  let pending: string;

  beforeAll(async () => {
    t = await startTestNode({ txindex: false });
    rpc = t.rpc;
    await rpc('createwallet', ['other']);
    const to = await rpc<string>('getnewaddress', [], 'other');
    walletTx = await rpc<string>('sendtoaddress', [to, 1], 'w');
    block = (await rpc<string[]>('generatetoaddress', [1, t.mineTo]))[0]!;
    // a transaction of `other` only: not in w's wallet
    foreignTx = await rpc<string>('sendtoaddress', [await rpc<string>('getnewaddress', [], 'other'), 0.5], 'other');
    await rpc('generatetoaddress', [1, t.mineTo]);
    pending = await rpc<string>('sendtoaddress', [to, 0.1], 'w');
  });
  afterAll(() => t?.close());

  it('says there is no index', async () => {
    expect(await rpc('getindexinfo')).toEqual({});
    expect(await rpc('getindexinfo', ['txindex'])).toEqual({});
  });

  it('finds confirmed transactions only with their block hash, as bitcoind without -txindex', async () => {
    expect(await rpcError(rpc('getrawtransaction', [foreignTx]))).toEqual({ code: -5, message: NO_TXINDEX });
    expect(await rpcError(rpc('getrawtransaction', [foreignTx, true]))).toEqual({ code: -5, message: NO_TXINDEX });
    // a wallet transaction too: getrawtransaction does not look in wallets
    expect(await rpcError(rpc('getrawtransaction', [walletTx, 2]))).toEqual({ code: -5, message: NO_TXINDEX });
    expect(await rpcError(rpc('getrawtransaction', ['ab'.repeat(32)]))).toEqual({ code: -5, message: NO_TXINDEX });
    const withBlock = await rpc<Record<string, unknown>>('getrawtransaction', [walletTx, true, block]);
    expect(Object.keys(withBlock)[0]).toBe('in_active_chain');
    expect(withBlock).toMatchObject({ in_active_chain: true, txid: walletTx, blockhash: block, confirmations: 2 });
    expect(await rpc<string>('getrawtransaction', [walletTx, 0, block])).toMatch(/^02000000/);
    const v2 = await rpc<{ vin: Vin[]; fee: number }>('getrawtransaction', [walletTx, 2, block]);
    expect(v2.vin[0]!.prevout).toBeDefined();
    expect(v2.fee).toBeGreaterThan(0);
    expect(await rpcError(rpc('getrawtransaction', [foreignTx, true, block]))).toEqual({
      code: -5,
      message: 'No such transaction found in the provided block. Use gettransaction for wallet transactions.',
    });
    // mempool transactions need no index
    expect(await rpc<{ txid: string }>('getrawtransaction', [pending, true])).toMatchObject({ txid: pending });
    // and the wallet still has its own
    expect(await rpc<{ txid: string }>('gettransaction', [walletTx], 'w')).toMatchObject({ txid: walletTx });
  });

  it('refuses the genesis coinbase, with or without the index', async () => {
    const genesis = await rpc<{ tx: string[] }>('getblock', [await rpc<string>('getblockhash', [0])]);
    expect(await rpcError(rpc('getrawtransaction', [genesis.tx[0]]))).toEqual({
      code: -5,
      message: 'The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved',
    });
  });

  it('gives every input its prevout at getblock verbosity 3 (what the wallet verifies from)', async () => {
    const b3 = await rpc<Block>('getblock', [block, 3]);
    const b2 = await rpc<Block>('getblock', [block, 2]);
    expect(b3.tx).toHaveLength(2);
    expect(b3.tx[0]!.vin[0]!.coinbase).toBeDefined();
    expect(b3.tx[0]!.vin[0]!.prevout).toBeUndefined();
    const spend = b3.tx.find((x) => x.txid === walletTx)!;
    for (const vin of spend.vin) {
      expect(Object.keys(vin)).toEqual(['txid', 'vout', 'scriptSig', 'txinwitness', 'prevout', 'sequence']);
      // the prevout agrees with the transaction that made the output, fetched by its block
      const parentBlock = await rpc<string>('getblockhash', [vin.prevout!.height]);
      const parent = await rpc<{ vout: { value: number; scriptPubKey: { hex: string } }[] }>('getrawtransaction', [vin.txid, true, parentBlock]);
      expect(vin.prevout!.value).toBe(parent.vout[vin.vout!]!.value);
      expect(vin.prevout!.scriptPubKey.hex).toBe(parent.vout[vin.vout!]!.scriptPubKey.hex);
      expect(vin.prevout!.generated).toBe(true);
    }
    // fee = inputs (from prevouts) - outputs
    const inSum = spend.vin.reduce((s, v) => s + Math.round(v.prevout!.value * 1e8), 0);
    const outSum = spend.vout.reduce((s, o) => s + Math.round(o.value * 1e8), 0);
    expect(Math.round(spend.fee! * 1e8)).toBe(inSum - outSum);
    expect(b2.tx.every((x) => x.vin.every((v) => v.prevout === undefined))).toBe(true);
  });
});

describe('devnet node with -txindex (the default)', () => {
  it('finds any confirmed transaction without its block hash', async () => {
    const t = await startTestNode();
    try {
      const txid = await t.rpc<string>('sendtoaddress', [await t.rpc<string>('getnewaddress', [], 'w'), 1], 'w');
      await t.rpc('generatetoaddress', [1, t.mineTo]);
      expect(await t.rpc<{ txid: string; confirmations: number }>('getrawtransaction', [txid, true])).toMatchObject({ txid, confirmations: 1 });
      expect(await t.rpc<{ txindex: { synced: boolean } }>('getindexinfo')).toMatchObject({ txindex: { synced: true } });
    } finally {
      await t.close();
    }
  });
});

describe('devnet world without -txindex', () => {
  it('builds the sample world and serves it from a node without the index', async () => {
    const { startDevnet } = await import('../../devnet/index.js');
    const devnet = await startDevnet({ txindex: false });
    try {
      expect(await devnet.rpc.call('getindexinfo')).toEqual({});
      const gold = devnet.world!.assets[0]!;
      await expect(devnet.rpc.call('getrawtransaction', gold.genTxId, false)).rejects.toThrow(/Use -txindex or provide a block hash/);
    } finally {
      await devnet.stop();
    }
  });
});
