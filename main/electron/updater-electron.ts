import { app, net } from 'electron';
import { autoUpdater, NsisUpdater, type AppUpdater, type ProgressInfo, type UpdateDownloadedEvent } from 'electron-updater';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../node/service-context';
import { systemSignatureInspector } from '../services/updates/inspect-signature';
import type { ReleaseIdentity, UpdatePlatform } from '../services/updates/release-identity';
import { UPDATER_OPTIONS, type UpdaterPort } from '../services/updates/updater-port';
import { verifyCodeSignature } from '../services/updates/verify-update';

/**
 * electron-updater behind the updates service's port. Thin on purpose: it sets the options that keep every step
 * in the service's hands (no automatic download, no install on quit, no downgrade, no pre-release), pins the feed
 * to the one in the release identity, and replaces electron-updater's Windows signature check (which accepts
 * when PowerShell fails) with ours, which refuses. The decisions themselves live in main/services/updates.
 */

function updatePlatform(): UpdatePlatform {
  return process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
}

function unsupportedReason(platform: UpdatePlatform): string | null {
  if (!app.isPackaged) return 'This is a development run: only installed release builds update themselves.';
  if (platform === 'linux') {
    const typeFile = path.join(process.resourcesPath, 'package-type');
    if (fs.existsSync(typeFile)) {
      const type = fs.readFileSync(typeFile, 'utf8').trim().slice(0, 20);
      return `This copy was installed from a ${type} package: install new versions the same way (the release page has them).`;
    }
    if (!process.env.APPIMAGE) return 'Only the AppImage updates itself on Linux.';
  }
  return null;
}

/** The running app for the self-check: the .app bundle on macOS, the executable on Windows. */
function installedPath(platform: UpdatePlatform): string | null {
  if (platform === 'darwin') return path.resolve(path.dirname(process.execPath), '..', '..');
  if (platform === 'win32') return process.execPath;
  return null;
}

/** Sets the options and the feed on an electron-updater instance; exported for the packaging tests. */
export function configureUpdater(updater: AppUpdater, identity: ReleaseIdentity, platform: UpdatePlatform, log: Logger): void {
  Object.assign(updater, UPDATER_OPTIONS);
  updater.setFeedURL({ provider: 'github', owner: identity.feed.owner, repo: identity.feed.repo, releaseType: 'release' });
  updater.logger = { info: () => undefined, debug: () => undefined, warn: (m: unknown) => log.warn(`updater: ${String(m)}`), error: (m: unknown) => log.error(`updater: ${String(m)}`) };
  // Without a listener an emitted 'error' would throw; the service sees failures through the promises.
  updater.on('error', (error: Error) => log.warn(`updater: ${error.message}`));
  if (platform === 'win32' && updater instanceof NsisUpdater) {
    const inspector = systemSignatureInspector();
    updater.verifyUpdateCodeSignature = async (_publisherNamesFromYml: string[], file: string) => {
      const verdict = await verifyCodeSignature({ identity, platform, inspector }, file);
      return verdict.accept ? null : verdict.reason;
    };
  }
}

export function electronUpdaterPort(identity: ReleaseIdentity, log: Logger): UpdaterPort {
  const platform = updatePlatform();
  const reason = unsupportedReason(platform);
  let updater: AppUpdater | null = null;
  // electron-updater is only touched when this copy may update (its constructor reads the app's update config).
  const instance = (): AppUpdater => {
    if (!updater) {
      updater = autoUpdater;
      configureUpdater(updater, identity, platform, log);
    }
    return updater;
  };
  return {
    platform,
    currentVersion: app.getVersion(),
    unsupportedReason: reason,
    installedPath: installedPath(platform),
    async check() {
      const result = await instance().checkForUpdates();
      if (!result || !result.isUpdateAvailable) return null;
      return { version: result.updateInfo.version };
    },
    download(onProgress) {
      const u = instance();
      return new Promise<string>((resolve, reject) => {
        const progress = (p: ProgressInfo): void => onProgress(p.percent);
        const downloaded = (event: UpdateDownloadedEvent): void => {
          cleanup();
          resolve(event.downloadedFile);
        };
        const cleanup = (): void => {
          u.off('download-progress', progress);
          u.off('update-downloaded', downloaded);
        };
        u.on('download-progress', progress);
        u.on('update-downloaded', downloaded);
        u.downloadUpdate().then(
          () => {
            // 'update-downloaded' comes before the promise settles; if it did not, there is no file to check.
            cleanup();
            reject(new Error('the updater finished without a downloaded file'));
          },
          (error: unknown) => {
            cleanup();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    install() {
      instance().quitAndInstall(false, true);
    },
    fetch: (url, init) => net.fetch(url, { signal: init.signal, redirect: 'follow', headers: { 'Cache-Control': 'no-cache' } }),
  };
}
