import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshotPath, startTestWallet, type TestWallet } from './support/wallet-host';
import { makeTempDir } from '../support/temp-dir';

// What the user sees when the asset lists file could not be used as it was (issues #12 item 1 and #17): the notice
// under the header on every screen, the full report on the About screen. Real files: the version-1 fixture, one of
// its rows made as the hostile page made it before the fix, and the same lists as a newer version would write them.

const fixture = fs.readFileSync(path.resolve('test/fixtures/asset-lists/v1-devnet-sample.json'), 'utf8');
const wallets: TestWallet[] = [];
test.afterAll(async () => {
  for (const w of wallets) await w.stop();
});

async function walletWith(lists: string): Promise<TestWallet> {
  const dataDir = makeTempDir('wallet-e2e-lists-');
  fs.writeFileSync(path.join(dataDir, 'asset-lists.json'), lists);
  const wallet = await startTestWallet({ dataDir });
  wallets.push(wallet);
  return wallet;
}

test('a row that does not match is left out, the rest kept, and the user is told where the file went', async ({ page }) => {
  const file = JSON.parse(fixture) as { assets: { trackers: unknown[] }[] };
  file.assets[1]!.trackers = [{ url: new URL(`http://tracker.example/${'é'.repeat(2000)}`).href, plainHttp: true, lagBlocks: 0, reachable: true, lastError: null }];
  const wallet = await walletWith(JSON.stringify(file));
  await page.goto(wallet.url);
  const notice = page.getByTestId('startup-reports-notice');
  await expect(notice).toContainText('1 asset row of asset-lists.json did not match the lists format and was left out, with its');
  await expect(notice).toContainText('trackers.0.url');
  await page.screenshot({ path: screenshotPath('lists-rows-left-out'), fullPage: true });
  await notice.getByRole('button', { name: 'Details' }).click();
  const report = page.getByTestId('startup-report');
  await expect(report).toContainText('Everything else was loaded.');
  await expect(report).toContainText('asset-lists.rows-left-out-');
  await expect(page.getByTestId('startup-reports-notice')).toHaveCount(0);
  expect(wallet.services.context.services.assets.lists.assets()).toHaveLength(file.assets.length - 1);
});

test('a file from a newer version is left untouched and the user is told which version wrote it', async ({ page }) => {
  const newer = JSON.stringify({ ...(JSON.parse(fixture) as object), version: 99, writtenBy: 'CoinSpark Wallet 7.3.0' });
  const wallet = await walletWith(newer);
  await page.goto(wallet.url);
  const notice = page.getByTestId('startup-reports-notice');
  await expect(notice).toContainText('saved by CoinSpark Wallet 7.3.0 (lists format 99)');
  await page.screenshot({ path: screenshotPath('lists-newer-file'), fullPage: true });
  await notice.getByRole('button', { name: 'Details' }).click();
  await expect(page.getByTestId('startup-report')).toContainText('was left as it is');
  expect(fs.readFileSync(path.join(wallet.dataDir, 'asset-lists.json'), 'utf8')).toBe(newer);
});
