import { describe, expect, it } from 'vitest';
import { isQtyDue, nextQtyCheck } from '../../../main/services/balances/schedule';
import { isValidityDue, jitterFraction, nextValidityCheck, type ValidityScheduleRow } from '../../../main/services/validity/schedule';

const T = Date.parse('2026-01-01T00:00:00Z');
const H = 3_600_000;
const row = (p: Partial<ValidityScheduleRow>): ValidityScheduleRow => ({ assetId: 7, validState: 'VALID', validChecked: T, validFailures: 0, hasGenesis: true, ...p });

describe('validity schedule (§4.2)', () => {
  it('never checked, NOT_VALIDATED_YET and REFRESH are due at once', () => {
    expect(isValidityDue(row({ validChecked: null }), T)).toBe(true);
    expect(isValidityDue(row({ validState: 'NOT_VALIDATED_YET' }), T)).toBe(true);
    expect(isValidityDue(row({ validState: 'REFRESH', validFailures: 500 }), T)).toBe(true);
  });

  it('VALID: 24 h plus at most 5 % jitter', () => {
    const next = nextValidityCheck(row({}), T);
    expect(next - T).toBeGreaterThanOrEqual(24 * H);
    expect(next - T).toBeLessThan(24 * H * 1.05);
    expect(isValidityDue(row({}), T + 23 * H)).toBe(false);
    expect(isValidityDue(row({}), T + 26 * H)).toBe(true);
  });

  it('failure thresholds 60 and 200', () => {
    const fail = (n: number) => row({ validState: 'ASSET_WEB_PAGE_NOT_FOUND', validFailures: n });
    expect(isValidityDue(fail(1), T)).toBe(true);
    expect(isValidityDue(fail(59), T)).toBe(true);
    expect(isValidityDue(fail(60), T + 29 * 60_000)).toBe(false);
    expect(isValidityDue(fail(60), T + 32 * 60_000)).toBe(true);
    expect(isValidityDue(fail(199), T + 32 * 60_000)).toBe(true);
    expect(isValidityDue(fail(200), T + 2 * H)).toBe(false);
    expect(isValidityDue(fail(200), T + 26 * H)).toBe(true);
  });

  it('rows without genesis: 10 / 20 thresholds', () => {
    const loc = (n: number) => row({ validState: 'BLOCK_NOT_FOUND', validFailures: n, hasGenesis: false });
    expect(isValidityDue(loc(9), T)).toBe(true);
    expect(isValidityDue(loc(10), T + 5 * 60_000)).toBe(false);
    expect(isValidityDue(loc(10), T + 11 * 60_000)).toBe(true);
    expect(isValidityDue(loc(20), T + 2 * H)).toBe(false);
    expect(isValidityDue(loc(20), T + 26 * H)).toBe(true);
  });

  it('jitter differs between assets and is stable', () => {
    expect(jitterFraction(1)).not.toBe(jitterFraction(2));
    expect(jitterFraction(3)).toBe(jitterFraction(3));
    const fractions = Array.from({ length: 100 }, (_, i) => jitterFraction(i + 1));
    expect(Math.min(...fractions)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...fractions)).toBeLessThan(1);
  });
});

describe('quantity schedule (§4.3)', () => {
  const q = (p: Partial<Parameters<typeof isQtyDue>[0]>) => ({ qty: null, qtyChecked: T, qtyFailures: 0, state: 'UNKNOWN', ...p });
  it('never checked or refreshed: due; known qty: settled unless SELF', () => {
    expect(isQtyDue(q({ qtyChecked: null }), T)).toBe(true);
    expect(isQtyDue(q({ qtyChecked: null, qty: '5' }), T)).toBe(true);
    expect(nextQtyCheck(q({ qty: '5', state: 'VALID' }), T)).toBeNull();
    expect(nextQtyCheck(q({ qty: '0', state: 'ZERO' }), T)).toBeNull();
    expect(isQtyDue(q({ qty: '5', state: 'SELF' }), T)).toBe(true);
    expect(nextQtyCheck(q({ state: 'SPENT' }), T)).toBeNull();
  });
  it('failure tiers 40 / 80 / 120', () => {
    expect(isQtyDue(q({ qtyFailures: 39 }), T)).toBe(true);
    expect(isQtyDue(q({ qtyFailures: 40 }), T + 15_000)).toBe(false);
    expect(isQtyDue(q({ qtyFailures: 40 }), T + 15_001)).toBe(true);
    expect(isQtyDue(q({ qtyFailures: 80 }), T + H)).toBe(false);
    expect(isQtyDue(q({ qtyFailures: 80 }), T + H + 1)).toBe(true);
    expect(isQtyDue(q({ qtyFailures: 120 }), T + 23 * H)).toBe(false);
    expect(isQtyDue(q({ qtyFailures: 120 }), T + 24 * H + 1)).toBe(true);
    expect(isQtyDue(q({ qtyFailures: null }), T)).toBe(true);
  });
});
