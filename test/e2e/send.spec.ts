import { expect, test, type Locator, type Page } from '@playwright/test';
import { calcGross, calcNet, encodeAddress, hexToBytes, readTransactionMetadata, type Genesis } from '../../shared/coinspark/index';
import { ReferenceCalc } from '../integration/devnet-world/reference-qty';
import { startWalletOnDevnet, type DevnetWallet } from './support/devnet-wallet';
import { screenshotPath, startTestWallet, type TestWallet } from './support/wallet-host';
import { makeTempDir } from '../support/temp-dir';

// Sending from the wallet window (the real renderer on the headless host) on the devnet's sample world. Wallet A is
// the world's user wallet; B, C, M, N, E are other Core wallets of the same node. Every outcome is checked on the
// chain with the devnet's own legal-definition calculation (test/integration/devnet-world/reference-qty.ts).
// One world for the file; tests run in order.

let world: DevnetWallet;
let page: Page;
const extra: { page?: Page; wallet: TestWallet }[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  world = await startWalletOnDevnet();
  page = await browser.newPage();
  await page.goto(world.url);
});

test.afterAll(async () => {
  for (const e of extra) {
    await e.page?.close();
    await e.wallet.stop().catch(() => undefined);
  }
  await page?.close();
  await world?.stop();
});

const rpc = () => world.devnet.rpc;
const userWallet = () => rpc().wallet(world.devnet.info.walletName!);
const mempoolSize = async (): Promise<number> => (await rpc().call<string[]>('getrawmempool')).length;

async function otherWallet(name: string, flags = 3, paymentRef = 0n): Promise<{ address: string; coinspark: string }> {
  await rpc().call('createwallet', name);
  const address = await rpc().wallet(name).call<string>('getnewaddress', '', 'legacy');
  const encoded = encodeAddress({ bitcoinAddress: address, addressFlags: flags, paymentRef });
  if (!encoded.ok) throw new Error(encoded.error);
  return { address, coinspark: encoded.value };
}

/** A second wallet window: the headless host on another Core wallet of the node. */
async function openWallet(name: string, browser: { newPage(): Promise<Page> }): Promise<Page> {
  const wallet = await startTestWallet({ network: 'regtest', rpcUrl: world.devnet.info.rpcUrl, cookieFile: world.devnet.info.cookieFile, wallet: name, hostMap: world.devnet.hostMap });
  const p = await browser.newPage();
  extra.push({ page: p, wallet });
  await p.goto(wallet.url);
  return p;
}

function assetRow(p: Page, key: string): Locator {
  return p.locator(`[data-testid="asset-row"][data-asset-ref="${world.devnet.asset(key).assetRef}"]`);
}

async function openSend(p: Page = page): Promise<Locator> {
  await p.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Send' }).click();
  const form = p.getByRole('form', { name: 'Send' });
  if (!(await form.isVisible())) {
    // A review or a result is showing: start a new send.
    const again = p.getByRole('button', { name: 'New send' });
    if (await again.isVisible()) await again.click();
    else await p.getByTestId('send-review').getByRole('button', { name: 'Back' }).click();
  }
  await expect(form).toBeVisible();
  return form;
}

async function fillAssetSend(form: Locator, key: string, recipient: string, amount: string): Promise<void> {
  await form.getByRole('radio', { name: 'Asset' }).check();
  const label = world.devnet.asset(key).name;
  const select = form.getByRole('combobox', { name: 'Asset' });
  await expect(select.locator('option', { hasText: label })).toHaveCount(1, { timeout: 60_000 });
  // By value (the asset id): the option's text carries the balance, which may change while the test runs.
  await select.selectOption((await select.locator('option', { hasText: label }).getAttribute('value'))!);
  await form.getByRole('textbox', { name: 'CoinSpark address of the recipient' }).fill(recipient);
  await form.getByRole('textbox', { name: 'Amount' }).fill(amount);
}

