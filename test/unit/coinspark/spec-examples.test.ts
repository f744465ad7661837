// Worked examples of protocol.md, and the decisions taken where the reference libraries disagree.
import { describe, expect, it } from 'vitest';
import {
  applyGenesis,
  applyNoTransfers,
  applyTransfers,
  bytesToHex,
  calcAssetHash,
  calcAssetURL,
  calcCharge,
  calcGenesisHashLen,
  calcGenesisMinFee,
  calcGross,
  calcNet,
  calcTransfersMinFee,
  decodeAddress,
  decodeAddressNumber,
  decodeAssetRefText,
  decodeGenesis,
  decodeMessage,
  decodePaymentRef,
  decodeTransfers,
  defaultOutputs,
  encodeAddress,
  encodeAssetRefText,
  encodeGenesis,
  encodePaymentRef,
  encodeTransfers,
  appendMetadata,
  genesisQty,
  genesisSetsAsideTransfers,
  genesisQtyFor,
  hexToBytes,
  metadataToScript,
  readTransactionMetadata,
  type AssetRef,
  type Genesis,
  type Transfer,
} from '../../../shared/coinspark/index.js';

const h = (s: string) => {
  const b = hexToBytes(s);
  if (b === null) throw new Error(`bad hex ${s}`);
  return b;
};

const HASH = h('9431B5BED1212B366DA5C888609C50784385F8A6080CB7D85B4642E042495076');
const qty = genesisQtyFor(1_234_567n, 0);
const GENESIS: Genesis = {
  qtyMantissa: qty.mantissa,
  qtyExponent: qty.exponent,
  chargeFlatMantissa: 25,
  chargeFlatExponent: 0,
  chargeBasisPoints: 15,
  useHttps: false,
  domainName: 'www.example.com',
  usePrefix: true,
  pagePath: '',
  assetHash: HASH,
  assetHashLen: 25,
};
const GENESIS_META = '53504B671FD0190F56B6433E87BEF99431B5BED1212B366DA5C888609C50784385F8A6080CB7D85B';
const REF_A: AssetRef = { blockNum: 456789, txOffset: 65432, txIDPrefix: '7f25' };
const REF_B: AssetRef = { blockNum: 312345, txOffset: 181, txIDPrefix: 'c7ea' };

describe('genesis (§5.11, §5.8–5.10)', () => {
  it('setQty rounds 1 234 567 to 123 × 10^4', () => {
    expect(qty).toEqual({ mantissa: 123, exponent: 4, value: 1_230_000n });
  });

  it('encodes the worked example byte for byte and decodes it back', () => {
    expect(calcGenesisHashLen(GENESIS, 40)).toBe(25);
    const e = encodeGenesis(GENESIS, 40);
    expect(e.ok && bytesToHex(e.value)).toBe(GENESIS_META.toLowerCase());
    expect(e.ok && bytesToHex(metadataToScript(e.value)!)).toBe('6a28' + GENESIS_META.toLowerCase());
    const d = decodeGenesis(h(GENESIS_META));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect({ ...d.value, assetHash: bytesToHex(d.value.assetHash) }).toEqual({
      ...GENESIS,
      assetHash: bytesToHex(HASH.subarray(0, 25)),
    });
    expect(genesisQty(d.value)).toBe(1_230_000n);
    expect(encodeGenesis(GENESIS, 39).ok).toBe(false);
  });

  it('builds the asset web page URL, wrapping around the txid', () => {
    const txid = '7f25b380f109b3b013e3f8c1ccd5a904b9bbf50bf23f98acb0b9c7586c415c79';
    expect(calcAssetURL(GENESIS, txid, 3)).toBe('http://www.example.com/coinspark/5b380f109b3b013e/');
    expect(calcAssetURL(GENESIS, txid, 60)).toBe('http://www.example.com/coinspark/5c797f25b380f109/');
    expect(calcAssetURL(GENESIS, 'nothex', 3)).toBeNull();
  });

  it('distributes new units and computes the minimum fee', () => {
    const regular = [true, true, false, true, true];
    const sats = [10000n, 5000n, 0n, 700n, 20000n];
    expect(applyGenesis(GENESIS, regular)).toEqual([410000n, 410000n, 0n, 410000n, 0n]);
    expect(calcGenesisMinFee(sats, regular)).toBe(2100n);
    expect(applyGenesis(GENESIS, [false, true, false])).toEqual([0n, 0n, 0n]);
  });

  it('computes charges, net and gross (table of §5.10)', () => {
    for (const [gross, charge, net] of [
      [1n, 1n, 0n],
      [100n, 25n, 75n],
      [1000n, 27n, 973n],
      [12345n, 44n, 12301n],
    ] as const) {
      expect(calcCharge(GENESIS, gross)).toBe(charge);
      expect(calcNet(GENESIS, gross)).toBe(net);
    }
    for (const [net, gross] of [
      [1n, 26n],
      [100n, 125n],
      [1000n, 1027n],
      [12345n, 12389n],
    ] as const) {
      expect(calcGross(GENESIS, net)).toBe(gross);
    }
  });

  it('uses exact integers above 2^53 (decision: C semantics)', () => {
    const g: Genesis = { ...GENESIS, chargeFlatMantissa: 0, chargeBasisPoints: 250 };
    // 36 028 797 018 963 969 × 250 overflows doubles; (q×250 + 5000) / 10000 exactly:
    const q = 36_028_797_018_963_970n;
    expect(calcCharge(g, q)).toBe((q * 250n + 5000n) / 10000n);
    expect(calcCharge(g, 100_000_000_000_000n)).toBe(2_500_000_000_000n);
    expect(calcGross(g, calcNet(g, 99_999_999_999_999n))).toBeLessThanOrEqual(99_999_999_999_999n);
  });
});

