/**
 * Vector runner: `npx tsx test/vectors/run.ts [DIR]` runs every case of every *.jsonl file in DIR
 * (default test/fixtures/vectors) through runVectorOp and compares with `expected`: every key of
 * `expected` must deep-equal the result (extra result keys are ignored, hex compared in lower case).
 * Prints per-op counts, the first failures with their ids and a final `N passed, M failed` line.
 * Exits non-zero on any failure, any unknown op, or a folder without cases.
 */
import { statSync } from 'node:fs';
import { runVectorOp, UnknownOpError } from './dispatch.js';
import { loadCases, matchesExpected } from './run-lib.js';

function main(): number {
  const dir = process.argv[2] ?? 'test/fixtures/vectors';
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`not a directory: ${dir}`);
    return 2;
  }
  const cases = loadCases(dir);
  if (cases.length === 0) {
    console.error(`no *.jsonl cases in ${dir}`);
    console.log('0 passed, 0 failed');
    return 1;
  }
  let passed = 0;
  let failed = 0;
  let unknown = 0;
  const failures: string[] = [];
  const byOp = new Map<string, [number, number]>();
  for (const c of cases) {
    let ok = false;
    let detail = '';
    try {
      const actual = runVectorOp(c.op, c.input);
      ok = matchesExpected(c.expected, actual);
      if (!ok) detail = `expected ${JSON.stringify(c.expected)}\n      got ${JSON.stringify(actual)}`;
    } catch (e) {
      if (e instanceof UnknownOpError) unknown++;
      detail = `threw ${(e as Error).message}`;
    }
    const s = byOp.get(c.op) ?? [0, 0];
    if (ok) {
      passed++;
      s[0]++;
    } else {
      failed++;
      s[1]++;
      if (failures.length < 10) failures.push(`  ${c.id} (${c.op}): ${detail}`);
    }
    byOp.set(c.op, s);
  }
  for (const [op, [p, f]] of [...byOp].sort()) console.log(`${op.padEnd(26)} ${String(p).padStart(5)} passed ${f ? `${f} FAILED` : ''}`);
  if (failures.length > 0) {
    console.log('\nfirst failures:');
    for (const f of failures) console.log(f);
  }
  if (unknown > 0) console.log(`${unknown} cases with an unknown op`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || unknown > 0 ? 1 : 0;
}

process.exitCode = main();
