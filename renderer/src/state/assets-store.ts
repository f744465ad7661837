import { create } from 'zustand';
import type { AddAssetResult, AssetSummary, AssetsSnapshot } from '../../../shared/model/asset-view';
import { errorText } from '../lib/errors';
import { validityTone, validityWords } from '../lib/validity';
import { assetLabel } from '../lib/asset-label';

export type SortKey = 'domain' | 'name' | 'balance' | 'status' | 'added';

/** How long the end of a refresh stays on screen ("Checked just now: valid") before it goes. */
export const RESULT_MS = 12_000;

/** A "Refresh all" from click to result: the ids it covers, then what they ended as. */
export interface RefreshRun {
  ids: ReadonlySet<number>;
  /** Still checking; null once every one has finished. */
  remaining: number;
  result: { ok: number; problems: number; at: number } | null;
}

/** Where focus goes on the next render of the list (after Details closes, a row is hidden or deleted). */
export interface FocusRequest {
  assetId: number;
  target: 'details' | 'row';
}

interface AssetsState {
  assets: AssetSummary[];
  revision: number;
  loaded: boolean;
  loadError: string | null;
  progress: { validityPending: number; balancesPending: number } | null;
  filter: string;
  sort: SortKey;
  selectedId: number | null;
  /** Assets whose refresh the user asked for and that have not finished checking. */
  refreshing: ReadonlySet<number>;
  /** How each user refresh ended, shown beside the asset for a few seconds. */
  results: ReadonlyMap<number, { text: string; ok: boolean; at: number }>;
  refreshRun: RefreshRun | null;
  /** Last failure of an action on an asset, shown next to it. */
  actionErrors: ReadonlyMap<number, string>;
  focusRequest: FocusRequest | null;
  start(): () => void;
  applySnapshot(snapshot: AssetsSnapshot): void;
  setFilter(filter: string): void;
  setSort(sort: SortKey): void;
  select(assetId: number | null): void;
  requestFocus(request: FocusRequest | null): void;
  refresh(assetId: number): Promise<void>;
  refreshAll(): Promise<number>;
  add(reference: string): Promise<AddAssetResult>;
  setVisible(assetId: number, visible: boolean): Promise<void>;
  remove(assetId: number): Promise<{ deletedReference: string | null; undoToken: string }>;
  undoDelete(undoToken: string): Promise<AssetSummary>;
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

/** A refresh has ended when main no longer marks the asset as refreshing (its tasks finished, §5). */
const finished = (asset: AssetSummary | undefined): boolean => !asset || (!asset.refreshing && asset.validity.state !== 'REFRESH');

let resultTimer: ReturnType<typeof setTimeout> | undefined;

export const useAssetsStore = create<AssetsState>()((set, get) => {
  /** Results and the refresh-all summary go after RESULT_MS: nothing stale stays on screen. */
  const scheduleExpiry = (): void => {
    clearTimeout(resultTimer);
    const { results, refreshRun } = get();
    const times = [...results.values()].map((r) => r.at);
    if (refreshRun?.result) times.push(refreshRun.result.at);
    if (times.length === 0) return;
    const next = Math.min(...times) + RESULT_MS - Date.now();
    resultTimer = setTimeout(() => {
      const now = Date.now();
      set((s) => ({
        results: new Map([...s.results].filter(([, r]) => now - r.at < RESULT_MS)),
        refreshRun: s.refreshRun?.result && now - s.refreshRun.result.at >= RESULT_MS ? null : s.refreshRun,
      }));
      scheduleExpiry();
    }, Math.max(50, next));
  };

  /** Moves finished refreshes to their result, and ends the refresh-all run when its last asset is done. */
  const settle = (): void => {
    const { assets, refreshing, refreshRun } = get();
    const byId = new Map(assets.map((a) => [a.assetId, a]));
    const now = Date.now();
    let changed = false;
    let stillRefreshing = refreshing;
    const results = new Map(get().results);
    for (const id of refreshing) {
      const asset = byId.get(id);
      if (!finished(asset)) continue;
      stillRefreshing = without(stillRefreshing, id);
      changed = true;
      if (asset) results.set(id, { text: `Checked just now: ${validityWords(asset)}`, ok: validityTone(asset) === 'ok', at: now });
    }
    let run = refreshRun;
    if (run && run.result === null) {
      const remaining = [...run.ids].filter((id) => !finished(byId.get(id))).length;
      if (remaining !== run.remaining) changed = true;
      if (remaining === 0) {
        const checked = [...run.ids].map((id) => byId.get(id)).filter((a): a is AssetSummary => a !== undefined);
        const ok = checked.filter((a) => validityTone(a) === 'ok').length;
        run = { ids: run.ids, remaining: 0, result: { ok, problems: checked.length - ok, at: now } };
      } else {
        run = { ...run, remaining };
      }
    }
    if (changed) {
      set({ refreshing: stillRefreshing, results, refreshRun: run });
      scheduleExpiry();
    }
  };

  return {
    assets: [],
    revision: -1,
    loaded: false,
    loadError: null,
    progress: null,
    filter: '',
    sort: 'domain',
    selectedId: null,
    refreshing: new Set(),
    results: new Map(),
    refreshRun: null,
    actionErrors: new Map(),
    focusRequest: null,

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
      settle();
    },

    setFilter: (filter) => set({ filter }),
    setSort: (sort) => set({ sort }),
    select: (selectedId) => set({ selectedId }),
    requestFocus: (focusRequest) => set({ focusRequest }),

    async refresh(assetId) {
      set((s) => ({
        refreshing: new Set(s.refreshing).add(assetId),
        actionErrors: deleteKey(s.actionErrors, assetId),
        results: deleteKey(s.results, assetId),
      }));
      try {
        const asset = await window.wallet.assets.refresh({ assetId });
        set((s) => ({ assets: replaceOne(s.assets, asset) }));
        settle();
      } catch (e) {
        set((s) => ({ refreshing: without(s.refreshing, assetId), actionErrors: new Map(s.actionErrors).set(assetId, `Refresh failed: ${errorText(e)}`) }));
      }
    },

    async refreshAll() {
      const ids = new Set(get().assets.filter((a) => a.isVisible).map((a) => a.assetId));
      set({ refreshRun: { ids, remaining: ids.size, result: null } });
      try {
        const { assets } = await window.wallet.assets.refreshAll();
        // main's answer comes once every asset is in REFRESH; the next snapshot settles what already ended.
        const latest = await window.wallet.assets.list();
        get().applySnapshot(latest);
        settle();
        return assets;
      } catch (e) {
        set({ refreshRun: null });
        throw e;
      }
    },

    async add(reference) {
      const result = await window.wallet.assets.add({ reference });
      set((s) => ({ assets: replaceOne(s.assets, result.asset) }));
      return result;
    },

    async setVisible(assetId, visible) {
      try {
        const asset = await window.wallet.assets.setVisible({ assetId, visible });
        set((s) => ({ assets: replaceOne(s.assets, asset), actionErrors: deleteKey(s.actionErrors, assetId) }));
      } catch (e) {
        set((s) => ({ actionErrors: new Map(s.actionErrors).set(assetId, errorText(e)) }));
        throw e;
      }
    },

    async remove(assetId) {
      const answer = await window.wallet.assets.delete({ assetId });
      set((s) => ({
        assets: s.assets.filter((a) => a.assetId !== assetId),
        selectedId: s.selectedId === assetId ? null : s.selectedId,
      }));
      return answer;
    },

    async undoDelete(undoToken) {
      const asset = await window.wallet.assets.undoDelete({ undoToken });
      set((s) => ({ assets: replaceOne(s.assets, asset) }));
      return asset;
    },
  };
});

/** What a finished "Refresh all" says. */
export function refreshRunText(run: RefreshRun): string {
  if (!run.result) return `Checking ${run.remaining} of ${run.ids.size} asset${run.ids.size === 1 ? '' : 's'}…`;
  const { ok, problems } = run.result;
  const total = ok + problems;
  if (total === 0) return 'Nothing to check: no asset is shown.';
  return `Checked ${total} asset${total === 1 ? '' : 's'}: ${ok} valid${problems > 0 ? `, ${problems} with problems` : ''}.`;
}

/** The asset's name for messages ("Hid Silver Ounce Token"). */
export const nameOf = (asset: AssetSummary | undefined): string => (asset ? assetLabel(asset) : 'the asset');

function deleteKey<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}
