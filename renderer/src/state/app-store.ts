import { create } from 'zustand';
import type { AppInfo, StartupReport } from '../../../shared/ipc/channels/app';
import type { Settings, SettingsPatch } from '../../../shared/model/settings';
import type { ConnectionStatus } from '../../../shared/model/connection';
import { errorText } from '../lib/errors';

export type Screen = 'assets' | 'history' | 'send' | 'receive' | 'settings' | 'about';

interface AppState {
  info: AppInfo | null;
  reports: StartupReport[];
  settings: Settings | null;
  connection: ConnectionStatus | null;
  screen: Screen;
  /** Set when the first load from main failed. */
  loadError: string | null;
  setScreen(screen: Screen): void;
  /** Loads info, settings and status, then follows main's events. Returns the unsubscribe function. */
  start(): () => void;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
}

export const useAppStore = create<AppState>()((set) => ({
  info: null,
  reports: [],
  settings: null,
  connection: null,
  screen: 'assets',
  loadError: null,
  setScreen: (screen) => set({ screen }),
  start() {
    const w = window.wallet;
    const offs = [
      w.settings.onChanged((settings) => set({ settings })),
      w.connection.onStatus((connection) => set({ connection })),
      w.app.onReports((reports) => set({ reports })),
    ];
    w.app.info().then(
      (info) => set({ info, reports: info.startupReports }),
      (e: unknown) => set({ loadError: errorText(e) }),
    );
    w.settings.get().then(
      (settings) => set({ settings }),
      (e: unknown) => set({ loadError: errorText(e) }),
    );
    // The connection service may not be ready (or may fail): the status bar then says "not connected".
    w.connection.status().then((connection) => set({ connection }), () => undefined);
    return () => offs.forEach((off) => off());
  },
  async updateSettings(patch) {
    const settings = await window.wallet.settings.update(patch);
    set({ settings });
    return settings;
  },
}));
