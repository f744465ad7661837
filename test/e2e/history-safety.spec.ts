import { expect, test, type Page } from '@playwright/test';
import type { RpcClient } from '../devnet/index';
import { startWalletOnDevnet, type DevnetWallet } from './support/devnet-wallet';
import { screenshotPath } from './support/wallet-host';

// Issue #14 in the wallet window (headless host, devnet sample world): the first-run explanation of the asset
// locks, the history screen (filter, search, details, windowed list) and the foreign-spend alert raised when an
// asset output is spent behind the wallet's back. Tests run in order on one world.

let world: DevnetWallet;
let page: Page;
let user: RpcClient;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  world = await startWalletOnDevnet();
  user = world.devnet.rpc.wallet(world.devnet.info.walletName!);
  page = await browser.newPage();
  await page.goto(world.url);
});

test.afterAll(async () => {
  await page?.close();
  await world?.stop();
});

test('first run: the locks are explained (what, why, how to release them from Core) until acknowledged', async () => {
  test.setTimeout(120_000);
  const explanation = page.getByTestId('lock-explanation');
  await expect(explanation).toBeVisible({ timeout: 60_000 });
  await expect(explanation).toContainText('locks the outputs that hold assets in Bitcoin Core');
  await expect(explanation).toContainText('lockunspent true');
  // The wallet's asset outputs get locked once synced and their units checked.
  await expect(explanation).toContainText(/Now [1-9]\d* outputs? locked by this wallet/, { timeout: 60_000 });
  await page.screenshot({ path: screenshotPath('lock-explanation'), fullPage: true });
  await explanation.getByRole('button', { name: 'I understand' }).click();
  await expect(explanation).toHaveCount(0);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByTestId('lock-settings');
  await expect(settings.getByTestId('lock-toggle')).toBeChecked();
  await expect(settings.getByTestId('lock-counts')).toContainText(/[1-9]\d* outputs? locked by this wallet/);
  await page.reload();
  await expect(page.getByTestId('safety-notices')).toBeAttached();
  await expect(page.getByTestId('lock-explanation')).toHaveCount(0); // remembered
});

test('the history lists every transaction, newest first, with asset units, sources, filter and search', async () => {
  test.setTimeout(120_000);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const screen = page.getByTestId('history-screen');
  await expect(screen).toBeVisible();
  const gold = world.devnet.asset('gold');
  const goldOut = gold.wallet.outputs.find((o) => o.confirmed)!;
  const goldRow = page.locator(`[data-testid="history-row"][data-txid="${goldOut.txid}"]`);
  // 250,000 raw units × 0.01 in the asset's format, marked by where the figure came from: the trackers, or this
  // wallet's own node once the verifier proved it.
  await expect(goldRow.getByTestId('history-assets')).toContainText('+2,500.00 g', { timeout: 60_000 }); // the list's formatter: the locale's separators
  await expect(goldRow.locator('.tag.source-local, .tag.source-tracker')).toHaveText(/^(local|tracker)$/);
  const mark = (await goldRow.locator('.tag.source-local, .tag.source-tracker').textContent())!;
  await expect(page.getByTestId('history-count')).toContainText('transactions');
  await page.screenshot({ path: screenshotPath('history'), fullPage: true });

  // Filter by asset: only gold's transactions stay.
  await page.getByTestId('history-asset-filter').selectOption({ label: 'Devnet Gold Certificate' });
  await expect(page.getByTestId('history-count')).toContainText(/^\d+ of \d+ transactions$/);
  for (const assets of await page.getByTestId('history-assets').all()) await expect(assets).toContainText('Devnet Gold Certificate');

  // Details of the transfer.
  await goldRow.getByRole('button', { name: /^Details of transaction/ }).click();
  const detail = page.getByTestId('history-detail');
  await expect(detail).toContainText(goldOut.txid);
  await expect(detail.getByTestId('history-detail-assets')).toContainText(mark === 'local' ? 'worked out locally' : 'a tracker');
  await page.screenshot({ path: screenshotPath('history-detail'), fullPage: true });
  await detail.getByRole('button', { name: 'Close details' }).click();

  // Search by txid.
  await page.getByTestId('history-asset-filter').selectOption({ value: '' });
  await page.getByTestId('history-search').fill(goldOut.txid.slice(0, 20));
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await page.getByTestId('history-search').fill('');
  await expect(page.getByTestId('history-count')).toContainText(/^\d+ transactions$/);
});

