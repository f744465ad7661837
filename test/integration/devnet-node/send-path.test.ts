// What the wallet's transaction builder calls on Bitcoin Core (issue #13), as the devnet answers
// it: the funding options of fundrawtransaction/walletcreatefundedpsbt, the `send` RPC, bumpfee and
// psbtbumpfee, change addresses, fee estimation, and a send the mempool refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rpc, TestNode, Utxo, outpoint, rpcError, sats, startTestNode } from './helpers.js';

interface Decoded {
  txid: string;
  vsize: number;
  vin: { txid: string; vout: number; sequence: number }[];
  vout: { value: number; n: number; scriptPubKey: { type: string; address?: string } }[];
}
interface WalletTx {
  confirmations: number;
  trusted?: boolean;
  walletconflicts: string[];
  mempoolconflicts: string[];
  'bip125-replaceable': string;
  replaced_by_txid?: string;
  replaces_txid?: string;
  fee: number;
  hex: string;
}

const PRESELECTED =
  'The preselected coins total amount does not cover the transaction target. Please allow other inputs to be automatically selected or include more coins manually';
const DATA = '53504b740102030405060708';

/**
 * The wallet pays for the size with Core's dummy signatures (71 bytes); a real low-R signature is
 * a byte shorter now and then: the fee is `satVb` times the signed size or that size + 1.
 */
const withinSigByte = (fee: bigint, vsize: number, satVb: number): boolean => fee === BigInt(vsize * satVb) || fee === BigInt((vsize + 1) * satVb);

