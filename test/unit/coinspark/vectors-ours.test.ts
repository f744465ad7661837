// Our own vector cases (test/fixtures/vectors-ours, ids "ours/…"), through the same dispatch as the public set.
import { describe, expect, it } from 'vitest';
import { runVectorOp } from '../../vectors/dispatch.js';
import { loadCases, matchesExpected } from '../../vectors/run-lib.js';

const cases = loadCases('test/fixtures/vectors-ours');

describe('our vectors: IPv4 domains written with leading zeros (issue #12 item 13)', () => {
  it('has cases, all marked as ours', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(cases.every((c) => c.id.startsWith('ours/'))).toBe(true);
  });
  it.each(cases.map((c) => [c.id, (c as { desc?: string }).desc ?? '', c] as const))('%s %s', (_id, _desc, c) => {
    expect(matchesExpected(c.expected, runVectorOp(c.op, c.input))).toBe(true);
  });
});
