import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { RpcError } from '../../../main/services/core/rpc-client';
import type { RunningServices } from '../../../main/node/service-host';
import { genesisMetadata, newAddress, sampleGenesis, sendWithMetadata, startWalletWorld, transferMetadata, type WalletWorld } from '../wallet/helpers';
import { appDir, call, countingProxy, lockedInCore, outKey, spendRaw, startWalletServices, syncNow, unspentInCore } from './helpers';

/**
 * Issue #14 "Protection" and "Foreign spends" against the devnet node over real HTTP, with the services as the
 * headless host runs them: the wallet (`w`) issues an asset to itself and receives plain bitcoin from someone else,
 * and every output holding units, or whose units are not known, ends up locked in Core.
 */
describe('asset outputs locked in Bitcoin Core (devnet)', () => {
  let world: WalletWorld;
  let services: RunningServices;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let genesisTx = '';
  let paymentTx = '';
  let paymentVout = -1;
  const w = () => world.rpc('w');
  const issuer = () => world.rpc('issuer');
  const handlers = () => services.handlers;

  beforeAll(async () => {
    world = await startWalletWorld(['w', 'issuer']);
    // The wallet issues 10,000 units to its own address: output 0 gets them all, the change (last) none.
    genesisTx = await sendWithMetadata(w(), { outputs: [{ address: await newAddress(w()), btc: 0.001 }], metadata: genesisMetadata(sampleGenesis('locks.example.com')) });
    world.node.mine(1);
    // Someone else pays the wallet plain bitcoin at its last output (change first): whatever units the payer's
    // inputs held went there, and nobody here knows how many without a tracker.
    paymentTx = await sendWithMetadata(issuer(), { outputs: [{ address: await newAddress(w()), btc: 0.5 }], metadata: null, changePosition: 0 });
    paymentVout = 1;
    world.node.mine(1);
    proxy = await countingProxy(world.node.rpcUrl);
    // Without local verification: the node would prove the payment's output empty (its inputs predate the asset),
    // and this test is about outputs whose units nobody here knows.
    services = await startWalletServices({ dataDir: appDir(world.dir), rpcUrl: proxy.url, cookieFile: world.node.cookieFile, wallet: 'w', verify: false });
    await syncNow(services);
  }, 90_000);

  afterAll(async () => {
    await services?.stop();
    await proxy?.close();
    await world?.close();
  });

  it('after sync, every output holding units and every output with unknown units is locked in Core; known-empty ones stay spendable', async () => {
    const locked = await lockedInCore(w());
    expect(locked.has(`${genesisTx}:0`)).toBe(true); // holds the 10,000 units (worked out locally from the genesis)
    expect(locked.has(`${paymentTx}:${paymentVout}`)).toBe(true); // paid by someone else: units not known
    expect(locked.has(`${genesisTx}:2`)).toBe(false); // the genesis change: no units by the genesis rule
    // The mined coins predate the asset: spendable by Core.
    const spendable = await unspentInCore(w());
    expect(spendable.length).toBeGreaterThan(50);
    expect(spendable.some((u) => outKey(u) === `${genesisTx}:0`)).toBe(false);

    // Locked outputs are still the wallet's: in the sync's unspent set, marked locked, with their balance rows.
    const unspent = services.context.services.assets.unspent();
    expect(unspent.get(`${genesisTx}:0`)).toMatchObject({ locked: true, amountSats: 100_000n });
    const lists = services.context.services.assets.lists;
    const asset = lists.assetByGenTxId(genesisTx)!;
    expect(lists.balance(asset.assetId, genesisTx, 0)).toBeDefined();
    const status = await handlers()['safety:status'](undefined, call);
    expect(status).toMatchObject({ enabled: true, explained: false, lockedByWallet: 2, lockedByOthers: 0, holdingOutputs: 2, unprotected: 0, lastError: null });

    // A second pass changes nothing and does not lose a locked output.
    proxy.reset();
    await syncNow(services);
    expect(proxy.counts.get('lockunspent') ?? 0).toBe(0);
    expect(services.context.services.assets.unspent().has(`${genesisTx}:0`)).toBe(true);
    expect(lists.balance(asset.assetId, genesisTx, 0)).toBeDefined();
  });

  it('the locks persist across a restart of the node', async () => {
    const before = await lockedInCore(w());
    await world.node.restart();
    const after = await lockedInCore(w());
    expect([...after].sort()).toEqual([...before].sort());
    await handlers()['connection:sync'](undefined, call);
    const status = await handlers()['safety:status'](undefined, call);
    expect(status).toMatchObject({ lockedByWallet: 2, unprotected: 0, lastError: null });
  });

  it('sendtoaddress from Core for the whole balance cannot touch them', async () => {
    const locked = await lockedInCore(w());
    const payee = await newAddress(issuer());
    const balance = await w().walletCall('getbalance', [], v.number());
    // The balance counts the locked coins, but Core will not spend them: the whole balance is "insufficient".
    const refused = await w().walletCall('sendtoaddress', [payee, balance], v.string()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RpcError);
    expect((refused as RpcError).code).toBe(-6);
    // Everything Core may spend, fee taken from the amount: goes through, without a single locked output.
    const spendable = (await unspentInCore(w())).reduce((sum, u) => sum + Math.round(u.amount * 1e8), 0);
    const txid = await w().walletCall('sendtoaddress', [payee, spendable / 1e8, '', '', true], v.string());
    const raw = await w().call('getrawtransaction', [txid, true], v.object({ vin: v.array(v.object({ txid: v.string(), vout: v.number() })) }));
    expect(raw.vin.length).toBeGreaterThan(50);
    for (const input of raw.vin) expect(locked.has(outKey(input))).toBe(false);
    await syncNow(services);
    expect(await handlers()['safety:alerts'](undefined, call)).toEqual([]);
    expect(services.context.services.assets.unspent().has(`${genesisTx}:0`)).toBe(true);
    world.node.mine(1);
  });

  it('an asset-holding output locked by the user is still counted as ours, and never unlocked by the wallet', async () => {
    // A second asset; the user locks its output by hand (not persistently) before the wallet sees it.
    const userGenesis = await sendWithMetadata(issuer(), { outputs: [{ address: await newAddress(w()), btc: 0.002 }], metadata: genesisMetadata(sampleGenesis('user-locked.example.com', 5, 3)) });
    world.node.mine(1);
    await w().walletCall('lockunspent', [false, [{ txid: userGenesis, vout: 0 }]], v.boolean());
    await syncNow(services);
    const unspent = services.context.services.assets.unspent();
    expect(unspent.get(`${userGenesis}:0`)).toMatchObject({ locked: true });
    const lists = services.context.services.assets.lists;
    const asset = lists.assetByGenTxId(userGenesis);
    expect(asset).toBeDefined();
    expect(lists.balance(asset!.assetId, userGenesis, 0)).toBeDefined();
    let status = await handlers()['safety:status'](undefined, call);
    expect(status.lockedByOthers).toBe(1);
    expect(status.unprotected).toBe(0);

    // Locking off: the wallet releases its own locks at once, the user's stays.
    status = await handlers()['safety:setLocking']({ enabled: false }, call);
    expect(status).toMatchObject({ enabled: false, lockedByWallet: 0, lockedByOthers: 1 });
    expect([...(await lockedInCore(w()))]).toEqual([`${userGenesis}:0`]);
    // And on again: locked again.
    await handlers()['safety:setLocking']({ enabled: true }, call);
    const locked = await lockedInCore(w());
    expect(locked.has(`${genesisTx}:0`)).toBe(true);
    expect(locked.has(`${userGenesis}:0`)).toBe(true);
  });

  it('an asset output unlocked and spent behind the wallet’s back raises an alert that says where every unit went', async () => {
    const payee = await newAddress(issuer());
    await w().walletCall('lockunspent', [true, [{ txid: genesisTx, vout: 0 }]], v.boolean());
    // Another program spends it: one output paying someone else, no CoinSpark metadata.
    const spend = await spendRaw(w(), [{ txid: genesisTx, vout: 0 }], [{ [payee]: 0.00098 }]);
    await syncNow(services);
    const alerts = await handlers()['safety:alerts'](undefined, call);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert).toMatchObject({ kind: 'foreign-spend', txid: spend, outputs: [`${genesisTx}:0`], voidTransfer: true, dismissedAt: null });
    expect(alert.assets).toHaveLength(1);
    expect(alert.assets[0]).toMatchObject({ before: '10000', lost: '10000', kept: '0', destroyed: '0', outputs: [{ vout: 0, address: payee, ours: false, qty: '10000' }] });
    expect(alert.cause).toMatch(/carries no CoinSpark transfer list/);
    expect(alert.cause).toMatch(/locked the output in Bitcoin Core/);

    // The alert stays (persisted) until dismissed, and the history points at it.
    const history = await handlers()['history:list']({ search: spend }, call);
    expect(history.rows[0]).toMatchObject({ txid: spend, own: false, alertId: alert.id });
    expect(history.rows[0]!.assets).toEqual([{ assetId: alert.assets[0]!.assetId, in: '0', out: '10000', net: '-10000', source: 'local' }]);
    await syncNow(services);
    expect(await handlers()['safety:alerts'](undefined, call)).toHaveLength(1);
    await handlers()['safety:dismissAlert']({ id: alert.id }, call);
    expect(await handlers()['safety:alerts'](undefined, call)).toEqual([]);
    expect(await handlers()['safety:alerts']({ includeDismissed: true }, call)).toHaveLength(1);
  });

  it('a spend that sends the units back to a wallet address reports them as kept', async () => {
    const lists = services.context.services.assets.lists;
    const userGenesis = lists.assets().find((a) => a.genesis?.domainName === 'user-locked.example.com')!;
    const [row] = lists.balancesOf(userGenesis.assetId).filter((r) => r.txid === userGenesis.genTxId);
    const ours = await newAddress(w());
    const payee = await newAddress(issuer());
    // Last output is the wallet's: the units stay, at another output.
    const spend = await spendRaw(w(), [{ txid: row!.txid, vout: row!.vout }], [{ [payee]: 0.001 }, { [ours]: 0.00098 }]);
    await syncNow(services);
    const alert = (await handlers()['safety:alerts'](undefined, call)).find((a) => a.txid === spend)!;
    expect(alert.assets[0]).toMatchObject({ before: '5000', lost: '0', kept: '5000', outputs: [{ vout: 1, address: ours, ours: true, qty: '5000' }] });
    expect(alert.cause).toMatch(/an output of this wallet/);
    // The units' new output is locked at once (worked out locally).
    expect((await lockedInCore(w())).has(`${spend}:1`)).toBe(true);
  });

  it('a reorg that removes a receipt of units (a conflicting transaction confirms instead) raises an alert', async () => {
    // The issuer issues an asset and sends 300 units to the wallet (transaction R, confirmed in block B).
    const genX = await sendWithMetadata(issuer(), { outputs: [{ address: await newAddress(issuer()), btc: 0.002 }], metadata: genesisMetadata(sampleGenesis('reorg.example.com', 1, 3)) });
    const [genBlock] = world.node.mine(1);
    const ref = { blockNum: world.node.height(), txOffset: world.node.txOffset(genBlock!, genX), txIDPrefix: genX.slice(0, 4) };
    const list = transferMetadata([{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 300n }], 1, 3);
    const receipt = await sendWithMetadata(issuer(), { inputs: [{ txid: genX, vout: 0 }], outputs: [{ address: await newAddress(w()), btc: 0.001 }], metadata: list });
    const [blockB] = world.node.mine(1);
    await syncNow(services);
    const lists = services.context.services.assets.lists;
    const asset = lists.assetByRef(ref)!;
    expect(lists.balance(asset.assetId, receipt, 0)).toBeDefined();
    expect((await lockedInCore(w())).has(`${receipt}:0`)).toBe(true);
    // What a tracker would answer for it (no tracker in this world).
    lists.updateBalance(asset.assetId, receipt, 0, { qty: '300', qtyChecked: new Date().toISOString(), state: 'VALID' });

    // Block B is reorganised away and the issuer spends R's input again, to itself, with a higher fee.
    await w().call('invalidateblock', [blockB], v.null());
    const raw = await issuer().walletCall('createrawtransaction', [[{ txid: genX, vout: 0 }], [{ [await newAddress(issuer())]: 0.0019 }]], v.string());
    const signed = await issuer().walletCall('signrawtransactionwithwallet', [raw], v.object({ hex: v.string() }));
    await issuer().call('sendrawtransaction', [signed.hex], v.string());
    world.node.mine(1);
    await syncNow(services);
    const alert = (await handlers()['safety:alerts'](undefined, call)).find((a) => a.txid === receipt)!;
    expect(alert).toMatchObject({ kind: 'receipt-removed', outputs: [`${receipt}:0`] });
    expect(alert.assets).toEqual([expect.objectContaining({ assetId: asset.assetId, before: '300', lost: '300', kept: '0' })]);
    expect(alert.cause).toMatch(/can no longer confirm: a conflicting transaction/);
    expect(lists.balance(asset.assetId, receipt, 0)).toBeUndefined();
    // Every lock in Core is the wallet's own (the user's lock went with its output), and none is missing.
    await syncNow(services);
    expect(await handlers()['safety:status'](undefined, call)).toMatchObject({ lockedByOthers: 0, unprotected: 0 });
  });

  it('the wallet’s own transactions are never reported as foreign (recorded before or just after the broadcast)', async () => {
    const lists = services.context.services.assets.lists;
    const own = services.context.services.ownTransactions;
    // Outputs the wallet locked itself: the ones holding units (or maybe).
    const ours = services.context.services.safety.ourLocks();
    const holding = () => [...services.context.services.assets.unspent().values()].filter((u) => ours.has(`${u.txid}:${u.vout}`) && lists.assetsAtOutput(u.txid, u.vout).length > 0);
    const consolidate = async (held: { txid: string; vout: number; amountSats: bigint }): Promise<{ txid: string; hex: string }> => {
      const hex = await w().walletCall('createrawtransaction', [[{ txid: held.txid, vout: held.vout }], [{ [await newAddress(w())]: Number(held.amountSats - 2000n) / 1e8 }]], v.string());
      const signed = await w().walletCall('signrawtransactionwithwallet', [hex], v.object({ hex: v.string() }));
      const decoded = await w().call('decoderawtransaction', [signed.hex], v.object({ txid: v.string() }));
      return { txid: decoded.txid, hex: signed.hex };
    };
    const alertsAbout = async (txid: string) => (await handlers()['safety:alerts']({ includeDismissed: true }, call)).filter((a) => a.txid === txid);

    // Recorded before it is broadcast (the txid is known from the signed transaction): never reported.
    const [first, second] = holding();
    expect(second).toBeDefined();
    const a = await consolidate(first!);
    own.record(a.txid, { kind: 'send', note: 'consolidation' });
    await w().call('sendrawtransaction', [a.hex], v.string());
    await syncNow(services);
    expect(await alertsAbout(a.txid)).toEqual([]);
    const row = (await handlers()['history:list']({ search: a.txid }, call)).rows[0]!;
    expect(row).toMatchObject({ own: true, ownNote: 'consolidation', alertId: null });

    // Recorded only after a sync pass already saw it: the alert raised in between is withdrawn at once.
    const b = await consolidate(second!);
    await w().call('sendrawtransaction', [b.hex], v.string());
    await syncNow(services);
    expect(await alertsAbout(b.txid)).toHaveLength(1);
    own.record(b.txid, { kind: 'send' });
    expect(await alertsAbout(b.txid)).toEqual([]);
    expect((await handlers()['history:list']({ search: b.txid }, call)).rows[0]).toMatchObject({ own: true, alertId: null });
  });

  it('unlock everything: one action releases every lock the wallet made and turns locking off', async () => {
    const result = await handlers()['safety:unlockAll'](undefined, call);
    expect(result.enabled).toBe(false);
    expect(result.unlocked).toBeGreaterThan(0);
    expect(result.failed).toBe(0);
    const locked = await lockedInCore(w());
    expect(locked.size).toBe(0); // the user's lock went with the output it was on
    await syncNow(services);
    expect(await lockedInCore(w())).toEqual(new Set());
    const status = await handlers()['safety:status'](undefined, call);
    expect(status.enabled).toBe(false);
    expect(status.unprotected).toBeGreaterThan(0);
    await handlers()['safety:setLocking']({ enabled: true }, call);
  });
});

