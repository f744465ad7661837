import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateAssetError, openAssetListsStore, type ListsChange } from '../../../main/services/assets/asset-lists-store';
import { openContentStore } from '../../../main/services/assets/content-store';

const dirs: string[] = [];
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lists-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const TX = (n: number): string => n.toString(16).padStart(64, '0');
const ref = (n: number) => ({ blockNum: 1000 + n, txOffset: 81 + n, txIDPrefix: 'ab' + (n % 256).toString(16).padStart(2, '0') });

describe('asset lists store', () => {
  it('adds rows with §2.1 defaults and auto-incremented ids that are never reused', () => {
    const dir = tmp();
    const store = openAssetListsStore({ dir, now: () => new Date('2026-01-02T03:04:05Z') });
    const a = store.addAsset({ fromSource: 'manual', assetRef: ref(1) });
    const b = store.addAsset({ fromSource: 'transfer', assetRef: ref(2) });
    expect(a).toMatchObject({ assetId: 1, whenAdded: '2026-01-02T03:04:05.000Z', isVisible: true, genTxId: null, genesis: null, validFailures: 0, validState: 'ASSET_REF_ONLY', validChecked: null, webPageJSON: null });
    expect(b.assetId).toBe(2);
    store.deleteAsset(2);
    store.close();
    const again = openAssetListsStore({ dir });
    expect(again.addAsset({ fromSource: 'manual', assetRef: ref(3) }).assetId).toBe(3);
    again.close();
  });

  it('refuses a second row for the same genTxId or asset reference', () => {
    const store = openAssetListsStore({ dir: tmp() });
    const a = store.addAsset({ fromSource: 'genesis', genTxId: TX(1) });
    store.addAsset({ fromSource: 'manual', assetRef: ref(1) });
    expect(() => store.addAsset({ fromSource: 'genesis', genTxId: TX(1) })).toThrow(DuplicateAssetError);
    expect(() => store.addAsset({ fromSource: 'transfer', assetRef: ref(1) })).toThrow(DuplicateAssetError);
    expect(() => store.updateAsset(a.assetId, { assetRef: ref(1) })).toThrow(DuplicateAssetError);
    expect(store.assets()).toHaveLength(2);
    store.close();
  });

  it('merges two rows of one asset: balance rows move without duplicates, the dropped row goes', () => {
    const store = openAssetListsStore({ dir: tmp() });
    const genesis = store.addAsset({ fromSource: 'genesis', genTxId: TX(1) });
    const manual = store.addAsset({ fromSource: 'manual', assetRef: ref(1) });
    store.addBalance(genesis.assetId, TX(10), 0);
    store.addBalance(manual.assetId, TX(10), 0, { qty: '5' });
    store.addBalance(manual.assetId, TX(11), 1, { qty: '7', state: 'VALID' });
    const kept = store.mergeAssets(genesis.assetId, manual.assetId, { assetRef: ref(1) });
    expect(kept.assetRef).toEqual(ref(1));
    expect(store.asset(manual.assetId)).toBeUndefined();
    expect(store.assetByRef(ref(1))?.assetId).toBe(genesis.assetId);
    expect(store.balancesOf(genesis.assetId).map((b) => `${b.txid.slice(-2)}:${b.vout}:${b.qty}`).sort()).toEqual(['0a:0:null', '0b:1:7']);
    expect(store.balanceCount()).toBe(2);
    store.close();
  });

  it('keeps balance rows per (asset, output), removes spent outputs, deletes an asset with its rows', () => {
    const store = openAssetListsStore({ dir: tmp() });
    const a = store.addAsset({ fromSource: 'manual', assetRef: ref(1) });
    const b = store.addAsset({ fromSource: 'manual', assetRef: ref(2) });
    expect(store.addBalance(a.assetId, TX(5), 0)).toBe(true);
    expect(store.addBalance(a.assetId, TX(5), 0)).toBe(false);
    store.addBalance(b.assetId, TX(5), 0);
    store.addBalance(b.assetId, TX(6), 3);
    expect(store.assetsAtOutput(TX(5), 0).sort()).toEqual([a.assetId, b.assetId]);
    const row = store.balance(a.assetId, TX(5), 0)!;
    const updated = store.updateBalance(a.assetId, TX(5), 0, { qty: '100', qtyChecked: '2026-01-01T00:00:00.000Z', state: 'VALID' })!;
    expect(row.qty).toBeNull(); // rows handed out are snapshots
    expect(updated.qty).toBe('100');
    expect(store.removeOutput(TX(5), 0)).toBe(2);
    expect(store.balanceCount()).toBe(1);
    store.deleteAsset(b.assetId);
    expect(store.balanceCount()).toBe(0);
    expect([...store.outputs()]).toEqual([]);
    store.close();
  });

  it('saves coalesced and atomically, and loads everything back', async () => {
    const dir = tmp();
    const store = openAssetListsStore({ dir, coalesceMs: 20 });
    const a = store.addAsset({ fromSource: 'manual', assetRef: ref(1) });
    store.updateAsset(a.assetId, { validState: 'VALID', webPageJSON: '{"name":"Gold"}', trackers: [{ url: 'http://t', plainHttp: true, lagBlocks: 0, reachable: true, lastError: null }] });
    for (let i = 0; i < 100; i++) store.addBalance(a.assetId, TX(i), i % 3, { qty: String(i) });
    store.setCursor({ blockHash: TX(99), height: 99, chain: 'regtest', wallet: 'w' });
    await new Promise((r) => setTimeout(r, 80));
    const onDisk = JSON.parse(fs.readFileSync(store.path, 'utf8'));
    expect(onDisk.balances).toHaveLength(100);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    store.close();
    const again = openAssetListsStore({ dir });
    expect(again.report).toBeUndefined();
    expect(again.snapshot()).toEqual(store.snapshot());
    again.close();
  });

  it('notifies once per burst with what changed', async () => {
    const store = openAssetListsStore({ dir: tmp() });
    const changes: ListsChange[] = [];
    store.onChange((c) => changes.push(c));
    const a = store.addAsset({ fromSource: 'manual', assetRef: ref(1) });
    for (let i = 0; i < 50; i++) store.addBalance(a.assetId, TX(i), 0);
    await Promise.resolve();
    await Promise.resolve();
    expect(changes).toHaveLength(1);
    expect([...changes[0]!.assets]).toEqual([a.assetId]);
    expect([...changes[0]!.balancesAdded]).toEqual([a.assetId]);
    store.close();
  });

  it('keeps a file that does not parse aside, reports it, and starts empty', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'asset-lists.json'), '{"version":1,"nextAs');
    const store = openAssetListsStore({ dir });
    expect(store.report?.kind).toBe('corrupt-file');
    expect(fs.existsSync(store.report!.keptAs)).toBe(true);
    expect(fs.readFileSync(store.report!.keptAs, 'utf8')).toBe('{"version":1,"nextAs');
    expect(store.assets()).toEqual([]);
    store.close();
  });

  it('keeps a file that is not a lists file aside and says why', () => {
    const dir = tmp();
    const text = JSON.stringify({ version: 1, nextAssetId: 1, assets: 'none', balances: [], cursor: { blockHash: null, height: null, chain: null, wallet: null } });
    fs.writeFileSync(path.join(dir, 'asset-lists.json'), text);
    const store = openAssetListsStore({ dir });
    expect(store.report?.kind).toBe('invalid-file');
    expect(store.report?.message).toContain('assets: not a list');
    expect(fs.readFileSync(store.report!.keptAs, 'utf8')).toBe(text);
    store.close();
  });

  it('leaves out a balance row that fails the schema, says where, and loads the rest', () => {
    const dir = tmp();
    const text = JSON.stringify({ version: 1, nextAssetId: 1, assets: [], balances: [{ assetId: 1, txid: 'zz', vout: 0 }], cursor: { blockHash: null, height: null, chain: null, wallet: null } });
    fs.writeFileSync(path.join(dir, 'asset-lists.json'), text);
    const store = openAssetListsStore({ dir });
    expect(store.report?.kind).toBe('rows-left-out');
    expect(store.report?.message).toContain('balances[0]');
    expect(store.balanceCount()).toBe(0);
    store.close();
  });
});

describe('content store', () => {
  it('stores bytes by SHA-256 once, returns them verified, and never returns damaged bytes', () => {
    const dir = tmp();
    const content = openContentStore(dir);
    const bytes = new TextEncoder().encode('CONTRACT');
    const ref = content.put(bytes, 'text/plain');
    // sha256('CONTRACT'), as `echo -n CONTRACT | sha256sum` prints it
    expect(ref).toEqual({ sha256: 'fef812ed2bf63e7ee056931d54a6292fcbbadfaa6bd985a5fed4ce53169ecb7f', mimeType: 'text/plain', size: 8 });
    expect(fs.existsSync(path.join(dir, ref.sha256))).toBe(true);
    expect(content.put(bytes, 'text/plain')).toEqual(ref);
    expect(Buffer.from(content.get(ref)!).toString()).toBe('CONTRACT');
    fs.writeFileSync(path.join(dir, ref.sha256), 'TAMPERED');
    expect(content.get(ref)).toBeNull();
    expect(content.prune([])).toBe(1);
    expect(content.has(ref.sha256)).toBe(false);
  });
});
