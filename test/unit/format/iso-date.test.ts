import { describe, expect, it } from 'vitest';
import { daysUntil, isExpired, parseIsoDate } from '../../../shared/format/iso-date';

describe('parseIsoDate', () => {
  it('reads a date alone as midnight UTC', () => {
    expect(parseIsoDate('2014-01-01')).toBe(Date.UTC(2014, 0, 1));
  });
  it('reads a date-time without an offset as UTC (not local time)', () => {
    expect(parseIsoDate('2014-01-01T12:30:00')).toBe(Date.UTC(2014, 0, 1, 12, 30));
    expect(parseIsoDate('2014-01-01 12:30')).toBe(Date.UTC(2014, 0, 1, 12, 30));
  });
  it('applies offsets and fractions', () => {
    expect(parseIsoDate('2014-01-01T12:00:00Z')).toBe(Date.UTC(2014, 0, 1, 12));
    expect(parseIsoDate('2014-01-01T12:00:00+02:00')).toBe(Date.UTC(2014, 0, 1, 10));
    expect(parseIsoDate('2014-01-01T12:00:00-0530')).toBe(Date.UTC(2014, 0, 1, 17, 30));
    expect(parseIsoDate('2014-01-01T00:00:00.250Z')).toBe(Date.UTC(2014, 0, 1, 0, 0, 0, 250));
  });
  it('refuses malformed and impossible dates', () => {
    expect(parseIsoDate('2014-02-30')).toBeNull();
    expect(parseIsoDate('2014-13-01')).toBeNull();
    expect(parseIsoDate('yesterday')).toBeNull();
    expect(parseIsoDate('')).toBeNull();
    expect(parseIsoDate(null)).toBeNull();
  });
});

describe('expiry', () => {
  const now = new Date(Date.UTC(2020, 5, 15));
  it('marks past dates expired', () => {
    expect(isExpired('2020-06-14', now)).toBe(true);
    expect(isExpired('2020-06-16', now)).toBe(false);
    expect(isExpired(null, now)).toBe(false);
    expect(isExpired('garbage', now)).toBe(false);
  });
  it('counts days left', () => {
    expect(daysUntil('2020-06-25', now)).toBe(10);
    expect(daysUntil('2020-06-05', now)).toBe(-10);
    expect(daysUntil(undefined, now)).toBeNull();
  });
});
