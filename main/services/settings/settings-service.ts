import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/model/settings';
import { openValidatedStore, type ValidatedStore } from '../../node/validated-store';
import type { ServiceContext, ServiceModule } from '../../node/service-context';

export interface SettingsService {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  /** Main-only fields (window bounds) that the renderer cannot set. */
  setWindowBounds(bounds: Settings['window']): void;
  onChange(listener: (settings: Settings) => void): () => void;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    settings: SettingsService;
  }
}

export function mergeSettings(current: Settings, patch: SettingsPatch): Settings {
  return {
    ...current,
    ...(patch.network !== undefined ? { network: patch.network } : {}),
    rpc: { ...current.rpc, ...patch.rpc },
    trackerOverrides: patch.trackerOverrides ?? current.trackerOverrides,
    ui: { ...current.ui, ...patch.ui },
  };
}

/** Settings: one schema-validated file, `settings.json`, in the data directory. */
export function initSettingsService(ctx: ServiceContext): ServiceModule<'settings:get' | 'settings:update'> {
  const store: ValidatedStore<Settings> = openValidatedStore({
    factory: ctx.platform.storeFactory,
    cwd: ctx.options.dataDir,
    name: 'settings',
    schema: SettingsSchema,
    defaults: () => structuredClone(DEFAULT_SETTINGS),
  });
  if (store.report) {
    ctx.reports.push(store.report);
    ctx.log.warn(store.report.message);
  }
  const listeners = new Set<(settings: Settings) => void>();
  const commit = (next: Settings): Settings => {
    store.set(next);
    const saved = store.get();
    ctx.events.emit('settings:changed', saved);
    for (const listener of listeners) listener(saved);
    return saved;
  };
  const service: SettingsService = {
    get: () => store.get(),
    update: (patch) => commit(mergeSettings(store.get(), patch)),
    setWindowBounds: (bounds) => void store.set({ ...store.get(), window: bounds }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  ctx.services.settings = service;
  return {
    handlers: {
      'settings:get': () => service.get(),
      'settings:update': (patch) => service.update(patch),
    },
  };
}
