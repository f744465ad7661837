import { describe, expect, it } from 'vitest';
import {
  decideMacSignature,
  decideWindowsSignature,
  parseCodesignDisplay,
  parseDistinguishedName,
  publisherMatches,
  type MacSignatureEvidence,
  type WindowsSignatureEvidence,
} from '../../../main/services/updates/code-signature';
import { AUTHENTICODE_SCRIPT, parseAuthenticodeOutput } from '../../../main/services/updates/inspect-signature';

// Tool output written in the format codesign, spctl and PowerShell print (Apple's and Microsoft's documented
// formats); not recorded on a Mac or a Windows machine, which this project's machines are not.
const TEAM = 'A1B2C3D4E5';
const identity = { appId: 'org.coinspark.wallet', appleTeamId: TEAM, windowsPublisherNames: ['CoinSpark Wallet developers'] };

function codesignDisplay(o: { team?: string; identifier?: string; flags?: string; authority?: string } = {}): string {
  return [
    'Executable=/tmp/coinspark-update-x/CoinSpark Wallet.app/Contents/MacOS/CoinSpark Wallet',
    `Identifier=${o.identifier ?? 'org.coinspark.wallet'}`,
    'Format=app bundle with Mach-O thin (arm64)',
    `CodeDirectory v=20500 size=1290 flags=${o.flags ?? '0x10000(runtime)'} hashes=29+7 location=embedded`,
    'Hash type=sha256 size=32',
    'CDHash=0c2f6e0d1c77a2fbd6f0d0d6a0b5f2c3f8a9e1d2',
    'Signature size=9044',
    `Authority=${o.authority ?? `Developer ID Application: CoinSpark Wallet developers (${o.team ?? TEAM})`}`,
    'Authority=Developer ID Certification Authority',
    'Authority=Apple Root CA',
    'Timestamp=4 Dec 2026 at 10:00:00',
    'Notarization Ticket=stapled',
    'Info.plist entries=30',
    `TeamIdentifier=${o.team ?? TEAM}`,
    'Runtime Version=15.0.0',
    'Sealed Resources version=2 rules=13 files=42',
    'Internal requirements count=1 size=212',
  ].join('\n');
}

const ADHOC_DISPLAY = [
  'Executable=/tmp/x/CoinSpark Wallet.app/Contents/MacOS/CoinSpark Wallet',
  'Identifier=org.coinspark.wallet',
  'Format=app bundle with Mach-O thin (arm64)',
  'CodeDirectory v=20400 size=1290 flags=0x20002(adhoc,linker-signed) hashes=29+7 location=embedded',
  'Signature=adhoc',
  'Info.plist entries=30',
  'TeamIdentifier=not set',
].join('\n');

const NOTARISED = `/tmp/x/CoinSpark Wallet.app: accepted\nsource=Notarized Developer ID\norigin=Developer ID Application: CoinSpark Wallet developers (${TEAM})\n`;
const UNNOTARISED = `/tmp/x/CoinSpark Wallet.app: rejected\nsource=Unnotarized Developer ID\norigin=Developer ID Application: CoinSpark Wallet developers (${TEAM})\n`;

function mac(o: Partial<MacSignatureEvidence> = {}): MacSignatureEvidence {
  return {
    verify: { ok: true, output: '/tmp/x/CoinSpark Wallet.app: valid on disk\n/tmp/x/CoinSpark Wallet.app: satisfies its Designated Requirement\n' },
    display: codesignDisplay(),
    gatekeeper: { accepted: true, output: NOTARISED },
    ...o,
  };
}

describe('macOS: Developer ID team, notarisation, hardened runtime', () => {
  it('reads codesign --display', () => {
    expect(parseCodesignDisplay(codesignDisplay())).toEqual({
      identifier: 'org.coinspark.wallet',
      teamIdentifier: TEAM,
      hardenedRuntime: true,
      authorities: [`Developer ID Application: CoinSpark Wallet developers (${TEAM})`, 'Developer ID Certification Authority', 'Apple Root CA'],
    });
    expect(parseCodesignDisplay(ADHOC_DISPLAY)).toMatchObject({ teamIdentifier: null, hardenedRuntime: false, authorities: [] });
  });

  it('accepts our notarised Developer ID app', () => {
    expect(decideMacSignature(mac(), identity)).toEqual({ accept: true });
  });

  it('refuses another team, an ad-hoc or broken signature, another app, no hardened runtime, no notarisation', () => {
    const refused = (e: MacSignatureEvidence, why: RegExp) => expect(decideMacSignature(e, identity)).toMatchObject({ accept: false, reason: expect.stringMatching(why) });
    refused(mac({ display: codesignDisplay({ team: 'ZZZZZZZZZZ' }) }), /team ZZZZZZZZZZ, not by ours \(A1B2C3D4E5\)/);
    refused(mac({ display: ADHOC_DISPLAY }), /ad-hoc or unsigned/);
    refused(mac({ verify: { ok: false, output: 'CoinSpark Wallet.app: a sealed resource is missing or invalid\n' } }), /broken: CoinSpark Wallet.app: a sealed resource is missing/);
    refused(mac({ display: codesignDisplay({ identifier: 'com.evil.wallet' }) }), /com.evil.wallet, not org.coinspark.wallet/);
    refused(mac({ display: codesignDisplay({ flags: '0x0(none)' }) }), /hardened runtime/);
    refused(mac({ display: codesignDisplay({ authority: `Apple Development: someone (${TEAM})` }) }), /Developer ID Application certificate/);
    refused(mac({ gatekeeper: { accepted: false, output: UNNOTARISED } }), /notarised Developer ID app \(Unnotarized Developer ID\)/);
    // Gatekeeper saying "accepted" for some other reason is not enough either.
    refused(mac({ gatekeeper: { accepted: true, output: 'x: accepted\nsource=Developer ID\n' } }), /notarised/);
    expect(decideMacSignature(mac(), { ...identity, appleTeamId: null })).toMatchObject({ accept: false, reason: expect.stringMatching(/does not know our Apple/) });
  });
});

