import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openAssetListsStore } from '../../../main/services/assets/asset-lists-store';
import { absoluteHttpUrl, checkSpec, normaliseTrackerUrls } from '../../../main/services/validity/spec-fields';

// Issue #12 item 1: one issuer page emptied the lists at every start. Its tracker URL, 2,000 'é', passed the
// length check as typed and became 12,019 characters once normalised; that was stored, and the load-time schema
// (2,048) then refused the whole file. Now: nothing is stored that the load would refuse, and a row the load does
// refuse costs only itself.

const fixture = fileURLToPath(new URL('../../fixtures/asset-lists/v1-devnet-sample.json', import.meta.url));
const v1Text = fs.readFileSync(fixture, 'utf8');
const dirs: string[] = [];
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lists-rows-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** What URL normalisation made of the hostile page's tracker field (percent-encoding: 'é' → '%C3%A9'). */
const HOSTILE_URL = new URL(`http://tracker.example/${'é'.repeat(2000)}`).href;
const tracker = (url: string) => ({ url, plainHttp: true, lagBlocks: 0, reachable: true, lastError: null });
const TX = (n: number): string => n.toString(16).padStart(64, '0');
const ref = (n: number) => ({ blockNum: 1000 + n, txOffset: 81 + n, txIDPrefix: 'ab' + (n % 256).toString(16).padStart(2, '0') });

