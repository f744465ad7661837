/**
 * Times one vector op over all its public cases through runVectorOp (the vector runner's dispatch,
 * JSON-shape conversion included) and prints one JSON line: ns per case, best ~100 ms round, as CPU time
 * of this process (what other processes' load distorts least) and as wall time.
 *
 * Run by bench/protocol.bench.ts, normally as an esbuild CommonJS bundle in a plain `node` child process:
 * the way the library ships (dist/main/main.cjs is such a bundle), one process per op.
 *   node measure.cjs <op> <seconds> <vectors dir>
 */
import { loadCases } from '../../test/vectors/run-lib.js';
import { runVectorOp } from '../../test/vectors/dispatch.js';

export interface Measurement {
  op: string;
  cases: number;
  runs: number;
  cpuNs: number;
  wallNs: number;
}

export function measureOp(op: string, seconds: number, dir: string): Measurement {
  // the dispatch function itself, held locally (under a module loader a named import can be a getter)
  const run = runVectorOp;
  const inputs = loadCases(dir)
    .filter((c) => c.op === op)
    .map((c) => c.input);
  if (inputs.length === 0) throw new Error(`no cases for ${op}`);
  let sink = 0;
  for (let k = 0; k < 5; k++) for (const i of inputs) sink ^= run(op, i) === null ? 1 : 0; // warm up
  let cpuNs = Infinity;
  let wallNs = Infinity;
  let total = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let runs = 0;
    while (performance.now() - t0 < 100) {
      for (const i of inputs) sink ^= run(op, i) === null ? 1 : 0;
      runs += inputs.length;
    }
    const wall = ((performance.now() - t0) * 1e6) / runs;
    const c = process.cpuUsage(c0);
    cpuNs = Math.min(cpuNs, ((c.user + c.system) * 1000) / runs);
    wallNs = Math.min(wallNs, wall);
    total += runs;
  }
  if (sink === 42) console.error(''); // keeps the results observable
  return { op, cases: inputs.length, runs: total, cpuNs, wallNs };
}

// As a child process: node measure.cjs <op> <seconds> <dir>
if (process.env.COINSPARK_BENCH_CHILD === '1') {
  const [op, seconds, dir] = process.argv.slice(2);
  console.log(JSON.stringify(measureOp(op!, Number(seconds), dir!)));
}
