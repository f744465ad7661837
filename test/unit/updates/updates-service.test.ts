import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/node/event-bus';
import { environmentSecrets } from '../../../main/node/platform';
import type { ServiceContext, ServiceRegistry } from '../../../main/node/service-context';
import { confBackendFactory } from '../../../main/node/store-backend';
import type { MacSignatureEvidence, WindowsSignatureEvidence } from '../../../main/services/updates/code-signature';
import type { SignatureInspector } from '../../../main/services/updates/inspect-signature';
import { releaseAssetUrl, type ReleaseIdentity, type UpdatePlatform } from '../../../main/services/updates/release-identity';
import { formatChecksums, sha256File } from '../../../main/services/updates/signed-checksums';
import type { UpdaterPort } from '../../../main/services/updates/updater-port';
import { initUpdatesService, isNewerVersion } from '../../../main/services/updates/updates-service';
import type { UpdateState } from '../../../shared/ipc/channels/updates';
import { invokeContract } from '../../../shared/ipc/contract';

/**
 * The updater's decisions, with electron-updater replaced by a fake port (what it would download) and the OS
 * signature tools by a fake inspector (what codesign / PowerShell would report). Checksum lists are really
 * signed with Ed25519 keys made here, and really checked.
 */

const TEAM = 'A1B2C3D4E5';
const CALL = { sender: { transport: 'websocket' as const, connectionId: 1 } };

function keyPair(): { privateKey: KeyObject; spki: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}
const ourKey = keyPair();
const otherKey = keyPair();

const identity: ReleaseIdentity = {
  appId: 'org.coinspark.wallet',
  feed: { provider: 'github', owner: 'coinspark', repo: 'coinspark-wallet' },
  windowsPublisherNames: ['CoinSpark Wallet developers'],
  appleTeamId: TEAM,
  updateSigningPublicKey: ourKey.spki,
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const FILE_NAME: Record<UpdatePlatform, string> = {
  linux: 'coinspark-wallet-1.2.0-linux-x86_64.AppImage',
  darwin: 'coinspark-wallet-1.2.0-mac-arm64.zip',
  win32: 'coinspark-wallet-1.2.0-win-x64.exe',
};

function downloadedFile(name: string, content = 'the new version'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'updates-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** What the release publishes beside the installers: the checksum list and its signature, by URL. */
async function releaseFiles(file: string, o: { key?: KeyObject; listName?: string; sha?: string; noSignature?: boolean } = {}) {
  const list = Buffer.from(formatChecksums([
    { name: o.listName ?? path.basename(file), sha256: o.sha ?? (await sha256File(file)) },
    { name: 'coinspark-wallet-1.2.0-linux-amd64.deb', sha256: 'ab'.repeat(32) },
  ]));
  const files = new Map<string, Uint8Array>([[releaseAssetUrl(identity, '1.2.0', 'SHA256SUMS.txt'), list]]);
  if (!o.noSignature) files.set(releaseAssetUrl(identity, '1.2.0', 'SHA256SUMS.txt.sig'), sign(null, list, o.key ?? ourKey.privateKey));
  return files;
}

interface Fake {
  port: UpdaterPort;
  calls: { check: number; download: number; install: number; fetched: string[] };
}

function fakePort(o: { platform?: UpdatePlatform; offer?: string | null; file?: string; files?: Map<string, Uint8Array>; unsupportedReason?: string | null; installedPath?: string | null; downloadError?: Error }): Fake {
  const calls = { check: 0, download: 0, install: 0, fetched: [] as string[] };
  const port: UpdaterPort = {
    platform: o.platform ?? 'linux',
    currentVersion: '1.1.0',
    unsupportedReason: o.unsupportedReason ?? null,
    installedPath: o.installedPath ?? null,
    async check() {
      calls.check++;
      return o.offer === null ? null : { version: o.offer ?? '1.2.0' };
    },
    async download(onProgress) {
      calls.download++;
      if (o.downloadError) throw o.downloadError;
      onProgress(42.7);
      return o.file ?? '/nowhere';
    },
    install() {
      calls.install++;
    },
    async fetch(url) {
      calls.fetched.push(url);
      const body = o.files?.get(url);
      return body ? new Response(new Uint8Array(body)) : new Response('Not Found', { status: 404 });
    },
  };
  return { port, calls };
}

function inspector(o: { mac?: MacSignatureEvidence | Error; win?: (file: string) => WindowsSignatureEvidence }): SignatureInspector & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    async macApp(app) {
      seen.push(app);
      if (!o.mac) throw new Error('no macOS evidence in this test');
      if (o.mac instanceof Error) throw o.mac;
      return o.mac;
    },
    async withMacArchive(zip, use) {
      seen.push(zip);
      return use('/tmp/unpacked/CoinSpark Wallet.app');
    },
    async windowsFile(file) {
      seen.push(file);
      if (!o.win) throw new Error('no Windows evidence in this test');
      return o.win(file);
    },
  };
}

