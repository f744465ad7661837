// The devnet node's building blocks: Core's JSON number formats, amount parsing, descriptor
// checksums, BIP32, script rendering, block construction and the non-witness tx offset.
import * as bitcoin from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { descsum, fromHex, hdChild, hdFromSeed, HARDENED, scriptAsm, scriptAddress, toHex, addressToScript } from '../../devnet/node/bitcoin.js';
import { Chain } from '../../devnet/node/chain.js';
import { txOffsetInBlock } from '../../devnet/node/index.js';
import { amt, JsonNum, parseExact, RawNumber, toCoreJson, writeExact } from '../../devnet/node/json.js';
import { parseAmount, RpcError } from '../../devnet/node/rpc.js';

describe('Core JSON', () => {
  it('writes amounts with 8 decimals, keeps key order, omits undefined', () => {
    expect(toCoreJson({ b: amt(0), a: amt(-77_000_000n), c: undefined, d: [amt(5_000_013_080n)], e: new RawNumber('4.656542373906925e-10') })).toBe(
      '{"b":0.00000000,"a":-0.77000000,"d":[50.00013080],"e":4.656542373906925e-10}',
    );
    expect(toCoreJson({ s: 'é"\\', n: 1, t: true, z: null })).toBe('{"s":"é\\"\\\\","n":1,"t":true,"z":null}');
  });
  it('parses JSON keeping number text', () => {
    const v = parseExact(' {"id":3.5,"a":[1.0,2e3],"x":"\\u00e9"} ');
    expect(writeExact(v)).toBe('{"id":3.5,"a":[1.0,2e3],"x":"é"}');
    expect(() => parseExact('{"a":1}{"b":2}')).toThrow();
    expect(() => parseExact('\ufeff{}')).toThrow();
  });
  it('parses amounts like AmountFromValue', () => {
    expect(parseAmount(new JsonNum('0.3'))).toBe(30_000_000n);
    expect(parseAmount('1.5')).toBe(150_000_000n);
    expect(parseAmount(new JsonNum('1e-8'))).toBe(1n);
    const err = (v: string | JsonNum): string => {
      try {
        parseAmount(v);
      } catch (e) {
        return (e as RpcError).message;
      }
      return 'ok';
    };
    expect(err('abc')).toBe('Invalid amount');
    expect(err(new JsonNum('0.000000001'))).toBe('Invalid amount');
    expect(err(new JsonNum('-1'))).toBe('Amount out of range');
    expect(err(new JsonNum('21000001'))).toBe('Amount out of range');
  });
});

describe('keys, descriptors, scripts', () => {
  it('computes descriptor checksums as Core printed them', () => {
    expect(descsum('addr(bcrt1q9vx7pzsmn7uy36ph6hyhv98mlu2t9scyyf4hws)')).toBe('addr(bcrt1q9vx7pzsmn7uy36ph6hyhv98mlu2t9scyyf4hws)#3hkup0vj');
    expect(descsum('raw()')).toBe('raw()#58lrscpx');
  });
  it('derives BIP32 test vector 1', () => {
    const m = hdFromSeed(fromHex('000102030405060708090a0b0c0d0e0f'));
    expect(toHex(m.pub)).toBe('0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2');
    expect(toHex(m.chain)).toBe('873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508');
    expect(toHex(hdChild(m, HARDENED).pub)).toBe('035a784662a4a20a65bf6aab9ae98a6c068a81c52e4b032c0fb5400c706cfccc56');
  });
  it('renders scripts and addresses like Core', () => {
    const spk = fromHex('76a9140182d71b889c1414a63e52cf9c3727f5dcf4d86188ac');
    expect(scriptAsm(spk)).toBe('OP_DUP OP_HASH160 0182d71b889c1414a63e52cf9c3727f5dcf4d861 OP_EQUALVERIFY OP_CHECKSIG');
    expect(scriptAddress(spk)).toBe('mfewiBnWvEagjUqj1cHvqe2XTKPMYBRWhA');
    const tr = 'bcrt1p68g8kmhy2wk25f0rq54qft6q604krzvg6xr7f9rv5meh8tqjtz8snnsf3h';
    expect(scriptAddress(addressToScript(tr)!)).toBe(tr);
    const sig = '3044022071c349d8c18c2a31ef793e7ef9a6ef89e73287eab2ef48b4515f88a0ee977cc802205843bb8287933f6b710ef0258ce2d1f8f0d636248b8e0cce1828c8966880b69e01';
    expect(scriptAsm(fromHex(`47${sig}21${'02'.padEnd(66, '1')}`), true)).toBe(`${sig.slice(0, -2)}[ALL] ${'02'.padEnd(66, '1')}`);
    expect(scriptAsm(fromHex('016700'))).toBe('103 0');
  });
});

describe('chain', () => {
  it('starts at the regtest genesis block', () => {
    const c = new Chain();
    expect(c.tip.hash).toBe('0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206');
    expect(c.tip.merkleroot).toBe('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
    expect(c.utxo.size).toBe(0); // the genesis output is not spendable
  });
  it('mines valid blocks with BIP34 heights and a witness commitment; txOffset skips witnesses', () => {
    const c = new Chain();
    const payout = addressToScript('bcrt1q9vx7pzsmn7uy36ph6hyhv98mlu2t9scyyf4hws')!;
    for (let i = 0; i < 3; i++) c.mine(payout);
    const b = c.tip;
    const parsed = bitcoin.Block.fromBuffer(b.raw);
    expect(parsed.getId()).toBe(b.hash);
    expect(parsed.checkProofOfWork()).toBe(true);
    expect(parsed.checkTxRoots()).toBe(true);
    expect(toHex(parsed.transactions![0]!.ins[0]!.script)).toBe('5300'); // height 3 = OP_3, then OP_0
    expect(b.weight).toBe(b.strippedsize * 3 + b.size);
    // a second tx sits after the coinbase's stripped bytes, not its witness bytes
    const cbStripped = parsed.transactions![0]!.byteLength(false);
    expect(cbStripped).toBeLessThan(parsed.transactions![0]!.byteLength(true));
    expect(txOffsetInBlock(b, b.txids[0]!)).toBe(81);
  });
});
