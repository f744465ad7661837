import fs from 'node:fs/promises';
import * as v from 'valibot';
import { UpdateVersionSchema, type UpdateState } from '../../../shared/ipc/channels/updates';
import { UserFacingError } from '../../../shared/ipc/result';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import { systemSignatureInspector, type SignatureInspector } from './inspect-signature';
import { fetchReleaseFile } from './release-files';
import { missingForPlatform, releaseIdentity, releasePageUrl, type ReleaseIdentity } from './release-identity';
import { sha256File } from './signed-checksums';
import type { UpdaterPort } from './updater-port';
import { verifyCodeSignature, verifyDownloadedUpdate, type VerifyDeps } from './verify-update';

/**
 * `ctx.services.updates`: finds, fetches and installs new versions of the desktop app — only with the user's
 * consent at each step (download, then install) and only a file that our release key and our code signature
 * vouch for. The Electron part (electron-updater) arrives as `ctx.platform.updater`; the headless host has none,
 * and then this service only says so.
 */
export interface UpdatesService {
  state(): UpdateState;
  /** Ask the feed now. `userInitiated`: the user chose "Check for updates" (menu or window). */
  check(userInitiated: boolean): Promise<UpdateState>;
  download(version: string): Promise<UpdateState>;
  install(version: string): Promise<UpdateState>;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    updates: UpdatesService;
  }
}

export interface UpdatesServiceOptions {
  identity?: ReleaseIdentity;
  inspector?: SignatureInspector;
  /** First automatic check after start (leaves the start-up sync alone). */
  firstCheckDelayMs?: number;
  /** Automatic checks while the wallet stays open. */
  recheckMs?: number;
}

const FIRST_CHECK_DELAY_MS = 20_000;
const RECHECK_MS = 24 * 60 * 60 * 1000;