const macOk = (team = TEAM, notarised = true): MacSignatureEvidence => ({
  verify: { ok: true, output: 'valid on disk' },
  display: `Identifier=org.coinspark.wallet\nCodeDirectory v=20500 size=1 flags=0x10000(runtime) hashes=1+1 location=embedded\nAuthority=Developer ID Application: CoinSpark Wallet developers (${team})\nTeamIdentifier=${team}\n`,
  gatekeeper: notarised ? { accepted: true, output: 'x: accepted\nsource=Notarized Developer ID\n' } : { accepted: false, output: 'x: rejected\nsource=Unnotarized Developer ID\n' },
});
const winEvidence = (subject: string, status = 'Valid') => (file: string): WindowsSignatureEvidence => ({ status, statusMessage: status === 'Valid' ? 'Signature verified.' : 'no', subject, path: file });

function setup(port: UpdaterPort | undefined, o: { inspector?: SignatureInspector; identity?: ReleaseIdentity; firstCheckDelayMs?: number } = {}) {
  const events: UpdateState[] = [];
  const bus = new EventBus();
  bus.subscribe((name, payload) => {
    if (name === 'updates:state') events.push(payload as UpdateState);
  });
  const ctx: ServiceContext = {
    options: { dataDir: os.tmpdir(), appVersion: 'test' },
    platform: { host: port ? 'electron' : 'headless', storeFactory: confBackendFactory, secrets: environmentSecrets({}), openExternal: async () => 'delegated', ...(port ? { updater: port } : {}) },
    events: bus,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    reports: [],
    services: {} as ServiceRegistry,
  };
  const module = initUpdatesService(ctx, { identity: o.identity ?? identity, inspector: o.inspector ?? inspector({}), firstCheckDelayMs: o.firstCheckDelayMs ?? 60_000 });
  module.start?.();
  return { module, service: module.service, events, stop: () => module.stop?.() };
}

