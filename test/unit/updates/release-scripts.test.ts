import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { decideChecksum, sha256File } from '../../../main/services/updates/signed-checksums';
import { disagreements, signingKey, signList, writeChecksums } from '../../../scripts/release/checksums';
import { newSigningKey } from '../../../scripts/release/keygen';
// @ts-expect-error plain .mjs script without type declarations
import { missingSigningSecrets, plan, signingKeyProblem } from '../../../scripts/release/preflight.mjs';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'));
  dirs.push(d);
  return d;
}

const key = newSigningKey();
const identity = { feed: { owner: 'coinspark', repo: 'coinspark-wallet' }, appleTeamId: 'A1B2C3D4E5', updateSigningPublicKey: key.publicSpki };
const tagPush = { GITHUB_EVENT_NAME: 'push', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.2.0', GITHUB_REPOSITORY: 'coinspark/coinspark-wallet', UPDATE_SIGNING_KEY: key.privatePem };

describe('release preflight', () => {
  it('a version tag is a signed release; a manual run is a labelled dry run', () => {
    expect(plan(tagPush, { version: '1.2.0' }, identity)).toEqual({ release: true, sign: true, version: '1.2.0', label: '', errors: [] });
    expect(plan({ GITHUB_EVENT_NAME: 'workflow_dispatch', INPUT_SIGN: 'false' }, { version: '1.2.0' }, identity)).toMatchObject({ release: false, sign: false, label: 'UNSIGNED-dry-run', errors: [] });
    expect(plan({ GITHUB_EVENT_NAME: 'workflow_dispatch', INPUT_SIGN: 'true', UPDATE_SIGNING_KEY: key.privatePem }, { version: '1.2.0' }, identity)).toMatchObject({ release: false, sign: true, label: 'dry-run', errors: [] });
    // An unsigned dry run does not need the identity filled in.
    expect(plan({ GITHUB_EVENT_NAME: 'workflow_dispatch' }, { version: '1.2.0' }, { ...identity, appleTeamId: null, updateSigningPublicKey: null }).errors).toEqual([]);
  });

  it('refuses a tag that is not the package version, a fork’s repository, and an identity or key that is not ready', () => {
    expect(plan({ ...tagPush, GITHUB_REF_NAME: 'v1.2.1' }, { version: '1.2.0' }, identity).errors).toEqual([expect.stringMatching(/v1.2.1 is not v1.2.0/)]);
    expect(plan({ ...tagPush, GITHUB_REPOSITORY: 'someone/fork' }, { version: '1.2.0' }, identity).errors).toEqual([expect.stringMatching(/not the update feed/)]);
    expect(plan(tagPush, { version: '1.2.0' }, { ...identity, appleTeamId: null, updateSigningPublicKey: null }).errors).toEqual([
      expect.stringMatching(/no appleTeamId/),
      expect.stringMatching(/no updateSigningPublicKey/),
    ]);
    expect(plan({ ...tagPush, UPDATE_SIGNING_KEY: '' }, { version: '1.2.0' }, identity).errors).toEqual([expect.stringMatching(/UPDATE_SIGNING_KEY is not set/)]);
    expect(plan({ GITHUB_EVENT_NAME: 'pull_request' }, { version: '1.2.0' }, identity).errors).toEqual([expect.stringMatching(/not from pull_request/)]);
  });

  it('the signing secret must be the Ed25519 key whose public half is committed', () => {
    expect(signingKeyProblem(key.privatePem, key.publicSpki)).toBeNull();
    expect(signingKeyProblem(newSigningKey().privatePem, key.publicSpki)).toMatch(/not the key whose public half/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(signingKeyProblem(rsa, key.publicSpki)).toMatch(/rsa key, not Ed25519/);
    expect(signingKeyProblem('not a key', key.publicSpki)).toMatch(/not a PEM private key/);
  });

  it('names each missing signing secret of a platform', () => {
    expect(missingSigningSecrets('mac', {})).toEqual(['MAC_CSC_LINK', 'MAC_CSC_KEY_PASSWORD', expect.stringMatching(/APPLE_API_KEY_P8 \+ APPLE_API_KEY_ID \+ APPLE_API_ISSUER \(or APPLE_ID \+ APPLE_APP_SPECIFIC_PASSWORD\)/)]);
    expect(missingSigningSecrets('mac', { MAC_CSC_LINK: 'x', MAC_CSC_KEY_PASSWORD: 'y', APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'b' })).toEqual([]);
    expect(missingSigningSecrets('mac', { MAC_CSC_LINK: 'x', MAC_CSC_KEY_PASSWORD: 'y', APPLE_API_KEY_P8: 'k', APPLE_API_KEY_ID: 'i', APPLE_API_ISSUER: 's' })).toEqual([]);
    expect(missingSigningSecrets('win', { WIN_CSC_LINK: 'x' })).toEqual(['WIN_CSC_KEY_PASSWORD']);
    expect(missingSigningSecrets('linux', {})).toEqual([]);
  });

  it('the CLI refuses a signed build without its secrets (exit status 1, one ::error:: per secret)', async () => {
    const env = { PATH: process.env.PATH ?? '', WIN_CSC_LINK: 'abc' };
    const failed = await run('node', ['scripts/release/preflight.mjs', '--secrets', 'win'], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('::error::signed win build refused: the repository secret WIN_CSC_KEY_PASSWORD is not set') });
  });
});

describe('release checksums', () => {
  it('writes a list the app accepts once signed with the committed key, file by file', async () => {
    const dir = tempDir();
    const files = ['coinspark-wallet-1.2.0-linux-x86_64.AppImage', 'coinspark-wallet-1.2.0-win-x64.exe', 'latest.yml'].map((name, i) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, `file ${i}`);
      return f;
    });
    const list = Buffer.from(await writeChecksums(files));
    const signature = signList(list, signingKey(key.privatePem, key.publicSpki));
    for (const f of files) {
      expect(decideChecksum({ list, signature, publicKeySpki: key.publicSpki, fileName: path.basename(f), fileSha256: await sha256File(f) })).toEqual({ accept: true });
    }
    expect(decideChecksum({ list, signature, publicKeySpki: newSigningKey().publicSpki, fileName: 'latest.yml', fileSha256: await sha256File(files[2]!) }).accept).toBe(false);
  });

  it('refuses to sign with a key that is not the committed one', () => {
    expect(() => signingKey(undefined, key.publicSpki)).toThrow(/UPDATE_SIGNING_KEY is not set/);
    expect(() => signingKey(newSigningKey().privatePem, key.publicSpki)).toThrow(/not the key whose public half/);
    expect(() => signingKey(key.privatePem, null)).toThrow(/release:keygen/);
  });

  it('catches a file that changed, vanished or appeared between its build runner and the release', () => {
    const line = (c: string, n: string) => `${c.repeat(64)}  ${n}\n`;
    const all = line('a', 'mac.zip') + line('b', 'win.exe');
    expect(disagreements(all, [line('a', 'mac.zip'), line('b', 'win.exe')])).toEqual([]);
    expect(disagreements(all, [line('c', 'mac.zip'), line('b', 'win.exe')])).toEqual(['mac.zip: changed between its build runner and the release']);
    expect(disagreements(all, [line('a', 'mac.zip'), line('b', 'win.exe') + line('d', 'linux.AppImage')])).toEqual(['linux.AppImage: built but missing from the release']);
    expect(disagreements(all, [line('a', 'mac.zip')])).toEqual(['win.exe: in the release but built by no runner']);
  });

  it('the CLI writes the list, and refuses to sign while release-identity.json has no key (as committed today)', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'coinspark-wallet-1.2.0-linux-x86_64.AppImage');
    fs.writeFileSync(f, 'abc');
    const list = path.join(dir, 'SHA256SUMS.txt');
    await run('npx', ['tsx', 'scripts/release/checksums.ts', 'write', list, f]);
    expect(fs.readFileSync(list, 'utf8')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  coinspark-wallet-1.2.0-linux-x86_64.AppImage\n');
    const committed = JSON.parse(fs.readFileSync('main/services/updates/release-identity.json', 'utf8')) as { updateSigningPublicKey: string | null };
    const signed = await run('npx', ['tsx', 'scripts/release/checksums.ts', 'sign', list, `${list}.sig`], { env: { ...process.env, UPDATE_SIGNING_KEY: key.privatePem } }).catch((e: { code: number; stderr: string }) => e);
    if (committed.updateSigningPublicKey === null) expect(signed).toMatchObject({ code: 1, stderr: expect.stringMatching(/no updateSigningPublicKey/) });
    else expect(signed).toMatchObject({ code: 1, stderr: expect.stringMatching(/not the key whose public half/) });
    expect(fs.existsSync(`${list}.sig`)).toBe(false);
  });

  it('keygen makes an Ed25519 pair whose halves belong together', () => {
    const pair = newSigningKey();
    expect(pair.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(pair.publicSpki).toMatch(/^[A-Za-z0-9+/]{59}=$/);
    expect(signingKeyProblem(pair.privatePem, pair.publicSpki)).toBeNull();
  });
});
