import type { ReleaseIdentity } from './release-identity';
import type { Verdict } from './signed-checksums';

/**
 * Decisions on the operating system's code signatures, from evidence gathered by `inspect-signature.ts` (which
 * runs `codesign`/`spctl` on macOS and PowerShell's Get-AuthenticodeSignature on Windows). The parsing and the
 * decisions are plain functions so that the rules are tested here, on any system; the same functions judge the
 * release workflow's own builds before they are published.
 */

// ---------------------------------------------------------------- macOS

export interface MacSignatureEvidence {
  /** `codesign --verify --deep --strict`: exit status and what it said. */
  verify: { ok: boolean; output: string };
  /** `codesign --display --verbose=4` output (codesign writes it to stderr). */
  display: string;
  /** `spctl --assess --type execute --verbose=4`: Gatekeeper's verdict and its output. */
  gatekeeper: { accepted: boolean; output: string };
}

export interface CodesignDetails {
  identifier: string | null;
  teamIdentifier: string | null;
  /** Signed with the hardened runtime (CodeDirectory flags include `runtime`). */
  hardenedRuntime: boolean;
  /** Certificate chain, leaf first ("Developer ID Application: Name (TEAMID)", …). */
  authorities: string[];
}

export function parseCodesignDisplay(output: string): CodesignDetails {
  const details: CodesignDetails = { identifier: null, teamIdentifier: null, hardenedRuntime: false, authorities: [] };
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'Identifier') details.identifier = value;
    else if (key === 'TeamIdentifier') details.teamIdentifier = value === 'not set' ? null : value;
    else if (key === 'Authority') details.authorities.push(value);
    else if (key === 'CodeDirectory v') details.hardenedRuntime = /\bflags=0x[0-9a-f]+\([^)]*\bruntime\b[^)]*\)/.test(value);
  }
  return details;
}

/** `source=` of spctl's verbose output: "Notarized Developer ID" for a notarised Developer ID app. */
export function parseGatekeeperSource(output: string): string | null {
  const m = /^source=(.+)$/m.exec(output);
  return m ? m[1]!.trim() : null;
}

export function decideMacSignature(evidence: MacSignatureEvidence, identity: Pick<ReleaseIdentity, 'appId' | 'appleTeamId'>): Verdict {
  if (!identity.appleTeamId) return { accept: false, reason: 'This build does not know our Apple Developer ID team, so it cannot check updates.' };
  if (!evidence.verify.ok) return { accept: false, reason: `The update's code signature is broken: ${firstLine(evidence.verify.output)}` };
  const d = parseCodesignDisplay(evidence.display);
  if (d.teamIdentifier !== identity.appleTeamId) {
    return { accept: false, reason: `The update is signed by team ${d.teamIdentifier ?? '(none: ad-hoc or unsigned)'}, not by ours (${identity.appleTeamId}).` };
  }
  if (d.identifier !== identity.appId) return { accept: false, reason: `The update is the app ${d.identifier ?? '(unnamed)'}, not ${identity.appId}.` };
  if (!d.authorities[0]?.startsWith('Developer ID Application:')) {
    return { accept: false, reason: `The update is not signed with a Developer ID Application certificate (${d.authorities[0] ?? 'no certificate'}).` };
  }
  if (!d.hardenedRuntime) return { accept: false, reason: 'The update is not signed with the hardened runtime.' };
  const source = parseGatekeeperSource(evidence.gatekeeper.output);
  if (!evidence.gatekeeper.accepted || source !== 'Notarized Developer ID') {
    return { accept: false, reason: `Gatekeeper does not accept the update as a notarised Developer ID app (${source ?? firstLine(evidence.gatekeeper.output)}).` };
  }
  return { accept: true };
}

// ---------------------------------------------------------------- Windows

/** What our PowerShell call prints (one JSON object; see inspect-signature.ts). */
export interface WindowsSignatureEvidence {
  /** Get-AuthenticodeSignature's Status: Valid, NotSigned, HashMismatch, NotTrusted, UnknownError, … */
  status: string;
  statusMessage: string;
  /** The signer certificate's subject, e.g. `CN="Name, Inc.", O="Name, Inc.", L=City, C=US`; null when unsigned. */
  subject: string | null;
  /** The file PowerShell looked at. */
  path: string;
}

/** An X.500 name as Windows prints it: attribute → value; values may be "quoted" (with "" for a quote). */
export function parseDistinguishedName(text: string): Map<string, string> | null {
  const parts = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) return null;
    const key = text.slice(i, eq).trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9.]*$/.test(key)) return null;
    i = eq + 1;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) return null;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      while (i < n && text[i] === ' ') i++;
      if (i < n && text[i] !== ',') return null;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      value = text.slice(i, end).trim();
      i = end;
    }
    if (parts.has(key)) return null;
    parts.set(key, value);
    if (text[i] === ',') i++;
  }
  return parts.size > 0 ? parts : null;
}

/** A publisher entry is a bare common name, or a distinguished name whose every attribute must match. */
export function publisherMatches(subject: string, publisherNames: readonly string[]): boolean {
  const dn = parseDistinguishedName(subject);
  if (!dn) return false;
  return publisherNames.some((name) => {
    if (!name.includes('=')) return dn.get('CN') === name;
    const wanted = parseDistinguishedName(name);
    if (!wanted) return false;
    for (const [key, value] of wanted) if (dn.get(key) !== value) return false;
    return true;
  });
}

function normalisePath(p: string): string {
  return p.replace(/\//g, '\\').toLowerCase();
}

export function decideWindowsSignature(evidence: WindowsSignatureEvidence, file: string, identity: Pick<ReleaseIdentity, 'windowsPublisherNames'>): Verdict {
  if (normalisePath(evidence.path) !== normalisePath(file)) return { accept: false, reason: 'The signature check looked at another file than the update.' };
  if (evidence.status !== 'Valid') {
    return { accept: false, reason: `The update's Authenticode signature is not valid (${evidence.status}: ${firstLine(evidence.statusMessage)}).` };
  }
  if (!evidence.subject) return { accept: false, reason: 'The update carries no signer certificate.' };
  if (!publisherMatches(evidence.subject, identity.windowsPublisherNames)) {
    return { accept: false, reason: `The update is signed by "${evidence.subject}", not by ${identity.windowsPublisherNames.join(' or ')}.` };
  }
  return { accept: true };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no output';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