describe('updates: consent at every step', () => {
  it('checks on its own at start, offers the update, and downloads and installs nothing by itself', async () => {
    const file = downloadedFile(FILE_NAME.linux);
    const fake = fakePort({ file, files: await releaseFiles(file) });
    const { service, events, stop } = setup(fake.port, { firstCheckDelayMs: 10 });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.check).toBe(1);
    expect(service.state()).toEqual({ kind: 'available', currentVersion: '1.1.0', version: '1.2.0', releaseUrl: 'https://github.com/coinspark/coinspark-wallet/releases/tag/v1.2.0' });
    expect(events.map((e) => e.kind)).toEqual(['checking', 'available']);
    expect(events[0]).toMatchObject({ userInitiated: false });
    expect(fake.calls.download).toBe(0);
    expect(fake.calls.install).toBe(0);
    stop();
  });

  it('downloads only the version on offer, and installs only a downloaded, verified one', async () => {
    const file = downloadedFile(FILE_NAME.linux);
    const fake = fakePort({ file, files: await releaseFiles(file) });
    const { module, service, stop } = setup(fake.port);
    await expect(service.download('1.2.0')).rejects.toThrow(/not the update on offer/);
    await expect(service.install('1.2.0')).rejects.toThrow(/not been downloaded and checked/);
    await module.handlers['updates:check'](undefined, CALL);
    await expect(service.download('1.3.0')).rejects.toThrow(/not the update on offer/);
    await expect(service.install('1.2.0')).rejects.toThrow(/not been downloaded and checked/);
    expect(fake.calls.download).toBe(0);
    expect(fake.calls.install).toBe(0);

    expect(await module.handlers['updates:download']({ version: '1.2.0' }, CALL)).toMatchObject({ kind: 'downloaded', version: '1.2.0' });
    expect(fake.calls.install).toBe(0);
    await expect(service.install('1.1.5')).rejects.toThrow(/not been downloaded/);
    expect(await module.handlers['updates:install']({ version: '1.2.0' }, CALL)).toMatchObject({ kind: 'installing', version: '1.2.0' });
    expect(fake.calls.install).toBe(1);
    stop();
  });

  it('reports progress, then verification, then the ready state', async () => {
    const file = downloadedFile(FILE_NAME.linux);
    const fake = fakePort({ file, files: await releaseFiles(file) });
    const { service, events, stop } = setup(fake.port);
    await service.check(true);
    await service.download('1.2.0');
    await new Promise((r) => setTimeout(r, 300)); // the coalesced progress event
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(0, 5)).toEqual(['checking', 'available', 'downloading', 'verifying', 'downloaded']);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'checking', userInitiated: true }));
    stop();
  });

  it('the contract refuses a version that is not a release number before any handler runs', () => {
    const schema = invokeContract['updates:download'].request;
    expect(v.safeParse(schema, { version: '1.2.0' }).success).toBe(true);
    expect(v.safeParse(schema, { version: '1.2.0-beta.1' }).success).toBe(true);
    for (const bad of ['../../x', '1.2', '1.2.0 ', 'latest', '1.2.0-' + 'x'.repeat(60)]) expect(v.safeParse(schema, { version: bad }).success).toBe(false);
    expect(v.safeParse(invokeContract['updates:install'].request, {}).success).toBe(false);
  });

  it('never offers an older or equal version, whatever the feed says', async () => {
    for (const offer of ['1.1.0', '1.0.9', '1.1.0-rc.1']) {
      const fake = fakePort({ offer });
      const { service, stop } = setup(fake.port);
      expect(await service.check(true)).toMatchObject({ kind: 'up-to-date', userInitiated: true });
      stop();
    }
    expect(isNewerVersion('1.2.0', '1.1.9')).toBe(true);
    expect(isNewerVersion('1.10.0', '1.9.0')).toBe(true);
    expect(isNewerVersion('1.2.0', '1.2.0-rc.1')).toBe(true);
    expect(isNewerVersion('1.2.0-rc.1', '1.2.0')).toBe(false);
  });

  it('a failed check says why and offers nothing', async () => {
    const fake = fakePort({});
    fake.port.check = async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    };
    const { service, stop } = setup(fake.port);
    expect(await service.check(true)).toMatchObject({ kind: 'failed', stage: 'check', message: expect.stringMatching(/ERR_INTERNET_DISCONNECTED/), userInitiated: true });
    await expect(service.download('1.2.0')).rejects.toThrow(/not the update on offer/);
    stop();
  });
});

