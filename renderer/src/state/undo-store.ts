import { create } from 'zustand';
import { errorText } from '../lib/errors';

/** How long "Undo" is offered after hiding or deleting an asset. */
export const UNDO_MS = 8_000;

export interface UndoOffer {
  id: number;
  text: string;
  undo: () => Promise<unknown>;
  /** Set when the undo itself failed (said in words, kept until closed). */
  error: string | null;
}

interface UndoState {
  offer: UndoOffer | null;
  /** Offer "Undo" for a few seconds; a new offer replaces the old one. */
  offerUndo(text: string, undo: () => Promise<unknown>): void;
  runUndo(): Promise<void>;
  close(): void;
}

let nextId = 1;
let timer: ReturnType<typeof setTimeout> | undefined;

export const useUndoStore = create<UndoState>()((set, get) => ({
  offer: null,
  offerUndo(text, undo) {
    clearTimeout(timer);
    const id = nextId++;
    set({ offer: { id, text, undo, error: null } });
    timer = setTimeout(() => {
      if (get().offer?.id === id && !get().offer?.error) set({ offer: null });
    }, UNDO_MS);
  },
  async runUndo() {
    const offer = get().offer;
    if (!offer) return;
    clearTimeout(timer);
    try {
      await offer.undo();
      set({ offer: null });
    } catch (e) {
      set({ offer: { ...offer, error: `Could not undo: ${errorText(e)}` } });
    }
  },
  close() {
    clearTimeout(timer);
    set({ offer: null });
  },
}));
