import type { UpdatePlatform } from './release-identity';

/**
 * The seam between the updates service (plain Node, tested) and electron-updater (Electron main only,
 * `main/electron/updater-electron.ts`). The port only moves bytes and starts the installer; every decision — is
 * this newer, may we download, is the file ours, may we install — is the service's.
 */
export interface UpdateOffer {
  version: string;
}

export interface UpdaterPort {
  platform: UpdatePlatform;
  currentVersion: string;
  /** Why this copy cannot update itself (development run, .deb install, AppImage not in use…), or null. */
  unsupportedReason: string | null;
  /** The running app to check before trusting anything (macOS .app bundle, Windows exe); null on Linux. */
  installedPath: string | null;
  /** Asks the release feed; null when nothing newer is published. Never downloads. */
  check(): Promise<UpdateOffer | null>;
  /** Downloads the offered update (electron-updater checks the feed's sha512); resolves with the file on disk. */
  download(onProgress: (percent: number) => void): Promise<string>;
  /** Quits and runs the installer of the downloaded update. Only called after verification and consent. */
  install(): void;
  /** Fetches a small file of the release (checksum list, signature) through the app's network stack. */
  fetch(url: string, init: { signal: AbortSignal }): Promise<Response>;
}

/** Options the seam must set on electron-updater: nothing happens without the user, nothing older, no pre-releases. */
export const UPDATER_OPTIONS = {
  autoDownload: false,
  autoInstallOnAppQuit: false,
  autoRunAppAfterInstall: true,
  allowDowngrade: false,
  allowPrerelease: false,
  forceDevUpdateConfig: false,
  disableWebInstaller: true,
  fullChangelog: false,
} as const;