/** a > b for release versions (numeric parts; a pre-release sorts before its release). */
export function isNewerVersion(a: string, b: string): boolean {
  const parse = (s: string) => {
    const [core = '', pre] = s.split('-', 2);
    return { nums: core.split('.').map((n) => Number(n)), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  if (x.pre === y.pre) return false;
  if (x.pre === null) return true;
  if (y.pre === null) return false;
  return x.pre > y.pre;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function initUpdatesService(
  ctx: ServiceContext,
  options: UpdatesServiceOptions = {},
): ServiceModule<'updates:state' | 'updates:check' | 'updates:download' | 'updates:install'> & { service: UpdatesService } {
  const port: UpdaterPort | undefined = ctx.platform.updater;
  const identity = options.identity ?? releaseIdentity();
  const currentVersion = port?.currentVersion ?? ctx.options.appVersion;
  let state: UpdateState = { kind: 'idle', currentVersion };
  let verified: { version: string; file: string; sha256: string } | null = null;
  let selfChecked: Promise<void> | null = null;
  let timers: ReturnType<typeof setTimeout>[] = [];
  let stopped = false;

  const publish = (next: UpdateState): UpdateState => {
    state = next;
    ctx.events.emit('updates:state', state);
    return state;
  };
  const unsupported = (reason: string): UpdateState => publish({ kind: 'unsupported', reason });

  const verifyDeps = (p: UpdaterPort): VerifyDeps => ({
    identity,
    platform: p.platform,
    inspector: options.inspector ?? systemSignatureInspector(),
    fetchReleaseFile: (url, maxBytes) => fetchReleaseFile((u, init) => p.fetch(u, init), url, maxBytes),
  });

  // Decided once at start: can this copy update itself at all?
  if (!port) {
    state = { kind: 'unsupported', reason: 'The headless host does not update itself: the desktop app checks for updates.' };
  } else if (port.unsupportedReason) {
    state = { kind: 'unsupported', reason: port.unsupportedReason };
  } else {
    const missing = missingForPlatform(identity, port.platform);
    if (missing.length > 0) state = { kind: 'unsupported', reason: `This build was made without ${missing.join(' and ')}, so it cannot tell our updates from others; it does not update itself.` };
  }

  /** A copy that is not itself signed by us (a local or dry-run build) must not start trusting downloads. */
  const selfCheck = async (p: UpdaterPort): Promise<void> => {
    if (!p.installedPath) return;
    const verdict = await verifyCodeSignature(verifyDeps(p), p.installedPath);
    if (!verdict.accept) {
      ctx.log.warn(`updates: this copy is not signed as ours (${verdict.reason}); updates are off`);
      unsupported(`This copy of the wallet is not signed by the CoinSpark Wallet developers, so it does not update itself. ${verdict.reason}`);
    }
  };

  /** Once, before the first check (not at start: codesign over the whole bundle should not compete with start-up). */
  const ready = (): Promise<void> => {
    if (!port || state.kind === 'unsupported') return Promise.resolve();
    selfChecked ??= selfCheck(port).catch((error: unknown) => {
      unsupported(`The wallet could not check its own signature, so it does not update itself: ${message(error)}`);
    });
    return selfChecked;
  };

  const check = async (userInitiated: boolean): Promise<UpdateState> => {
    await ready();
    if (!port || state.kind === 'unsupported') return state;
    if (state.kind === 'checking' || state.kind === 'downloading' || state.kind === 'verifying' || state.kind === 'installing' || state.kind === 'downloaded') return state;
    publish({ kind: 'checking', currentVersion, userInitiated });
    try {
      const offer = await port.check();
      if (offer && !v.is(UpdateVersionSchema, offer.version)) throw new Error('the release feed names a version that is not a release number');
      if (!offer || !isNewerVersion(offer.version, currentVersion)) {
        return publish({ kind: 'up-to-date', currentVersion, checkedAt: Date.now(), userInitiated });
      }
      ctx.log.info(`updates: version ${offer.version} is available (running ${currentVersion})`);
      return publish({ kind: 'available', currentVersion, version: offer.version, releaseUrl: releasePageUrl(identity, offer.version) });
    } catch (error) {
      ctx.log.warn(`updates: check failed: ${message(error)}`);
      return publish({ kind: 'failed', currentVersion, stage: 'check', message: `Could not check for updates: ${message(error)}`, version: null, userInitiated });
    }
  };

  const download = async (version: string): Promise<UpdateState> => {
    await ready();
    if (!port || state.kind === 'unsupported') throw new UserFacingError('unsupported', state.kind === 'unsupported' ? state.reason : 'Updates are off.');
    const onOffer =
      (state.kind === 'available' && state.version === version) ||
      (state.kind === 'failed' && state.version === version && (state.stage === 'download' || state.stage === 'verify'));
    if (!onOffer) throw new UserFacingError('not-offered', `Version ${version} is not the update on offer.`);
    verified = null;
    publish({ kind: 'downloading', currentVersion, version, percent: 0 });
    let file: string;
    try {
      file = await port.download((percent) => {
        if (state.kind !== 'downloading') return;
        state = { ...state, percent: Math.max(0, Math.min(100, Math.floor(percent))) };
        ctx.events.emitCoalesced('updates:state', () => state, 250);
      });
    } catch (error) {
      ctx.log.warn(`updates: download of ${version} failed: ${message(error)}`);
      return publish({ kind: 'failed', currentVersion, stage: 'download', message: `The download failed: ${message(error)}`, version, userInitiated: true });
    }
    publish({ kind: 'verifying', currentVersion, version });
    const verdict = await verifyDownloadedUpdate(verifyDeps(port), { file, version });
    if (!verdict.accept) {
      ctx.log.warn(`updates: refused the download of ${version}: ${verdict.reason}`);
      // Nothing refused stays where an installer could pick it up.
      await fs.rm(file, { force: true }).catch(() => undefined);
      return publish({ kind: 'failed', currentVersion, stage: 'verify', message: `The update was refused: ${verdict.reason}`, version, userInitiated: true });
    }
    verified = { version, file, sha256: verdict.sha256 };
    ctx.log.info(`updates: ${version} downloaded and verified`);
    return publish({ kind: 'downloaded', currentVersion, version, releaseUrl: releasePageUrl(identity, version) });
  };

  const install = async (version: string): Promise<UpdateState> => {
    if (!port || state.kind !== 'downloaded' || state.version !== version || verified?.version !== version) {
      throw new UserFacingError('not-downloaded', `Version ${version} has not been downloaded and checked.`);
    }
    const { file, sha256 } = verified;
    // The file must still be the one that was checked.
    const now = await sha256File(file).catch(() => null);
    if (now !== sha256) {
      verified = null;
      return publish({ kind: 'failed', currentVersion, stage: 'install', message: 'The downloaded update changed on disk after it was checked. Download it again.', version, userInitiated: true });
    }
    publish({ kind: 'installing', currentVersion, version });
    try {
      port.install();
      return state;
    } catch (error) {
      return publish({ kind: 'failed', currentVersion, stage: 'install', message: `The installer could not start: ${message(error)}`, version, userInitiated: true });
    }
  };

  const service: UpdatesService = { state: () => state, check, download, install };
  ctx.services.updates = service;

  return {
    service,
    handlers: {
      'updates:state': () => state,
      'updates:check': () => check(true),
      'updates:download': ({ version }) => download(version),
      'updates:install': ({ version }) => install(version),
    },
    start() {
      if (!port || state.kind === 'unsupported') return;
      const automatic = (): void => {
        if (stopped) return;
        // The user's choice (Settings › Check for updates automatically), read at each tick so it applies at once.
        if (ctx.services.settings?.get().ui.checkUpdates === false) return;
        if (state.kind === 'idle' || state.kind === 'up-to-date' || (state.kind === 'failed' && state.stage === 'check')) void check(false);
      };
      const first = setTimeout(automatic, options.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS);
      const again = setInterval(automatic, options.recheckMs ?? RECHECK_MS);
      first.unref?.();
      again.unref?.();
      timers = [first, again];
    },
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers = [];
    },
  };
}
