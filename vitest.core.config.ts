import { defineConfig } from 'vitest/config';

// The optional suite against real software (`npm run test:core`): real Bitcoin Core and the real coinsparkd from
// ../shared (test/core/harness/binaries.ts). Each file starts its own processes; files run one after the other so
// the two shared cores are not asked to run two bitcoinds at once.
export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts'],
    environment: 'node',
    // Temporary folders of each file removed when it is done (npm test fails on any left: scripts/tmp-guard.mjs).
    setupFiles: ['test/support/vitest-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
