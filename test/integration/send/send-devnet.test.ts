import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcGross, calcNet, encodeAddress, hexToBytes, readTransactionMetadata, type Genesis } from '../../../shared/coinspark/index';
import { WalletIpcError } from '../../../shared/ipc/result';
import { ReferenceCalc } from '../devnet-world/reference-qty';
import { startSendWorld, startWalletServices, until, type SendWorld } from './world';

// The send service on the devnet, through its IPC handlers as the UI calls them, checked against the node and the
// devnet's independent legal-definition calculation (reference-qty.ts). One world; tests run in order.

let w: SendWorld;
const others: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  w = await startSendWorld();
  // Every held asset counted (trackers answered) before anything is sent.
  await until(
    async () => (await w.list()).filter((a) => a.balance.confirmedRaw !== '0' || a.balance.unconfirmedRaw !== '0').length >= 5 && (await w.list()).every((a) => !a.balance.updating),
    async () => JSON.stringify((await w.list()).map((a) => [a.shortName, a.balance])),
    90_000,
  );
}, 180_000);
afterAll(async () => {
  for (const o of others) await o.stop().catch(() => undefined);
  await w?.stop();
});

const rate = { mode: 'rate' as const, satPerVb: '2' };
const mempoolSize = async (): Promise<number> => (await w.devnet.rpc.call<string[]>('getrawmempool')).length;
const refusal = async (p: Promise<unknown>): Promise<WalletIpcError | { reason: string; message: string }> => {
  try {
    await p;
  } catch (e) {
    return e as { reason: string; message: string };
  }
  throw new Error('expected a refusal');
};
const rawTx = async (txid: string) =>
  w.devnet.rpc.call<{ vin: { txid: string; vout: number }[]; vout: { value: number; scriptPubKey: { hex: string; address?: string } }[] }>('getrawtransaction', txid, true);
const genesisOf = (key: string): Genesis => {
  const g = w.devnet.asset(key).genesis;
  const flat = BigInt(g.chargeFlat);
  // The devnet plans write charges as mantissa × 10^exponent: recover a library genesis for calcNet / calcGross.
  let mantissa = flat;
  let exponent = 0;
  while (mantissa > 100n) {
    mantissa /= 10n;
    exponent++;
  }
  return {
    qtyMantissa: 1, qtyExponent: 0, chargeFlatMantissa: Number(mantissa), chargeFlatExponent: exponent, chargeBasisPoints: g.chargeBasisPoints,
    useHttps: false, domainName: '', usePrefix: false, pagePath: '', assetHash: new Uint8Array(0), assetHashLen: 0,
  };
};