const genesisOf = (key: string): Genesis => {
  const g = world.devnet.asset(key).genesis;
  let mantissa = BigInt(g.chargeFlat);
  let exponent = 0;
  while (mantissa > 100n) {
    mantissa /= 10n;
    exponent++;
  }
  return { qtyMantissa: 1, qtyExponent: 0, chargeFlatMantissa: Number(mantissa), chargeFlatExponent: exponent, chargeBasisPoints: g.chargeBasisPoints, useHttps: false, domainName: '', usePrefix: false, pagePath: '', assetHash: new Uint8Array(0), assetHashLen: 0 };
};

test('wallet A sends asset units to a CoinSpark address of wallet B: both balances right after one block, by the legal definition', async () => {
  test.setTimeout(180_000);
  // Every asset counted first (trackers, or the wallet's own computation).
  await page.getByRole('button', { name: 'Assets', exact: true }).click();
  await expect(assetRow(page, 'gold').getByTestId('asset-balance-confirmed')).toHaveText('2,500.00 g', { timeout: 120_000 });
  await expect(assetRow(page, 'bond').getByTestId('asset-balance-confirmed')).not.toHaveText('', { timeout: 60_000 });

  // Gold and bond in one output of A (a transaction without metadata moves both to its only output).
  const goldOut = world.devnet.asset('gold').wallet.outputs.find((o) => o.confirmed)!;
  const bondOut = world.devnet.asset('bond').wallet.outputs[0]!;
  const raw = await userWallet().call<string>('createrawtransaction', [{ txid: goldOut.txid, vout: goldOut.vout }, { txid: bondOut.txid, vout: bondOut.vout }], [{ [await userWallet().call<string>('getnewaddress')]: 0.00019 }]);
  const joint = await rpc().call<string>('sendrawtransaction', (await userWallet().call<{ hex: string }>('signrawtransactionwithwallet', raw)).hex);
  await world.devnet.mine(1);
  const lists = world.wallet.services.context.services.assets.lists;
  await expect.poll(() => lists.assetsAtOutput(joint, 0).filter((id) => lists.balance(id, joint, 0)?.qty !== null && lists.balance(id, joint, 0)?.qty !== '0').length, { timeout: 60_000 }).toBe(2);

  const b = await otherWallet('wallet-b');
  const form = await openSend();
  await expect(page.getByTestId('bitcoin-figures')).toBeVisible();
  await fillAssetSend(form, 'gold', b.coinspark, '1000');
  await expect(form.getByTestId('recipient-check')).toContainText(`CoinSpark address for ${b.address}`);
  await expect(form.getByTestId('send-quote')).toContainText('Sends 1,000.00 g'); // the list's formatter: the locale's separators
  await expect(form.getByTestId('fee-estimate')).toContainText('sat/vB');
  const before = await mempoolSize();
  await form.getByRole('button', { name: 'Review' }).click();

  const review = page.getByTestId('send-review');
  await expect(review).toBeVisible();
  const rows = review.getByTestId('review-output');
  await expect(rows.nth(0)).toHaveAttribute('data-role', 'recipient');
  await expect(rows.nth(0).getByTestId('review-address')).toHaveText(b.address);
  await expect(rows.nth(0).getByTestId('review-btc')).toHaveText('0.00010000');
  await expect(rows.nth(0).getByTestId('review-assets')).toContainText('1,000.00 g dGOLD');
  await expect(rows.nth(1)).toHaveAttribute('data-role', 'metadata');
  await expect(rows.nth(1)).toContainText('transfer 100,000 units (1,000.00 g) of dGOLD');
  const change = rows.last();
  await expect(change).toHaveAttribute('data-role', 'change');
  await expect(change.getByTestId('review-assets')).toContainText(`${(BigInt(goldOut.qty) - 100_000n).toLocaleString('en-US')} units`);
  await expect(change.getByTestId('review-assets')).toContainText(world.devnet.asset('bond').nameShort);
  await expect(review.getByTestId('review-fee')).toContainText('sat');
  await page.screenshot({ path: screenshotPath('send-review'), fullPage: true });
  expect(await mempoolSize()).toBe(before);

  await review.getByRole('button', { name: 'Send', exact: true }).click();
  const done = page.getByTestId('send-done');
  await expect(done).toBeVisible({ timeout: 30_000 });
  const txid = (await done.getByTestId('sent-txid').textContent())!.trim();
  expect(txid).toMatch(/^[0-9a-f]{64}$/);
  await expect(done.getByRole('button', { name: 'Copy transaction id' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('send-done'), fullPage: true });
  expect(await mempoolSize()).toBe(before + 1);

  // The balance moved at once: the change's units are shown as unconfirmed, computed by the wallet (the 123.45 g
  // that were in the mempool at the start were confirmed by the block above).
  const goldTotal = BigInt(world.devnet.asset('gold').wallet.confirmed) + BigInt(world.devnet.asset('gold').wallet.unconfirmed);
  await page.getByRole('button', { name: 'Assets', exact: true }).click();
  await expect(assetRow(page, 'gold').getByTestId('asset-balance-confirmed')).toHaveText('123.45 g', { timeout: 15_000 });
  await expect(assetRow(page, 'gold').getByTestId('asset-balance-unconfirmed')).toHaveText('+ 1,500.00 g unconfirmed');

  await world.devnet.mine(1);
  const ref = await ReferenceCalc.load(rpc());
  const gold = world.devnet.asset('gold').genTxId;
  const bond = world.devnet.asset('bond').genTxId;
  const vouts = (await rpc().call<{ vout: unknown[] }>('getrawtransaction', txid, true)).vout.length;
  expect(ref.qty(gold, txid, 0)).toBe(100_000n);
  expect(ref.qty(gold, txid, vouts - 1)).toBe(BigInt(goldOut.qty) - 100_000n);
  expect(ref.qty(bond, txid, vouts - 1)).toBe(BigInt(bondOut.qty));
  // B holds the output; A's balance after the block is what the chain says.
  expect((await rpc().wallet('wallet-b').call<{ txid: string; vout: number }[]>('listunspent')).some((u) => u.txid === txid && u.vout === 0)).toBe(true);
  const left = goldTotal - 100_000n;
  await expect(assetRow(page, 'gold').getByTestId('asset-balance-confirmed')).toHaveText(`${(left / 100n).toLocaleString('en-US')}.${(left % 100n).toString().padStart(2, '0')} g`, { timeout: 30_000 }); // the list groups thousands
});

test('payment charges: "what the recipient gets" and "what leaves this wallet", both figures shown', async () => {
  test.setTimeout(120_000);
  const g = genesisOf('silver');
  const b = await otherWallet('wallet-b2');
  let form = await openSend();
  await fillAssetSend(form, 'silver', b.coinspark, '100');
  await form.getByRole('radio', { name: 'what the recipient gets' }).check();
  await expect(form.getByTestId('quote-net')).toHaveText('100 oz');
  await expect(form.getByTestId('quote-gross')).toHaveText(`${calcGross(g, 100n).toLocaleString('en-US')} oz`);
  await page.screenshot({ path: screenshotPath('send-charges'), fullPage: true });
  await form.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-summary')).toContainText(`The recipient gets 100 oz`);
  await page.getByTestId('send-review').getByRole('button', { name: 'Send', exact: true }).click();
  const first = (await page.getByTestId('sent-txid').textContent())!.trim();

  form = await openSend();
  await fillAssetSend(form, 'silver', b.coinspark, '100');
  await form.getByRole('radio', { name: 'what leaves this wallet' }).check();
  await expect(form.getByTestId('quote-gross')).toHaveText('100 oz');
  await expect(form.getByTestId('quote-net')).toHaveText(`${calcNet(g, 100n).toLocaleString('en-US')} oz`);
  await form.getByRole('button', { name: 'Review' }).click();
  await page.getByTestId('send-review').getByRole('button', { name: 'Send', exact: true }).click();
  const second = (await page.getByTestId('sent-txid').textContent())!.trim();

  await world.devnet.mine(1);
  const ref = await ReferenceCalc.load(rpc());
  const silver = world.devnet.asset('silver').genTxId;
  expect(ref.qty(silver, first, 0)).toBe(100n);
  expect(ref.qty(silver, second, 0)).toBe(calcNet(g, 100n));
});

test('bitcoin to a CoinSpark address: its payment reference is in the OP_RETURN, read back from the chain', async () => {
  const c = await otherWallet('wallet-c', 3, 1_234_567_890_123n);
  const form = await openSend();
  await form.getByRole('radio', { name: 'Bitcoin' }).check();
  await form.getByRole('textbox', { name: 'Bitcoin or CoinSpark address' }).fill(c.coinspark);
  await expect(form.getByTestId('recipient-check')).toContainText('payment reference 1234567890123');
  await form.getByRole('textbox', { name: 'Amount (BTC)' }).fill('0.01');
  await form.getByRole('button', { name: 'Review' }).click();
  const review = page.getByTestId('send-review');
  await expect(review.getByTestId('review-payment-ref')).toHaveText('Payment reference 1234567890123');
  await review.getByRole('button', { name: 'Send', exact: true }).click();
  const txid = (await page.getByTestId('sent-txid').textContent())!.trim();
  const tx = await rpc().call<{ vin: unknown[]; vout: { value: number; scriptPubKey: { hex: string; address?: string } }[] }>('getrawtransaction', txid, true);
  expect(tx.vout[0]!.scriptPubKey.address).toBe(c.address);
  expect(tx.vout[0]!.value).toBe(0.01);
  expect(readTransactionMetadata(tx.vout.map((o) => hexToBytes(o.scriptPubKey.hex)!), tx.vin.length).paymentRef).toBe(1_234_567_890_123n);
  await world.devnet.mine(1);
});

test('refusals, each in words, with nothing sent', async () => {
  test.setTimeout(120_000);
  const b = await otherWallet('wallet-r');
  const noAssets = await otherWallet('wallet-r2', 2);
  const before = await mempoolSize();
  const form = await openSend();
  await fillAssetSend(form, 'gold', b.address, '1');
  const check = form.getByTestId('recipient-check');
  const recipient = form.getByRole('textbox', { name: 'CoinSpark address of the recipient' });
  await expect(check).toContainText('This is a plain bitcoin address.');
  await expect(recipient).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: screenshotPath('send-refused-plain-address'), fullPage: true });
  await recipient.fill(noAssets.coinspark);
  await expect(check).toContainText('does not accept assets');
  await recipient.fill('sLoAGKmrz7RQkuzgpqoVftWU8WjR2j7b3ttkA');
  await expect(check).toContainText('mainnet address, but the wallet is on regtest');

  const review = form.getByRole('button', { name: 'Review' });
  const error = form.getByTestId('send-error');
  await recipient.fill(b.coinspark);
  await form.getByRole('textbox', { name: 'Amount' }).fill('100000');
  await review.click();
  await expect(error).toContainText('You can send at most');
  await page.screenshot({ path: screenshotPath('send-refused-too-much'), fullPage: true });

  // A total fee below the transfer list's minimum would void the transfer.
  await form.getByRole('textbox', { name: 'Amount' }).fill('1');
  await form.getByRole('radio', { name: 'Total' }).check();
  await form.getByRole('textbox', { name: 'Total fee (sat)' }).fill('500');
  await review.click();
  await expect(error).toContainText('would void the transfer');
  await form.getByRole('radio', { name: 'Rate' }).check();

  // The trackers of `lead` disagree (one of them lies): its balance is disputed.
  await fillAssetSend(form, 'lead', b.coinspark, '1');
  await expect(form.getByRole('alert').filter({ hasText: 'trackers of this asset disagree' })).toBeVisible({ timeout: 60_000 });
  await review.click();
  await expect(error).toContainText('cannot be sent while its trackers disagree');

  expect(await mempoolSize()).toBe(before);
});

