import { expect, test } from '@playwright/test';
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { headlessPlatform } from '../../main/host/headless';
import { startWebHost, type WebHost } from '../../main/host/web-host';
import { startServices, type RunningServices } from '../../main/node/service-host';
import { releaseAssetUrl, type ReleaseIdentity } from '../../main/services/updates/release-identity';
import { formatChecksums, sha256File } from '../../main/services/updates/signed-checksums';
import type { UpdaterPort } from '../../main/services/updates/updater-port';
import { RENDERER_DIR, screenshotPath, startTestWallet } from './support/wallet-host';

/**
 * The updater as a user meets it, in the real renderer over the real IPC contract: the headless host says it has
 * no updater; a host given a stand-in for electron-updater offers a version, downloads it only after "Download",
 * checks it, and installs it only after "Restart and install"; a download signed with another key is refused.
 */

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

async function walletWithUpdater(signWith: ReturnType<typeof keyPair>, trusted: ReturnType<typeof keyPair>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-updates-'));
  const file = path.join(dir, 'coinspark-wallet-1.2.0-linux-x86_64.AppImage');
  fs.writeFileSync(file, 'version 1.2.0');
  const identity: ReleaseIdentity = {
    appId: 'org.coinspark.wallet',
    feed: { provider: 'github', owner: 'coinspark', repo: 'coinspark-wallet' },
    windowsPublisherNames: ['CoinSpark Wallet developers'],
    appleTeamId: null,
    updateSigningPublicKey: trusted.spki,
  };
  const list = Buffer.from(formatChecksums([{ name: path.basename(file), sha256: await sha256File(file) }]));
  const published = new Map<string, Uint8Array>([
    [releaseAssetUrl(identity, '1.2.0', 'SHA256SUMS.txt'), list],
    [releaseAssetUrl(identity, '1.2.0', 'SHA256SUMS.txt.sig'), sign(null, list, signWith.privateKey)],
  ]);
  const calls = { download: 0, install: 0 };
  const updater: UpdaterPort = {
    platform: 'linux',
    currentVersion: '1.1.0',
    unsupportedReason: null,
    installedPath: null,
    check: async () => ({ version: '1.2.0' }),
    async download(onProgress) {
      calls.download++;
      onProgress(100);
      return file;
    },
    install: () => void calls.install++,
    fetch: async (url) => (published.has(url) ? new Response(new Uint8Array(published.get(url)!)) : new Response('', { status: 404 })),
  };
  const services: RunningServices = await startServices({ dataDir: dir, appVersion: '1.1.0' }, { ...headlessPlatform(), updater }, quiet, {
    updates: { identity, firstCheckDelayMs: 60_000 },
  });
  const host: WebHost = await startWebHost({ handlers: services.handlers, events: services.events, rendererDir: RENDERER_DIR, log: () => undefined });
  return {
    url: host.url,
    calls,
    async stop() {
      await host.close();
      await services.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('the headless host has no updater and says so; no update notice appears', async ({ page }) => {
  const wallet = await startTestWallet();
  try {
    await page.goto(wallet.url);
    await page.getByRole('button', { name: 'About' }).click();
    await expect(page.getByTestId('about-updates')).toContainText('The headless host does not update itself');
    await expect(page.getByRole('button', { name: 'Check for updates' })).toHaveCount(0);
    await expect(page.getByTestId('update-notice')).toHaveCount(0);
  } finally {
    await wallet.stop();
  }
});

test('an update is downloaded only after "Download" and installed only after "Restart and install"', async ({ page }) => {
  const key = keyPair();
  const wallet = await walletWithUpdater(key, key);
  try {
    await page.goto(wallet.url);
    await page.getByRole('button', { name: 'About' }).click();
    await page.getByRole('button', { name: 'Check for updates' }).click();
    const notice = page.getByTestId('update-notice');
    await expect(notice).toContainText('Version 1.2.0 is available');
    await expect(notice).toContainText('you have 1.1.0');
    await page.screenshot({ path: screenshotPath('update-available'), fullPage: true });
    expect(wallet.calls.download).toBe(0);

    await notice.getByRole('button', { name: 'Download' }).click();
    await expect(notice).toContainText('Version 1.2.0 is ready to install');
    await page.screenshot({ path: screenshotPath('update-ready'), fullPage: true });
    expect(wallet.calls.download).toBe(1);
    expect(wallet.calls.install).toBe(0);

    await notice.getByRole('button', { name: 'Restart and install' }).click();
    await expect(notice).toContainText('Installing version 1.2.0');
    expect(wallet.calls.install).toBe(1);
  } finally {
    await wallet.stop();
  }
});

test('an update signed with another key is refused, said plainly, and cannot be installed', async ({ page }) => {
  const wallet = await walletWithUpdater(keyPair(), keyPair());
  try {
    await page.goto(wallet.url);
    await page.getByRole('button', { name: 'About' }).click();
    await page.getByRole('button', { name: 'Check for updates' }).click();
    const notice = page.getByTestId('update-notice');
    await notice.getByRole('button', { name: 'Download' }).click();
    await expect(notice).toContainText('The update was refused: The checksum list is not signed with the CoinSpark Wallet release key.');
    await expect(notice.getByRole('button', { name: 'Restart and install' })).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('update-refused'), fullPage: true });
    expect(wallet.calls.install).toBe(0);
  } finally {
    await wallet.stop();
  }
});