describe('sending on the devnet', () => {
  it('exposes the bitcoin figures: confirmed, unconfirmed, free of assets, the migration reserve', async () => {
    const f = await w.call('send:figures', undefined);
    expect(f.known).toBe(true);
    // Core's own figures (they count the outputs locked away from its sends too).
    const a = w.devnet.rpc.wallet(w.devnet.info.walletName!);
    const sats = (btc: number) => BigInt(Math.round(btc * 1e8));
    const balances = await a.call<{ mine: { trusted: number; untrusted_pending: number } }>('getbalances');
    expect(BigInt(f.confirmedSats) + BigInt(f.unconfirmedSats)).toBe(sats(balances.mine.trusted) + sats(balances.mine.untrusted_pending));
    expect(BigInt(f.confirmedSats)).toBe(sats(await a.call<number>('getbalance', '*', 1)));
    const unspent = [...(await a.call<{ txid: string; vout: number }[]>('listunspent', 0)), ...(await a.call<{ txid: string; vout: number }[]>('listlockunspent'))];
    expect(f.outputs).toBe(new Set(unspent.map((u) => `${u.txid}:${u.vout}`)).size);
    expect(f.reserveSats).toBe(String(Math.ceil(unspent.length / 5) * 11_000));
    // The 10 BTC for fees are free of assets; every asset output (10,000 sat each) is not.
    expect(f.assetFreeSats).toBe('1000000000');
    expect(BigInt(f.assetBoundSats)).toBe(BigInt(f.confirmedSats) + BigInt(f.unconfirmedSats) - 1_000_000_000n);
  });

  it('sends units to a CoinSpark address of wallet B: B nets them, our change keeps the rest and the other asset of the input', async () => {
    // One output of ours holding two assets (gold and bond): a transaction without metadata moves both to its only output.
    const a = w.devnet.rpc.wallet(w.devnet.info.walletName!);
    const goldOut = w.devnet.asset('gold').wallet.outputs.find((o) => o.confirmed)!;
    const bondOut = w.devnet.asset('bond').wallet.outputs[0]!;
    const joined = await a.call<string>('getnewaddress');
    const raw = await a.call<string>('createrawtransaction', [{ txid: goldOut.txid, vout: goldOut.vout }, { txid: bondOut.txid, vout: bondOut.vout }], [{ [joined]: 0.00019 }]);
    const signed = await a.call<{ hex: string }>('signrawtransactionwithwallet', raw);
    const jointTxid = await w.devnet.rpc.call<string>('sendrawtransaction', signed.hex);
    await w.devnet.mine(1);
    const gold = await w.assetId('gold');
    const bond = await w.assetId('bond');
    const lists = w.services.context.services.assets.lists;
    await until(
      () => lists.balance(gold, jointTxid, 0)?.qty === goldOut.qty && lists.balance(bond, jointTxid, 0)?.qty === bondOut.qty,
      () => JSON.stringify([lists.balance(gold, jointTxid, 0), lists.balance(bond, jointTxid, 0)]),
    );

    const b = await w.otherWallet('wallet-b');
    const before = await mempoolSize();
    // 1000.00 g = 100,000 raw: more than the 12,345 unconfirmed, so the joint output is spent.
    const preview = await w.call('send:prepare', { kind: 'asset', assetId: gold, amount: '1000', mode: 'send', recipient: b.coinspark, fee: rate });
    expect(preview.outputs.map((o) => o.role)).toEqual(['recipient', 'metadata', 'change']);
    expect(preview.outputs[0]!.address).toBe(b.address);
    expect(preview.outputs[0]!.sats).toBe('10000');
    // Raw units and the asset's display data: the renderer formats them in the user's locale (issue #16).
    expect(preview.outputs[0]!.assets).toEqual([{ assetId: gold, label: 'dGOLD', raw: '100000', display: expect.objectContaining({ multiple: 0.01, format: '* g' }) }]);
    const change = preview.outputs[2]!;
    expect(change.assets.find((x) => x.assetId === gold)?.raw).toBe(String(BigInt(goldOut.qty) - 100_000n));
    expect(change.assets.find((x) => x.assetId === bond)?.raw).toBe(bondOut.qty);
    expect(preview.outputs[1]!.metadata!.transfers[0]).toMatchObject({ kind: 'transfer', asset: { assetId: gold, label: 'dGOLD' }, qtyPerOutput: '100000' });
    expect(BigInt(preview.feeSats)).toBeGreaterThanOrEqual(1000n); // the transfer list's minimum (protocol §7.8)
    expect(await mempoolSize()).toBe(before); // nothing sent by a review

    const sent = await w.call('send:confirm', { draftId: preview.draftId });
    expect(await mempoolSize()).toBe(before + 1);
    // Our change got its quantities at once (SELF), and the balance moved.
    expect(lists.balance(gold, sent.txid, 2)).toMatchObject({ qty: String(BigInt(goldOut.qty) - 100_000n), state: 'SELF' });
    expect(lists.balance(bond, sent.txid, 2)).toMatchObject({ qty: bondOut.qty, state: 'SELF' });
    const goldNow = (await w.list()).find((x) => x.assetId === gold)!;
    expect(BigInt(goldNow.balance.confirmedRaw) + BigInt(goldNow.balance.unconfirmedRaw)).toBe(BigInt(w.devnet.asset('gold').wallet.confirmed) + BigInt(w.devnet.asset('gold').wallet.unconfirmed) - 100_000n);
    expect(w.services.context.services.ownTransactions.has(sent.txid)).toBe(true);

    await w.devnet.mine(1);
    const ref = await ReferenceCalc.load(w.devnet.rpc);
    const goldGen = w.devnet.asset('gold').genTxId;
    const bondGen = w.devnet.asset('bond').genTxId;
    expect(ref.qty(goldGen, sent.txid, 0)).toBe(100_000n);
    expect(ref.qty(goldGen, sent.txid, 2)).toBe(BigInt(goldOut.qty) - 100_000n);
    expect(ref.qty(bondGen, sent.txid, 0)).toBe(0n);
    expect(ref.qty(bondGen, sent.txid, 2)).toBe(BigInt(bondOut.qty));
    const bUnspent = await w.devnet.rpc.wallet('wallet-b').call<{ txid: string; vout: number }[]>('listunspent', 0);
    expect(bUnspent.some((u) => u.txid === sent.txid && u.vout === 0)).toBe(true);
    // The trackers confirm what the wallet computed.
    await until(() => lists.balance(gold, sent.txid, 2)?.state === 'VALID', () => JSON.stringify(lists.balance(gold, sent.txid, 2)));
    expect(lists.balance(gold, sent.txid, 2)!.qty).toBe(String(BigInt(goldOut.qty) - 100_000n));
  });

  it('payment charges: "recipient gets X" sends calcGross(X), "send X" gives calcNet(X); both figures shown', async () => {
    const silver = await w.assetId('silver');
    const g = genesisOf('silver');
    const b = await w.otherWallet('wallet-b2');
    const quote = await w.call('send:quote', { assetId: silver, amount: '100', mode: 'receive' });
    expect(quote.hasCharges).toBe(true);
    expect(quote.netRaw).toBe('100');
    expect(quote.grossRaw).toBe(calcGross(g, 100n).toString());
    expect(quote.chargeRaw).toBe((calcGross(g, 100n) - 100n).toString());
    const receive = await w.call('send:prepare', { kind: 'asset', assetId: silver, amount: '100', mode: 'receive', recipient: b.coinspark, fee: rate });
    expect(receive.assetSend).toMatchObject({ netRaw: '100', grossRaw: quote.grossRaw });
    expect(receive.outputs[0]!.assets[0]!.raw).toBe('100');
    const first = await w.call('send:confirm', { draftId: receive.draftId });

    const send = await w.call('send:prepare', { kind: 'asset', assetId: silver, amount: '100', mode: 'send', recipient: b.coinspark, fee: rate });
    expect(send.assetSend).toMatchObject({ grossRaw: '100', netRaw: calcNet(g, 100n).toString() });
    expect(send.outputs[0]!.assets[0]!.raw).toBe(calcNet(g, 100n).toString());
    const second = await w.call('send:confirm', { draftId: send.draftId });

    await w.devnet.mine(1);
    const ref = await ReferenceCalc.load(w.devnet.rpc);
    const gen = w.devnet.asset('silver').genTxId;
    expect(ref.qty(gen, first.txid, 0)).toBe(100n);
    expect(ref.qty(gen, second.txid, 0)).toBe(calcNet(g, 100n));
  });

  it('sends bitcoin to a CoinSpark address with its payment reference in an OP_RETURN, read back from the chain', async () => {
    const c = await w.otherWallet('wallet-c', 3, 1_234_567_890_123n);
    const preview = await w.call('send:prepare', { kind: 'bitcoin', recipient: c.coinspark, amount: '0.01', fee: rate });
    expect(preview.paymentRef).toBe('1234567890123');
    expect(preview.outputs.map((o) => o.role)).toEqual(['recipient', 'metadata', 'change']);
    expect(preview.outputs[1]!.metadata!.paymentRef).toBe('1234567890123');
    expect(preview.outputs.every((o) => o.assets.length === 0)).toBe(true);
    const sent = await w.call('send:confirm', { draftId: preview.draftId });
    const tx = await rawTx(sent.txid);
    expect(tx.vout[0]!.scriptPubKey.address).toBe(c.address);
    expect(tx.vout[0]!.value).toBe(0.01);
    const data = readTransactionMetadata(tx.vout.map((o) => hexToBytes(o.scriptPubKey.hex)!), tx.vin.length);
    expect(data.paymentRef).toBe(1_234_567_890_123n);
    expect(data.transfers).toBeNull();
    // Only outputs free of assets were spent.
    const lists = w.services.context.services.assets.lists;
    for (const input of tx.vin) expect(lists.assetsAtOutput(input.txid, input.vout).every((id) => lists.balance(id, input.txid, input.vout)?.qty === '0')).toBe(true);
  });

  it('refuses, in words and without sending anything: plain bitcoin address, no assets flag, wrong network, too much, a fee that voids the transfer', async () => {
    const gold = await w.assetId('gold');
    const b = await w.otherWallet('wallet-r', 3);
    const noAssets = await w.otherWallet('wallet-r2', 2);
    const before = await mempoolSize();
    const drafts = w.services.context.services.send.drafts();
    const asset = (recipient: string, amount = '1', fee: { mode: 'rate'; satPerVb: string } | { mode: 'total'; sats: string } = rate) =>
      w.call('send:prepare', { kind: 'asset', assetId: gold, amount, mode: 'send', recipient, fee });

    const plain = await refusal(asset(b.address));
    expect(plain.reason).toBe('plain-bitcoin-for-assets');
    expect(plain.message).toMatch(/plain bitcoin address/);
    const flag = await refusal(asset(noAssets.coinspark));
    expect(flag.reason).toBe('no-assets-flag');
    expect(flag.message).toMatch(/does not accept assets/);
    const mainnet = await refusal(asset('sLoAGKmrz7RQkuzgpqoVftWU8WjR2j7b3ttkA'));
    expect(mainnet.reason).toBe('wrong-network');
    expect(mainnet.message).toMatch(/mainnet address, but the wallet is on regtest/);
    const tooMuch = await refusal(asset(b.coinspark, '100000'));
    expect(tooMuch.reason).toBe('over-balance');
    expect(tooMuch.message).toMatch(/at most .* of dGOLD/);
    const voids = await refusal(asset(b.coinspark, '1', { mode: 'total', sats: '500' }));
    expect(voids.reason).toBe('fee-voids-transfer');
    expect(voids.message).toMatch(/would void the transfer/);
    const dust = await refusal(w.call('send:prepare', { kind: 'bitcoin', recipient: b.address, amount: '0.00000100', fee: rate }));
    expect(dust.reason).toBe('dust');

    // An asset whose balance is not known yet (the trackers have not answered), and one they disagree about.
    const acme = await w.assetId('acme');
    const lists = w.services.context.services.assets.lists;
    const saved = lists.balancesOf(acme);
    // Neither the trackers (rows) nor the wallet's own computation (the history ledger) know it.
    const registry = w.services.context.services as { history?: unknown };
    const history = registry.history;
    // Nor the node (local verification would prove them again at its next pass).
    const release = await w.services.context.services.verify.hold();
    lists.batch(() => saved.forEach((r) => lists.updateBalance(acme, r.txid, r.vout, { qty: null, state: 'NEVERCHECKED' })));
    registry.history = undefined;
    const unknown = await refusal(w.call('send:prepare', { kind: 'asset', assetId: acme, amount: '1', mode: 'send', recipient: b.coinspark, fee: rate })).finally(() => {
      release();
      registry.history = history;
      lists.batch(() => saved.forEach((r) => lists.updateBalance(acme, r.txid, r.vout, { qty: r.qty, state: r.state, qtyChecked: r.qtyChecked })));
    });
    expect(unknown.reason).toBe('balance-unknown');
    expect(unknown.message).toMatch(/not known yet/);
    const silver = await w.assetId('silver');
    lists.updateAsset(silver, { dispute: { answers: [{ url: 'http://127.0.0.1:1/', confirmedRaw: '5' }], message: 'The trackers disagree.' } });
    const disputed = await refusal(w.call('send:prepare', { kind: 'asset', assetId: silver, amount: '1', mode: 'send', recipient: b.coinspark, fee: rate }));
    expect(disputed.reason).toBe('disputed');
    lists.updateAsset(silver, { dispute: null });

    expect(await mempoolSize()).toBe(before);
    expect(w.services.context.services.send.drafts()).toBe(drafts);
  });

  it('a broadcast Core refuses releases the coins it held: the next review can use them again', async () => {
    const a = w.devnet.rpc.wallet(w.devnet.info.walletName!);
    const key = (o: { txid: string; vout: number }) => `${o.txid}:${o.vout}`;
    const lockedBefore = new Set((await a.call<{ txid: string; vout: number }[]>('listlockunspent')).map(key));
    const b = await w.otherWallet('wallet-f');
    const preview = await w.call('send:prepare', { kind: 'bitcoin', recipient: b.address, amount: '0.001', fee: rate });
    const held = (await a.call<{ txid: string; vout: number }[]>('listlockunspent')).filter((l) => !lockedBefore.has(key(l)));
    expect(held).toHaveLength(preview.inputCount);
    expect(w.services.context.services.send.drafts()).toBe(1);
    // Someone spends the same coin first, paying more: it reaches the mempool before ours.
    const coin = held[0]!;
    const out = await w.devnet.rpc.call<{ value: number }>('gettxout', coin.txid, coin.vout, true);
    const raw = await a.call<string>('createrawtransaction', [{ txid: coin.txid, vout: coin.vout }], [{ [await a.call<string>('getnewaddress')]: Number((out.value - 0.0002).toFixed(8)) }]);
    const signed = await a.call<{ hex: string }>('signrawtransactionwithwallet', raw);
    await w.devnet.rpc.call('sendrawtransaction', signed.hex);

    const failed = await refusal(w.call('send:confirm', { draftId: preview.draftId }));
    expect(['conflict', 'missing-inputs']).toContain(failed.reason);
    expect(failed.message).toMatch(/Nothing was sent/);
    expect(w.services.context.services.send.drafts()).toBe(0);
    const lockedAfter = new Set((await a.call<{ txid: string; vout: number }[]>('listlockunspent')).map(key));
    expect(held.filter((h) => lockedAfter.has(key(h)))).toEqual([]);
    await w.devnet.mine(1);
  });

  it('migrates a wallet holding three assets to another wallet: everything arrives in one output', async () => {
    // The double spend of the test before paid its change to a new output of ours: free of assets once the trackers say so.
    const free = async () => {
      await w.services.context.services.sync.syncNow();
      return BigInt((await w.call('send:figures', undefined)).assetFreeSats);
    };
    await until(async () => (await free()) > 100_000_000n, async () => JSON.stringify(await w.call('send:figures', undefined)));
    const m = await w.otherWallet('wallet-m');
    for (const key of ['gold', 'silver', 'bond']) {
      const id = await w.assetId(key);
      const p = await w.call('send:prepare', { kind: 'asset', assetId: id, amount: key === 'bond' ? '0.5' : '10', mode: 'receive', recipient: m.coinspark, fee: rate });
      await w.call('send:confirm', { draftId: p.draftId });
    }
    // Bitcoin for M in nine small payments (from wallet C, which holds no asset): with twelve outputs its reserve
    // is ceil(12 / 5) × 11,000 = 33,000 sat, more than its asset outputs carry.
    const c = w.devnet.rpc.wallet('wallet-c');
    const payees: Record<string, number> = {};
    for (let i = 0; i < 9; i++) payees[await w.devnet.rpc.wallet('wallet-m').call<string>('getnewaddress')] = 0.00003;
    await c.call('sendmany', '', payees);
    await w.devnet.mine(1);

    const other = await startWalletServices(w.devnet, 'wallet-m');
    others.push({ stop: () => other.services.stop() });
    await until(
      async () => (await other.list()).filter((a) => a.balance.confirmedRaw !== '0' && !a.balance.updating).length === 3,
      async () => JSON.stringify((await other.list()).map((a) => [a.shortName, a.balance])),
      60_000,
    );
    const n = await w.otherWallet('wallet-n');
    const mFigures = await other.call('send:figures', undefined);
    expect(mFigures).toMatchObject({ outputs: 12, reserveSats: '33000', assetFreeSats: '27000', assetBoundSats: '30000' });
    const breach = await refusal(other.call('send:prepare', { kind: 'bitcoin', recipient: n.address, amount: '0.00025', fee: { mode: 'rate', satPerVb: '1' } }));
    expect(breach.reason).toBe('reserve-breached');
    expect(breach.message).toMatch(/below the 0\.00033000 BTC kept back to pay for moving its assets/);
    const own = await refusal(other.call('send:prepare', { kind: 'migration', recipient: m.coinspark, fee: rate }));
    expect(own.reason).toBe('own-address');
    const preview = await other.call('send:prepare', { kind: 'migration', recipient: n.coinspark, fee: rate });
    expect(preview.migration!.map((x) => x.label).sort()).toEqual(['BOND5', 'SILVER', 'dGOLD']);
    expect(preview.outputs.filter((o) => o.role === 'recipient')).toHaveLength(1);
    expect(preview.outputs[0]!.assets.map((x) => x.raw).sort()).toEqual(preview.migration!.map((x) => x.raw).sort());
    const moved = await other.call('send:confirm', { draftId: preview.draftId });
    await w.devnet.mine(1);
    const ref = await ReferenceCalc.load(w.devnet.rpc);
    for (const item of preview.migration!) {
      const key = item.label === 'dGOLD' ? 'gold' : item.label === 'BOND5' ? 'bond' : 'silver';
      expect(ref.qty(w.devnet.asset(key).genTxId, moved.txid, 0), key).toBe(BigInt(item.raw!));
    }
    const mLeft = await w.devnet.rpc.wallet('wallet-m').call<unknown[]>('listunspent', 0);
    expect(mLeft).toEqual([]);
  });
});