describe('asset lists: nothing is written that the load would refuse', () => {
  it('the tracker URL of 2,000 é is refused by the page check, as its stored form is over 2,048 characters', () => {
    expect(`http://tracker.example/${'é'.repeat(2000)}`.length).toBeLessThan(2048);
    expect(HOSTILE_URL.length).toBeGreaterThan(12_000);
    expect(normaliseTrackerUrls([`http://tracker.example/${'é'.repeat(2000)}`])).toBeNull();
    expect(normaliseTrackerUrls(`tracker.example/${'é'.repeat(400)}`)).toBeNull(); // 416 typed, 2,423 stored
    expect(normaliseTrackerUrls(`tracker.example/${'é'.repeat(100)}`)).toEqual([`http://tracker.example/${'%C3%A9'.repeat(100)}`]);
    expect(absoluteHttpUrl(`https://issuer.example/${'é'.repeat(400)}.pdf`)).toBeNull(); // the contract URL too
    const spec = { name: 'n', name_short: 'n', issuer: 'i', description: 'd', units: 'u', multiple: 1, contract_url: 'https://issuer.example/c.pdf' };
    expect(checkSpec({ ...spec, coinspark_tracker_url: `http://tracker.example/${'é'.repeat(2000)}` })).toMatchObject({ ok: false, reason: expect.stringContaining('coinspark_tracker_url') });
    expect(checkSpec({ ...spec, coinspark_tracker_url: 'http://tracker.example/' }).ok).toBe(true);
  });

  it('refuses a change that would not match the schema, and the row and the file stay as they were', async () => {
    const dir = tmp();
    const store = openAssetListsStore({ dir });
    const a = store.addAsset({ fromSource: 'manual', assetRef: ref(1) });
    store.updateAsset(a.assetId, { trackers: [tracker('http://good.example/')] });
    store.addBalance(a.assetId, TX(1), 0, { qty: '5' });
    expect(() => store.updateAsset(a.assetId, { trackers: [tracker(HOSTILE_URL)] })).toThrow(/would not match the lists format \(trackers\.0\.url/);
    expect(store.asset(a.assetId)?.trackers[0]?.url).toBe('http://good.example/');
    expect(() => store.addAsset({ fromSource: 'manual', assetRef: ref(2), validReason: 'x'.repeat(5000) })).toThrow(/would not match/);
    expect(store.assets()).toHaveLength(1);
    expect(() => store.updateBalance(a.assetId, TX(1), 0, { qty: '-1' })).toThrow(/would not match/);
    expect(() => store.addBalance(a.assetId, TX(2), 0, { qty: '1e9' })).toThrow(/would not match/);
    expect(store.balance(a.assetId, TX(1), 0)?.qty).toBe('5');
    expect(() => store.setCursor({ blockHash: 'nothex', height: 1, chain: 'regtest', wallet: '' })).toThrow(/would not match/);
    await store.flush();
    store.close();
    const again = openAssetListsStore({ dir });
    expect(again.reports).toEqual([]);
    expect(again.assets()).toHaveLength(1);
    expect(again.balanceCount()).toBe(1);
    again.close();
  });
});

describe('asset lists: one bad row costs only itself', () => {
  /** Today's format as the old code wrote it after the hostile page: the fixture, asset 2 holding the long URL. */
  function poisonedV1(): { text: string; badId: number; badRows: number; assets: number; rows: number } {
    const file = JSON.parse(v1Text) as { assets: { assetId: number; trackers: { url: string }[] }[]; balances: { assetId: number }[] };
    const bad = file.assets[1]!;
    bad.trackers = [tracker(HOSTILE_URL)];
    return { text: JSON.stringify(file), badId: bad.assetId, badRows: file.balances.filter((b) => b.assetId === bad.assetId).length, assets: file.assets.length, rows: file.balances.length };
  }

  it('loads every other asset and balance row, keeps the file as it was aside, and says which row and why', () => {
    const dir = tmp();
    const poisoned = poisonedV1();
    fs.writeFileSync(path.join(dir, 'asset-lists.json'), poisoned.text);
    const store = openAssetListsStore({ dir });
    expect(store.assets().map((a) => a.assetId)).not.toContain(poisoned.badId);
    expect(store.assets()).toHaveLength(poisoned.assets - 1);
    expect(store.balanceCount()).toBe(poisoned.rows - poisoned.badRows);
    const report = store.reports.find((r) => r.kind === 'rows-left-out');
    expect(report?.message).toContain(`asset ${poisoned.badId}`);
    expect(report?.message).toContain('trackers.0.url');
    expect(report?.message).toContain(`1 asset row of asset-lists.json did not match the lists format and was left out, with its ${poisoned.badRows} balance rows (assets[1] (asset ${poisoned.badId}): trackers.0.url`);
    expect(report?.message).toContain('Everything else was loaded.');
    // The rows left out are on disk: the file as it was (after its upgrade) beside the lists, and the original too.
    const kept = fs.readFileSync(report!.keptAs, 'utf8');
    expect(kept).toContain(HOSTILE_URL);
    expect(fs.readFileSync(path.join(dir, 'asset-lists.v1-backup.json'), 'utf8')).toBe(poisoned.text);
    // An asset row was left out: sync reads the wallet's transactions again (cursor back to the start).
    expect(store.cursor().blockHash).toBeNull();
    store.close();
    // The next start finds a clean file and no report: the wallet does not start empty, ever again.
    const again = openAssetListsStore({ dir });
    expect(again.reports).toEqual([]);
    expect(again.assets()).toHaveLength(poisoned.assets - 1);
    again.close();
  });

  it('a bad balance row, a duplicate and an orphan are left out alone; a counter below the rows is raised', () => {
    const dir = tmp();
    const file = JSON.parse(v1Text) as { nextAssetId: number; assets: { assetId: number }[]; balances: Record<string, unknown>[] };
    const good = file.balances.length;
    file.balances.push({ ...file.balances[0]!, qty: 'lots' }, { ...file.balances[1]! }, { ...file.balances[2]!, assetId: 999 });
    file.nextAssetId = 2;
    const text = JSON.stringify(file);
    fs.writeFileSync(path.join(dir, 'asset-lists.json'), text);
    const store = openAssetListsStore({ dir });
    expect(store.assets()).toHaveLength(file.assets.length);
    expect(store.balanceCount()).toBe(good);
    const report = store.reports.find((r) => r.kind === 'rows-left-out')!;
    expect(report.message).toMatch(/^3 balance rows of asset-lists.json did not match the lists format and were left out/);
    expect(report.message).toMatch(/a second row for asset/);
    expect(report.message).toMatch(/no asset row 999/);
    expect(report.message).toMatch(/qty/);
    expect(report.message).toMatch(/nextAssetId/);
    // Only balance rows were left out: sync's position is kept.
    expect(store.cursor().blockHash).toBe((JSON.parse(v1Text) as { cursor: { blockHash: string } }).cursor.blockHash);
    // Ids are never reused.
    expect(store.addAsset({ fromSource: 'manual', assetRef: ref(77) }).assetId).toBe(Math.max(...file.assets.map((a) => a.assetId)) + 1);
    store.close();
  });
});
