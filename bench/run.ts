/**
 * `npm run bench -- <name>…` runs bench/<name>.bench.ts for each name (all of them when none is given).
 * Benchmarks are kept apart from tests: they print numbers to compare run to run, they do not pass or fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = names.length ? names : available;
for (const name of chosen) {
  if (!available.includes(name)) {
    console.error(`No benchmark "${name}". Available: ${available.join(', ')}`);
    process.exit(2);
  }
}
for (const name of chosen) {
  console.log(`\n=== bench: ${name} ===`);
  await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href);
}