describe('the change computed by the wallet (SELF) while the trackers do not know it yet', () => {
  it('stays SELF and keeps being asked until a tracker confirms it', async () => {
    const gold = await w.assetId('gold');
    const lists = w.services.context.services.assets.lists;
    // A node that does not prove it (local verification held; it would make the figure "verified by your node").
    const release = await w.services.context.services.verify.hold();
    // Both trackers of gold answer as of 5 blocks ago: the new change is unknown to them (-10001).
    for (const t of w.devnet.trackers.slice(0, 2)) t.setFault({ kind: 'lag', blocks: 5 });
    const b = await w.otherWallet('wallet-s');
    const preview = await w.call('send:prepare', { kind: 'asset', assetId: gold, amount: '1', mode: 'send', recipient: b.coinspark, fee: rate });
    const sent = await w.call('send:confirm', { draftId: preview.draftId });
    const vout = preview.outputs.length - 1;
    const qty = preview.outputs[vout]!.assets.find((x) => x.assetId === gold)!.raw;
    await until(() => (lists.balance(gold, sent.txid, vout)?.qtyFailures ?? 0) > 0, () => JSON.stringify(lists.balance(gold, sent.txid, vout)), 30_000);
    expect(lists.balance(gold, sent.txid, vout)).toMatchObject({ qty, state: 'SELF' });
    for (const t of w.devnet.trackers.slice(0, 2)) t.setFault(null);
    await until(() => lists.balance(gold, sent.txid, vout)?.state === 'VALID', () => JSON.stringify(lists.balance(gold, sent.txid, vout)), 30_000);
    expect(lists.balance(gold, sent.txid, vout)!.qty).toBe(qty);
    release();
  }, 90_000);
});

