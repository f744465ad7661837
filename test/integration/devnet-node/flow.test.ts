// The bitcoin-cli flow over real HTTP: a wallet mines coins, builds a transaction with an OP_RETURN
// output, funds/signs/sends it, mines it, and finds it in `getblock <hash> 0` at the offset a
// CoinSpark asset reference would give (protocol.md §4.1: the block serialised without witnesses).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as bitcoin from 'bitcoinjs-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetNode, startDevnetNode } from '../../devnet/node/index.js';
import { cli } from './rpc-client.js';

const varintLen = (n: number): number => (n < 0xfd ? 1 : n <= 0xffff ? 3 : 5);

describe('devnet node: bitcoin-cli flow to an asset reference', () => {
  let node: DevnetNode;
  let dataDir: string;
  let rpc: ReturnType<typeof cli>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'devnet-flow-'));
    node = await startDevnetNode({ dataDir });
    rpc = cli(node.rpcUrl, { cookieFile: node.cookieFile });
  });
  afterAll(async () => {
    await node?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates, funds, signs, sends and mines a tx with a data output, then finds it at its txOffset', async () => {
    expect(await rpc('createwallet', ['flow'])).toEqual({ name: 'flow' });
    const addr = await rpc<string>('getnewaddress', [], 'flow');
    expect(addr).toMatch(/^bcrt1q/);
    const legacy = await rpc<string>('getnewaddress', ['', 'legacy'], 'flow');
    expect(legacy).toMatch(/^[mn]/);
    const mined = await rpc<string[]>('generatetoaddress', [101, addr]);
    expect(mined).toHaveLength(101);
    const bal = await rpc<{ mine: { trusted: number; immature: number } }>('getbalances', [], 'flow');
    expect(bal.mine.trusted).toBe(50);
    expect(bal.mine.immature).toBe(5000);

    const data = '53504b6701020304050607';
    const raw = await rpc<string>('createrawtransaction', [[], [{ data }, { [legacy]: 1.25 }]]);
    const funded = await rpc<{ hex: string; fee: number; changepos: number }>('fundrawtransaction', [raw, { changePosition: 2 }], 'flow');
    expect(funded.changepos).toBe(2);
    expect(funded.fee).toBeGreaterThan(0);
    const signed = await rpc<{ hex: string; complete: boolean }>('signrawtransactionwithwallet', [funded.hex], 'flow');
    expect(signed.complete).toBe(true);
    const txid = await rpc<string>('sendrawtransaction', [signed.hex]);
    expect(await rpc<string[]>('getrawmempool')).toEqual([txid]);
    const [blockHash] = await rpc<string[]>('generatetoaddress', [1, addr]);
    expect(await rpc<string[]>('getrawmempool')).toEqual([]);

    // what a wallet knows from RPC: the block's txs with their sizes and weights
    const block = await rpc<{ height: number; tx: { txid: string; size: number; weight: number; vout: { scriptPubKey: { hex: string; type: string } }[] }[] }>(
      'getblock',
      [blockHash, 2],
    );
    expect(block.height).toBe(102);
    const index = block.tx.findIndex((t) => t.txid === txid);
    expect(index).toBe(1);
    expect(block.tx[index]!.vout[0]!.scriptPubKey).toMatchObject({ type: 'nulldata', hex: `6a0b${data}` });
    // asset reference: blockNum, txOffset (non-witness serialisation), txIDPrefix
    let txOffset = 80 + varintLen(block.tx.length);
    for (const t of block.tx.slice(0, index)) txOffset += (t.weight - t.size) / 3; // stripped size
    const txIdPrefix = txid.slice(0, 4);
    expect(txOffset).toBe(node.txOffset(blockHash!, txid));

    // getblock 0 is the witness serialisation; a non-segwit peer sees the stripped one
    const hex = await rpc<string>('getblock', [blockHash, 0]);
    const parsed = bitcoin.Block.fromHex(hex);
    expect(parsed.getId()).toBe(blockHash);
    expect(parsed.checkTxRoots()).toBe(true);
    expect(parsed.checkProofOfWork()).toBe(true);
    const stripped = Buffer.concat([
      Buffer.from(hex.slice(0, 160), 'hex'),
      Buffer.from([parsed.transactions!.length]),
      ...parsed.transactions!.map((t) => {
        const c = t.clone();
        for (const i of c.ins) i.witness = [];
        return Buffer.from(c.toBuffer());
      }),
    ]);
    // the tx found at txOffset: parse forward from there
    const found = bitcoin.Transaction.fromBuffer(stripped.subarray(txOffset, txOffset + (block.tx[index]!.weight - block.tx[index]!.size) / 3));
    expect(found.getId()).toBe(txid);
    expect(found.getId().slice(0, 4)).toBe(txIdPrefix);
    // in the witness serialisation the same offset does not hold the tx (the coinbase has a witness)
    const withWitness = Buffer.from(hex, 'hex');
    expect(withWitness.subarray(txOffset, txOffset + 8).equals(stripped.subarray(txOffset, txOffset + 8))).toBe(false);

    const wtx = await rpc<{ confirmations: number; blockindex: number; details: { category: string; amount: number }[] }>('gettransaction', [txid], 'flow');
    expect(wtx.confirmations).toBe(1);
    expect(wtx.blockindex).toBe(1);
    expect(wtx.details.some((d) => d.category === 'send' && d.amount === 0)).toBe(true);
  });
});