describe('Windows: Authenticode publisher', () => {
  const file = 'C:\\Users\\me\\AppData\\Local\\coinspark-wallet-updater\\pending\\coinspark-wallet-1.2.0-win-x64.exe';
  const valid: WindowsSignatureEvidence = {
    status: 'Valid',
    statusMessage: 'Signature verified.',
    subject: 'CN=CoinSpark Wallet developers, O=CoinSpark Wallet developers, L=Zug, C=CH',
    path: file,
  };

  it('parses distinguished names as Windows prints them, quotes included', () => {
    expect(parseDistinguishedName('CN="Foo, Inc.", O="Foo, Inc.", L=Zug, C=CH')).toEqual(
      new Map([['CN', 'Foo, Inc.'], ['O', 'Foo, Inc.'], ['L', 'Zug'], ['C', 'CH']]),
    );
    expect(parseDistinguishedName('CN="He said ""hi"""')?.get('CN')).toBe('He said "hi"');
    expect(parseDistinguishedName('CN="unterminated')).toBeNull();
    expect(parseDistinguishedName('CN=a, CN=b')).toBeNull();
    expect(parseDistinguishedName('no equals sign')).toBeNull();
  });

  it('matches a bare common name exactly, or every attribute of a full DN', () => {
    const subject = 'CN="CoinSpark Wallet developers", O=CoinSpark, C=CH';
    expect(publisherMatches(subject, ['CoinSpark Wallet developers'])).toBe(true);
    expect(publisherMatches(subject, ['CoinSpark Wallet'])).toBe(false);
    expect(publisherMatches('CN=CoinSpark Wallet developers Ltd', ['CoinSpark Wallet developers'])).toBe(false);
    expect(publisherMatches(subject, ['CN=CoinSpark Wallet developers, C=CH'])).toBe(true);
    expect(publisherMatches(subject, ['CN=CoinSpark Wallet developers, C=US'])).toBe(false);
  });

  it('accepts a valid signature by our publisher', () => {
    expect(decideWindowsSignature(valid, file, identity)).toEqual({ accept: true });
    expect(decideWindowsSignature({ ...valid, path: file.toUpperCase().replace(/\\/g, '/') }, file, identity)).toEqual({ accept: true });
  });

  it('refuses unsigned, tampered, untrusted, another publisher, or evidence about another file', () => {
    const refused = (e: WindowsSignatureEvidence, why: RegExp) => expect(decideWindowsSignature(e, file, identity)).toMatchObject({ accept: false, reason: expect.stringMatching(why) });
    refused({ ...valid, status: 'NotSigned', statusMessage: 'The file is not digitally signed.', subject: null }, /NotSigned: The file is not digitally signed/);
    refused({ ...valid, status: 'HashMismatch', statusMessage: 'The contents of the file may have been tampered with.' }, /HashMismatch/);
    refused({ ...valid, status: 'NotTrusted', statusMessage: 'A certificate chain processed, but terminated in a root certificate which is not trusted.' }, /NotTrusted/);
    refused({ ...valid, subject: 'CN=Mallory Software, O=Mallory, C=US' }, /signed by "CN=Mallory Software, O=Mallory, C=US", not by CoinSpark Wallet developers/);
    refused({ ...valid, subject: null }, /no signer certificate/);
    refused({ ...valid, path: 'C:\\other.exe' }, /another file/);
  });

  it('reads our PowerShell output; the file name never enters the command', () => {
    expect(AUTHENTICODE_SCRIPT).toContain('$env:COINSPARK_SIGNED_FILE');
    expect(AUTHENTICODE_SCRIPT).toContain('-LiteralPath');
    const out = JSON.stringify({ status: 'Valid', statusMessage: 'Signature verified.', subject: valid.subject, path: file });
    expect(parseAuthenticodeOutput(`${out}\r\n`)).toEqual(valid);
    expect(parseAuthenticodeOutput(JSON.stringify({ status: 'NotSigned', statusMessage: 'x', subject: null, path: file })).subject).toBeNull();
    expect(() => parseAuthenticodeOutput(JSON.stringify({ status: 0, path: file }))).toThrow(/no status/);
    expect(() => parseAuthenticodeOutput('WARNING: something')).toThrow();
  });
});