describe('devnet send path', () => {
  let t: TestNode;
  let rpc: Rpc;
  let payee: string;

  const decode = (hex: string): Promise<Decoded> => rpc<Decoded>('decoderawtransaction', [hex]);
  const fee = async (txid: string): Promise<bigint> => sats(-(await rpc<WalletTx>('gettransaction', [txid], 'w')).fee);
  /** a confirmed coin of `w` worth at least 1 BTC */
  const bigCoin = async (): Promise<Utxo> => (await rpc<Utxo[]>('listunspent', [1, 9999999, [], false, { minimumAmount: 1 }], 'w'))[0]!;

  beforeAll(async () => {
    t = await startTestNode({}, 20);
    rpc = t.rpc;
    await rpc('createwallet', ['payee']);
    payee = await rpc<string>('getnewaddress', [], 'payee');
  });
  afterAll(() => t?.close());

  describe('fundrawtransaction / walletcreatefundedpsbt options', () => {
    it('puts the change where changePosition says, pays fee_rate exactly, keeps the data output first', async () => {
      const raw = await rpc<string>('createrawtransaction', [[], [{ data: DATA }, { [payee]: 0.1 }]]);
      const r = await rpc<{ hex: string; fee: number; changepos: number }>('fundrawtransaction', [raw, { changePosition: 2, fee_rate: 10 }], 'w');
      expect(r.changepos).toBe(2);
      const d = await decode(r.hex);
      expect(d.vout.map((o) => o.scriptPubKey.type)).toEqual(['nulldata', 'witness_v0_keyhash', 'witness_v0_keyhash']);
      expect(d.vout[1]!.scriptPubKey.address).toBe(payee);
      // fee_rate is sat/vB: the fee is the signed size (dummy signatures) times 10
      const signed = await decode((await rpc<{ hex: string }>('signrawtransactionwithwallet', [r.hex], 'w')).hex);
      expect(withinSigByte(sats(r.fee), signed.vsize, 10)).toBe(true);
      // snake_case names work as well
      expect((await rpc<{ changepos: number }>('fundrawtransaction', [raw, { change_position: 0, lock_unspents: false }], 'w')).changepos).toBe(0);
    });

    it('accepts fee_rate below the wallet minimum (send does not) and refuses one above -maxtxfee', async () => {
      const raw = await rpc<string>('createrawtransaction', [[], [{ [payee]: 0.1 }]]);
      const low = await rpc<{ hex: string; fee: number }>('fundrawtransaction', [raw, { fee_rate: 0.5 }], 'w');
      const signed = await rpc<{ hex: string }>('signrawtransactionwithwallet', [low.hex], 'w');
      const accept = await rpc<{ allowed: boolean; fees: { 'effective-feerate': number } }[]>('testmempoolaccept', [[signed.hex]]);
      expect(accept[0]!.allowed).toBe(true);
      // 0.5 sat/vB rounded up to whole satoshis
      expect(accept[0]!.fees['effective-feerate']).toBeGreaterThanOrEqual(0.000005);
      expect(accept[0]!.fees['effective-feerate']).toBeLessThan(0.0000051);
      expect(await rpcError(rpc('send', [[{ [payee]: 0.1 }], null, 'unset', 0.5], 'w'))).toEqual({
        code: -4,
        message: 'Fee rate (0.500 sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB)',
      });
      expect(await rpcError(rpc('sendtoaddress', [payee, 0.1, '', '', false, true, null, 'unset', false, 0.5], 'w'))).toMatchObject({ code: -6 });
      expect(await rpcError(rpc('fundrawtransaction', [raw, { fee_rate: 100000 }], 'w'))).toEqual({
        code: -4,
        message: 'Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)',
      });
      expect(await rpcError(rpc('fundrawtransaction', [raw, { fee_rate: 1.2345 }], 'w'))).toEqual({ code: -3, message: 'Invalid amount' });
      expect(await rpcError(rpc('fundrawtransaction', [raw, { nosuchoption: 1 }], 'w'))).toEqual({ code: -3, message: 'Unexpected key nosuchoption' });
      expect(await rpcError(rpc('fundrawtransaction', [raw, { fee_rate: 1, feeRate: 0.00001 }], 'w'))).toMatchObject({ code: -8 });
    });

    it('subtracts the fee from the chosen outputs, with Core\'s errors for bad positions', async () => {
      const raw = await rpc<string>('createrawtransaction', [[], [{ data: DATA }, { [payee]: 0.1 }]]);
      const r = await rpc<{ hex: string; fee: number; changepos: number }>('fundrawtransaction', [raw, { changePosition: 2, subtractFeeFromOutputs: [1], fee_rate: 5 }], 'w');
      const d = await decode(r.hex);
      expect(sats(d.vout[1]!.value)).toBe(10_000_000n - sats(r.fee));
      const err = (sffo: unknown[]): Promise<{ code: number; message: string }> => rpcError(rpc('fundrawtransaction', [raw, { subtractFeeFromOutputs: sffo }], 'w'));
      expect(await err([0])).toEqual({ code: -4, message: 'The transaction amount is too small to pay the fee' });
      expect(await err([2])).toEqual({ code: -8, message: "Invalid parameter 'subtract fee from output', position too large: 2" });
      expect(await err([1, 1])).toEqual({ code: -8, message: "Invalid parameter 'subtract fee from output', duplicated position: 1" });
      expect(await err([-1])).toEqual({ code: -8, message: "Invalid parameter 'subtract fee from output', negative position: -1" });
    });

    it('adds inputs to pre-selected ones unless add_inputs=false (walletcreatefundedpsbt and send: only when asked)', async () => {
      const e = await bigCoin();
      const big = Number(sats(e.amount) + 100_000_000n) / 1e8;
      const rawBig = await rpc<string>('createrawtransaction', [[outpoint(e)], [{ [payee]: big }]]);
      expect(await rpcError(rpc('fundrawtransaction', [rawBig, { add_inputs: false }], 'w'))).toEqual({ code: -4, message: PRESELECTED });
      const added = await decode((await rpc<{ hex: string }>('fundrawtransaction', [rawBig], 'w')).hex);
      expect(added.vin.length).toBeGreaterThan(1);
      expect(added.vin[0]).toMatchObject(outpoint(e));
      expect(await rpcError(rpc('walletcreatefundedpsbt', [[outpoint(e)], [{ [payee]: big }]], 'w'))).toEqual({ code: -4, message: PRESELECTED });
      const psbt = await rpc<{ psbt: string }>('walletcreatefundedpsbt', [[outpoint(e)], [{ [payee]: big }], 0, { add_inputs: true }], 'w');
      expect((await rpc<{ tx: Decoded }>('decodepsbt', [psbt.psbt])).tx.vin.length).toBeGreaterThan(1);
      expect(await rpcError(rpc('send', [[{ [payee]: big }], null, 'unset', null, { inputs: [outpoint(e)] }], 'w'))).toEqual({ code: -4, message: PRESELECTED });
      const empty = await rpc<string>('createrawtransaction', [[], [{ [payee]: 0.1 }]]);
      expect(await rpcError(rpc('fundrawtransaction', [empty, { add_inputs: false }], 'w'))).toEqual({ code: -4, message: PRESELECTED });
      // a pre-selected input that covers everything, alone
      const small = await rpc<string>('createrawtransaction', [[outpoint(e)], [{ [payee]: 0.2 }]]);
      const alone = await decode((await rpc<{ hex: string }>('fundrawtransaction', [small, { add_inputs: false, changePosition: 1 }], 'w')).hex);
      expect(alone.vin).toHaveLength(1);
    });

    it('spends unconfirmed coins from other wallets only with include_unsafe', async () => {
      await rpc('createwallet', ['unsafe']);
      await rpc('sendtoaddress', [await rpc<string>('getnewaddress', [], 'unsafe'), 0.7], 'w');
      const coins = await rpc<Utxo[]>('listunspent', [0], 'unsafe');
      expect(coins.map((c) => c.safe)).toEqual([false]);
      expect(await rpc('listunspent', [0, 9999999, [], false], 'unsafe')).toEqual([]);
      const raw = await rpc<string>('createrawtransaction', [[], [{ [payee]: 0.3 }]]);
      expect(await rpcError(rpc('fundrawtransaction', [raw], 'unsafe'))).toEqual({ code: -4, message: 'Insufficient funds' });
      expect(await rpcError(rpc('sendtoaddress', [payee, 0.3], 'unsafe'))).toEqual({ code: -6, message: 'Insufficient funds' });
      const r = await rpc<{ hex: string }>('fundrawtransaction', [raw, { include_unsafe: true, changePosition: 1 }], 'unsafe');
      expect((await decode(r.hex)).vin[0]).toMatchObject(outpoint(coins[0]!));
      await rpc('generatetoaddress', [1, t.mineTo]);
    });

    it('refuses dust recipients before anything else', async () => {
      const legacy = await rpc<string>('getnewaddress', ['', 'legacy'], 'payee');
      expect(await rpcError(rpc('sendtoaddress', [legacy, 0.00000545], 'w'))).toEqual({ code: -6, message: 'Transaction amount too small' });
      expect(await rpc<string>('sendtoaddress', [legacy, 0.00000546], 'w')).toMatch(/^[0-9a-f]{64}$/);
      expect(await rpcError(rpc('sendtoaddress', [payee, 0.00000293], 'w'))).toEqual({ code: -6, message: 'Transaction amount too small' });
      const raw = await rpc<string>('createrawtransaction', [[], [{ [legacy]: 0.00000545 }]]);
      expect(await rpcError(rpc('fundrawtransaction', [raw], 'w'))).toEqual({ code: -4, message: 'Transaction amount too small' });
      expect(await rpcError(rpc('send', [[{ [legacy]: 0.00000545 }]], 'w'))).toEqual({ code: -4, message: 'Transaction amount too small' });
    });
  });

  describe('send', () => {
    it('funds, signs and broadcasts: {txid, complete}', async () => {
      const r = await rpc<Record<string, unknown>>('send', [[{ [payee]: 0.1 }]], 'w');
      expect(Object.keys(r)).toEqual(['txid', 'complete']);
      expect(await rpc<string[]>('getrawmempool')).toContain(r.txid);
      expect((await rpc<WalletTx>('gettransaction', [r.txid], 'w')).confirmations).toBe(0);
    });

    it('keeps data first and the change last with change_position, at the given fee_rate', async () => {
      const r = await rpc<{ txid: string }>('send', [[{ data: DATA }, { [payee]: 0.1 }], null, 'unset', null, { change_position: 2, fee_rate: 6 }], 'w');
      const d = await rpc<Decoded>('getrawtransaction', [r.txid, true]);
      expect(d.vout.map((o) => o.scriptPubKey.type)).toEqual(['nulldata', 'witness_v0_keyhash', 'witness_v0_keyhash']);
      expect(withinSigByte(await fee(r.txid), d.vsize, 6)).toBe(true);
      // fee_rate positional and named params
      const p = await rpc<{ txid: string }>('send', [[{ [payee]: 0.01 }], null, 'unset', 7], 'w');
      expect(withinSigByte(await fee(p.txid), (await rpc<Decoded>('getrawtransaction', [p.txid, true])).vsize, 7)).toBe(true);
      const n = await rpc<{ txid: string; complete: boolean }>('send', { outputs: { [payee]: 0.01 }, fee_rate: 3 }, 'w');
      expect(n.complete).toBe(true);
    });

    it('hands back the signed transaction without broadcasting with add_to_wallet=false or psbt=true', async () => {
      for (const opt of [{ add_to_wallet: false }, { psbt: true }]) {
        const r = await rpc<Record<string, unknown>>('send', [[{ [payee]: 0.1 }], null, 'unset', null, opt], 'w');
        expect(Object.keys(r)).toEqual(['psbt', 'txid', 'hex', 'complete']);
        expect(r.complete).toBe(true);
        expect(await rpc<string[]>('getrawmempool')).not.toContain(r.txid);
        expect((await decode(r.hex as string)).txid).toBe(r.txid);
        expect(await rpcError(rpc('gettransaction', [r.txid], 'w'))).toMatchObject({ code: -5 });
      }
    });

    it('subtracts the fee from outputs and locks/unlocks with lock_unspents', async () => {
      const r = await rpc<{ txid: string }>('send', [[{ [payee]: 0.05 }], null, 'unset', null, { subtract_fee_from_outputs: [0], lock_unspents: true }], 'w');
      const d = await rpc<Decoded>('getrawtransaction', [r.txid, true]);
      const out = d.vout.find((o) => o.scriptPubKey.address === payee)!;
      expect(sats(out.value)).toBe(5_000_000n - (await fee(r.txid)));
      // the locked inputs were released when the wallet saw them spent
      expect(await rpc('listlockunspent', [], 'w')).toEqual([]);
    });

    it("answers Core's errors for its parameters", async () => {
      const err = (params: unknown[]): Promise<{ code: number; message: string }> => rpcError(rpc('send', params, 'w'));
      const out = [{ [payee]: 0.01 }];
      expect(await err([out, 6])).toEqual({ code: -8, message: 'Specify estimate_mode' });
      expect(await err([out, 6, 'economical', 5])).toEqual({
        code: -8,
        message: 'Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.',
      });
      expect(await err([out, null, 'unset', null, { lockUnspents: true }])).toEqual({ code: -8, message: 'Use lock_unspents instead of lockUnspents' });
      expect(await err([out, null, 'unset', null, { changePosition: 1 }])).toEqual({ code: -8, message: 'Use change_position instead of changePosition' });
      expect(await err([out, null, 'unset', null, { change_position: 5 }])).toEqual({ code: -8, message: 'changePosition out of bounds' });
      expect(await err([out, 6, 'nosuchmode'])).toEqual({ code: -8, message: 'Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"' });
      expect(await err([[{ [payee]: 1_000_000 }]])).toEqual({ code: -4, message: 'Insufficient funds' });
      expect(await err([[]])).toEqual({ code: -8, message: 'TX must have at least one output' });
      expect((await rpc<{ complete: boolean }>('send', [out, 6, 'economical'], 'w')).complete).toBe(true);
    });
  });

  describe('a send the mempool refuses (Core keeps it in the wallet)', () => {
    it('returns the txid, keeps the tx unconfirmed and untrusted, and its inputs stay spent in the wallet', async () => {
      const h = await bigCoin();
      const first = await rpc<{ txid: string }>('send', [[{ [payee]: 0.1 }], null, 'unset', null, { inputs: [outpoint(h)], fee_rate: 20 }], 'w');
      // a second send naming the same coin at a lower fee rate: conflicts with the first in the mempool
      const second = await rpc<{ txid: string; complete: boolean }>(
        'send',
        [[{ [payee]: 0.2 }], null, 'unset', null, { inputs: [outpoint(h)], add_inputs: true, fee_rate: 5 }],
        'w',
      );
      expect(second.complete).toBe(true);
      expect(await rpc<string[]>('getrawmempool')).not.toContain(second.txid);
      const tx = await rpc<WalletTx>('gettransaction', [second.txid], 'w');
      expect(tx).toMatchObject({ confirmations: 0, trusted: false, walletconflicts: [first.txid], mempoolconflicts: [] });
      expect((await rpc<WalletTx>('gettransaction', [first.txid], 'w')).walletconflicts).toEqual([second.txid]);
      await rpc('generatetoaddress', [1, t.mineTo]);
      // conflicted by a confirmed tx: negative confirmations
      expect((await rpc<WalletTx>('gettransaction', [second.txid], 'w')).confirmations).toBe(-1);
      await rpc('generatetoaddress', [1, t.mineTo]);
      expect((await rpc<WalletTx>('gettransaction', [second.txid], 'w')).confirmations).toBe(-2);
    });
  });

  describe('bumpfee', () => {
    let t1: string;
    let t2: string;
    let t3: string;

    it('replaces a tx with the same inputs and recipients at the old rate + 5 sat/vB, and links both', async () => {
      t1 = await rpc<string>('sendtoaddress', [payee, 0.05], 'w');
      const e1 = await rpc<{ vsize: number; fees: { base: number } }>('getmempoolentry', [t1]);
      const old = sats(e1.fees.base);
      const b = await rpc<{ txid: string; origfee: number; fee: number; errors: string[] }>('bumpfee', [t1], 'w');
      t2 = b.txid;
      expect(Object.keys(b)).toEqual(['txid', 'origfee', 'fee', 'errors']);
      expect(sats(b.origfee)).toBe(old);
      const rate = (old * 1000n) / BigInt(e1.vsize) + 1n + 5000n;
      const e2 = await rpc<{ vsize: number; fees: { base: number } }>('getmempoolentry', [t2]);
      // the fee is for the size with dummy signatures; a real signature can come out a byte shorter
      const feeAt = (vsize: number): bigint => (rate * BigInt(vsize) + 999n) / 1000n;
      expect([feeAt(e2.vsize), feeAt(e2.vsize + 1)]).toContain(sats(b.fee));
      expect(sats(e2.fees.base)).toBe(sats(b.fee));
      const d1 = await rpc<Decoded>('decoderawtransaction', [(await rpc<WalletTx>('gettransaction', [t1], 'w')).hex]);
      const d2 = await rpc<Decoded>('getrawtransaction', [t2, true]);
      expect(d2.vin.map(outpoint)).toEqual(d1.vin.map(outpoint));
      expect(d2.vout.find((o) => o.scriptPubKey.address === payee)!.value).toBe(0.05);
      const g1 = await rpc<WalletTx>('gettransaction', [t1], 'w');
      expect(g1).toMatchObject({ trusted: false, walletconflicts: [t2], mempoolconflicts: [t2], replaced_by_txid: t2 });
      const keys = Object.keys(g1);
      expect(keys[keys.indexOf('bip125-replaceable') + 1]).toBe('replaced_by_txid');
      expect((await rpc<WalletTx>('gettransaction', [t2], 'w')).replaces_txid).toBe(t1);
      expect(await rpcError(rpc('getmempoolentry', [t1]))).toEqual({ code: -5, message: 'Transaction not in mempool' });
      expect(await rpcError(rpc('bumpfee', [t1], 'w'))).toEqual({ code: -4, message: `Cannot bump transaction ${t1} which was already bumped by transaction ${t2}` });
    });

    it('takes fee_rate, with Core\'s checks of it, and psbtbumpfee only builds the PSBT', async () => {
      t3 = (await rpc<{ txid: string }>('bumpfee', [t2, { fee_rate: 50 }], 'w')).txid;
      const e3 = await rpc<{ vsize: number; fees: { base: number } }>('getmempoolentry', [t3]);
      expect([BigInt(e3.vsize * 50), BigInt((e3.vsize + 1) * 50)]).toContain(sats(e3.fees.base));
      const low = await rpcError(rpc('bumpfee', [t3, { fee_rate: 1 }], 'w'));
      expect(low.code).toBe(-8);
      expect(low.message).toMatch(/^Insufficient total fee 0\.\d+, must be at least 0\.\d+ \(oldFee 0\.\d+ \+ incrementalFee 0\.\d+\)$/);
      expect(await rpcError(rpc('bumpfee', ['ab'.repeat(32)], 'w'))).toEqual({ code: -5, message: 'Invalid or non-wallet transaction id' });
      const mempool = await rpc<string[]>('getrawmempool');
      const p = await rpc<Record<string, unknown>>('psbtbumpfee', [t3], 'w');
      expect(Object.keys(p)).toEqual(['psbt', 'origfee', 'fee', 'errors']);
      expect(await rpc('getrawmempool')).toEqual(mempool);
    });

    it('refuses a tx that does not signal BIP125, and a confirmed one', async () => {
      const t4 = await rpc<string>('sendtoaddress', [payee, 0.01, '', '', false, false], 'w');
      expect((await rpc<{ 'bip125-replaceable': boolean }>('getmempoolentry', [t4]))['bip125-replaceable']).toBe(false);
      expect(await rpcError(rpc('bumpfee', [t4], 'w'))).toEqual({ code: -4, message: 'Transaction is not BIP 125 replaceable' });
      await rpc('generatetoaddress', [1, t.mineTo]);
      const confirmed = await rpcError(rpc('bumpfee', [t3], 'w'));
      expect(confirmed.code).toBe(-1);
      expect(confirmed.message).toMatch(/^[0-9a-f]{64}:\d+ is already spent$/);
      const g1 = await rpc<WalletTx>('gettransaction', [t1], 'w');
      expect(g1).toMatchObject({ confirmations: -1, trusted: false, mempoolconflicts: [] });
      expect([...g1.walletconflicts].sort()).toEqual([t2, t3].sort());
      expect((await rpc<WalletTx>('gettransaction', [t3], 'w')).walletconflicts).toContain(t2);
    });
  });

  describe('change addresses and fee estimation', () => {
    it('gives change addresses of every type, marked ischange, and the change a fund chose is one', async () => {
      for (const [type, prefix] of [['legacy', /^[mn]/], ['p2sh-segwit', /^2/], ['bech32', /^bcrt1q/], ['bech32m', /^bcrt1p/]] as const) {
        const a = await rpc<string>('getrawchangeaddress', [type], 'w');
        expect(a).toMatch(prefix);
        expect(await rpc<{ ischange: boolean; labels: string[] }>('getaddressinfo', [a], 'w')).toMatchObject({ ischange: true, labels: [] });
      }
      expect(await rpcError(rpc('getrawchangeaddress', ['nosuchtype'], 'w'))).toEqual({ code: -5, message: "Unknown address type 'nosuchtype'" });
      expect((await rpc<{ ischange: boolean }>('getaddressinfo', [payee], 'payee')).ischange).toBe(false);
      const raw = await rpc<string>('createrawtransaction', [[], [{ [payee]: 0.1 }]]);
      const r = await rpc<{ hex: string; changepos: number }>('fundrawtransaction', [raw], 'w');
      const change = (await decode(r.hex)).vout[r.changepos]!.scriptPubKey.address!;
      expect((await rpc<{ ischange: boolean }>('getaddressinfo', [change], 'w')).ischange).toBe(true);
      // with only an OP_RETURN recipient Core's change is taproot
      const data = await rpc<string>('createrawtransaction', [[], [{ data: DATA }]]);
      const rd = await rpc<{ hex: string; changepos: number }>('fundrawtransaction', [data], 'w');
      expect((await decode(rd.hex)).vout[rd.changepos]!.scriptPubKey.type).toBe('witness_v1_taproot');
    });
  });
});

