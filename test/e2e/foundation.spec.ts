import { expect, test } from '@playwright/test';
import { screenshotPath, startTestWallet, type TestWallet } from './support/wallet-host';

let wallet: TestWallet;

test.beforeAll(async () => {
  wallet = await startTestWallet();
});
test.afterAll(async () => {
  await wallet?.stop();
});

test('the page calls real main-process handlers over the WebSocket and shows their answers', async ({ page }) => {
  await page.goto(wallet.url);
  // The token left the address bar once it was taken.
  await expect.poll(() => page.url()).not.toContain('token=');

  await page.getByRole('button', { name: 'About' }).click();
  await expect(page.getByTestId('about-name')).toHaveText('CoinSpark Wallet');
  await expect(page.getByTestId('about-version')).toHaveText('test');
  await expect(page.getByTestId('about-host')).toContainText('headless');
  await page.screenshot({ path: screenshotPath('about'), fullPage: true });

  await page.getByRole('button', { name: 'Settings' }).click();
  const label = `Savings ${Date.now() % 10000}`;
  await page.getByRole('textbox', { name: 'Wallet label' }).fill(label);
  await page.getByRole('button', { name: 'Save label' }).click();
  await expect(page.getByRole('status').filter({ hasText: label })).toBeVisible();
  await expect(page.getByTestId('header-wallet-label')).toHaveText(label);

  // Written by main: the value is in the settings service and survives a reload of the page.
  expect(wallet.services.context.services.settings.get().ui.walletLabel).toBe(label);
  await page.reload();
  await expect(page.getByTestId('header-wallet-label')).toHaveText(label);
  await page.screenshot({ path: screenshotPath('settings'), fullPage: true });
});

test('a page from another origin cannot open the WebSocket, even knowing the token', async ({ page }) => {
  await page.goto('about:blank');
  const wsUrl = wallet.url.replace(/^http/, 'ws').replace(/\/#token=.*$/, '/ipc');
  const token = wallet.host.token;
  const outcome = await page.evaluate(
    ([url, t]) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url!, ['coinspark-wallet.v1', `token.${t}`]);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    [wsUrl, token],
  );
  expect(outcome).toBe('refused');
});