describe('locking many outputs (devnet)', () => {
  let world: WalletWorld;
  let services: RunningServices;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;

  beforeAll(async () => {
    world = await startWalletWorld(['w', 'issuer']);
    const w = world.rpc('w');
    // Three geneses by the wallet, each sharing its units over 1,700 outputs of its own (a genesis gives units to
    // every regular output but the last): 5,100 outputs holding units. (One transaction of 5,000 outputs would
    // pass Core's standard size.)
    for (let g = 0; g < 3; g++) {
      const addresses = await w.batch(Array.from({ length: 1700 }, () => ({ method: 'getnewaddress', params: [] })), true);
      const outputs: Record<string, number | string>[] = addresses.map((a) => ({ [(a as { ok: true; result: string }).result]: 0.00001 }));
      outputs.push({ data: Buffer.from(genesisMetadata(sampleGenesis(`many${g}.example.com`, 17, 3))).toString('hex') });
      const raw = await w.walletCall('createrawtransaction', [[], outputs], v.string());
      const funded = await w.walletCall('fundrawtransaction', [raw, { changePosition: outputs.length, fee_rate: 40 }], v.object({ hex: v.string() }));
      const signed = await w.walletCall('signrawtransactionwithwallet', [funded.hex], v.object({ hex: v.string() }));
      await w.call('sendrawtransaction', [signed.hex], v.string());
      world.node.mine(1);
    }
    proxy = await countingProxy(world.node.rpcUrl);
    // Without local verification: the node would prove the payment's output empty (its inputs predate the asset),
    // and this test is about outputs whose units nobody here knows.
    services = await startWalletServices({ dataDir: appDir(world.dir), rpcUrl: proxy.url, cookieFile: world.node.cookieFile, wallet: 'w', verify: false });
  }, 120_000);

  afterAll(async () => {
    await services?.stop();
    await proxy?.close();
    await world?.close();
  });

  it('locks 5,000 outputs in at most 10 RPC calls', async () => {
    proxy.reset();
    await syncNow(services);
    const locked = await lockedInCore(world.rpc('w'));
    expect(locked.size).toBe(5100);
    const calls = proxy.counts.get('lockunspent') ?? 0;
    expect(calls).toBeGreaterThan(0);
    expect(calls + (proxy.counts.get('listlockunspent') ?? 0)).toBeLessThanOrEqual(10);
    // The next pass finds them locked and all still the wallet's.
    proxy.reset();
    await syncNow(services);
    expect(proxy.counts.get('lockunspent') ?? 0).toBe(0);
    expect([...services.context.services.assets.unspent().values()].filter((u) => u.locked).length).toBe(5100);
  }, 120_000);
});