describe('updates: accept or refuse by signature (Linux AppImage: the signed checksum list)', () => {
  const refusedWith = async (o: Parameters<typeof releaseFiles>[1], why: RegExp, name = FILE_NAME.linux) => {
    const file = downloadedFile(name);
    const fake = fakePort({ file, files: await releaseFiles(file, o) });
    const { service, stop } = setup(fake.port);
    await service.check(false);
    const state = await service.download('1.2.0');
    expect(state).toMatchObject({ kind: 'failed', stage: 'verify', version: '1.2.0', message: expect.stringMatching(why) });
    // Refused files are removed, and cannot be installed.
    expect(fs.existsSync(file)).toBe(false);
    await expect(service.install('1.2.0')).rejects.toThrow(/not been downloaded and checked/);
    expect(fake.calls.install).toBe(0);
    stop();
  };

  it('accepts an AppImage whose hash is in the list signed with our key', async () => {
    const file = downloadedFile(FILE_NAME.linux);
    const fake = fakePort({ file, files: await releaseFiles(file) });
    const { service, stop } = setup(fake.port);
    await service.check(false);
    expect(await service.download('1.2.0')).toMatchObject({ kind: 'downloaded' });
    expect(fake.calls.fetched).toEqual([
      'https://github.com/coinspark/coinspark-wallet/releases/download/v1.2.0/SHA256SUMS.txt',
      'https://github.com/coinspark/coinspark-wallet/releases/download/v1.2.0/SHA256SUMS.txt.sig',
    ]);
    expect(fs.existsSync(file)).toBe(true);
    stop();
  });

  it('refuses a list signed with another key', () => refusedWith({ key: otherKey.privateKey }, /not signed with the CoinSpark Wallet release key/));
  it('refuses a file whose hash differs from the signed one', () => refusedWith({ sha: 'ef'.repeat(32) }, /does not match its signed checksum/));
  it('refuses a file the signed list does not name', () => refusedWith({ listName: 'coinspark-wallet-1.1.9-linux-x86_64.AppImage' }, /does not name coinspark-wallet-1.2.0-linux-x86_64.AppImage/));
  it('refuses when the release publishes no signature', () => refusedWith({ noSignature: true }, /publishes no SHA256SUMS.txt.sig/));
  it('refuses a file that is not an AppImage', () => refusedWith({}, /not a .AppImage file/, 'coinspark-wallet-1.2.0-linux-x64.deb'));

  it('lets the user try again after a refusal, and a good download then passes', async () => {
    const file = downloadedFile(FILE_NAME.linux);
    const files = await releaseFiles(file, { key: otherKey.privateKey });
    const fake = fakePort({ file, files });
    const { service, stop } = setup(fake.port);
    await service.check(true);
    expect(await service.download('1.2.0')).toMatchObject({ kind: 'failed', stage: 'verify' });
    fs.writeFileSync(file, 'the new version'); // electron-updater fetches it again
    for (const [url, body] of await releaseFiles(file)) files.set(url, body);
    expect(await service.download('1.2.0')).toMatchObject({ kind: 'downloaded' });
    expect(fake.calls.download).toBe(2);
    stop();
  });

  it('refuses to install a file that changed on disk after it was checked', async () => {
    const file = downloadedFile(FILE_NAME.linux);
    const fake = fakePort({ file, files: await releaseFiles(file) });
    const { service, stop } = setup(fake.port);
    await service.check(true);
    await service.download('1.2.0');
    fs.appendFileSync(file, 'and something else');
    expect(await service.install('1.2.0')).toMatchObject({ kind: 'failed', stage: 'install', message: expect.stringMatching(/changed on disk/) });
    expect(fake.calls.install).toBe(0);
    stop();
  });

  it('a failed download is reported and can be retried', async () => {
    const fake = fakePort({ downloadError: new Error('sha512 checksum mismatch') });
    const { service, stop } = setup(fake.port);
    await service.check(true);
    expect(await service.download('1.2.0')).toMatchObject({ kind: 'failed', stage: 'download', message: expect.stringMatching(/sha512 checksum mismatch/) });
    await expect(service.download('1.2.0')).resolves.toMatchObject({ kind: 'failed', stage: 'download' });
    expect(fake.calls.download).toBe(2);
    stop();
  });
});

