import { create } from 'zustand';
import type { BitcoinFigures } from '../../../shared/model/send';

/** The wallet's bitcoin from the send service (`send:figures`, wallet-behaviour.md §7.3), followed live. */
export const useBitcoinStore = create<{ figures: BitcoinFigures | null; error: boolean; start(): () => void }>()((set) => ({
  figures: null,
  error: false,
  start() {
    const w = window.wallet;
    const off = w.send.onFigures((figures) => set({ figures, error: false }));
    w.send.figures().then(
      (figures) => set({ figures, error: false }),
      () => set({ error: true }),
    );
    return off;
  },
}));
