import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confBackendFactory } from '../../../main/node/store-backend';
import { openOwnTransactions } from '../../../main/services/history/own-transactions';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'own-tx-'));
  dirs.push(d);
  return d;
};
const TX = (n: number): string => n.toString(16).padStart(64, '0');

describe('own transactions record', () => {
  it('records, answers has/get, and keeps the records across a reopen', () => {
    const dir = tempDir();
    const own = openOwnTransactions({ factory: confBackendFactory, dir, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(own.has(TX(1))).toBe(false);
    const seen: string[] = [];
    own.onRecord((r) => seen.push(r.txid));
    own.record(TX(1).toUpperCase(), { kind: 'send', note: '100 units to s1…' });
    expect(own.has(TX(1))).toBe(true);
    expect(own.get(TX(1))).toEqual({ txid: TX(1), kind: 'send', recordedAt: '2026-01-02T03:04:05.000Z', note: '100 units to s1…' });
    // idempotent: the first record stays
    own.record(TX(1), { kind: 'other' });
    expect(own.get(TX(1))!.kind).toBe('send');
    expect(seen).toEqual([TX(1)]);
    own.record(TX(2), { kind: 'genesis' });

    const again = openOwnTransactions({ factory: confBackendFactory, dir });
    expect(again.all().map((r) => r.txid).sort()).toEqual([TX(1), TX(2)]);
    expect(again.report).toBeUndefined();
  });

  it('refuses a txid that is not 64 hex digits', () => {
    const own = openOwnTransactions({ factory: confBackendFactory, dir: tempDir() });
    expect(() => own.record('abc', { kind: 'send' })).toThrow();
    expect(own.all()).toEqual([]);
  });

  it('keeps a corrupt file aside and reports it, never silently resets it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'own-transactions.json'), '{"version":1,"transactions":[{"txid":"zz"}]}');
    const own = openOwnTransactions({ factory: confBackendFactory, dir });
    expect(own.report?.kind).toBe('invalid-file');
    expect(fs.existsSync(own.report!.keptAs)).toBe(true);
    expect(own.all()).toEqual([]);
  });
});
