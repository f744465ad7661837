/**
 * Fuzz CLI: `npx tsx test/fuzz/fuzz.ts [--seconds N] [--seed S] [--vectors DIR]` (npm run fuzz -- …).
 * Prints the number of inputs tried; exits non-zero on any finding.
 */
import { runFuzz } from './fuzz-lib.js';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}

const seconds = Number(arg('seconds', '10'));
const seed = Number(arg('seed', String(Date.now() % 1_000_000)));
const vectorsDir = arg('vectors', 'test/fixtures/vectors');
const r = runFuzz({ seconds, seed, vectorsDir });
console.log(
  `fuzz: seed ${seed}, ${seconds} s: ${r.inputs} inputs tried, ${r.decodedOk} decoded and round-tripped, ` +
    `slowest input ${r.slowestMs.toFixed(1)} ms, ${r.failures.length} findings`,
);
for (const f of r.failures) console.log(`  ${f}`);
process.exitCode = r.failures.length > 0 ? 1 : 0;
