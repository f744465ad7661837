import { app, dialog, safeStorage, shell, type BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import fs from 'node:fs';
import path from 'node:path';
import { externalLinkPrompt } from '../node/security/external-links';
import { backendFromConf, type ConfFactory, type ConfLike } from '../node/store-backend';
import type { PlatformAdapters, SecretStore } from '../node/platform';
import { consoleLogger } from '../node/service-context';
import { releaseIdentity } from '../services/updates/release-identity';
import { electronUpdaterPort } from './updater-electron';

/** Secrets encrypted with the OS keychain via safeStorage, kept in one small file of ciphertexts. */
function safeStorageSecrets(dir: string): SecretStore {
  const file = path.join(dir, 'secrets.json');
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (data: Record<string, string>): void => {
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  const unavailableReason = (): string | undefined => {
    if (!safeStorage.isEncryptionAvailable()) return 'This system offers no secure storage for passwords.';
    // On Linux without a keyring, Electron falls back to a hard-coded key: that is not protection.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'No keyring (GNOME Keyring or KWallet) is running, so the password would be stored with a fixed key that anyone can undo. Use cookie authentication, or start a keyring and try again.';
    }
    return undefined;
  };
  return {
    unavailableReason,
    async get(key) {
      const value = read()[key];
      if (value === undefined || unavailableReason()) return undefined;
      return safeStorage.decryptString(Buffer.from(value, 'base64'));
    },
    async set(key, value) {
      const reason = unavailableReason();
      if (reason) throw new Error(reason);
      write({ ...read(), [key]: safeStorage.encryptString(value).toString('base64') });
    },
    async delete(key) {
      const data = read();
      delete data[key];
      write(data);
    },
  };
}

/** electron-store instances (conf underneath), never reset when their file cannot be read: we keep it aside. */
const electronConfFactory: ConfFactory = (options) =>
  new ElectronStore<Record<string, unknown>>({ ...options, clearInvalidConfig: false } as ConstructorParameters<typeof ElectronStore<Record<string, unknown>>>[0]) as unknown as ConfLike;

export function electronPlatform(getWindow: () => BrowserWindow | null): PlatformAdapters {
  return {
    host: 'electron',
    storeFactory: ({ cwd, name }) => backendFromConf(electronConfFactory({ cwd, name })),
    confFactory: electronConfFactory,
    secrets: safeStorageSecrets(app.getPath('userData')),
    updater: electronUpdaterPort(releaseIdentity(), consoleLogger),
    async openExternal(url) {
      const prompt = externalLinkPrompt(url);
      const win = getWindow();
      const options = { type: 'question' as const, buttons: ['Open', 'Cancel'], defaultId: 1, cancelId: 1, ...prompt };
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      if (response !== 0) return 'declined';
      await shell.openExternal(url.toString());
      return 'opened';
    },
  };
}
