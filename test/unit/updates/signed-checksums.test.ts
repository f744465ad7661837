import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchReleaseFile } from '../../../main/services/updates/release-files';
import { ed25519KeyFromSpki, releaseIdentity, spkiFromEd25519Key } from '../../../main/services/updates/release-identity';
import { decideChecksum, formatChecksums, parseChecksums, sha256File, verifyChecksumSignature } from '../../../main/services/updates/signed-checksums';
import { makeTempDir } from '../../support/temp-dir';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

const ours = keyPair();
const theirs = keyPair();
const enc = new TextEncoder();
const HASH = 'ab'.repeat(32);
const list = enc.encode(formatChecksums([
  { name: 'coinspark-wallet-1.2.0-linux-x86_64.AppImage', sha256: HASH },
  { name: 'coinspark-wallet-1.2.0-mac-arm64.zip', sha256: 'cd'.repeat(32) },
]));
const signedByUs = new Uint8Array(sign(null, list, ours.privateKey));

describe('the signed checksum list', () => {
  it('is the sha256sum format, sorted, one line per file, and parses back', () => {
    const text = new TextDecoder().decode(list);
    expect(text).toBe(`${'ab'.repeat(32)}  coinspark-wallet-1.2.0-linux-x86_64.AppImage\n${'cd'.repeat(32)}  coinspark-wallet-1.2.0-mac-arm64.zip\n`);
    const parsed = parseChecksums(text);
    expect(parsed).toBeInstanceOf(Map);
    expect((parsed as Map<string, string>).get('coinspark-wallet-1.2.0-mac-arm64.zip')).toBe('cd'.repeat(32));
    expect(() => formatChecksums([{ name: 'a', sha256: HASH }, { name: 'a', sha256: HASH }])).toThrow(/two files named a/);
  });

  it('rejects a whole list with any malformed line, a path, or a name given twice', () => {
    expect(parseChecksums('')).toMatch(/empty/);
    expect(parseChecksums(`${HASH}  ok\nnot a line\n`)).toMatch(/line 2/);
    expect(parseChecksums(`${HASH}  ../../etc/passwd\n`)).toMatch(/line 1/);
    expect(parseChecksums(`${HASH.toUpperCase()}  upper\n`)).toMatch(/line 1/);
    expect(parseChecksums(`${HASH}  a\n${HASH}  a\n`)).toMatch(/names a twice/);
    expect(parseChecksums(`${HASH} *binary-mode\n`)).toBeInstanceOf(Map);
  });

  it('checks an Ed25519 signature made by node:crypto (as the release workflow signs) with the app’s verifier', () => {
    expect(verifyChecksumSignature(list, signedByUs, ours.spki)).toEqual({ accept: true });
    expect(verifyChecksumSignature(list, signedByUs, theirs.spki).accept).toBe(false);
    const tampered = Uint8Array.from(list);
    tampered[0] = tampered[0] === 0x61 ? 0x62 : 0x61;
    expect(verifyChecksumSignature(tampered, signedByUs, ours.spki).accept).toBe(false);
    expect(verifyChecksumSignature(list, signedByUs.subarray(0, 63), ours.spki)).toMatchObject({ accept: false, reason: expect.stringMatching(/63 bytes/) });
  });

  it('accepts a download only when the list is ours, names the file, and gives its exact hash', () => {
    const base = { list, signature: signedByUs, publicKeySpki: ours.spki, fileName: 'coinspark-wallet-1.2.0-linux-x86_64.AppImage', fileSha256: HASH };
    expect(decideChecksum(base)).toEqual({ accept: true });
    expect(decideChecksum({ ...base, fileSha256: HASH.toUpperCase() })).toEqual({ accept: true });
    expect(decideChecksum({ ...base, publicKeySpki: null })).toMatchObject({ accept: false, reason: expect.stringMatching(/no release signing key/) });
    expect(decideChecksum({ ...base, publicKeySpki: theirs.spki })).toMatchObject({ accept: false, reason: expect.stringMatching(/not signed with the CoinSpark Wallet release key/) });
    expect(decideChecksum({ ...base, fileSha256: 'ef'.repeat(32) })).toMatchObject({ accept: false, reason: expect.stringMatching(/does not match its signed checksum/) });
    expect(decideChecksum({ ...base, fileName: 'coinspark-wallet-1.2.1-linux-x86_64.AppImage' })).toMatchObject({ accept: false, reason: expect.stringMatching(/does not name/) });
    // A list signed by someone else, even one naming the right hash, is refused before it is read.
    const forged = new Uint8Array(sign(null, list, theirs.privateKey));
    expect(decideChecksum({ ...base, signature: forged }).accept).toBe(false);
    // Our key over something that is not a checksum list is refused too.
    const junk = enc.encode('hello\n');
    expect(decideChecksum({ ...base, list: junk, signature: new Uint8Array(sign(null, junk, ours.privateKey)) })).toMatchObject({ accept: false, reason: expect.stringMatching(/line 1/) });
    const huge = new Uint8Array(64 * 1024 + 1);
    expect(decideChecksum({ ...base, list: huge })).toMatchObject({ accept: false, reason: expect.stringMatching(/larger/) });
  });

  it('round-trips the public key between raw bytes and the SPKI the identity file holds', () => {
    const raw = ed25519KeyFromSpki(ours.spki);
    expect(raw).toBeInstanceOf(Uint8Array);
    expect(spkiFromEd25519Key(raw as Uint8Array)).toBe(ours.spki);
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(ed25519KeyFromSpki(publicKey.export({ type: 'spki', format: 'der' }).toString('base64'))).toMatch(/not/);
  });

  it('hashes a file by streaming it', async () => {
    const file = path.join(makeTempDir('sums-'), 'f.bin');
    fs.writeFileSync(file, 'abc');
    expect(await sha256File(file)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('the committed release identity parses (a malformed one would fail every build)', () => {
    const identity = releaseIdentity();
    expect(identity.appId).toBe('org.coinspark.wallet');
    expect(identity.windowsPublisherNames.length).toBeGreaterThan(0);
  });
});

describe('fetching a release file', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ok') res.end('1234');
      else if (req.url === '/big-declared') {
        res.writeHead(200, { 'Content-Length': '100000' });
        res.end(Buffer.alloc(100000));
      } else if (req.url === '/big-streamed') {
        res.writeHead(200);
        for (let i = 0; i < 20; i++) res.write(Buffer.alloc(10_000));
        res.end();
      } else if (req.url === '/slow') {
        res.writeHead(200);
        res.write('a'); // then nothing
      } else if (req.url === '/error') {
        res.writeHead(503);
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the bytes, and refuses missing, failing, oversized and stalled answers with a message', async () => {
    expect(new TextDecoder().decode(await fetchReleaseFile(fetch, `${base}/ok`, 100))).toBe('1234');
    await expect(fetchReleaseFile(fetch, `${base}/SHA256SUMS.txt.sig`, 100)).rejects.toThrow(/publishes no SHA256SUMS.txt.sig/);
    await expect(fetchReleaseFile(fetch, `${base}/error`, 100)).rejects.toThrow(/HTTP 503/);
    await expect(fetchReleaseFile(fetch, `${base}/big-declared`, 64 * 1024)).rejects.toThrow(/100000 bytes/);
    await expect(fetchReleaseFile(fetch, `${base}/big-streamed`, 64 * 1024)).rejects.toThrow(/more than the 65536 bytes/);
    const started = performance.now();
    await expect(fetchReleaseFile(fetch, `${base}/slow`, 100, 300)).rejects.toThrow(/within 0.3 s/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
