// Prints one closing line for the whole `npm test` run, from the JSON reports of vitest and Playwright.
import fs from 'node:fs';

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
}
const playwright = read('test-results/playwright.json');
if (playwright?.stats) {
  passed += playwright.stats.expected;
  failed += playwright.stats.unexpected + playwright.stats.flaky;
  skipped += playwright.stats.skipped;
}
if (!vitest || !playwright) {
  console.error('test summary: a test report is missing (vitest or playwright did not run)');
  process.exit(1);
}
console.log(`unit and browser tests (vitest ${vitest.numTotalTests}, playwright ${playwright.stats.expected + playwright.stats.unexpected + playwright.stats.flaky + playwright.stats.skipped})`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
