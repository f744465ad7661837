import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/node/event-bus';
import { environmentSecrets } from '../../../main/node/platform';
import type { ServiceContext, ServiceRegistry } from '../../../main/node/service-context';
import { confBackendFactory } from '../../../main/node/store-backend';
import { initSettingsService } from '../../../main/services/settings/settings-service';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function context(dataDir: string): ServiceContext {
  return {
    options: { dataDir, appVersion: 'test' },
    platform: { host: 'headless', storeFactory: confBackendFactory, secrets: environmentSecrets({}), openExternal: async () => 'delegated' },
    events: new EventBus(),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    reports: [],
    services: {} as ServiceRegistry,
  };
}

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-'));
  dirs.push(d);
  return d;
}

describe('settings store', () => {
  it('starts from defaults, saves updates and reads them back after a restart', async () => {
    const dir = tempDir();
    const ctx = context(dir);
    const service = initSettingsService(ctx);
    expect(await service.handlers['settings:get'](undefined, { sender: { transport: 'websocket', connectionId: 1 } })).toEqual(DEFAULT_SETTINGS);
    ctx.services.settings.update({ ui: { walletLabel: 'Savings' }, network: 'regtest' });
    const again = context(dir);
    initSettingsService(again);
    expect(again.services.settings.get()).toMatchObject({ network: 'regtest', ui: { walletLabel: 'Savings', theme: 'system' } });
    expect(again.reports).toEqual([]);
  });

  it('keeps a file that does not parse aside, reports it and does not overwrite it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    const garbage = '{"version":1,"network":"regtest", oops';
    fs.writeFileSync(file, garbage);
    const ctx = context(dir);
    initSettingsService(ctx);
    expect(ctx.reports).toHaveLength(1);
    const report = ctx.reports[0]!;
    expect(report.kind).toBe('corrupt-file');
    expect(report.file).toBe(file);
    expect(fs.readFileSync(report.keptAs, 'utf8')).toBe(garbage);
    expect(report.message).toMatch(/kept aside/);
    // The wallet goes on with defaults, written to a fresh file.
    expect(ctx.services.settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps a file that parses but fails the schema aside too', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, network: 'moonnet' }));
    const ctx = context(dir);
    initSettingsService(ctx);
    expect(ctx.reports[0]).toMatchObject({ kind: 'invalid-file', file });
    expect(JSON.parse(fs.readFileSync(ctx.reports[0]!.keptAs, 'utf8')).network).toBe('moonnet');
  });

  it('refuses to save a value that breaks the schema, keeping the old one', () => {
    const ctx = context(tempDir());
    initSettingsService(ctx);
    expect(() => ctx.services.settings.update({ ui: { walletLabel: 'x'.repeat(100) } })).toThrow();
    expect(ctx.services.settings.get().ui.walletLabel).toBe('');
  });
});
