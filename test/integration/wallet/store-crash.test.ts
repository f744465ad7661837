import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openAssetListsStore } from '../../../main/services/assets/asset-lists-store';

const writer = fileURLToPath(new URL('./store-writer.ts', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lists-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has saved at least once, kills it with SIGKILL after a random delay; returns the last "saved n". */
function runAndKill(delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let saved = -1;
    let buffer = '';
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const m = /^saved (\d+)$/.exec(line);
        if (m) saved = Number(m[1]);
      }
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}: ${stderr}`));
      else resolve(saved);
    });
  });
}

describe('asset lists file under SIGKILL', () => {
  it('always loads, holding every change saved before the kill', async () => {
    let previous = 0;
    // 12 kills in the suite; STORE_CRASH_ROUNDS=200 for the long run (issue #17's 200 kills).
    const rounds = Number(process.env['STORE_CRASH_ROUNDS'] ?? 12);
    for (let round = 0; round < rounds; round++) {
      const saved = await runAndKill(5 + ((round * 37) % 120));
      expect(saved).toBeGreaterThan(previous);
      const store = openAssetListsStore({ dir });
      try {
        expect(store.report).toBeUndefined();
        const names = new Set(store.assets().map((a) => (a.webPageJSON ? (JSON.parse(a.webPageJSON) as { name: string }).name : null)));
        // every asset of a saved group, with all its balance rows
        const ids = store.assets().map((a) => a.assetId);
        expect(ids.length).toBeGreaterThanOrEqual(saved);
        for (let i = previous; i < saved; i++) {
          if (!names.has(`asset ${i}`)) {
            // unsaved extras have no page JSON; saved ones must all be there
            const isExtra = store.assets().some((a) => a.assetRef?.blockNum === 10 + i && a.webPageJSON === null);
            expect(isExtra).toBe(true);
          }
        }
        for (const a of store.assets()) if (a.webPageJSON) expect(store.balancesOf(a.assetId)).toHaveLength(40);
        expect(new Set(store.assets().map((a) => a.assetId)).size).toBe(ids.length);
        previous = store.assets().length;
      } finally {
        store.close();
      }
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
  }, Math.max(120_000, Number(process.env['STORE_CRASH_ROUNDS'] ?? 0) * 5_000));
});
