import * as ecc from '@bitcoinerlab/secp256k1';
import { address as baddress, initEccLib, networks } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { encodeAddress } from '../../../shared/coinspark/index';
import { base58CheckDecode, decodeBitcoinAddress, scriptToAddress } from '../../../shared/bitcoin/address';
import { formatQuantity } from '../../../shared/format/quantity';
import type { QuantityDisplay } from '../../../shared/model/asset-view';
import type { Network } from '../../../shared/model/settings';
import { formatBtc, formatSatPerVb, rawFromDisplay, satPerKvbFromText, satsFromBtc } from '../../../shared/send/amount';
import { checkRecipient } from '../../../shared/send/recipient';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
initEccLib(ecc); // bitcoinjs-lib checks taproot output keys with it

describe('bitcoin addresses', () => {
  // Scripts checked against bitcoinjs-lib (an independent implementation).
  const cases: [string, Network][] = [
    ['171uUzpjQyWFufu3DPcECrET9kTqKmccUt', 'mainnet'],
    ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'mainnet'],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'mainnet'],
    ['bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3', 'mainnet'],
    ['bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297', 'mainnet'],
    ['mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'testnet'],
    ['2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc', 'testnet'],
    ['tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'testnet'],
    ['bcrt1qs758ursh4q9z627kt3pp5yysm78ddny6txaqgw', 'regtest'],
  ];
  const libNetwork = { mainnet: networks.bitcoin, testnet: networks.testnet, regtest: networks.regtest };
  it.each(cases)('%s: the script bitcoinjs-lib gives, and back', (text, net) => {
    const decoded = decodeBitcoinAddress(text);
    expect(decoded).not.toBeNull();
    expect(hex(decoded!.script)).toBe(hex(baddress.toOutputScript(text, libNetwork[net])));
    expect(decoded!.networks).toContain(net);
    expect(scriptToAddress(decoded!.script, net)).toBe(text);
  });

  it('refuses a typo (checksum), a wrong bech32 variant, and strings that are no address', () => {
    expect(decodeBitcoinAddress('171uUzpjQyWFufu3DPcECrET9kTqKmccUu')).toBeNull();
    expect(decodeBitcoinAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toBeNull();
    // A v1 program with the bech32 (not bech32m) checksum is invalid (BIP 350).
    expect(decodeBitcoinAddress('bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx')).toBeNull();
    expect(decodeBitcoinAddress('')).toBeNull();
    expect(decodeBitcoinAddress('hello world')).toBeNull();
    expect(base58CheckDecode('1111')).toBeNull();
  });

  it('OP_RETURN and bare scripts have no address', () => {
    expect(scriptToAddress(Uint8Array.of(0x6a, 0x02, 0x53, 0x50), 'mainnet')).toBeNull();
    expect(scriptToAddress(Uint8Array.of(0x51), 'mainnet')).toBeNull();
  });
});

describe('recipients (wallet-behaviour §7.2, §8.1, §8.3)', () => {
  const legacy = 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn';
  const cs = (flags: number, ref = 0n, addr = legacy) => {
    const e = encodeAddress({ bitcoinAddress: addr, addressFlags: flags, paymentRef: ref });
    if (!e.ok) throw new Error(e.error);
    return e.value;
  };

  it('an asset send takes only a CoinSpark address with the assets flag, for the wallet’s network', () => {
    expect(checkRecipient(cs(3, 77n), 'regtest', 'asset')).toMatchObject({ ok: true, bitcoinAddress: legacy, coinspark: { flags: 3, paymentRef: 77n } });
    expect(checkRecipient(legacy, 'regtest', 'asset')).toMatchObject({ ok: false, reason: 'plain-bitcoin-for-assets' });
    expect(checkRecipient(cs(2), 'regtest', 'asset')).toMatchObject({ ok: false, reason: 'no-assets-flag' });
    expect(checkRecipient(cs(3), 'mainnet', 'asset')).toMatchObject({ ok: false, reason: 'wrong-network', message: expect.stringMatching(/testnet or regtest address, but the wallet is on mainnet/) });
    expect(checkRecipient('sLoAGKmrz7RQkuzgpqoVftWU8WjR2j7b3ttkA', 'regtest', 'migration')).toMatchObject({ ok: false, reason: 'wrong-network' });
    expect(checkRecipient('   ', 'regtest', 'asset')).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkRecipient('nonsense', 'regtest', 'asset')).toMatchObject({ ok: false, reason: 'not-an-address' });
  });

  it('a bitcoin send takes either kind of address and ignores the flags', () => {
    expect(checkRecipient(legacy, 'regtest', 'bitcoin')).toMatchObject({ ok: true, coinspark: null });
    expect(checkRecipient('bcrt1qs758ursh4q9z627kt3pp5yysm78ddny6txaqgw', 'regtest', 'bitcoin')).toMatchObject({ ok: true, kind: 'p2wpkh' });
    expect(checkRecipient(cs(0), 'regtest', 'bitcoin')).toMatchObject({ ok: true, coinspark: { flags: 0 } });
    expect(checkRecipient('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'regtest', 'bitcoin')).toMatchObject({ ok: false, reason: 'wrong-network' });
  });

  it('a CoinSpark address with a typo is caught by the checksum of the address inside it', () => {
    const good = cs(3);
    const typo = good.slice(0, 10) + (good[10] === 'a' ? 'b' : 'a') + good.slice(11);
    expect(checkRecipient(typo, 'regtest', 'asset')).toMatchObject({ ok: false, reason: 'damaged-coinspark' });
  });
});

describe('amounts typed in display units → raw units (asset-web-page §8.2)', () => {
  const plain: QuantityDisplay = { multiple: null, units: null, format: null, format1: null, interestRate: null, issueDate: null };
  const cents: QuantityDisplay = { ...plain, multiple: 0.01, format: '* dollars' };
  const bond: QuantityDisplay = { ...plain, multiple: 0.001, interestRate: 5, issueDate: '2024-01-01T00:00:00Z' };
  const now = new Date('2026-06-01T00:00:00Z');

  it('divides by the multiple exactly and says when it rounded down', () => {
    expect(rawFromDisplay('1234.5', cents, now)).toEqual({ ok: true, value: { raw: 123450n, rounded: false } });
    expect(rawFromDisplay('1234.505', cents, now)).toEqual({ ok: true, value: { raw: 123450n, rounded: true } });
    expect(rawFromDisplay('7', plain, now)).toEqual({ ok: true, value: { raw: 7n, rounded: false } });
    expect(rawFromDisplay('7.5', plain, now)).toEqual({ ok: true, value: { raw: 7n, rounded: true } });
    expect(rawFromDisplay('0.004', cents, now)).toMatchObject({ ok: false, message: expect.stringMatching(/smaller than one unit/) });
  });

  it('with interest: the largest raw amount whose display does not exceed what was typed', () => {
    for (const typed of ['1.234', '1000', '1052.631', '0.5', '123456.789']) {
      const r = rawFromDisplay(typed, bond, now);
      expect(r.ok, typed).toBe(true);
      if (!r.ok) continue;
      const shown = Number(formatQuantity(r.value.raw, bond, now).number);
      const next = Number(formatQuantity(r.value.raw + 1n, bond, now).number);
      expect(shown, typed).toBeLessThanOrEqual(Number(typed));
      expect(next, typed).toBeGreaterThan(Number(typed));
      expect(r.value.rounded, typed).toBe(shown !== Number(typed));
      // Interest makes each raw unit worth more than its face value: fewer raw units than typed / multiple.
      expect(r.value.raw, typed).toBeLessThan(BigInt(Math.round(Number(typed) * 1000)) + 1n);
    }
  });

  it('refuses what is not a plain amount, in words', () => {
    expect(rawFromDisplay('1,5', plain, now)).toMatchObject({ ok: false, message: expect.stringMatching(/point for decimals/) });
    expect(rawFromDisplay('-3', plain, now)).toMatchObject({ ok: false, message: expect.stringMatching(/above zero/) });
    expect(rawFromDisplay('1e5', plain, now)).toMatchObject({ ok: false });
    expect(rawFromDisplay('', plain, now)).toMatchObject({ ok: false, message: 'Enter an amount.' });
    expect(rawFromDisplay('200000000000000', plain, now)).toMatchObject({ ok: false, message: expect.stringMatching(/larger than any asset/) });
  });

  it('bitcoin and fee rates', () => {
    expect(satsFromBtc('0.0015')).toEqual({ ok: true, value: 150_000n });
    expect(satsFromBtc('1')).toEqual({ ok: true, value: 100_000_000n });
    expect(satsFromBtc('0.000000001')).toMatchObject({ ok: false, message: expect.stringMatching(/8 decimal places/) });
    expect(formatBtc(11_000n)).toBe('0.00011000');
    expect(satPerKvbFromText('2.5')).toEqual({ ok: true, value: 2500n });
    expect(satPerKvbFromText('0.1')).toEqual({ ok: true, value: 100n });
    expect(satPerKvbFromText('')).toMatchObject({ ok: false, message: 'Enter a fee rate.' });
    expect(formatSatPerVb(2500n)).toBe('2.5');
    expect(formatSatPerVb(10_000n)).toBe('10');
  });
});