describe('a watch-only wallet (public descriptors of another wallet imported)', () => {
  it('exports the unsigned PSBT, takes it back signed by the wallet with the keys, and refuses another transaction', async () => {
    const rpc = w.devnet.rpc;
    await rpc.call('createwallet', 'signer');
    const signer = rpc.wallet('signer');
    const { descriptors } = await signer.call<{ descriptors: { desc: string; internal: boolean; active: boolean; range: [number, number] }[] }>('listdescriptors');
    expect(descriptors).toHaveLength(8);
    await rpc.call('createwallet', 'watch', true, true);
    const watch = rpc.wallet('watch');
    const imported = await watch.call<{ success: boolean }[]>('importdescriptors', descriptors.map((d) => ({ desc: d.desc, active: true, internal: d.internal, range: d.range, timestamp: 'now' })));
    expect(imported.every((r) => r.success)).toBe(true);
    // The same keys: the signer's first legacy address is the watch-only wallet's first.
    const watched = await watch.call<string>('getnewaddress', '', 'legacy');
    expect(await signer.call<string>('getnewaddress', '', 'legacy')).toBe(watched);

    const gold = await w.assetId('gold');
    const toWatch = await w.call('send:prepare', { kind: 'asset', assetId: gold, amount: '10', mode: 'send', recipient: encodeCs(watched), fee: rate });
    await w.call('send:confirm', { draftId: toWatch.draftId });
    const fund = await w.call('send:prepare', { kind: 'bitcoin', amount: '0.01', recipient: await watch.call<string>('getnewaddress'), fee: rate });
    await w.call('send:confirm', { draftId: fund.draftId });
    await w.devnet.mine(1);
    const unspent = await watch.call<{ spendable: boolean; solvable: boolean }[]>('listunspent');
    expect(unspent.length).toBeGreaterThanOrEqual(2);
    expect(unspent.every((u) => !u.spendable && u.solvable)).toBe(true);

    const other = await startWalletServices(w.devnet, 'watch');
    others.push({ stop: () => other.services.stop() });
    await until(
      async () => (await other.list()).some((a) => a.genTxId === w.devnet.asset('gold').genTxId && a.balance.confirmedRaw === '1000'),
      async () => JSON.stringify((await other.list()).map((a) => [a.shortName, a.balance])),
      60_000,
    );
    const watchGold = (await other.list()).find((a) => a.genTxId === w.devnet.asset('gold').genTxId)!.assetId;
    const payee = await w.otherWallet('wallet-p');
    const preview = await other.call('send:prepare', { kind: 'asset', assetId: watchGold, amount: '4', mode: 'send', recipient: payee.coinspark, fee: rate });
    expect(preview.signing).toBe('watch-only');
    expect((await refusal(other.call('send:confirm', { draftId: preview.draftId }))).reason).toBe('watch-only');
    const { psbt, fileName } = await other.call('send:exportPsbt', { draftId: preview.draftId });
    expect(fileName).toMatch(/\.psbt$/);
    // What the watch-only wallet exports already carries each input's UTXO, so a signer needs nothing else.
    const decoded = await rpc.call<{ inputs: { witness_utxo?: unknown; non_witness_utxo?: unknown }[] }>('decodepsbt', psbt);
    expect(decoded.inputs.every((i) => i.witness_utxo !== undefined || i.non_witness_utxo !== undefined)).toBe(true);
    // A signed PSBT of another transaction is refused, and nothing is sent.
    const a = rpc.wallet(w.devnet.info.walletName!);
    const foreign = await a.call<{ psbt: string }>('walletcreatefundedpsbt', [], [{ [payee.address]: 0.001 }]);
    const before = await mempoolSize();
    const wrong = await refusal(other.call('send:broadcastSigned', { draftId: preview.draftId, psbt: (await a.call<{ psbt: string }>('walletprocesspsbt', foreign.psbt)).psbt }));
    expect(wrong.reason).toBe('not-the-reviewed-transaction');
    expect(await mempoolSize()).toBe(before);

    const again = await other.call('send:prepare', { kind: 'asset', assetId: watchGold, amount: '4', mode: 'send', recipient: payee.coinspark, fee: rate });
    const exported = await other.call('send:exportPsbt', { draftId: again.draftId });
    const unsigned = await refusal(other.call('send:broadcastSigned', { draftId: again.draftId, psbt: exported.psbt }));
    expect(unsigned.reason).toBe('not-signed');
    const signed = await signer.call<{ psbt: string; complete: boolean }>('walletprocesspsbt', exported.psbt, true, 'ALL', true, false);
    const sent = await other.call('send:broadcastSigned', { draftId: again.draftId, psbt: signed.psbt });
    await w.devnet.mine(1);
    const ref = await ReferenceCalc.load(rpc);
    expect(ref.qty(w.devnet.asset('gold').genTxId, sent.txid, 0)).toBe(400n);
  }, 120_000);
});

function encodeCs(address: string): string {
  const e = encodeAddress({ bitcoinAddress: address, addressFlags: 3, paymentRef: 0n });
  if (!e.ok) throw new Error(e.error);
  return e.value;
}