describe('updates: accept or refuse by code signature (macOS team, Windows publisher)', () => {
  async function attempt(platform: UpdatePlatform, insp: SignatureInspector, installedPath: string | null = null) {
    const file = downloadedFile(FILE_NAME[platform]);
    const fake = fakePort({ platform, file, files: await releaseFiles(file), installedPath });
    const { service, stop } = setup(fake.port, { inspector: insp });
    await service.check(true);
    const state = await service.download('1.2.0');
    stop();
    return { state, fake, file };
  }

  it('macOS: accepts our notarised Developer ID team (after the checksum, on the unpacked app)', async () => {
    const insp = inspector({ mac: macOk() });
    const { state, file } = await attempt('darwin', insp);
    expect(state).toMatchObject({ kind: 'downloaded' });
    expect(insp.seen).toEqual([file, '/tmp/unpacked/CoinSpark Wallet.app']);
  });

  it('macOS: refuses another team, an unnotarised app, and a tool that fails', async () => {
    expect((await attempt('darwin', inspector({ mac: macOk('ZZZZZZZZZZ') }))).state).toMatchObject({ kind: 'failed', stage: 'verify', message: expect.stringMatching(/team ZZZZZZZZZZ, not by ours/) });
    expect((await attempt('darwin', inspector({ mac: macOk(TEAM, false) }))).state).toMatchObject({ kind: 'failed', message: expect.stringMatching(/notarised/) });
    expect((await attempt('darwin', inspector({ mac: new Error('codesign did not run: ETIMEDOUT') }))).state).toMatchObject({ kind: 'failed', message: expect.stringMatching(/could not be checked: codesign did not run/) });
  });

  it('macOS: a zip that fails the signed checksum is never unpacked or shown to codesign', async () => {
    const insp = inspector({ mac: macOk() });
    const file = downloadedFile(FILE_NAME.darwin);
    const fake = fakePort({ platform: 'darwin', file, files: await releaseFiles(file, { key: otherKey.privateKey }) });
    const { service, stop } = setup(fake.port, { inspector: insp });
    await service.check(true);
    expect(await service.download('1.2.0')).toMatchObject({ kind: 'failed', stage: 'verify' });
    expect(insp.seen).toEqual([]);
    stop();
  });

  it('Windows: accepts our publisher, refuses another one or a bad signature', async () => {
    expect((await attempt('win32', inspector({ win: winEvidence('CN=CoinSpark Wallet developers, O=CoinSpark, C=CH') }))).state).toMatchObject({ kind: 'downloaded' });
    expect((await attempt('win32', inspector({ win: winEvidence('CN=Mallory Software') }))).state).toMatchObject({ kind: 'failed', message: expect.stringMatching(/signed by "CN=Mallory Software"/) });
    expect((await attempt('win32', inspector({ win: winEvidence('CN=CoinSpark Wallet developers', 'HashMismatch') }))).state).toMatchObject({ kind: 'failed', message: expect.stringMatching(/HashMismatch/) });
  });

  it('a copy that is not itself signed by us turns updates off instead of trusting downloads', async () => {
    const fake = fakePort({ platform: 'darwin', installedPath: '/Applications/CoinSpark Wallet.app' });
    const insp = inspector({ mac: macOk('ZZZZZZZZZZ') });
    const { service, stop } = setup(fake.port, { inspector: insp });
    expect(insp.seen).toEqual([]); // not at start: codesign over the bundle waits for the first check
    expect(await service.check(true)).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/not signed by the CoinSpark Wallet developers/) });
    expect(fake.calls.check).toBe(0);
    expect(insp.seen).toEqual(['/Applications/CoinSpark Wallet.app']);
    stop();
    const signed = fakePort({ platform: 'win32', installedPath: 'C:\\Program Files\\CoinSpark Wallet\\CoinSpark Wallet.exe' });
    const ok = setup(signed.port, { inspector: inspector({ win: winEvidence('CN=CoinSpark Wallet developers') }) });
    expect(await ok.service.check(true)).toMatchObject({ kind: 'available' });
    ok.stop();
  });
});

describe('updates: where there is no updater', () => {
  it('the headless host says so, answers every call cleanly, and never throws on a check', async () => {
    const { module, service, stop } = setup(undefined);
    const state = await module.handlers['updates:state'](undefined, CALL);
    expect(state).toEqual({ kind: 'unsupported', reason: expect.stringMatching(/headless host does not update itself/) });
    expect(await module.handlers['updates:check'](undefined, CALL)).toEqual(state);
    await expect(service.download('1.2.0')).rejects.toThrow(/headless host/);
    await expect(service.install('1.2.0')).rejects.toThrow(/not been downloaded/);
    stop();
  });

  it('a build without the release key (or, on macOS, the team) does not update itself', async () => {
    const noKey = setup(fakePort({}).port, { identity: { ...identity, updateSigningPublicKey: null } });
    expect(noKey.service.state()).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/without the release signing key/) });
    noKey.stop();
    const noTeam = setup(fakePort({ platform: 'darwin' }).port, { identity: { ...identity, appleTeamId: null } });
    expect(noTeam.service.state()).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/Apple Developer ID team/) });
    noTeam.stop();
    const linuxNoTeam = setup(fakePort({}).port, { identity: { ...identity, appleTeamId: null } });
    expect(linuxNoTeam.service.state()).toMatchObject({ kind: 'idle' });
    linuxNoTeam.stop();
  });

  it('the port’s own reason (development run, .deb install) is shown as is', async () => {
    const fake = fakePort({ unsupportedReason: 'This is a development run: only installed release builds update themselves.' });
    const { service, stop } = setup(fake.port);
    expect(await service.check(true)).toEqual({ kind: 'unsupported', reason: 'This is a development run: only installed release builds update themselves.' });
    expect(fake.calls.check).toBe(0);
    stop();
  });
});