describe('devnet fee estimation', () => {
  it('has no estimate on a fresh chain, then the fee rate of the transactions it saw confirm', async () => {
    const t = await startTestNode({}, 5);
    try {
      const rpc = t.rpc;
      expect(await rpc('estimatesmartfee', [6])).toEqual({ errors: ['Insufficient data or no feerate found'], blocks: 0 });
      const to = await rpc<string>('getnewaddress', [], 'w');
      for (let i = 0; i < 6; i++) {
        await rpc('sendtoaddress', [to, 0.1], 'w');
        await rpc('generatetoaddress', [1, t.mineTo]);
      }
      // confirmations seen over 5 blocks: targets up to 2 blocks can be answered
      expect(await rpc('estimatesmartfee', [1])).toEqual({ feerate: 0.0001, blocks: 2 });
      expect(await rpc('estimatesmartfee', [6, 'ECONOMICAL'])).toEqual({ feerate: 0.0001, blocks: 2 });
      expect(await rpc('estimatesmartfee', [1008])).toEqual({ feerate: 0.0001, blocks: 2 });
      expect(await rpcError(rpc('estimatesmartfee', [1009]))).toEqual({ code: -8, message: 'Invalid conf_target, must be between 1 and 1008' });
      // the data stays across a restart
      await t.node.restart();
      expect(await rpc('estimatesmartfee', [6])).toEqual({ feerate: 0.0001, blocks: 2 });
    } finally {
      await t.close();
    }
  });
});
