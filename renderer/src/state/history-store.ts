import { create } from 'zustand';
import type { HistoryQuery, HistorySnapshot } from '../../../shared/model/history';
import { errorText } from '../lib/errors';

interface HistoryState {
  snapshot: HistorySnapshot | null;
  query: HistoryQuery;
  loading: boolean;
  error: string | null;
  /** Set the filter (asset, search) and list again. */
  setQuery(query: HistoryQuery): void;
  load(): Promise<void>;
  /** Follow `history:changed` while the history screen is shown. Returns the unsubscribe function. */
  follow(): () => void;
}

let sequence = 0;

export const useHistoryStore = create<HistoryState>()((set, get) => ({
  snapshot: null,
  query: {},
  loading: false,
  error: null,
  setQuery(query) {
    set({ query });
    void get().load();
  },
  async load() {
    const mine = ++sequence;
    set({ loading: true });
    try {
      const { query } = get();
      const snapshot = await window.wallet.history.list({ ...(query.assetId !== undefined ? { assetId: query.assetId } : {}), ...(query.search ? { search: query.search } : {}) });
      // An answer to an older query (the user typed on) is dropped.
      if (mine === sequence) set({ snapshot, loading: false, error: null });
    } catch (e) {
      if (mine === sequence) set({ loading: false, error: errorText(e) });
    }
  },
  follow() {
    void get().load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = window.wallet.history.onChanged(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void get().load(), 300);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  },
}));
