import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const require = createRequire(import.meta.url);
const afterPack = require('../../../app/hooks/after-pack.cjs') as {
  fuseConfig: (v: typeof FuseVersion, o: typeof FuseV1Options) => Record<string | number, unknown>;
  executablePath: (c: unknown) => string;
};
const afterSign = require('../../../app/hooks/after-sign.cjs') as { credentials: (env: Record<string, string>) => unknown; default: (c: unknown) => Promise<void> };

describe('packaging', () => {
  it('flips the security fuses', () => {
    const config = afterPack.fuseConfig(FuseVersion, FuseV1Options);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  it('finds the executable on every platform', () => {
    const ctx = (p: string) => ({ electronPlatformName: p, appOutDir: '/out', packager: { appInfo: { productFilename: 'CoinSpark Wallet' }, executableName: 'coinspark-wallet' } });
    expect(afterPack.executablePath(ctx('darwin'))).toBe('/out/CoinSpark Wallet.app/Contents/MacOS/CoinSpark Wallet');
    expect(afterPack.executablePath(ctx('win32'))).toBe('/out/CoinSpark Wallet.exe');
    expect(afterPack.executablePath(ctx('linux'))).toBe('/out/coinspark-wallet');
  });

  it('notarises only with credentials from the environment, and skips without them', async () => {
    expect(afterSign.credentials({})).toBeUndefined();
    expect(afterSign.credentials({ APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'b' })).toBeUndefined();
    expect(afterSign.credentials({ APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'b', APPLE_TEAM_ID: 'c' })).toEqual({ appleId: 'a', appleIdPassword: 'b', teamId: 'c' });
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('APPLE_')) delete process.env[k];
    await expect(afterSign.default({ electronPlatformName: 'darwin', appOutDir: '/nowhere', packager: { appInfo: { productFilename: 'x' } } })).resolves.toBeUndefined();
    process.env = saved;
  });

  it('ships only the build output, in an asar, with the hooks and entitlements wired', () => {
    const yml = fs.readFileSync('electron-builder.yml', 'utf8');
    expect(yml).toMatch(/^asar: true$/m);
    expect(yml).toMatch(/files:\n  - dist\/main\/\*\*\n  - dist\/renderer\/\*\*\n  - package.json/);
    expect(yml).toMatch(/hardenedRuntime: true/);
    expect(yml).toMatch(/entitlements: app\/build\/entitlements.mac.plist/);
    expect(yml).toMatch(/afterPack: app\/hooks\/after-pack.cjs/);
    expect(yml).toMatch(/afterSign: app\/hooks\/after-sign.cjs/);
    expect(yml).toMatch(/category: Finance/);
    for (const t of ['dmg', 'zip', 'nsis', 'AppImage', 'deb']) expect(yml).toContain(`- ${t}`);
    expect(fs.existsSync('app/build/entitlements.mac.plist')).toBe(true);
  });
});
