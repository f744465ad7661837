import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';

/**
 * What the renderer may know of the updater: a state to show and two consents to give. Everything else (the
 * feed, downloads, signature checks, the installer) stays in main; the renderer never names a file or a URL.
 */
export type UpdateState =
  /** This host cannot update itself (headless host, development run, unsigned copy, .deb install, …). */
  | { kind: 'unsupported'; reason: string }
  | { kind: 'idle'; currentVersion: string }
  | { kind: 'checking'; currentVersion: string; userInitiated: boolean }
  | { kind: 'up-to-date'; currentVersion: string; checkedAt: number; userInitiated: boolean }
  /** A newer version is on the release feed; nothing is downloaded until the user says so. */
  | { kind: 'available'; currentVersion: string; version: string; releaseUrl: string }
  | { kind: 'downloading'; currentVersion: string; version: string; percent: number }
  /** Downloaded; main is checking the signed checksums and the code signature. */
  | { kind: 'verifying'; currentVersion: string; version: string }
  /** Downloaded AND verified (signed checksums, code signature): installing needs the user's consent. */
  | { kind: 'downloaded'; currentVersion: string; version: string; releaseUrl: string }
  | { kind: 'installing'; currentVersion: string; version: string }
  | {
      kind: 'failed';
      currentVersion: string;
      stage: 'check' | 'download' | 'verify' | 'install';
      message: string;
      version: string | null;
      userInitiated: boolean;
    };

/** A release version as the feed names it (semver, optional pre-release part). */
export const UpdateVersionSchema = v.pipe(v.string(), v.maxLength(64), v.regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}(-[0-9A-Za-z.-]{1,40})?$/));

export const updatesChannels = {
  'updates:state': invoke(NoRequest).returns<UpdateState>(),
  /** Check the release feed now (the user asked). */
  'updates:check': invoke(NoRequest).returns<UpdateState>(),
  /** The user consents to download this version (it must be the one on offer). */
  'updates:download': invoke(v.strictObject({ version: UpdateVersionSchema })).returns<UpdateState>(),
  /** The user consents to quit and install this version (it must be downloaded and verified). */
  'updates:install': invoke(v.strictObject({ version: UpdateVersionSchema })).returns<UpdateState>(),
};

export const updatesEvents = {
  'updates:state': event<UpdateState>(),
};