test('migration of a wallet holding three assets, after its reserve refused a bitcoin send', async ({ browser }) => {
  test.setTimeout(240_000);
  const m = await otherWallet('wallet-m');
  for (const [key, amount] of [['gold', '10'], ['silver', '10'], ['bond', '0.5']] as const) {
    const form = await openSend();
    await fillAssetSend(form, key, m.coinspark, amount);
    await form.getByRole('button', { name: 'Review' }).click();
    await page.getByTestId('send-review').getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByTestId('send-done')).toBeVisible({ timeout: 30_000 });
  }
  // Bitcoin for M in nine small payments from C (which holds no asset): twelve outputs → reserve 33,000 sat.
  const payees: Record<string, number> = {};
  for (let i = 0; i < 9; i++) payees[await rpc().wallet('wallet-m').call<string>('getnewaddress')] = 0.00003;
  await rpc().wallet('wallet-c').call('sendmany', '', payees);
  await world.devnet.mine(1);

  const mPage = await openWallet('wallet-m', browser);
  await mPage.getByRole('button', { name: 'Assets', exact: true }).click();
  for (const key of ['gold', 'silver', 'bond']) await expect(assetRow(mPage, key).getByTestId('asset-balance-confirmed')).not.toHaveText(/^0( |$)|^$/, { timeout: 90_000 });

  const n = await otherWallet('wallet-n');
  let form = await openSend(mPage);
  await expect(mPage.getByTestId('btc-reserve')).toContainText('0.00033000 BTC');
  await form.getByRole('radio', { name: 'Bitcoin' }).check();
  await form.getByRole('textbox', { name: 'Bitcoin or CoinSpark address' }).fill(n.address);
  await form.getByRole('textbox', { name: 'Amount (BTC)' }).fill('0.00025');
  await form.getByRole('textbox', { name: 'Fee rate (sat/vB)' }).fill('1');
  await form.getByRole('button', { name: 'Review' }).click();
  await expect(form.getByTestId('send-error')).toContainText('kept back to pay for moving its assets');
  await mPage.screenshot({ path: screenshotPath('send-refused-reserve'), fullPage: true });

  form = await openSend(mPage);
  await form.getByRole('radio', { name: 'Move everything to another wallet' }).check();
  await form.getByRole('textbox', { name: 'CoinSpark address of the recipient' }).fill(m.coinspark);
  await form.getByRole('button', { name: 'Review' }).click();
  await expect(form.getByTestId('send-error')).toContainText('belongs to this wallet');
  await form.getByRole('textbox', { name: 'CoinSpark address of the recipient' }).fill(n.coinspark);
  await form.getByRole('button', { name: 'Review' }).click();
  const review = mPage.getByTestId('send-review');
  await expect(review.getByTestId('migration-asset')).toHaveCount(3);
  await expect(review.getByTestId('review-output').filter({ has: mPage.locator('[data-role="recipient"]') })).toHaveCount(0);
  await expect(review.locator('[data-testid="review-output"][data-role="recipient"]')).toHaveCount(1);
  await mPage.screenshot({ path: screenshotPath('send-migration-review'), fullPage: true });
  await review.getByRole('button', { name: 'Send', exact: true }).click();
  const txid = (await mPage.getByTestId('sent-txid').textContent())!.trim();
  await world.devnet.mine(1);
  const ref = await ReferenceCalc.load(rpc());
  for (const key of ['gold', 'silver', 'bond']) expect(ref.qty(world.devnet.asset(key).genTxId, txid, 0), key).toBeGreaterThan(0n);
  expect(await rpc().wallet('wallet-m').call<unknown[]>('listunspent', 0)).toEqual([]);
});

