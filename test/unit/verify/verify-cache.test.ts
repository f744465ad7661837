import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VerifyCache } from '../../../main/services/verify/verify-cache';
import { makeTempDir } from '../../support/temp-dir';

// The verifier's cache file: results survive a restart, a torn last line (a crash while appending) costs only that
// line, another chain starts over, a file that is not ours is kept aside, a reorg's drop survives a restart, and the
// log is rewritten compactly once it holds much more than what is alive.

const tx = (n: number) => n.toString(16).padStart(64, '0');
const fileIn = () => path.join(makeTempDir('vcache-'), 'verify-cache.jsonl');

describe('VerifyCache', () => {
  it('keeps results per (asset, transaction) across a restart, zeros stored by their count', () => {
    const file = fileIn();
    const c = VerifyCache.open(file, 'regtest');
    c.put('a:1-2-3', tx(1), 100, [0n, 300n, 0n]);
    c.put('a:1-2-3', tx(2), null, [0n, 0n]);
    c.putGenesis('ab'.repeat(32), { valid: false, feeSats: '1500', minFeeSats: '2000', height: 99 });
    c.setTip({ height: 130, hash: 'cd'.repeat(32) });
    c.flush();
    const again = VerifyCache.open(file, 'regtest');
    expect(again.get('a:1-2-3', tx(1))).toEqual([0n, 300n, 0n]);
    expect(again.get('a:1-2-3', tx(2))).toEqual([0n, 0n]);
    expect(again.heightOf('a:1-2-3', tx(2))).toBe(-1);
    expect(again.qtyAt('a:1-2-3', tx(1), 1)).toBe(300n);
    expect(again.genesis('ab'.repeat(32))).toEqual({ valid: false, feeSats: '1500', minFeeSats: '2000', height: 99 });
    // The tip last checked against: a reorg while the wallet was closed is found from it.
    expect(again.lastTip()).toEqual({ height: 130, hash: 'cd'.repeat(32) });
    expect(fs.readFileSync(file, 'utf8')).toContain('"z":2');
  });

  it('a torn or hostile line costs only itself', () => {
    const file = fileIn();
    const c = VerifyCache.open(file, 'regtest');
    c.put('k', tx(1), 5, [7n]);
    c.flush();
    fs.appendFileSync(file, '{"a":"k","t":"' + tx(2) + '","h":6,"q":[1e20]}\n{"a":"k","t":"' + tx(3) + '","h":6,"q":[1');
    const again = VerifyCache.open(file, 'regtest');
    expect(again.get('k', tx(1))).toEqual([7n]);
    expect(again.has('k', tx(2))).toBe(false);
    expect(again.has('k', tx(3))).toBe(false);
    expect(again.stats.skippedLines).toBe(2);
  });

  it('another chain starts over; a file that is not ours is kept aside and reported', () => {
    const file = fileIn();
    const c = VerifyCache.open(file, 'regtest');
    c.put('k', tx(1), 5, [7n]);
    c.flush();
    expect(VerifyCache.open(file, 'main').size()).toBe(0);
    fs.writeFileSync(file, 'not json\n');
    const odd = VerifyCache.open(file, 'regtest');
    expect(odd.size()).toBe(0);
    expect(odd.report).toMatch(/kept aside/);
    expect(fs.readdirSync(path.dirname(file)).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it("a reorg's drop survives a restart; the log is compacted when it has grown", () => {
    const file = fileIn();
    const c = VerifyCache.open(file, 'regtest');
    for (let i = 0; i < 10; i++) c.put('k', tx(i), 100 + i, [BigInt(i)]);
    c.put('k', tx(99), null, [1n]);
    c.flush();
    expect(c.dropAbove(104)).toBe(6); // heights 105…109 and the mempool one
    c.flush();
    const again = VerifyCache.open(file, 'regtest');
    expect(again.size()).toBe(5);
    expect(again.has('k', tx(4))).toBe(true);
    expect(again.has('k', tx(5))).toBe(false);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 600; i++) again.put('k', tx(1000 + i), 200, [1n]);
      again.flush();
    }
    // 3,000 lines written for 605 live results: rewritten, not grown without end.
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').length).toBeLessThan(2 * 605 + 1000 + 10);
    expect(VerifyCache.open(file, 'regtest').size()).toBe(605);
  });
});
