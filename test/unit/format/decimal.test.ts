import { describe, expect, it } from 'vitest';
import { decimalFromNumber, groupThousands, isExactlyOne, multiplyInteger, parseDecimal, renderDecimal } from '../../../shared/format/decimal';

describe('parseDecimal', () => {
  it('reads plain and exponent notation exactly', () => {
    expect(parseDecimal('0.01')).toEqual({ digits: 1n, scale: 2 });
    expect(parseDecimal('1e-7')).toEqual({ digits: 1n, scale: 7 });
    expect(parseDecimal('2.5E+3')).toEqual({ digits: 2500n, scale: 0 });
    expect(parseDecimal('100')).toEqual({ digits: 100n, scale: 0 });
    expect(parseDecimal('1.50')).toEqual({ digits: 15n, scale: 1 });
    expect(parseDecimal('-0.25')).toEqual({ digits: -25n, scale: 2 });
  });
  it('refuses what is not a number', () => {
    expect(parseDecimal('abc')).toBeNull();
    expect(parseDecimal('1..2')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('0x10')).toBeNull();
  });
  it('uses the shortest text of a double, never its binary expansion', () => {
    expect(decimalFromNumber(0.1)).toEqual({ digits: 1n, scale: 1 });
    expect(decimalFromNumber(0.0001)).toEqual({ digits: 1n, scale: 4 });
    expect(decimalFromNumber(1e-8)).toEqual({ digits: 1n, scale: 8 });
    expect(decimalFromNumber(Number.NaN)).toBeNull();
    expect(decimalFromNumber(Infinity)).toBeNull();
  });
});

describe('renderDecimal', () => {
  it('keeps exactly the multiple’s places', () => {
    expect(renderDecimal(multiplyInteger(123450n, { digits: 1n, scale: 2 }))).toBe('1234.50');
    expect(renderDecimal(multiplyInteger(5n, { digits: 1n, scale: 2 }))).toBe('0.05');
    expect(renderDecimal(multiplyInteger(3n, { digits: 5n, scale: 1 }))).toBe('1.5');
    expect(renderDecimal(multiplyInteger(-5n, { digits: 1n, scale: 3 }))).toBe('-0.005');
  });
  it('renders zero as 0', () => {
    expect(renderDecimal({ digits: 0n, scale: 2 })).toBe('0');
  });
  it('handles integers far beyond 2^53', () => {
    expect(renderDecimal(multiplyInteger(123456789012345678901234567n, { digits: 1n, scale: 2 }))).toBe('1234567890123456789012345.67');
  });
});

describe('isExactlyOne and groupThousands', () => {
  it('recognises one at any scale', () => {
    expect(isExactlyOne({ digits: 100n, scale: 2 })).toBe(true);
    expect(isExactlyOne({ digits: 1n, scale: 0 })).toBe(true);
    expect(isExactlyOne({ digits: 101n, scale: 2 })).toBe(false);
    expect(isExactlyOne({ digits: 10n, scale: 0 })).toBe(false);
  });
  it('groups only the integer part', () => {
    expect(groupThousands('1234567.1234')).toBe('1,234,567.1234');
    expect(groupThousands('-1000')).toBe('-1,000');
    expect(groupThousands('999')).toBe('999');
    expect(groupThousands('not a number')).toBe('not a number');
  });
});
