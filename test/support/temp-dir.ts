import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Temporary folders for tests, removed when the test file is done: vitest runs `removeTempDirs` after every file
 * (test/support/vitest-setup.ts), and any process that made one removes what is left when it exits. `npm test`
 * fails if a folder is still in the temporary directory at the end (scripts/tmp-guard.mjs), so a test that needs
 * a folder takes it from here rather than from mkdtemp.
 */
const made = new Set<string>();
let exitHook = false;

/** A new empty folder `<tmpdir>/<prefix>XXXXXX`, removed with the others when the file is done. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', removeTempDirs);
  }
  return dir;
}

/** Removes one folder made here now (its test is done with it). */
export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  made.delete(dir);
}

/** Removes every folder made here (and what is in it). */
export function removeTempDirs(): void {
  for (const dir of made) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Left for the next attempt (process exit); the guard reports it if it stays.
      continue;
    }
    made.delete(dir);
  }
}
