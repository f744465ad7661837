import { describe, expect, it } from 'vitest';
import { confirmationsText, formatSats, formatUnits } from '../../../renderer/src/lib/history-format';
import type { AssetSummary } from '../../../shared/model/asset-view';

const gold = { display: { multiple: 0.01, format: '* g', format1: '1 gram', interestRate: null, issueDate: null } } as unknown as AssetSummary;

describe('history formatting', () => {
  it('satoshis as BTC with 8 decimals, signed on request', () => {
    expect(formatSats('100000')).toBe('0.00100000 BTC');
    expect(formatSats('100000', true)).toBe('+0.00100000 BTC');
    expect(formatSats('-250000000', true)).toBe('−2.50000000 BTC');
    expect(formatSats('0', true)).toBe('0.00000000 BTC');
  });

  it('units in the asset’s format; unknown stays a word, never a number', () => {
    expect(formatUnits(null, gold, new Date())).toBe('unknown');
    expect(formatUnits('250000', gold, new Date(), true)).toBe('+2500.00 g');
    expect(formatUnits('-12345', gold, new Date(), true)).toBe('−123.45 g');
    expect(formatUnits('42', undefined, new Date())).toBe('42');
  });

  it('confirmations in words', () => {
    expect(confirmationsText({ confirmations: -1 })).toBe('can no longer confirm');
    expect(confirmationsText({ confirmations: 0 })).toBe('unconfirmed');
    expect(confirmationsText({ confirmations: 1 })).toBe('1 confirmation');
    expect(confirmationsText({ confirmations: 7 })).toBe('7 confirmations');
  });
});
