import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir';

// Every test file: the temporary folders it took from test/support/temp-dir.ts are removed once it is done (after
// its own afterAll hooks, which stop the services writing into them).
afterAll(() => removeTempDirs());
