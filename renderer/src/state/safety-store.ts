import { create } from 'zustand';
import type { LockStatus, SpendAlert, UnlockAllResult } from '../../../shared/model/safety';
import { errorText } from '../lib/errors';

interface SafetyState {
  status: LockStatus | null;
  alerts: SpendAlert[];
  /** The last failure of an action here (setting, unlock, dismiss), in words. */
  actionError: string | null;
  busy: boolean;
  start(): () => void;
  setLocking(enabled: boolean): Promise<void>;
  acknowledge(): Promise<void>;
  unlockAll(): Promise<UnlockAllResult | null>;
  dismiss(id: string): Promise<void>;
}

export const useSafetyStore = create<SafetyState>()((set) => {
  const act = async <T>(task: () => Promise<T>): Promise<T | null> => {
    set({ busy: true, actionError: null });
    try {
      return await task();
    } catch (e) {
      set({ actionError: errorText(e) });
      return null;
    } finally {
      set({ busy: false });
    }
  };
  return {
    status: null,
    alerts: [],
    actionError: null,
    busy: false,
    start() {
      const w = window.wallet;
      const offs = [w.safety.onStatus((status) => set({ status })), w.safety.onAlerts((alerts) => set({ alerts }))];
      w.safety.status().then((status) => set({ status }), () => undefined);
      w.safety.alerts().then((alerts) => set({ alerts }), () => undefined);
      return () => offs.forEach((off) => off());
    },
    async setLocking(enabled) {
      const status = await act(() => window.wallet.safety.setLocking({ enabled }));
      if (status) set({ status });
    },
    async acknowledge() {
      const status = await act(() => window.wallet.safety.acknowledge());
      if (status) set({ status });
    },
    async unlockAll() {
      const result = await act(() => window.wallet.safety.unlockAll());
      const status = await window.wallet.safety.status().catch(() => null);
      if (status) set({ status });
      return result;
    },
    async dismiss(id) {
      const alerts = await act(() => window.wallet.safety.dismissAlert({ id }));
      if (alerts) set({ alerts });
    },
  };
});
