import { create } from 'zustand';
import type { AssetSummary, AssetsSnapshot } from '../../../shared/model/asset-view';
import { errorText } from '../lib/errors';

export type SortKey = 'domain' | 'name' | 'balance' | 'status' | 'added';

interface AssetsState {
  assets: AssetSummary[];
  revision: number;
  loaded: boolean;
  loadError: string | null;
  progress: { validityPending: number; balancesPending: number } | null;
  filter: string;
  sort: SortKey;
  selectedId: number | null;
  /** Assets whose refresh the user asked for and main has not answered yet. */
  refreshing: ReadonlySet<number>;
  /** Last failure of an action on an asset, shown next to it. */
  actionErrors: ReadonlyMap<number, string>;
  start(): () => void;
  applySnapshot(snapshot: AssetsSnapshot): void;
  setFilter(filter: string): void;
  setSort(sort: SortKey): void;
  select(assetId: number | null): void;
  refresh(assetId: number): Promise<void>;
  refreshAll(): Promise<number>;
  add(reference: string): Promise<AssetSummary>;
  setVisible(assetId: number, visible: boolean): Promise<void>;
  remove(assetId: number): Promise<string | null>;
}

function replaceOne(list: AssetSummary[], asset: AssetSummary): AssetSummary[] {
  const i = list.findIndex((a) => a.assetId === asset.assetId);
  if (i < 0) return [...list, asset];
  const next = list.slice();
  next[i] = asset;
  return next;
}

function without<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  next.delete(value);
  return next;
}

export const useAssetsStore = create<AssetsState>()((set, get) => ({
  assets: [],
  revision: -1,
  loaded: false,
  loadError: null,
  progress: null,
  filter: '',
  sort: 'domain',
  selectedId: null,
  refreshing: new Set(),
  actionErrors: new Map(),

  start() {
    const w = window.wallet;
    const offs = [w.assets.onChanged((s) => get().applySnapshot(s)), w.assets.onProgress((progress) => set({ progress }))];
    w.assets.list().then(
      (s) => get().applySnapshot(s),
      (e: unknown) => set({ loadError: errorText(e), loaded: true }),
    );
    return () => offs.forEach((off) => off());
  },

  applySnapshot(snapshot) {
    // Snapshots can cross on the wire: an older one never replaces a newer one.
    if (snapshot.revision < get().revision) return;
    set({ assets: snapshot.assets, revision: snapshot.revision, loaded: true, loadError: null });
  },

  setFilter: (filter) => set({ filter }),
  setSort: (sort) => set({ sort }),
  select: (selectedId) => set({ selectedId }),

  async refresh(assetId) {
    set((s) => ({ refreshing: new Set(s.refreshing).add(assetId), actionErrors: deleteKey(s.actionErrors, assetId) }));
    try {
      const asset = await window.wallet.assets.refresh({ assetId });
      set((s) => ({ assets: replaceOne(s.assets, asset) }));
    } catch (e) {
      set((s) => ({ actionErrors: new Map(s.actionErrors).set(assetId, `Refresh failed: ${errorText(e)}`) }));
    } finally {
      set((s) => ({ refreshing: without(s.refreshing, assetId) }));
    }
  },

  async refreshAll() {
    const { assets } = await window.wallet.assets.refreshAll();
    return assets;
  },

  async add(reference) {
    const asset = await window.wallet.assets.add({ reference });
    set((s) => ({ assets: replaceOne(s.assets, asset) }));
    return asset;
  },

  async setVisible(assetId, visible) {
    try {
      const asset = await window.wallet.assets.setVisible({ assetId, visible });
      set((s) => ({ assets: replaceOne(s.assets, asset), actionErrors: deleteKey(s.actionErrors, assetId) }));
    } catch (e) {
      set((s) => ({ actionErrors: new Map(s.actionErrors).set(assetId, errorText(e)) }));
    }
  },

  async remove(assetId) {
    const { deletedReference } = await window.wallet.assets.delete({ assetId });
    set((s) => ({
      assets: s.assets.filter((a) => a.assetId !== assetId),
      selectedId: s.selectedId === assetId ? null : s.selectedId,
    }));
    return deletedReference;
  },
}));

function deleteKey<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}