describe('a Core that refuses the locks (devnet behind a proxy)', () => {
  let world: WalletWorld;
  let services: RunningServices;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;

  beforeAll(async () => {
    world = await startWalletWorld(['w', 'issuer']);
    const w = world.rpc('w');
    await sendWithMetadata(w, { outputs: [{ address: await newAddress(w), btc: 0.001 }], metadata: genesisMetadata(sampleGenesis('refused.example.com')) });
    world.node.mine(1);
    proxy = await countingProxy(world.node.rpcUrl);
    // What Core before v23 answers to the third (persistent) argument: -1 with its help text.
    proxy.refuse.set('lockunspent', { code: -1, message: 'lockunspent unlock ( [{"txid":"hex","vout":n},...] )\n\nUpdates list of temporarily unspendable outputs.' });
    services = await startWalletServices({ dataDir: appDir(world.dir), rpcUrl: proxy.url, cookieFile: world.node.cookieFile, wallet: 'w' });
  }, 90_000);

  afterAll(async () => {
    await services?.stop();
    await proxy?.close();
    await world?.close();
  });

  it('says so (the status the screen shows), counts the output as unprotected, and recovers when Core accepts', async () => {
    await syncNow(services);
    let status = await services.handlers['safety:status'](undefined, call);
    expect(status.lastError?.message).toMatch(/needs version 23 or later/);
    expect(status.lastError?.outputs).toBe(1);
    expect(status).toMatchObject({ holdingOutputs: 1, unprotected: 1, lockedByWallet: 0 });
    proxy.refuse.clear();
    await syncNow(services);
    status = await services.handlers['safety:status'](undefined, call);
    expect(status).toMatchObject({ lastError: null, unprotected: 0, lockedByWallet: 1 });
  });
});
