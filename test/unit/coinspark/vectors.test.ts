// Every public vector case through the same dispatch as `npm run vectors` (one test per file).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runVectorOp } from '../../vectors/dispatch.js';
import { loadCases, matchesExpected } from '../../vectors/run-lib.js';

const DIR = 'test/fixtures/vectors';

describe('public vectors', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.jsonl'));
  it('has the 14 vector files', () => expect(files.length).toBe(14));
  const cases = loadCases(DIR);
  const ops = [...new Set(cases.map((c) => c.op))].sort();
  it.each(ops)('%s', (op) => {
    const failed: string[] = [];
    for (const c of cases) {
      if (c.op !== op) continue;
      let ok = false;
      try {
        ok = matchesExpected(c.expected, runVectorOp(c.op, c.input));
      } catch {
        ok = false;
      }
      if (!ok) failed.push(c.id);
    }
    expect(failed).toEqual([]);
  });
});
