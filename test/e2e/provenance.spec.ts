import { expect, test, type Locator, type Page } from '@playwright/test';
import { unknownProvenance } from '../../shared/model/asset-lists';
import { startWalletOnDevnet, type DevnetWallet } from './support/devnet-wallet';
import { screenshotPath } from './support/wallet-host';

// Issue #15 in the window, on the devnet's sample world: every figure says where it comes from with a mark and
// words — first the trackers' figures (two agree, its only tracker, disputed, unknown: never a number), then, once
// the user's own node has computed them, "verified by your node" for every sample asset, the lying tracker named
// and the underpaid genesis shown as "genesis invalid — no units exist" with 0 units. Screenshots of each.

let world: DevnetWallet;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  world = await startWalletOnDevnet();
  page = await browser.newPage({ viewport: { width: 1280, height: 1250 } });
  await page.goto(world.url);
  await page.getByRole('button', { name: 'Assets', exact: true }).click();
  // The safety notice (issue #14) is read once; the list then has the room for every sample asset.
  const understood = page.getByRole('button', { name: 'I understand' });
  if (await understood.isVisible({ timeout: 10_000 }).catch(() => false)) await understood.click();
});

test.afterAll(async () => {
  await page?.close();
  await world?.stop();
});

const services = () => world.wallet.services.context.services;
function row(key: string): Locator {
  return page.locator(`[data-testid="asset-row"][data-asset-ref="${world.devnet.asset(key).assetRef}"]`);
}
const mark = (key: string): Locator => row(key).getByTestId('asset-provenance');
const heldKeys = () => world.devnet.info.assets.filter((a) => a.assetRef !== null).map((a) => a.key);

test('trackers\' figures come first, each with its mark; an unknown figure is never a number', async () => {
  test.setTimeout(120_000);
  for (const key of heldKeys()) await expect(row(key), key).toHaveCount(1, { timeout: 60_000 });
  // As before the node has proven anything: local verification held, every row back to "nobody has said".
  const release = await services().verify.hold();
  try {
    const lists = services().assets.lists;
    lists.batch(() => {
      for (const a of lists.assets()) {
        for (const r of lists.balancesOf(a.assetId)) lists.updateBalance(a.assetId, r.txid, r.vout, { qty: null, qtyChecked: null, qtyFailures: 0, state: 'NEVERCHECKED', provenance: unknownProvenance() });
      }
    });
    services().balances.kick();
    await expect(mark('gold')).toHaveAttribute('data-kind', 'trackers', { timeout: 30_000 });
    await expect(mark('gold')).toContainText('2 trackers agree');
    await expect(mark('acme')).toHaveAttribute('data-kind', 'trackers');
    await expect(mark('acme')).toContainText('Its only tracker');
    // The liar and the honest tracker disagree: no figure is used.
    await expect(mark('lead')).toHaveAttribute('data-kind', 'disputed');
    await expect(row('lead').getByTestId('asset-balance-confirmed')).toHaveText(/^Unknown/);
    // Copper's page is missing, so no tracker is known: unknown, and no number (not "Raw quantity 0").
    await expect(mark('copper')).toHaveAttribute('data-kind', 'unknown');
    // The underpaid genesis needs no tracker: the node has shown that no unit exists.
    await expect(mark('bogus')).toHaveAttribute('data-kind', 'verified');
    await expect(row('bogus').getByTestId('asset-balance')).toContainText('Raw quantity 0');
    await expect(row('copper').getByTestId('asset-balance-raw')).toHaveText(/^Raw quantity unknown/);
    await page.screenshot({ path: screenshotPath('provenance-trackers'), fullPage: true });
  } finally {
    release();
  }
});

test('then every sample asset is verified by the node: the liar named, the underpaid genesis invalid with 0 units', async () => {
  test.setTimeout(120_000);
  services().verify.kick();
  for (const key of heldKeys()) {
    await expect(mark(key), key).toHaveAttribute('data-kind', 'verified', { timeout: 60_000 });
    await expect(mark(key), key).toContainText('Verified by your node');
  }
  // The figures are the world's.
  await expect(row('gold').getByTestId('asset-balance-confirmed')).toHaveText('2,500.00 g'); // the locale's separators (issue #16)
  await expect(row('copper').getByTestId('asset-balance-raw')).toHaveText(`Raw quantity ${BigInt(world.devnet.asset('copper').wallet.confirmed).toLocaleString('en-US')}`);
  // The lying tracker is named beside the node's figure.
  const liarHost = new URL(world.devnet.asset('lead').lyingTrackerUrl!).host;
  await expect(mark('lead')).toHaveAttribute('data-disputed-by', liarHost);
  await expect(row('lead').getByTestId('asset-provenance-disputed')).toContainText(`disputed by ${liarHost}`);
  // The genesis that paid less than its minimum fee.
  const bogus = row('bogus');
  await expect(bogus.getByTestId('asset-validity')).toHaveAttribute('data-state', 'GENESIS_INVALID');
  await expect(bogus.getByTestId('asset-validity')).toContainText('Genesis invalid — no units exist');
  await expect(bogus.getByTestId('asset-balance')).toContainText('Raw quantity 0');
  await expect(mark('bogus')).toHaveAttribute('data-kind', 'verified');
  await page.screenshot({ path: screenshotPath('provenance-verified'), fullPage: true });

  // The details: the total's sentence, and each output's own mark.
  await row('lead').getByRole('button', { name: /^Details of/ }).click();
  const detail = page.getByTestId('asset-detail');
  await expect(detail.getByTestId('asset-provenance')).toContainText(`${liarHost} says`);
  // The outputs come with the details from main (a moment after the panel opens), in the "Outputs" disclosure.
  const outputs = detail.getByTestId('output-provenance');
  await expect(outputs.first()).toBeAttached();
  await detail.getByText('Outputs', { exact: true }).click();
  await expect(outputs.first()).toBeVisible();
  for (const kind of await outputs.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))) expect(kind).toBe('verified');
  await page.screenshot({ path: screenshotPath('provenance-details-disputed'), fullPage: true });

  await row('bogus').getByRole('button', { name: /^Details of/ }).click();
  await expect(detail.getByTestId('genesis-check')).toHaveAttribute('data-valid', 'false');
  await expect(detail.getByTestId('genesis-check')).toContainText('Paid 1,500 satoshis, at least 2,000 needed: genesis invalid — no units exist');
  await page.screenshot({ path: screenshotPath('provenance-genesis-invalid'), fullPage: true });
});
