import * as v from 'valibot';
import committedIdentity from './release-identity.json' with { type: 'json' };

/**
 * Who we are when we publish: the release feed, the names our code signatures carry, and the public half of the
 * key that signs each release's checksum file. It lives in `release-identity.json`, is bundled into main (inside
 * the asar, so asar integrity covers it), and is read by three parties that must agree: the updater (accept an
 * update only if it matches), the release workflow (refuse to publish a build that does not), and the packaging
 * tests (electron-builder.yml says the same). A field left `null` means "not set up yet": the updater stays off on
 * the platforms that need it and the release workflow refuses to publish.
 */
export interface ReleaseIdentity {
  appId: string;
  feed: { provider: 'github'; owner: string; repo: string };
  /** Subject of our Authenticode certificate: a common name, or a full distinguished name ("CN=…, O=…, C=…"). */
  windowsPublisherNames: string[];
  /** The Apple Developer ID team that signs and notarises the macOS app. */
  appleTeamId: string | null;
  /** Ed25519 public key, base64 of its SubjectPublicKeyInfo DER (what `openssl pkey -pubout -outform DER` prints). */
  updateSigningPublicKey: string | null;
}

const GithubName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,100}$/));

export const ReleaseIdentitySchema = v.strictObject({
  appId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/)),
  feed: v.strictObject({ provider: v.literal('github'), owner: GithubName, repo: GithubName }),
  windowsPublisherNames: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(400))), v.minLength(1)),
  appleTeamId: v.nullable(v.pipe(v.string(), v.regex(/^[A-Z0-9]{10}$/, 'an Apple team ID is 10 capital letters or digits'))),
  updateSigningPublicKey: v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]{59}=$/, 'an Ed25519 SPKI key is 44 bytes of base64'))),
});

/** The identity this build was made with (the committed JSON, validated: a malformed file fails loudly). */
export function releaseIdentity(): ReleaseIdentity {
  return v.parse(ReleaseIdentitySchema, committedIdentity);
}

/** The 12 bytes that start every Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE, AlgorithmIdentifier 1.3.101.112. */
const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

/** The raw 32-byte Ed25519 key inside a base64 SPKI, or an error message. */
export function ed25519KeyFromSpki(base64: string): Uint8Array | string {
  const der = Uint8Array.from(Buffer.from(base64, 'base64'));
  if (der.length !== ED25519_SPKI_PREFIX.length + 32) return `the key is ${der.length} bytes, not an Ed25519 SubjectPublicKeyInfo (44)`;
  for (let i = 0; i < ED25519_SPKI_PREFIX.length; i++) {
    if (der[i] !== ED25519_SPKI_PREFIX[i]) return 'the key is not an Ed25519 SubjectPublicKeyInfo';
  }
  return der.subarray(ED25519_SPKI_PREFIX.length);
}

export function spkiFromEd25519Key(raw: Uint8Array): string {
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  const der = new Uint8Array(44);
  der.set(ED25519_SPKI_PREFIX, 0);
  der.set(raw, 12);
  return Buffer.from(der).toString('base64');
}

/** Names of the files beside every release's installers: the checksum list and its detached signature. */
export const CHECKSUM_FILE = 'SHA256SUMS.txt';
export const CHECKSUM_SIGNATURE_FILE = 'SHA256SUMS.txt.sig';

/** The page of a release, for people. */
export function releasePageUrl(identity: ReleaseIdentity, version: string): string {
  return `https://github.com/${identity.feed.owner}/${identity.feed.repo}/releases/tag/v${version}`;
}

/** Where a file published with a release is downloaded from (GitHub redirects to its storage host). */
export function releaseAssetUrl(identity: ReleaseIdentity, version: string, fileName: string): string {
  return `https://github.com/${identity.feed.owner}/${identity.feed.repo}/releases/download/v${version}/${encodeURIComponent(fileName)}`;
}

export type UpdatePlatform = 'darwin' | 'win32' | 'linux';

/** What this identity still lacks before `platform` can take updates (empty when complete). */
export function missingForPlatform(identity: ReleaseIdentity, platform: UpdatePlatform): string[] {
  const missing: string[] = [];
  if (!identity.updateSigningPublicKey) missing.push('the release signing key (updateSigningPublicKey)');
  if (platform === 'darwin' && !identity.appleTeamId) missing.push('the Apple Developer ID team (appleTeamId)');
  return missing;
}