test('the asset details lead to that asset’s own history', async () => {
  await page.getByRole('button', { name: 'Assets', exact: true }).click();
  const ref = world.devnet.asset('silver').assetRef!;
  await page.locator(`[data-testid="asset-row"][data-asset-ref="${ref}"]`).getByRole('button', { name: /^Details of/ }).click();
  await page.getByTestId('asset-detail').getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByTestId('history-screen')).toBeVisible();
  await expect(page.getByTestId('history-asset-filter')).toHaveValue(/^\d+$/);
  const rows = page.getByTestId('history-row');
  await expect(rows.first()).toBeVisible();
  for (const assets of await page.getByTestId('history-assets').all()) await expect(assets).toContainText('Silver Ounce Token');
  await page.getByTestId('history-asset-filter').selectOption({ value: '' });
});

test('an asset output spent behind the wallet’s back raises an alert with the units lost, kept until dismissed', async () => {
  test.setTimeout(120_000);
  const goldOut = world.devnet.asset('gold').wallet.outputs.find((o) => o.confirmed)!;
  // Another program on the same Core wallet: unlock the output, spend it to someone else, no CoinSpark metadata.
  await user.call('lockunspent', true, [{ txid: goldOut.txid, vout: goldOut.vout }]);
  const payee = world.devnet.world!.issuerAddress; // the issuer's: not this wallet's
  const raw = await user.call<string>('createrawtransaction', [{ txid: goldOut.txid, vout: goldOut.vout }], [{ [payee]: 0.00009 }]);
  const signed = await user.call<{ hex: string }>('signrawtransactionwithwallet', raw);
  const spend = await user.call<string>('sendrawtransaction', signed.hex);

  const alert = page.getByTestId('spend-alert');
  await expect(alert).toHaveCount(1, { timeout: 60_000 });
  await expect(alert).toContainText(spend);
  await expect(alert.getByTestId('spend-alert-lost')).toContainText('2,500.00 g');
  await expect(alert.getByTestId('spend-alert-cause')).toContainText('carries no CoinSpark transfer list');
  await expect(alert.getByTestId('spend-alert-cause')).toContainText('Bitcoin Core itself');
  await page.screenshot({ path: screenshotPath('foreign-spend-alert'), fullPage: true });

  // It stays across a reload; "Show in history" finds the transaction; Dismiss removes it.
  await page.reload();
  await expect(page.getByTestId('spend-alert')).toHaveCount(1);
  await page.getByTestId('spend-alert').getByRole('button', { name: 'Show in history' }).click();
  const row = page.locator(`[data-testid="history-row"][data-txid="${spend}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('alert');
  await expect(row.getByTestId('history-assets')).toContainText('−2,500.00 g');
  await page.screenshot({ path: screenshotPath('foreign-spend-history'), fullPage: true });
  await page.getByTestId('spend-alert').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('spend-alert')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('safety-notices')).toBeAttached();
  await expect(page.getByTestId('spend-alert')).toHaveCount(0);
});

test('unlock everything asks first, then releases every lock this wallet made', async () => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByTestId('lock-settings');
  await settings.getByRole('button', { name: 'Unlock everything…' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('usually lost');
  await page.screenshot({ path: screenshotPath('unlock-everything-confirm'), fullPage: true });
  await dialog.getByRole('button', { name: 'Unlock everything' }).click();
  await expect(settings.getByRole('status')).toContainText('Locking is now off');
  await expect(settings.getByTestId('lock-toggle')).not.toBeChecked();
  expect(await user.call<unknown[]>('listlockunspent')).toEqual([]);
  await settings.getByTestId('lock-toggle').click();
  await expect(settings.getByTestId('lock-toggle')).toBeChecked();
  await expect(settings.getByTestId('lock-counts')).toContainText(/[1-9]\d* outputs? locked by this wallet/, { timeout: 30_000 });
});
