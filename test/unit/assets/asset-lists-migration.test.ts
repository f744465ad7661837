import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { ASSET_LISTS_VERSION, AssetListsFileSchema } from '../../../shared/model/asset-lists';
import { LISTS_MIGRATIONS, listsFileVersion, migrateListsFile, migrationPath, runStep } from '../../../shared/model/asset-lists-migrations';
import { openAssetListsStore } from '../../../main/services/assets/asset-lists-store';
import { nodeConfFactory, type ConfFactory, type ConfOptions } from '../../../main/node/store-backend';

const fixture = fileURLToPath(new URL('../../fixtures/asset-lists/v1-devnet-sample.json', import.meta.url));
const v1Text = fs.readFileSync(fixture, 'utf8');
const v1 = (): Record<string, unknown> => JSON.parse(v1Text) as Record<string, unknown>;

const dirs: string[] = [];
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lists-migrate-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('asset lists migrations', () => {
  it('has one step per version, from 1 up to today', () => {
    expect(migrationPath(1, ASSET_LISTS_VERSION).map((s) => [s.from, s.to])).toEqual(Array.from({ length: ASSET_LISTS_VERSION - 1 }, (_, i) => [i + 1, i + 2]));
    expect(LISTS_MIGRATIONS.every((s) => s.to === s.from + 1)).toBe(true);
  });

  it('upgrades the real version-1 file to one that the schema of today accepts, every value of version 1 kept', () => {
    const old = v1();
    expect(listsFileVersion(old)).toBe(1);
    // The fixture really is of the old format: today's schema refuses it as it is.
    expect(v.safeParse(AssetListsFileSchema, old).success).toBe(false);
    const migrated = migrateListsFile(old, ASSET_LISTS_VERSION);
    const parsed = v.safeParse(AssetListsFileSchema, migrated);
    if (!parsed.success) throw new Error(`${parsed.issues[0]?.path?.map((p) => String(p.key)).join('.')}: ${parsed.issues[0]?.message}`);
    expect(parsed.output.version).toBe(ASSET_LISTS_VERSION);
    const oldAssets = old['assets'] as Record<string, unknown>[];
    const oldBalances = old['balances'] as Record<string, unknown>[];
    expect(parsed.output.assets).toHaveLength(oldAssets.length);
    expect(parsed.output.balances).toHaveLength(oldBalances.length);
    oldAssets.forEach((row, i) => expect(parsed.output.assets[i]).toMatchObject(row));
    oldBalances.forEach((row, i) => expect(parsed.output.balances[i]).toMatchObject(row));
    expect(parsed.output.cursor).toEqual(old['cursor']);
    expect(parsed.output.nextAssetId).toBe(old['nextAssetId']);
    // The input was not changed in place.
    expect(old).toEqual(v1());
  });

  it('runs a step only on a file of its own version, so running it twice changes nothing', () => {
    const step = LISTS_MIGRATIONS[0]!;
    const once = runStep(step, v1());
    expect(runStep(step, once)).toBe(once);
    expect(migrateListsFile(once, ASSET_LISTS_VERSION)).toBe(once);
  });

  it('leaves rows that are not objects for the load-time check instead of failing the step', () => {
    const file = { ...v1(), assets: [42, ...(v1()['assets'] as unknown[])], balances: 'nonsense' };
    const migrated = migrateListsFile(file, ASSET_LISTS_VERSION);
    expect((migrated['assets'] as unknown[])[0]).toBe(42);
    expect(migrated['balances']).toBe('nonsense');
  });

  it('opens a version-1 file from before this version: all of it loaded, the old file kept byte for byte', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'asset-lists.json'), v1Text);
    const store = openAssetListsStore({ dir, appVersion: '9.9.9-test' });
    expect(store.report).toBeUndefined();
    expect(store.assets()).toHaveLength(9);
    expect(store.balanceCount()).toBe(126);
    expect(store.assets().filter((a) => !a.isVisible)).toHaveLength(1);
    expect(store.cursor()).toEqual(v1()['cursor']);
    store.close();
    expect(fs.readFileSync(path.join(dir, 'asset-lists.v1-backup.json'), 'utf8')).toBe(v1Text);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'asset-lists.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk['version']).toBe(ASSET_LISTS_VERSION);
    expect(onDisk['writtenBy']).toBe('CoinSpark Wallet 9.9.9-test');
    // A second start finds today's format: nothing to migrate, the backup untouched.
    const again = openAssetListsStore({ dir });
    expect(again.report).toBeUndefined();
    expect(again.balanceCount()).toBe(126);
    again.close();
    expect(fs.readFileSync(path.join(dir, 'asset-lists.v1-backup.json'), 'utf8')).toBe(v1Text);
  });

  it('keeps a file of a newer format untouched and unused, and names the version that wrote it', async () => {
    const dir = tmp();
    const future = { ...(JSON.parse(v1Text) as Record<string, unknown>), version: ASSET_LISTS_VERSION + 1, writtenBy: 'CoinSpark Wallet 7.3.0', newField: [1, 2, 3] };
    const text = `${JSON.stringify(future)}\n`;
    const file = path.join(dir, 'asset-lists.json');
    fs.writeFileSync(file, text);
    const store = openAssetListsStore({ dir, appVersion: '0.2.0', coalesceMs: 5 });
    expect(store.readOnly).toBe(true);
    expect(store.reports).toHaveLength(1);
    expect(store.reports[0]).toMatchObject({ kind: 'newer-file', file, keptAs: file });
    expect(store.reports[0]!.message).toContain('CoinSpark Wallet 7.3.0');
    expect(store.reports[0]!.message).toContain(`lists format ${ASSET_LISTS_VERSION + 1}`);
    expect(store.reports[0]!.message).toContain('0.2.0');
    // Not used: the lists start empty; the session works in memory and never writes over the file.
    expect(store.assets()).toEqual([]);
    store.addAsset({ fromSource: 'manual', assetRef: { blockNum: 5, txOffset: 81, txIDPrefix: 'abcd' } });
    await store.flush();
    await new Promise((r) => setTimeout(r, 30));
    store.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.readdirSync(dir)).toEqual(['asset-lists.json']);
  });

  it('also refuses a file whose conf record says a newer format wrote it', () => {
    const dir = tmp();
    const text = JSON.stringify({ ...(JSON.parse(v1Text) as Record<string, unknown>), version: ASSET_LISTS_VERSION, __internal__: { migrations: { version: `${ASSET_LISTS_VERSION + 1}.0.0` } } });
    fs.writeFileSync(path.join(dir, 'asset-lists.json'), text);
    const store = openAssetListsStore({ dir });
    expect(store.readOnly).toBe(true);
    expect(store.reports[0]?.message).toContain('a newer version of CoinSpark Wallet');
    store.close();
    expect(fs.readFileSync(path.join(dir, 'asset-lists.json'), 'utf8')).toBe(text);
  });

  it('opens the lists through the platform’s conf (electron-store in Electron), which records the format it migrated to', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'asset-lists.json'), v1Text);
    const opened: ConfOptions[] = [];
    const factory: ConfFactory = (options) => {
      opened.push(options);
      return nodeConfFactory(options);
    };
    const store = openAssetListsStore({ dir, confFactory: factory });
    store.close();
    expect(opened.map((o) => o.name)).toEqual(['asset-lists', 'asset-lists']);
    expect(opened[1]!.projectVersion).toBe(`${ASSET_LISTS_VERSION}.0.0`);
    expect(Object.keys(opened[1]!.migrations ?? {})).toContain(`${ASSET_LISTS_VERSION}.0.0`);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'asset-lists.json'), 'utf8')) as { __internal__: unknown; version: number };
    expect(onDisk.__internal__).toEqual({ migrations: { version: `${ASSET_LISTS_VERSION}.0.0` } });
    expect(onDisk.version).toBe(ASSET_LISTS_VERSION);
    expect((fs.statSync(path.join(dir, 'asset-lists.json')).mode & 0o777).toString(8)).toBe('600');
  });

  it('removes the temporary files a kill left between write and rename', () => {
    const dir = tmp();
    const stale = ['asset-lists.json.tmp-1733300000abc123', '.asset-lists.json.4242.m0abc.tmp'];
    for (const name of stale) fs.writeFileSync(path.join(dir, name), '{"half');
    fs.writeFileSync(path.join(dir, 'asset-lists.json.tmp-notours'), 'x');
    const store = openAssetListsStore({ dir });
    store.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['asset-lists.json', 'asset-lists.json.tmp-notours']);
  });
});