test('an encrypted wallet asks for its passphrase: a wrong one is said plainly, the right one signs', async ({ browser }) => {
  test.setTimeout(120_000);
  await rpc().call('createwallet', 'wallet-e');
  const e = rpc().wallet('wallet-e');
  await rpc().wallet('wallet-c').call('sendtoaddress', await e.call<string>('getnewaddress'), 0.002);
  await e.call('encryptwallet', 'pass-1');
  await world.devnet.mine(1);
  const c = await otherWallet('wallet-e-payee');

  const ePage = await openWallet('wallet-e', browser);
  const form = await openSend(ePage);
  await expect(ePage.getByTestId('btc-free')).toContainText('0.00200000 BTC', { timeout: 60_000 });
  await form.getByRole('radio', { name: 'Bitcoin' }).check();
  await form.getByRole('textbox', { name: 'Bitcoin or CoinSpark address' }).fill(c.address);
  await form.getByRole('textbox', { name: 'Amount (BTC)' }).fill('0.001');
  await form.getByRole('button', { name: 'Review' }).click();
  const review = ePage.getByTestId('send-review');
  const pass = review.getByLabel('Wallet passphrase');
  await pass.fill('wrong-pass');
  await review.getByRole('button', { name: 'Sign and send' }).click();
  await expect(review.getByTestId('review-error')).toContainText('That passphrase is not the wallet’s passphrase');
  await ePage.screenshot({ path: screenshotPath('send-wrong-passphrase'), fullPage: true });
  await expect(pass).toHaveValue('');
  const before = await mempoolSize();
  await pass.fill('pass-1');
  await review.getByRole('button', { name: 'Sign and send' }).click();
  await expect(ePage.getByTestId('send-done')).toBeVisible({ timeout: 30_000 });
  expect(await mempoolSize()).toBe(before + 1);
  // Locked again right after signing.
  expect((await e.call<{ unlocked_until: number }>('getwalletinfo')).unlocked_until).toBe(0);
});

