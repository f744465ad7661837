// Mempool policy and the rejection details of testmempoolaccept/sendrawtransaction as Bitcoin
// Core v29.3 gives them (the send.json recording): the 0.1 sat/vB relay minimum, dust at 294/546
// sat and v29's one-dust-output rule, 80-byte OP_RETURN, double spends under full RBF and inside a
// package, missing inputs, unsigned, outputs above inputs, non-final, maxfeerate, already confirmed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rpc, TestNode, Utxo, outpoint, rpcError, sats, startTestNode } from './helpers.js';

interface Accept {
  txid: string;
  wtxid: string;
  allowed?: boolean;
  'reject-reason'?: string;
  'reject-details'?: string;
  'package-error'?: string;
  vsize?: number;
}

const btc = (s: bigint): string => `${s / 100_000_000n}.${(s % 100_000_000n).toString().padStart(8, '0')}`;

describe('devnet mempool policy', () => {
  let t: TestNode;
  let rpc: Rpc;
  let wpkh: string;
  let pkh: string;
  let ret: string;
  let pool: Utxo[];

  /** createrawtransaction + signrawtransactionwithwallet */
  const tx = async (inputs: { txid: string; vout: number }[], outputs: Record<string, number | string>[], opts: { locktime?: number; sign?: boolean } = {}): Promise<string> => {
    const raw = await rpc<string>('createrawtransaction', opts.locktime !== undefined ? [inputs, outputs, opts.locktime] : [inputs, outputs]);
    if (opts.sign === false) return raw;
    return (await rpc<{ hex: string }>('signrawtransactionwithwallet', [raw], 'w')).hex;
  };
  const accept = async (hexes: string[], maxfeerate?: number): Promise<Accept[]> => rpc<Accept[]>('testmempoolaccept', maxfeerate === undefined ? [hexes] : [hexes, maxfeerate]);
  const coin = (i: number): Utxo => pool[i]!;
  const value = (i: number): bigint => sats(coin(i).amount);

  beforeAll(async () => {
    t = await startTestNode();
    rpc = t.rpc;
    await rpc('createwallet', ['payee']);
    wpkh = await rpc<string>('getnewaddress', [], 'payee');
    pkh = await rpc<string>('getnewaddress', ['', 'legacy'], 'payee');
    ret = await rpc<string>('getnewaddress', [], 'w');
    const poolAddr = await rpc<string>('getnewaddress', ['pool'], 'w');
    for (let i = 0; i < 4; i++) await rpc('sendtoaddress', [poolAddr, 2], 'w');
    await rpc('generatetoaddress', [1, t.mineTo]);
    pool = await rpc<Utxo[]>('listunspent', [1, 9999999, [poolAddr]], 'w');
  });
  afterAll(() => t?.close());

  it('relays from 0.1 sat/vB: 10 sat on 110 vB is refused, 11 accepted, 0 refused', async () => {
    const h10 = await tx([outpoint(coin(0))], [{ [wpkh]: btc(value(0) - 10n) }]);
    const [r10] = await accept([h10]);
    expect(r10).toMatchObject({ allowed: false, 'reject-reason': 'min relay fee not met', 'reject-details': 'min relay fee not met, 10 < 11' });
    expect(await rpcError(rpc('sendrawtransaction', [h10]))).toEqual({ code: -26, message: 'min relay fee not met, 10 < 11' });
    const [r11] = await accept([await tx([outpoint(coin(0))], [{ [wpkh]: btc(value(0) - 11n) }])]);
    expect(r11).toMatchObject({ allowed: true, vsize: 110, fees: { base: 0.00000011, 'effective-feerate': 0.000001 } });
    const [r0] = await accept([await tx([outpoint(coin(0))], [{ [wpkh]: btc(value(0)) }])]);
    expect(r0).toMatchObject({ allowed: false, 'reject-details': 'min relay fee not met, 0 < 11' });
  });

  it('refuses a dust output in a transaction that pays a fee: 293/294 sat P2WPKH, 545/546 sat P2PKH', async () => {
    const withOutput = async (addr: string, v: bigint): Promise<Accept> => (await accept([await tx([outpoint(coin(0))], [{ [addr]: btc(v) }, { [ret]: btc(value(0) - v - 2000n) }])]))[0]!;
    const dust = { allowed: false, 'reject-reason': 'dust', 'reject-details': 'dust, tx with dust output must be 0-fee' };
    expect(await withOutput(wpkh, 293n)).toMatchObject(dust);
    expect(await withOutput(wpkh, 294n)).toMatchObject({ allowed: true });
    expect(await withOutput(pkh, 545n)).toMatchObject(dust);
    expect(await withOutput(pkh, 546n)).toMatchObject({ allowed: true });
    const h = await tx([outpoint(coin(0))], [{ [pkh]: btc(545n) }, { [ret]: btc(value(0) - 545n - 2000n) }]);
    expect(await rpcError(rpc('sendrawtransaction', [h]))).toEqual({ code: -26, message: 'dust, tx with dust output must be 0-fee' });
    // two dust outputs are never standard
    const two = await tx([outpoint(coin(0))], [{ [pkh]: btc(545n) }, { [wpkh]: btc(293n) }, { [ret]: btc(value(0) - 2000n - 838n) }]);
    expect((await accept([two]))[0]).toMatchObject({ allowed: false, 'reject-reason': 'dust', 'reject-details': 'dust' });
  });

  it('takes OP_RETURN data up to 80 bytes', async () => {
    for (const [n, ok] of [[80, true], [81, false]] as const) {
      const raw = await rpc<string>('createrawtransaction', [[], [{ data: 'ab'.repeat(n) }, { [wpkh]: 0.01 }]]);
      const funded = await rpc<{ hex: string }>('fundrawtransaction', [raw, { changePosition: 2 }], 'w');
      const signed = await rpc<{ hex: string }>('signrawtransactionwithwallet', [funded.hex], 'w');
      const [r] = await accept([signed.hex]);
      if (ok) expect(r).toMatchObject({ allowed: true });
      else {
        expect(r).toMatchObject({ allowed: false, 'reject-reason': 'scriptpubkey', 'reject-details': 'scriptpubkey' });
        expect(await rpcError(rpc('sendrawtransaction', [signed.hex]))).toEqual({ code: -26, message: 'scriptpubkey' });
      }
    }
  });

  it('refuses a double spend paying a lower fee rate, would replace with a higher one, and a package spending a coin twice', async () => {
    const x1 = await tx([outpoint(coin(1))], [{ [wpkh]: btc(value(1) - 2000n) }]);
    const x1id = await rpc<string>('sendrawtransaction', [x1]);
    // to a P2SH address (111 vB), as the recording: 1000 sat is 9009 sat/kvB
    const sh = await rpc<string>('getnewaddress', ['', 'p2sh-segwit'], 'payee');
    const x2 = await tx([outpoint(coin(1))], [{ [sh]: btc(value(1) - 1000n) }]);
    const x2id = (await rpc<{ txid: string }>('decoderawtransaction', [x2])).txid;
    const [r2] = await accept([x2]);
    expect(r2!['reject-reason']).toBe('insufficient fee');
    // the txid named is the replacement's (Core's message), the rates in BTC/kvB
    expect(r2!['reject-details']).toBe(`insufficient fee, rejecting replacement ${x2id}; new feerate 0.00009009 BTC/kvB <= old feerate 0.00018181 BTC/kvB`);
    expect(await rpcError(rpc('sendrawtransaction', [x2]))).toEqual({ code: -26, message: r2!['reject-details'] });
    const x2b = await tx([outpoint(coin(1))], [{ [wpkh]: btc(value(1) - 6000n) }]);
    expect((await accept([x2b]))[0]).toMatchObject({ allowed: true });
    const both = await accept([x2b, x2]);
    expect(both.map((r) => r['package-error'])).toEqual(['conflict-in-package', 'conflict-in-package']);
    expect(Object.keys(both[0]!)).toEqual(['txid', 'wtxid', 'package-error']);
    // X1 is still the one in the mempool
    expect(await rpc<string[]>('getrawmempool')).toContain(x1id);
    expect((await accept([x1]))[0]).toMatchObject({ allowed: false, 'reject-reason': 'txn-already-in-mempool', 'reject-details': 'txn-already-in-mempool' });
    expect(await rpc('sendrawtransaction', [x1])).toBe(x1id);
    // once X1 confirms: X1 again is -27, its double spend -25
    await rpc('generatetoaddress', [1, t.mineTo]);
    expect(await rpcError(rpc('sendrawtransaction', [x1]))).toEqual({ code: -27, message: 'Transaction outputs already in utxo set' });
    expect((await accept([x1]))[0]).toMatchObject({ allowed: false, 'reject-reason': 'txn-already-known', 'reject-details': 'txn-already-known' });
    expect(await rpcError(rpc('sendrawtransaction', [x2]))).toEqual({ code: -25, message: 'bad-txns-inputs-missingorspent' });
    expect(Object.keys((await accept([x2]))[0]!)).toEqual(['txid', 'wtxid', 'allowed', 'reject-reason']);
  });

  it('says missing-inputs without details, and what is wrong with unsigned, overspending and non-final transactions', async () => {
    const unknown = await tx([{ txid: 'ab'.repeat(32), vout: 0 }], [{ [wpkh]: 0.1 }], { sign: false });
    const [m] = await accept([unknown]);
    expect(Object.keys(m!)).toEqual(['txid', 'wtxid', 'allowed', 'reject-reason']);
    expect(m).toMatchObject({ allowed: false, 'reject-reason': 'missing-inputs' });
    expect(await rpcError(rpc('sendrawtransaction', [unknown]))).toEqual({ code: -25, message: 'bad-txns-inputs-missingorspent' });
    const unsigned = await tx([outpoint(coin(2))], [{ [wpkh]: btc(value(2) - 2000n) }], { sign: false });
    const uid = (await rpc<{ txid: string }>('decoderawtransaction', [unsigned])).txid;
    const reason = 'mempool-script-verify-flag-failed (Witness program hash mismatch)';
    const details = `${reason}, input 0 of ${uid} (wtxid ${uid}), spending ${coin(2).txid}:${coin(2).vout}`;
    expect((await accept([unsigned]))[0]).toMatchObject({ allowed: false, 'reject-reason': reason, 'reject-details': details });
    expect(await rpcError(rpc('sendrawtransaction', [unsigned]))).toEqual({ code: -26, message: details });
    const over = await tx([outpoint(coin(2))], [{ [wpkh]: btc(value(2) + 1n) }]);
    expect(await rpcError(rpc('sendrawtransaction', [over]))).toEqual({ code: -26, message: 'bad-txns-in-belowout, value in (2.00) < value out (2.00000001)' });
    const height = await rpc<number>('getblockcount');
    const late = await tx([outpoint(coin(2))], [{ [wpkh]: btc(value(2) - 2000n) }], { locktime: height + 50 });
    expect((await accept([late]))[0]).toMatchObject({ allowed: false, 'reject-reason': 'non-final', 'reject-details': 'non-final' });
    expect(await rpcError(rpc('sendrawtransaction', [late]))).toEqual({ code: -26, message: 'non-final' });
    // final at the next block: locktime = height + 1 is not
    const next = await tx([outpoint(coin(2))], [{ [wpkh]: btc(value(2) - 2000n) }], { locktime: height });
    expect((await accept([next]))[0]).toMatchObject({ allowed: true });
  });

  it('applies maxfeerate after validation: max-fee-exceeded (-25), and refuses a rate of 1 BTC/kvB or more (-8)', async () => {
    const x3 = await tx([outpoint(coin(3))], [{ [wpkh]: btc(value(3) - 20000n) }]);
    const [m] = await accept([x3], 0.001);
    expect(Object.keys(m!)).toEqual(['txid', 'wtxid', 'allowed', 'reject-reason']);
    expect(m).toMatchObject({ allowed: false, 'reject-reason': 'max-fee-exceeded' });
    expect((await accept([x3]))[0]).toMatchObject({ allowed: true });
    expect(await rpcError(rpc('sendrawtransaction', [x3, 0.001]))).toEqual({ code: -25, message: 'Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)' });
    expect(await rpcError(rpc('sendrawtransaction', [x3, 1]))).toEqual({ code: -8, message: 'Fee rates larger than or equal to 1BTC/kvB are not accepted' });
    expect(await rpcError(rpc('testmempoolaccept', [[x3], 1]))).toEqual({ code: -8, message: 'Fee rates larger than or equal to 1BTC/kvB are not accepted' });
    expect(await rpc<string>('sendrawtransaction', [x3, '0.5'])).toMatch(/^[0-9a-f]{64}$/);
    expect(await rpcError(rpc('testmempoolaccept', [[]]))).toEqual({ code: -8, message: 'Array must contain between 1 and 25 transactions.' });
  });
});