describe('transfers (§7.7–7.9)', () => {
  const T0: Transfer = { assetRef: REF_A, inputs: { first: 0, count: 2 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 1500n };
  const T1: Transfer = { assetRef: REF_B, inputs: { first: 2, count: 1 }, outputs: { first: 1, count: 1 }, qtyPerOutput: 5_000_000n };
  const LIST_META = '53504B747E1119C404B50000C7EA0298117A2255F80698FF007F25000200DC05';

  it('encodes the two-transfer example (re-ordered by asset reference)', () => {
    const e = encodeTransfers([T0, T1], 3, 4, 40);
    expect(e.ok && bytesToHex(e.value)).toBe(LIST_META.toLowerCase());
    const d = decodeTransfers(h(LIST_META), 3, 4);
    expect(d.ok && d.value).toEqual([T1, T0]);
  });

  it('appends a payment reference with a length byte', () => {
    const r = encodePaymentRef(1_234_567_890_123n, 40);
    expect(r.ok && bytesToHex(r.value)).toBe('53504b72cb04fb711f01');
    const combined = appendMetadata(h(LIST_META), 40, r.ok ? r.value : new Uint8Array());
    expect(combined && bytesToHex(combined)).toBe(
      '53504B1D747E1119C404B50000C7EA0298117A2255F80698FF007F25000200DC0572CB04FB711F01'.toLowerCase(),
    );
    const p = decodePaymentRef(combined!);
    expect(p.ok && p.value).toBe(1_234_567_890_123n);
    expect(decodeTransfers(combined!, 3, 4).ok).toBe(true);
  });

  it('encodes a default route before a transfer', () => {
    const D: Transfer = {
      assetRef: { blockNum: -1, txOffset: 0, txIDPrefix: '0000' },
      inputs: { first: 1, count: 1 },
      outputs: { first: 0, count: 1 },
      qtyPerOutput: 0n,
    };
    const T: Transfer = { assetRef: REF_A, inputs: { first: 0, count: 1 }, outputs: { first: 1, count: 1 }, qtyPerOutput: 100n };
    const e = encodeTransfers([T, D], 2, 3, 40);
    expect(e.ok && bytesToHex(e.value)).toBe('53504b7419007911' + '55f80698ff007f25' + '0064');
    const d = decodeTransfers(e.ok ? e.value : new Uint8Array(), 2, 3);
    expect(d.ok && d.value).toEqual([D, T]);
    expect(defaultOutputs(d.ok ? d.value : [], 2, [true, true, true])).toEqual([true, false, true]);
  });

  it('applies the list with charges and leftovers (worked example)', () => {
    const regular = [true, true, false, true];
    const list = [T1, T0];
    expect(calcTransfersMinFee(list, 3, [10000n, 10000n, 0n, 50000n], regular)).toBe(2000n);
    expect(applyTransfers(list, REF_A, GENESIS, [1000n, 500n, 200n], regular)).toEqual([1473n, 0n, 0n, 200n]);
    expect(applyNoTransfers([1000n, 500n, 200n], regular)).toEqual([0n, 0n, 0n, 1700n]);
  });

  it('rejects a whole list when one transfer is damaged', () => {
    expect(decodeTransfers(h(LIST_META.slice(0, -2)), 3, 4).ok).toBe(false);
    expect(decodeTransfers(h('53504b74'), 3, 4).ok).toBe(false);
  });
});

describe('asset hash (§6.4)', () => {
  const fields = {
    name: "Credit at John Doe's",
    issuer: "John Doe's Restaurant Chain",
    description: "Can be used for any purchase at John Doe's, excluding breakfasts.",
    units: '1 US dollar',
    issueDate: '2014-03-01',
    expiryDate: '2024-02-29',
    interestRate: null,
    multiple: null,
    contractContent: new TextEncoder().encode('CONTRACT'),
  };
  it('matches both worked examples', () => {
    expect(bytesToHex(calcAssetHash(fields))).toBe(bytesToHex(HASH));
    expect(bytesToHex(calcAssetHash({ ...fields, interestRate: 0, multiple: 0.01 }))).toBe(
      'c3ddbeb12cb55bec8d921094fa7806b76c6319d1a07db22ce5cbb06b8b59048c',
    );
  });
  it('floors negative interest rates (decision: majority, not C)', () => {
    const f = { name: 'a', issuer: 'b', description: 'c', units: 'd', issueDate: '2014-01-01', expiryDate: '', interestRate: -5.5, multiple: 1, contractContent: new Uint8Array() };
    expect(bytesToHex(calcAssetHash(f))).toBe('5df949e48d88aee7a39be817746197a4cb9f692483ff7c25c205a8c7e2baece3');
  });
  it('trims only tab, LF, CR and space', () => {
    const a = calcAssetHash({ ...fields, name: ` \t${fields.name}\r\n` });
    expect(bytesToHex(a)).toBe(bytesToHex(HASH));
    const b = calcAssetHash({ ...fields, name: `\u00a0${fields.name}` });
    expect(bytesToHex(b)).not.toBe(bytesToHex(HASH));
  });
});

describe('addresses (§9.4)', () => {
  const btc = '171uUzpjQyWFufu3DPcECrET9kTqKmccUt';
  const cases: [number, bigint, string][] = [
    [3, 0n, 'sLoAGKmrz7RQkuzgpqoVftWU8WjR2j7b3ttkA'],
    [7, 0n, 'sQwJQTuz8FZYt38pxywZjxaYCaoV6oBf7xxpE'],
    [15, 0n, 'sYDagjBGQXqpAKQ6EFDhs6igLiwdEwKoF66xN'],
    [3, 1_234_567_890_123n, 'sPoNG4c87WhY7GBjJ6AzHRfpYpVbrbx1sERxhC5vFPk6'],
  ];
  it.each(cases)('flags %i ref %s', (addressFlags, paymentRef, address) => {
    const e = encodeAddress({ bitcoinAddress: btc, addressFlags, paymentRef });
    expect(e.ok && e.value).toBe(address);
    expect(decodeAddress(address)).toEqual({ ok: true, value: { bitcoinAddress: btc, addressFlags, paymentRef } });
  });
  it('fails cleanly on bad input', () => {
    expect(decodeAddress('x123').ok).toBe(false);
    expect(decodeAddress('s0OIl').ok).toBe(false);
    // characters above 0x7f that alias base58 characters in their low 7 bits
    expect(decodeAddress('sLoAGKmrz7RQkuzgpqoVftWU8WjR2j7b3ttk\u00c1').ok).toBe(false);
    expect(decodeAddress('s\u0131oAGKmrz7RQkuzgpqoVftWU8WjR2j7b3ttkA').ok).toBe(false);
    expect(encodeAddress({ bitcoinAddress: '', addressFlags: 1, paymentRef: 0n }).ok).toBe(false);
    expect(encodeAddress({ bitcoinAddress: btc, addressFlags: 0x800000, paymentRef: 0n }).ok).toBe(false);
    expect(encodeAddress({ bitcoinAddress: btc, addressFlags: 1, paymentRef: 1n << 52n }).ok).toBe(false);
  });
  it('round-trips every shape (text length parity, digit counts, key offsets); the number variant agrees', () => {
    // decodeAddress reads the first half and its mirror together and the last chars in a separate step:
    // cover bitcoin-address lengths around the folding points and 0 … 9 flag/reference digits.
    const A58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    const flagsList = [0, 1, 57, 58, 0x7fffff];
    const refs = [0n, 1n, 57n, 58n, 3364n, 1_234_567_890_123n, (1n << 52n) - 1n];
    let seed = 7;
    for (let len = 1; len <= 40; len++) {
      let b = '';
      for (let j = 0; j < len; j++) b += A58[(seed = (seed * 31 + 17) % 58)];
      for (const addressFlags of flagsList) {
        for (const paymentRef of refs) {
          const e = encodeAddress({ bitcoinAddress: b, addressFlags, paymentRef });
          if (!e.ok) throw new Error(e.error);
          expect(decodeAddress(e.value)).toEqual({ ok: true, value: { bitcoinAddress: b, addressFlags, paymentRef } });
          expect(decodeAddressNumber(e.value)).toEqual({
            ok: true,
            value: { bitcoinAddress: b, addressFlags, paymentRef: Number(paymentRef) },
          });
          // a non-base58 char anywhere after the 's' fails both
          const bad = e.value.slice(0, 1 + (len % (e.value.length - 1))) + '0' + e.value.slice(2 + (len % (e.value.length - 1)));
          expect(decodeAddress(bad).ok).toBe(false);
          expect(decodeAddressNumber(bad).ok).toBe(false);
        }
      }
    }
  });
});

describe('asset reference text (§4.2)', () => {
  it('encodes and decodes the example', () => {
    expect(encodeAssetRefText(REF_A)).toEqual({ ok: true, value: '456789-65432-9599' });
    expect(decodeAssetRefText('456789-65432-9599')).toEqual({ ok: true, value: REF_A });
  });
  it.each(['-1-0-0', ' 1-2-3', '1-2-3 ', '1-2-3x', '1-2-', '1--3', '+1-2-3', '1-2-65536', '4294967296-0-0', '1-2-3-4'])(
    'rejects %j (decision: strict)',
    (text) => expect(decodeAssetRefText(text).ok).toBe(false),
  );
});

describe('messages (§10) and whole transactions', () => {
  it('decodes the IPv4 example and tolerates it next to a transfer list', () => {
    const hash = '00'.repeat(30);
    const m = decodeMessage(h(`53504b6dbe0102030400${hash}`), 3);
    expect(m.ok && { ...m.value, hash: bytesToHex(m.value.hash) }).toEqual({
      useHttps: false,
      serverHost: '1.2.3.4',
      usePrefix: true,
      serverPath: '',
      isPublic: false,
      outputRanges: [{ first: 0, count: 1 }],
      hash,
      hashLen: 30,
    });
  });

  it('readTransactionMetadata finds the first OP_RETURN and decodes every field', () => {
    const meta = h('53504B1D747E1119C404B50000C7EA0298117A2255F80698FF007F25000200DC0572CB04FB711F01');
    const p2pkh = h('76a914' + '11'.repeat(20) + '88ac');
    const tx = readTransactionMetadata([p2pkh, metadataToScript(meta)!, p2pkh, h('6a0453504b72')], 3);
    expect(tx.opReturnIndex).toBe(1);
    expect(tx.outputsRegular).toEqual([true, false, true, false]);
    expect(tx.transfers?.length).toBe(2);
    expect(tx.paymentRef).toBe(1_234_567_890_123n);
    expect(tx.genesis).toBeNull();
    // a malformed first OP_RETURN hides later ones
    const tx2 = readTransactionMetadata([h('6a4c0101'), metadataToScript(meta)!], 3);
    expect(tx2.metadata).toBeNull();
    expect(tx2.transfers).toBeNull();
    expect(tx.transfersBesideGenesis).toBe(false);
  });

  it('§2.4: a transfer list beside a genesis is set aside (the tracker processes the genesis only)', () => {
    const genesis = h('53504B67AC827F0513E06973538638C21712CAF96164E015F2B15AF9A2710AE8F5659EB6D7EF1720');
    const list = h('53504B747E1119C404B50000C7EA0298117A2255F80698FF007F25000200DC05');
    const both = appendMetadata(genesis, 75, list)!;
    expect(decodeTransfers(both, 3, 4).ok).toBe(true); // the list is there and well formed …
    const p2pkh = h('76a914' + '11'.repeat(20) + '88ac');
    const tx = readTransactionMetadata([p2pkh, metadataToScript(both)!, p2pkh, p2pkh], 3);
    expect(tx.genesis).not.toBeNull();
    expect(tx.transfers).toBeNull(); // … and moves nothing
    expect(tx.transfersBesideGenesis).toBe(true);
    expect(genesisSetsAsideTransfers(both)).toBe(true);
    expect(genesisSetsAsideTransfers(list)).toBe(false);
  });

  it('never throws on garbage', () => {
    for (const s of ['', '53', '53504b', '53504b67', '53504b74ff', '53504b6d3f', '53504b00', '53504b6001']) {
      const b = h(s);
      expect(() => [decodeGenesis(b), decodeTransfers(b, 2, 2), decodePaymentRef(b), decodeMessage(b, 2)]).not.toThrow();
      expect(decodeGenesis(b).ok).toBe(false);
    }
  });
});

describe('hex helpers', () => {
  it('parse either case and reject anything else', () => {
    expect(Array.from(hexToBytes('00ffAb7F')!)).toEqual([0, 255, 0xab, 0x7f]);
    for (const bad of ['0', 'zz', '0g', ' 00', '\u0130\u0030', '0\u00b1', 'a\u0166']) expect(hexToBytes(bad)).toBeNull();
  });
});