test('a watch-only wallet: the PSBT is exported, signed by the wallet with the keys, loaded back and sent', async ({ browser }) => {
  test.setTimeout(180_000);
  // The signer holds the keys; the watch-only wallet has its public descriptors (as with a hardware wallet).
  await rpc().call('createwallet', 'wallet-signer');
  const signer = rpc().wallet('wallet-signer');
  const { descriptors } = await signer.call<{ descriptors: { desc: string; internal: boolean; range: [number, number] }[] }>('listdescriptors');
  await rpc().call('createwallet', 'wallet-watch', true, true);
  const watch = rpc().wallet('wallet-watch');
  await watch.call('importdescriptors', descriptors.map((d) => ({ desc: d.desc, active: true, internal: d.internal, range: d.range, timestamp: 'now' })));
  const watched = await watch.call<string>('getnewaddress', '', 'legacy');
  const cs = encodeAddress({ bitcoinAddress: watched, addressFlags: 3, paymentRef: 0n });
  if (!cs.ok) throw new Error(cs.error);
  // Gold for it from wallet A (this window), bitcoin from C.
  const form = await openSend();
  await fillAssetSend(form, 'gold', cs.value, '10');
  await form.getByRole('button', { name: 'Review' }).click();
  await page.getByTestId('send-review').getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('send-done')).toBeVisible({ timeout: 30_000 });
  await rpc().wallet('wallet-c').call('sendtoaddress', await watch.call<string>('getnewaddress'), 0.002);
  await world.devnet.mine(1);

  const wPage = await openWallet('wallet-watch', browser);
  const payee = await otherWallet('wallet-w-payee');
  const wForm = await openSend(wPage);
  await fillAssetSend(wForm, 'gold', payee.coinspark, '4');
  await wForm.getByRole('button', { name: 'Review' }).click();
  const review = wPage.getByTestId('send-review');
  await expect(review.getByTestId('psbt-round-trip')).toBeVisible();
  await expect(review.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
  const [download] = await Promise.all([wPage.waitForEvent('download'), review.getByRole('button', { name: 'Export PSBT' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.psbt$/);
  const exported = (await import('node:fs')).readFileSync(await download.path());
  expect(exported.subarray(0, 5).toString('hex')).toBe('70736274ff');
  // Signed elsewhere, saved as a binary .psbt file, loaded back.
  const signed = await signer.call<{ psbt: string }>('walletprocesspsbt', exported.toString('base64'), true, 'ALL', true, false);
  const os = await import('node:os');
  const path = await import('node:path');
  const fs = await import('node:fs');
  const file = path.join(makeTempDir('signed-'), 'signed.psbt');
  fs.writeFileSync(file, Buffer.from(signed.psbt, 'base64'));
  await review.getByLabel('Signed PSBT file').setInputFiles(file);
  await expect(review.getByRole('textbox', { name: /signed PSBT as text/ })).toHaveValue(signed.psbt);
  await wPage.screenshot({ path: screenshotPath('send-psbt-round-trip'), fullPage: true });
  await review.getByRole('button', { name: 'Broadcast signed transaction' }).click();
  await expect(wPage.getByTestId('send-done')).toBeVisible({ timeout: 30_000 });
  const txid = (await wPage.getByTestId('sent-txid').textContent())!.trim();
  await world.devnet.mine(1);
  const ref = await ReferenceCalc.load(rpc());
  expect(ref.qty(world.devnet.asset('gold').genTxId, txid, 0)).toBe(400n);
});

test('every control of the send screen is named, and a send is made with the keyboard alone', async () => {
  const form = await openSend();
  await form.getByRole('radio', { name: 'Asset' }).check();
  // Names: a label, an aria-label, or a button's own text, for every control on the screen.
  const unnamed = await page.locator('.send-screen').locator('input, select, textarea, button').evaluateAll((els) =>
    els
      .filter((el) => {
        const c = el as HTMLInputElement;
        const label = [...(c.labels ?? [])].some((l) => (l.textContent ?? '').trim() !== '');
        return !label && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby') && !(c.tagName === 'BUTTON' && (c.textContent ?? '').trim() !== '');
      })
      .map((el) => el.outerHTML.slice(0, 100)),
  );
  expect(unnamed).toEqual([]);

  // Tab from the heading reaches every field; Enter reviews, Tab reaches Send, Enter sends.
  const b = await otherWallet('wallet-keyboard');
  await page.locator('#send-heading').focus();
  const reached: string[] = [];
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      if (!el) return '';
      return el.getAttribute('aria-label') ?? (el.labels?.[0]?.textContent ?? el.textContent ?? '').trim();
    });
  for (let i = 0; i < 20 && !reached.includes('Review'); i++) {
    await page.keyboard.press('Tab');
    const name = await focused();
    reached.push(name);
    if (name === 'Asset' && (await page.evaluate(() => document.activeElement?.tagName)) === 'SELECT') {
      const gold = await form.getByRole('combobox', { name: 'Asset' }).locator('option', { hasText: world.devnet.asset('gold').name }).getAttribute('value');
      await form.getByRole('combobox', { name: 'Asset' }).selectOption(gold!);
    }
    if (name === 'CoinSpark address of the recipient') await page.keyboard.type(b.coinspark);
    if (name === 'Amount') await page.keyboard.type('1');
  }
  expect(reached).toEqual(expect.arrayContaining(['Asset', 'CoinSpark address of the recipient', 'Amount', 'Max: every unit of this asset', 'Rate', 'Fee rate (sat/vB)', 'Review']));
  await page.keyboard.press('Enter');
  const review = page.getByTestId('send-review');
  await expect(review).toBeVisible();
  await expect(page.locator('#send-heading')).toBeFocused();
  for (let i = 0; i < 12 && (await focused()) !== 'Send'; i++) await page.keyboard.press('Tab');
  expect(await focused()).toBe('Send');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('send-done')).toBeVisible({ timeout: 30_000 });
  for (let i = 0; i < 6 && (await focused()) !== 'Copy transaction id'; i++) await page.keyboard.press('Tab');
  expect(await focused()).toBe('Copy transaction id');
});
