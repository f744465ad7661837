import { create } from 'zustand';
import type { UpdateState } from '../../../shared/ipc/channels/updates';
import { errorText } from '../lib/errors';

interface UpdatesState {
  update: UpdateState | null;
  /** The last refused request (e.g. the offer changed under the button). */
  actionError: string | null;
  /** The user closed the notice for this state; a new state shows it again. */
  dismissed: UpdateState | null;
  /** Follows main's updater state. Returns the unsubscribe function. */
  start(): () => void;
  check(): Promise<void>;
  download(version: string): Promise<void>;
  install(version: string): Promise<void>;
  dismiss(): void;
}

/** The updater as the renderer sees it: a state from main and the user's consents going back. */
export const useUpdatesStore = create<UpdatesState>()((set, get) => {
  const run = async (call: () => Promise<UpdateState>): Promise<void> => {
    set({ actionError: null });
    try {
      set({ update: await call() });
    } catch (e) {
      set({ actionError: errorText(e) });
    }
  };
  return {
    update: null,
    actionError: null,
    dismissed: null,
    start() {
      const w = window.wallet;
      const off = w.updates.onState((update) => set({ update }));
      w.updates.state().then(
        (update) => set({ update }),
        () => undefined,
      );
      return off;
    },
    check: () => run(() => window.wallet.updates.check()),
    download: (version) => run(() => window.wallet.updates.download({ version })),
    install: (version) => run(() => window.wallet.updates.install({ version })),
    dismiss: () => set({ dismissed: get().update, actionError: null }),
  };
});
