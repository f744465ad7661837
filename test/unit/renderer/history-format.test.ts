import { describe, expect, it } from 'vitest';
import { confirmationsText, formatSats, formatUnits } from '../../../renderer/src/lib/history-format';
import { formatFeeRate, NUMBER_STYLE } from '../../../renderer/src/lib/number-style';
import type { AssetSummary } from '../../../shared/model/asset-view';

// The asset list's marks for this process's locale: the history formats with the same ones (issue #16).
const { thousands: T, decimal: D } = NUMBER_STYLE;

const gold = { display: { multiple: 0.01, format: '* g', format1: '1 gram', interestRate: null, issueDate: null } } as unknown as AssetSummary;

describe('history formatting', () => {
  it('satoshis as BTC with 8 decimals, signed on request', () => {
    expect(formatSats('100000')).toBe(`0${D}00100000 BTC`);
    expect(formatSats('100000', true)).toBe(`+0${D}00100000 BTC`);
    expect(formatSats('-250000000', true)).toBe(`−2${D}50000000 BTC`);
    expect(formatSats('0', true)).toBe(`0${D}00000000 BTC`);
    expect(formatSats('123456789012', true)).toBe(`+1${T}234${D}56789012 BTC`);
  });

  it('units in the asset’s format; unknown stays a word, never a number', () => {
    expect(formatUnits(null, gold, new Date())).toBe('unknown');
    expect(formatUnits('250000', gold, new Date(), true)).toBe(`+2${T}500${D}00 g`);
    expect(formatUnits('-12345', gold, new Date(), true)).toBe(`−123${D}45 g`);
    expect(formatUnits('42', undefined, new Date())).toBe('42');
    expect(formatUnits('4200000', undefined, new Date())).toBe(`4${T}200${T}000`);
  });

  it('fee rates with the locale’s marks', () => {
    expect(formatFeeRate('2500')).toBe(`2${D}5`);
    expect(formatFeeRate('1000')).toBe('1');
    expect(formatFeeRate('1234000')).toBe(`1${T}234`);
  });

  it('confirmations in words', () => {
    expect(confirmationsText({ confirmations: -1 })).toBe('can no longer confirm');
    expect(confirmationsText({ confirmations: 0 })).toBe('unconfirmed');
    expect(confirmationsText({ confirmations: 1 })).toBe('1 confirmation');
    expect(confirmationsText({ confirmations: 7 })).toBe('7 confirmations');
    expect(confirmationsText({ confirmations: 12345 })).toBe(`12${T}345 confirmations`);
  });
});
