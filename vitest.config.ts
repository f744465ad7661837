import { defineConfig } from 'vitest/config';

// Unit and integration tests (plain Node). Browser tests live in test/e2e and run under Playwright; the optional
// suite against real Bitcoin Core and coinsparkd in test/core runs with vitest.core.config.ts (npm run test:core).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/core/**', 'node_modules/**'],
    environment: 'node',
    // Temporary folders of each file removed when it is done (npm test fails on any left: scripts/tmp-guard.mjs).
    setupFiles: ['test/support/vitest-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
