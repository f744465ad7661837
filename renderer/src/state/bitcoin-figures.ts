import { create } from 'zustand';
import type { BitcoinFigures } from '../../../shared/model/send';

interface FiguresState {
  figures: BitcoinFigures | null;
  /** Loads the figures once and follows `send:figures`; returns the unsubscribe function. */
  start(): () => void;
}

/**
 * The wallet's bitcoin (wallet-behaviour.md §7.3): confirmed, unconfirmed, free of assets, the migration reserve.
 * Any component (the send screen, the header) reads it with `useBitcoinFigures`.
 */
export const useFiguresStore = create<FiguresState>()((set) => ({
  figures: null,
  start() {
    const off = window.wallet.send.onFigures((figures) => set({ figures }));
    window.wallet.send.figures().then((figures) => set({ figures }), () => undefined);
    return off;
  },
}));

export const useBitcoinFigures = (): BitcoinFigures | null => useFiguresStore((s) => s.figures);
