import { describe, expect, it } from 'vitest';
import type { QuantityDisplay } from '../../../shared/model/asset-view';
import { applyInterest, interestFactor, SECONDS_PER_YEAR } from '../../../shared/format/interest';
import { formatQuantity, formatSmallestUnit, multipleDecimal, parseRaw } from '../../../shared/format/quantity';

const plain: QuantityDisplay = { multiple: null, units: null, format: null, format1: null, interestRate: null, issueDate: null };
const dollars: QuantityDisplay = { ...plain, multiple: 0.01, units: '1 US dollar', format: '* dollars', format1: '1 dollar' };
const now = new Date(Date.UTC(2016, 0, 1, 12));

describe('formatQuantity: the spec examples (asset-web-page.md §8.1)', () => {
  it('123450 × 0.01 with "* dollars" → 1234.50 dollars', () => {
    expect(formatQuantity('123450', dollars, now)).toEqual({ number: '1234.50', text: '1234.50 dollars' });
  });
  it('100 × 0.01 is exactly one → format_1', () => {
    expect(formatQuantity('100', dollars, now).text).toBe('1 dollar');
  });
  it('7 with nothing → 7', () => {
    expect(formatQuantity('7', plain, now).text).toBe('7');
  });
  it('1000 at 5 % for 2.0 years → 1102 credits', () => {
    const credits: QuantityDisplay = { ...plain, multiple: 1, format: '* credits', interestRate: 5, issueDate: '2014-01-01T00:00:00Z' };
    expect(formatQuantity('1000', credits, now).text).toBe('1102 credits');
  });
});

describe('formatQuantity: details', () => {
  it('renders zero as 0 even with decimal places', () => {
    expect(formatQuantity('0', dollars, now).text).toBe('0 dollars');
  });
  it('uses the multiple’s number of places', () => {
    expect(formatQuantity('3', { ...plain, multiple: 0.5 }, now).text).toBe('1.5');
    expect(formatQuantity('4', { ...plain, multiple: 0.5 }, now).text).toBe('2.0');
    expect(formatQuantity('12', { ...plain, multiple: 100 }, now).text).toBe('1200');
    expect(formatQuantity('1', { ...plain, multiple: 1e-8 }, now).text).toBe('0.00000001');
  });
  it('replaces only the first * of the format', () => {
    expect(formatQuantity('5', { ...plain, format: '* of * shares' }, now).text).toBe('5 of * shares');
  });
  it('ignores a format without * and an empty format_1', () => {
    expect(formatQuantity('5', { ...plain, format: 'shares' }, now).text).toBe('5');
    expect(formatQuantity('1', { ...plain, format: '* shares', format1: '   ' }, now).text).toBe('1 shares');
  });
  it('uses format_1 only for exactly one', () => {
    expect(formatQuantity('101', dollars, now).text).toBe('1.01 dollars');
    expect(formatQuantity('1', { ...plain, format: '* gold coins', format1: 'one gold coin' }, now).text).toBe('one gold coin');
  });
  it('treats a missing, zero or negative multiple as 1', () => {
    expect(multipleDecimal(null)).toEqual({ digits: 1n, scale: 0 });
    expect(multipleDecimal(0)).toEqual({ digits: 1n, scale: 0 });
    expect(multipleDecimal(-2)).toEqual({ digits: 1n, scale: 0 });
    expect(formatQuantity('42', { ...plain, multiple: 0 }, now).text).toBe('42');
  });
  it('formats huge quantities exactly', () => {
    expect(formatQuantity('9007199254740993', dollars, now).number).toBe('90071992547409.93');
  });
  it('shows unparsable raw text as it is and no display as the raw number', () => {
    expect(formatQuantity('12x', dollars, now).text).toBe('12x');
    expect(formatQuantity('1234', null, now).text).toBe('1234');
  });
  it('groups thousands when asked', () => {
    expect(formatQuantity('123456789', dollars, now, { thousands: ',' }).text).toBe('1,234,567.89 dollars');
  });
  it('formats the smallest unit without interest', () => {
    expect(formatSmallestUnit(dollars)).toBe('0.01 dollars');
    expect(formatSmallestUnit({ ...plain, interestRate: 50, issueDate: '2000-01-01' })).toBe('1');
  });
  it('parses raw strings strictly', () => {
    expect(parseRaw(' 12 ')).toBe(12n);
    expect(parseRaw('1.5')).toBeNull();
    expect(parseRaw('')).toBeNull();
    expect(parseRaw(7n)).toBe(7n);
  });
});

describe('interest and demurrage', () => {
  const issue = '2014-01-01T00:00:00Z';
  const oneYearLater = new Date(Date.UTC(2014, 0, 1) + SECONDS_PER_YEAR * 1000);
  it('compounds per Julian year', () => {
    expect(interestFactor(10, issue, oneYearLater)).toBeCloseTo(1.1, 12);
    expect(applyInterest(1000n, 10, issue, oneYearLater)).toBe(1100n);
  });
  it('applies demurrage (negative rate) and floors', () => {
    expect(applyInterest(1000n, -10, issue, oneYearLater)).toBe(900n);
    expect(applyInterest(999n, -10, issue, oneYearLater)).toBe(899n); // 899.1 → 899
  });
  it('does not apply without a rate, with a zero rate, or without a parsable issue date', () => {
    expect(applyInterest(1000n, null, issue, now)).toBe(1000n);
    expect(applyInterest(1000n, 0, issue, now)).toBe(1000n);
    expect(applyInterest(1000n, 5, null, now)).toBe(1000n);
    expect(applyInterest(1000n, 5, 'not a date', now)).toBe(1000n);
  });
  it('counts an issue date in the future as zero years', () => {
    expect(applyInterest(1000n, 5, '2030-01-01', now)).toBe(1000n);
  });
  it('reads an offset-less issue date as UTC', () => {
    const exactlyOneYear = new Date(Date.UTC(2014, 0, 1) + SECONDS_PER_YEAR * 1000);
    expect(applyInterest(1000n, 10, '2014-01-01T00:00:00', exactlyOneYear)).toBe(1100n);
  });
  it('accrues interest before the multiple', () => {
    const d: QuantityDisplay = { ...plain, multiple: 0.01, format: '* euro', interestRate: 10, issueDate: issue };
    expect(formatQuantity('1000', d, oneYearLater).text).toBe('11.00 euro');
  });
});

describe('locale marks (issue #16)', () => {
  const display = { multiple: 0.01, units: null, format: '* g', format1: '1 gram', interestRate: null, issueDate: null };
  it('groups thousands and swaps the decimal mark without touching the digits', () => {
    expect(formatQuantity('250000', display, new Date(0), { thousands: ',', decimal: '.' }).text).toBe('2,500.00 g');
    expect(formatQuantity('250000', display, new Date(0), { thousands: '.', decimal: ',' }).text).toBe('2.500,00 g');
    expect(formatQuantity('123456789012345', { ...display, multiple: 0.001, format: null }, new Date(0), { thousands: '\u202f', decimal: ',' }).text).toBe('123\u202f456\u202f789\u202f012,345');
  });
  it('never shows more decimals than the multiple allows', () => {
    for (const [multiple, places] of [[0.01, 2], [0.001, 3], [0.5, 1], [1, 0], [100, 0], [0.1, 1]] as const) {
      const text = formatQuantity('1234567', { ...display, multiple, format: null }, new Date(0), { thousands: ',' }).number;
      expect(text.split('.')[1]?.length ?? 0).toBe(places);
    }
  });
});
