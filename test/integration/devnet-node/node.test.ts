// Behaviour of the devnet node beyond the recordings: auth, cookie lifecycle, warm-up, restart,
// mempool policy (double spends, missing inputs, coinbase maturity), reorgs, bulk funding.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as bitcoin from 'bitcoinjs-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetNode, startDevnetNode } from '../../devnet/node/index.js';
import { rpcError } from './helpers.js';
import { cli } from './rpc-client.js';

const post = async (url: string, auth: string | null, body: string): Promise<{ status: number; text: string; headers: Headers }> => {
  const res = await fetch(url, { method: 'POST', headers: auth ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
};


describe('devnet node behaviour', () => {
  let node: DevnetNode;
  let dataDir: string;
  let rpc: ReturnType<typeof cli>;
  let addr: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'devnet-node-'));
    node = await startDevnetNode({ dataDir, rpcUser: 'alice', rpcPassword: 's3cret', wallets: ['w'] });
    rpc = cli(node.rpcUrl, { cookieFile: node.cookieFile });
    addr = await rpc<string>('getnewaddress', [], 'w');
    await rpc('generatetoaddress', [110, addr]);
  });
  afterAll(async () => {
    await node?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('authenticates with the cookie or rpcuser/rpcpassword and answers 401 with an empty body otherwise', async () => {
    expect(readFileSync(path.join(dataDir, 'regtest', '.cookie'), 'utf8')).toMatch(/^__cookie__:[0-9a-f]{64}$/);
    const body = '{"jsonrpc":"1.0","id":1,"method":"getblockcount","params":[]}';
    expect((await post(node.rpcUrl, 'alice:s3cret', body)).text).toBe('{"result":110,"error":null,"id":1}\n');
    const bad = await post(node.rpcUrl, 'alice:wrong', body);
    expect(bad.status).toBe(401);
    expect(bad.text).toBe('');
    expect(bad.headers.get('www-authenticate')).toBe('Basic realm="jsonrpc"');
    expect((await post(node.rpcUrl, null, body)).status).toBe(401);
  });

  it('writes BTC amounts with 8 decimals and answers JSON-RPC 2.0 in its own framing', async () => {
    const r = await post(`${node.rpcUrl}/wallet/w`, node.cookie, '{"jsonrpc":"2.0","id":"x","method":"getbalance","params":[]}');
    expect(r.text).toMatch(/^\{"jsonrpc":"2\.0","result":\d+\.\d{8},"id":"x"\}\n$/);
    const e = await post(node.rpcUrl, node.cookie, '{"jsonrpc":"1.0","id":2,"method":"nosuch","params":[]}');
    expect(e.status).toBe(404);
    expect(e.text).toBe('{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":2}\n');
  });

  it('routes wallet calls by /wallet/<name> and reports -19/-18', async () => {
    await rpc('createwallet', ['other']);
    expect(await rpcError(rpc('getbalance'))).toMatchObject({ code: -19 });
    expect(await rpcError(rpc('getbalance', [], 'nosuch'))).toEqual({ code: -18, message: 'Requested wallet does not exist or is not loaded' });
    expect(await rpc('getblockcount', [], 'nosuch')).toBe(110);
    await rpc('unloadwallet', ['other']);
    expect(typeof (await rpc('getbalance'))).toBe('number');
  });

  it('rejects double spends, missing inputs and premature coinbase spends', async () => {
    const to = await rpc<string>('getnewaddress', [], 'w');
    const txid = await rpc<string>('sendtoaddress', [to, 1], 'w');
    const tx = await rpc<{ vin: { txid: string; vout: number }[] }>('getrawtransaction', [txid, true]);
    // the same input again at the same fee: a replacement that pays no more is refused
    const raw = await rpc<string>('createrawtransaction', [[{ txid: tx.vin[0]!.txid, vout: tx.vin[0]!.vout }], [{ [to]: 49.9999 }]]);
    const signed = await rpc<{ hex: string }>('signrawtransactionwithwallet', [raw], 'w');
    const low = await rpc<string>('createrawtransaction', [[{ txid: tx.vin[0]!.txid, vout: tx.vin[0]!.vout }], [{ [to]: 49.99999 }]]);
    const lowSigned = await rpc<{ hex: string }>('signrawtransactionwithwallet', [low], 'w');
    const e1 = await rpcError(rpc('sendrawtransaction', [lowSigned.hex]));
    expect(e1.code).toBe(-26);
    expect(e1.message).toMatch(/^insufficient fee, rejecting replacement [0-9a-f]{64}; new feerate/);
    void signed;
    // an input nobody has
    const ghost = await rpc<string>('createrawtransaction', [[{ txid: 'ab'.repeat(32), vout: 0 }], [{ [to]: 1 }]]);
    expect(await rpcError(rpc('sendrawtransaction', [ghost]))).toEqual({ code: -25, message: 'bad-txns-inputs-missingorspent' });
    // the coinbase of the tip block is immature
    const tip = await rpc<{ tx: string[] }>('getblock', [await rpc('getbestblockhash'), 1]);
    const cbRaw = await rpc<string>('createrawtransaction', [[{ txid: tip.tx[0], vout: 0 }], [{ [to]: 49 }]]);
    const cbSigned = await rpc<{ hex: string; complete: boolean }>('signrawtransactionwithwallet', [cbRaw], 'w');
    expect(cbSigned.complete).toBe(true);
    const e2 = await rpcError(rpc('sendrawtransaction', [cbSigned.hex]));
    expect(e2).toEqual({ code: -26, message: 'bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth 1' });
    // a tampered signature fails script verification
    const t = bitcoin.Transaction.fromHex(signed.hex);
    t.outs[0]!.value -= 1000n;
    expect((await rpcError(rpc('sendrawtransaction', [t.toHex()]))).message).toMatch(/^mempool-script-verify-flag-failed \(Signature must be zero for failed CHECK\(MULTI\)SIG operation\), input 0 of /);
    await rpc('generatetoaddress', [1, addr]);
    expect(await rpc('getrawmempool')).toEqual([]);
  });

  it('funds a transaction that already spends a chosen output (asset transfer style)', async () => {
    const utxos = await rpc<{ txid: string; vout: number; amount: number }[]>('listunspent', [1], 'w');
    const small = utxos.find((u) => u.amount < 50) ?? utxos[0]!;
    const dest = await rpc<string>('getnewaddress', ['', 'legacy'], 'w');
    const raw = await rpc<string>('createrawtransaction', [[{ txid: small.txid, vout: small.vout }], [{ data: '53504b74aabb' }, { [dest]: 60 }]]);
    const funded = await rpc<{ hex: string; fee: number; changepos: number }>('fundrawtransaction', [raw, { lockUnspents: true, fee_rate: 20 }], 'w');
    const tx = bitcoin.Transaction.fromHex(funded.hex);
    expect(tx.ins.length).toBeGreaterThan(1);
    expect(Buffer.from(tx.ins[0]!.hash).reverse().toString('hex')).toBe(small.txid);
    expect(tx.ins[0]!.index).toBe(small.vout);
    expect(funded.changepos).toBeGreaterThanOrEqual(0);
    expect((await rpc<unknown[]>('listlockunspent', [], 'w')).length).toBe(tx.ins.length);
    const signed = await rpc<{ hex: string; complete: boolean }>('signrawtransactionwithwallet', [funded.hex], 'w');
    expect(signed.complete).toBe(true);
    const accepted = await rpc<{ allowed: boolean; vsize: number; fees: { base: number } }[]>('testmempoolaccept', [[signed.hex]]);
    expect(accepted[0]!.allowed).toBe(true);
    // the fee pays at least 20 sat/vB for the signed size (estimates use 71-byte signatures)
    expect(Math.round(accepted[0]!.fees.base * 1e8)).toBeGreaterThanOrEqual(20 * accepted[0]!.vsize - 20);
    const txid = await rpc<string>('sendrawtransaction', [signed.hex]);
    expect(await rpc('listlockunspent', [], 'w')).toEqual([]);
    await rpc('generatetoaddress', [1, addr]);
    const wtx = await rpc<{ confirmations: number; fee: number }>('gettransaction', [txid], 'w');
    expect(wtx.confirmations).toBe(1);
    expect(wtx.fee).toBe(-funded.fee);
  });

  it('pays several recipients with sendmany and reports what an address received', async () => {
    const a1 = await rpc<string>('getnewaddress', ['alpha'], 'w');
    const a2 = await rpc<string>('getnewaddress', ['beta', 'legacy'], 'w');
    const txid = await rpc<string>('sendmany', ['', { [a1]: 0.5, [a2]: 0.25 }, 1, 'split', [a2]], 'w');
    const tx = await rpc<{ vout: { value: number; scriptPubKey: { address?: string } }[] }>('getrawtransaction', [txid, true]);
    expect(tx.vout.find((o) => o.scriptPubKey.address === a1)?.value).toBe(0.5);
    expect(tx.vout.find((o) => o.scriptPubKey.address === a2)!.value).toBeLessThan(0.25); // pays the fee
    expect(await rpc('getreceivedbyaddress', [a1], 'w')).toBe(0);
    expect(await rpc('getreceivedbyaddress', [a1, 0], 'w')).toBe(0.5);
    await rpc('generatetoaddress', [1, addr]);
    expect(await rpc('getreceivedbyaddress', [a1], 'w')).toBe(0.5);
    expect(await rpc('listlabels', [], 'w')).toEqual(expect.arrayContaining(['alpha', 'beta']));
    expect(await rpcError(rpc('sendmany', ['x', { [a1]: 1 }], 'w'))).toEqual({ code: -8, message: 'Dummy value must be set to ""' });
  });

  it('spends taproot (bech32m) coins through sendtoaddress and PSBTs', async () => {
    await rpc('createwallet', ['tr']);
    const tr1 = await rpc<string>('getnewaddress', ['', 'bech32m'], 'tr');
    const tr2 = await rpc<string>('getnewaddress', ['', 'bech32m'], 'tr');
    await rpc('sendtoaddress', [tr1, 2], 'w');
    await rpc('sendtoaddress', [tr2, 2], 'w');
    await rpc('generatetoaddress', [1, addr]);
    const back = await rpc<string>('getnewaddress', [], 'w');
    const sent = await rpc<string>('sendtoaddress', [back, 1], 'tr');
    expect((await rpc<{ vin: { txinwitness: string[] }[] }>('getrawtransaction', [sent, true])).vin[0]!.txinwitness[0]).toHaveLength(128);
    await rpc('generatetoaddress', [1, addr]);
    const created = await rpc<{ psbt: string }>('walletcreatefundedpsbt', [[], [{ [back]: 0.5 }, { data: '53504b' }]], 'tr');
    const processed = await rpc<{ complete: boolean; hex: string }>('walletprocesspsbt', [created.psbt], 'tr');
    expect(processed.complete).toBe(true);
    expect(typeof (await rpc('sendrawtransaction', [processed.hex]))).toBe('string');
    await rpc('generatetoaddress', [1, addr]);
    await rpc('unloadwallet', ['tr']);
  });

  it('lists removed transactions after a reorg and restores them after reconsiderblock', async () => {
    const other = await rpc<string>('getnewaddress', [], 'w');
    const txid = await rpc<string>('sendtoaddress', [other, 0.77], 'w');
    const [bB] = await rpc<string[]>('generatetoaddress', [1, addr]);
    const [bC] = await rpc<string[]>('generatetoaddress', [1, addr]);
    await rpc('invalidateblock', [bB]);
    expect(await rpc('getbestblockhash')).not.toBe(bC);
    expect(await rpc('getrawmempool')).toEqual([txid]);
    const since = await rpc<{ removed: { txid: string; category: string }[]; transactions: { txid: string; confirmations: number }[] }>('listsinceblock', [bC], 'w');
    expect(since.removed.some((e) => e.txid === txid)).toBe(true);
    expect(since.removed.some((e) => e.category === 'orphan')).toBe(true);
    expect(since.transactions.find((e) => e.txid === txid)?.confirmations).toBe(0);
    expect((await rpc<{ confirmations: number }>('getblockheader', [bC])).confirmations).toBe(-1);
    await rpc('reconsiderblock', [bB]);
    expect(await rpc('getbestblockhash')).toBe(bC);
    expect(await rpc('getrawmempool')).toEqual([]);
    expect((await rpc<{ removed: unknown[] }>('listsinceblock', [bC], 'w')).removed).toEqual([]);
    expect((await rpc<{ confirmations: number; blockhash: string }>('gettransaction', [txid], 'w')).blockhash).toBe(bB);
  });

  it('answers -28 while warming up and supports stop/restart', async () => {
    node.setWarmup('Loading block index…');
    const r1 = await post(node.rpcUrl, node.cookie, '{"jsonrpc":"1.0","id":1,"method":"getblockcount","params":[]}');
    expect(r1.status).toBe(500);
    expect(r1.text).toBe('{"result":null,"error":{"code":-28,"message":"Loading block index…"},"id":1}\n');
    const r2 = await post(`${node.rpcUrl}/wallet/w`, node.cookie, '{"jsonrpc":"2.0","id":1,"method":"getbalance","params":[]}');
    expect(r2.status).toBe(200);
    expect(JSON.parse(r2.text).error.code).toBe(-28);
    node.setWarmup(null);
    const height = await rpc<number>('getblockcount');
    const oldCookie = node.cookie;
    await node.stop();
    expect(existsSync(node.cookieFile)).toBe(false);
    await expect(fetch(node.rpcUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
    await node.restart({ warmupMs: 300 });
    expect(node.cookie).not.toBe(oldCookie);
    expect(existsSync(node.cookieFile)).toBe(true);
    expect((await rpcError(rpc('getblockcount'))).code).toBe(-28);
    await new Promise((r) => setTimeout(r, 400));
    expect(await rpc('getblockcount')).toBe(height);
  });

  it('stops on the stop RPC and removes the cookie', async () => {
    expect(await rpc('stop')).toBe('Bitcoin Core stopping');
    await node.stop();
    expect(existsSync(node.cookieFile)).toBe(false);
    await node.restart();
    expect(typeof (await rpc('getblockcount'))).toBe('number');
  });

  it('bulk-funds many outputs in few transactions', async () => {
    await rpc('createwallet', ['many']);
    const addrs: string[] = [];
    for (let i = 0; i < 300; i++) addrs.push(await rpc<string>('getnewaddress', [], 'many'));
    const txids = node.bulkFund('w', addrs.map((address) => ({ address, sats: 50_000n })), { perTx: 100 });
    expect(txids).toHaveLength(3);
    const utxos = await rpc<unknown[]>('listunspent', [], 'many');
    expect(utxos).toHaveLength(300);
    expect((await rpc<{ mine: { trusted: number } }>('getbalances', [], 'many')).mine.trusted).toBe(0.15);
  });
});

describe('devnet node persistence', () => {
  it('continues the same chain, mempool and wallets when started again on the same data directory', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'devnet-persist-'));
    try {
      const a = await startDevnetNode({ dataDir, wallets: ['w'], persist: true });
      const rpc = cli(a.rpcUrl, { cookieFile: a.cookieFile });
      const addr = await rpc<string>('getnewaddress', ['mine'], 'w');
      await rpc('generatetoaddress', [101, addr]);
      const to = await rpc<string>('getnewaddress', ['', 'legacy'], 'w');
      const confirmed = await rpc<string>('sendtoaddress', [to, 2, 'first'], 'w');
      const [bB] = await rpc<string[]>('generatetoaddress', [1, addr]);
      await rpc('invalidateblock', [bB]);
      await rpc('generatetoaddress', [2, addr]); // bB is now on a stale branch
      const pending = await rpc<string>('sendtoaddress', [to, 1], 'w');
      const before = {
        best: await rpc<string>('getbestblockhash'),
        tips: await rpc('getchaintips'),
        balances: await rpc('getbalances', [], 'w'),
        list: await rpc('listtransactions', ['*', 1000], 'w'),
        info: await rpc('getaddressinfo', [to], 'w'),
      };
      await a.stop();

      const b = await startDevnetNode({ dataDir, wallets: ['w'], persist: true });
      const rpc2 = cli(b.rpcUrl, { cookieFile: b.cookieFile });
      expect(await rpc2('getbestblockhash')).toBe(before.best);
      expect(await rpc2('getchaintips')).toEqual(before.tips);
      expect(await rpc2('getrawmempool')).toEqual([pending]);
      expect(await rpc2('getbalances', [], 'w')).toEqual(before.balances);
      expect(await rpc2('listtransactions', ['*', 1000], 'w')).toEqual(before.list);
      expect(await rpc2('getaddressinfo', [to], 'w')).toEqual(before.info);
      expect((await rpc2<{ comment?: string }>('gettransaction', [confirmed], 'w')).comment).toBe('first');
      // new addresses continue the derivation, and the wallet can still spend
      expect(await rpc2('getnewaddress', ['', 'legacy'], 'w')).not.toBe(to);
      await rpc2('sendtoaddress', [to, 3], 'w');
      await b.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
