// A short seeded fuzz run (the long one is `npm run fuzz -- --seconds N`).
import { expect, it } from 'vitest';
import { runFuzz } from '../../fuzz/fuzz-lib.js';

it('decoders survive 3 s of random and mutated input and round-trip what they accept', () => {
  const r = runFuzz({ seconds: 3, seed: 20150210, vectorsDir: 'test/fixtures/vectors' });
  console.log(`fuzz: ${r.inputs} inputs tried, ${r.decodedOk} decoded and round-tripped`);
  expect(r.failures).toEqual([]);
  expect(r.inputs).toBeGreaterThan(10_000);
  expect(r.decodedOk).toBeGreaterThan(100);
});
