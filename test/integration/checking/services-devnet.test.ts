import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceView } from '../../../main/services/assets/asset-views';
import { initBalancesService, type BalancesService } from '../../../main/services/balances/balances-service';
import { initValidityService, type ValidityService } from '../../../main/services/validity/validity-service';
import { startDevnet, type Devnet } from '../../devnet/index';
import { until, worldHarness, type Harness } from './harness';

// The validity and balances services, unchanged, over the asset lists store filled from the devnet's sample
// world: every asset reaches the state the world expects, balances match the world's, the lying tracker is caught,
// tracker faults leave the right quantity states, and refresh turns a fixed asset valid.
const FAST = { maxBytes: 1024 * 1024, connectTimeoutMs: 1000, idleTimeoutMs: 800, totalTimeoutMs: 1500 };

let devnet: Devnet;
let h: Harness;
let validity: ValidityService;
let balances: BalancesService;
const stops: (() => Promise<void> | void)[] = [];

const expected: Record<string, string> = {
  valid: 'VALID',
  pageNotFound: 'ASSET_WEB_PAGE_NOT_FOUND',
  hashMismatch: 'HASH_MISMATCH',
  contractInvalid: 'CONTRACT_INVALID',
  genesisInvalid: 'VALID', // the page is fine: the tracker, not the page, says no units exist
};

beforeAll(async () => {
  devnet = await startDevnet();
  h = await worldHarness(devnet);
  const v = initValidityService(h.ctx, { tickMs: 100, pageLimits: FAST, contractLimits: { ...FAST, maxBytes: 16 * 1024 * 1024 } });
  const b = initBalancesService(h.ctx, { tickMs: 100, trackerLimits: { ...FAST, maxRedirects: 5 }, failoverMs: 60_000 });
  validity = v.service;
  balances = b.service;
  await v.start?.();
  await b.start?.();
  stops.push(() => v.stop?.(), () => b.stop?.());
}, 120_000);

afterAll(async () => {
  for (const s of stops) await s();
  h?.lists.close();
  await devnet?.stop();
});

const asset = (key: string) => h.lists.asset(h.idOf(key))!;
const balanceOf = (key: string) => balanceView(h.lists.balancesOf(h.idOf(key)), h.assets.unspent());

describe('validity and balances over the devnet world', () => {
  it('every asset reaches the validity state the world expects', async () => {
    await until(() => devnet.world!.assets.every((a) => asset(a.key).validChecked !== null), 10_000, 'first checks');
    for (const a of devnet.world!.assets) {
      expect(asset(a.key).validState, a.key).toBe(expected[a.expectedValidity]);
      expect(asset(a.key).nextCheck, a.key).not.toBeNull();
    }
    const gold = asset('gold');
    expect(gold.lastValidJSON).toBe(gold.webPageJSON);
    expect(gold.contract && h.assets.content.get(gold.contract)).toBeTruthy();
    expect(Date.parse(gold.nextCheck!) - Date.parse(gold.validChecked!)).toBeGreaterThanOrEqual(86_400_000);
    expect(asset('copper').validFailures).toBeGreaterThanOrEqual(1);
    expect(asset('copper').validReason).toMatch(/404/);
  });

  it('balances of valid assets match the world, confirmed and unconfirmed apart', async () => {
    await until(() => ['gold', 'silver', 'acme', 'bond'].every((k) => !balanceOf(k).updating), 10_000, 'balances');
    for (const key of ['gold', 'silver', 'acme', 'bond']) {
      const w = devnet.asset(key).wallet;
      const b = balanceOf(key);
      expect(b.confirmedRaw, key).toBe(w.confirmed);
      expect(b.unconfirmedRaw, key).toBe(w.unconfirmed);
    }
    const gold = asset('gold');
    expect(gold.trackers.map((t) => t.plainHttp)).toEqual([true, true]);
    expect(gold.trackers.every((t) => t.reachable !== false)).toBe(true);
  });

  it('the lying tracker is caught by the comparison: a visible dispute, no figure used', async () => {
    await until(() => asset('lead').dispute !== null, 10_000, 'lead dispute');
    const lead = asset('lead');
    const liar = devnet.asset('lead').lyingTrackerUrl!;
    expect(lead.dispute!.answers.map((a) => a.url).sort()).toEqual([...devnet.asset('lead').trackerUrls].sort());
    const liarSays = lead.dispute!.answers.find((a) => a.url === liar)!.confirmedRaw;
    const honestSays = lead.dispute!.answers.find((a) => a.url !== liar)!.confirmedRaw;
    expect(honestSays).toBe(devnet.asset('lead').wallet.confirmed);
    expect(liarSays).not.toBe(honestSays);
    expect(h.lists.balancesOf(h.idOf('lead')).every((r) => r.qty === null && r.state === 'UNKNOWN')).toBe(true);
    expect(balanceOf('lead').updating).toBe(true);
  });

  it('an asset whose genesis created no units reads as not tracked (−10000), not as zero', async () => {
    const id = h.idOf('bogus');
    const out = devnet.asset('gold').wallet.outputs[0]!;
    h.lists.addBalance(id, out.txid, out.vout);
    balances.kick();
    await until(() => (h.lists.balance(id, out.txid, out.vout)?.qtyFailures ?? 0) >= 1, 5000, 'bogus answered');
    const row = h.lists.balance(id, out.txid, out.vout)!;
    expect(row.qty).toBeNull();
    expect(row.state).toBe('UNKNOWN');
    expect(balances.lastPass()?.updates.find((u) => u.assetId === id)).toMatchObject({ kind: 'failed', reason: 'not-tracked' });
    h.lists.removeBalance(id, out.txid, out.vout);
  });

  it('refresh turns a fixed asset valid and re-queries its balances, showing the previous state meanwhile', async () => {
    const id = h.idOf('copper');
    expect(asset('copper').validState).toBe('ASSET_WEB_PAGE_NOT_FOUND');
    devnet.issuer.setFault('copper', null);
    // What the assets:refresh handler does (wallet-behaviour.md §5), then the trigger.
    h.lists.updateAsset(id, { previousState: asset('copper').validState, validState: 'REFRESH', refreshing: true });
    for (const r of h.lists.balancesOf(id)) h.lists.updateBalance(id, r.txid, r.vout, { qtyChecked: null, qtyFailures: 0 });
    h.assets.trigger('refresh', [id]);
    await until(() => asset('copper').validState === 'VALID' && !asset('copper').refreshing, 10_000, 'copper valid');
    expect(asset('copper').validFailures).toBe(0);
    expect(asset('copper').previousState).toBeNull();
    expect(balanceOf('copper').confirmedRaw).toBe(devnet.asset('copper').wallet.confirmed);
  });

  it('a hash mismatch keeps the last valid JSON and contract', async () => {
    const id = h.idOf('gold');
    const before = asset('gold');
    expect(before.validFailures).toBe(0);
    // A failed check is due again at the next tick (wallet-behaviour.md §4.2: failures < 60 are retried at once; the
    // tick is 100 ms here) and each one counts: by the time the test looks, gold may have been checked more than
    // once. So the checks of gold's page are counted as they end (the count and the row change in the same turn of
    // the event loop), and every one of them must have counted as a failure.
    const checker = validity.checker;
    const check = checker.check.bind(checker);
    let goldChecks = 0;
    checker.check = async (input, signal) => {
      const outcome = await check(input, signal);
      if (input.genesis.domainName === devnet.asset('gold').domain) goldChecks++;
      return outcome;
    };
    devnet.issuer.setFault('gold', { kind: 'hashMismatch' });
    try {
      h.lists.updateAsset(id, { previousState: 'VALID', validState: 'REFRESH', refreshing: true });
      h.assets.trigger('refresh', [id]);
      await until(() => asset('gold').validState === 'HASH_MISMATCH', 10_000, 'gold mismatch');
      const after = asset('gold');
      expect(after.lastValidJSON).toBe(before.lastValidJSON);
      expect(after.lastValidContract).toEqual(before.lastValidContract);
      expect(after.webPageJSON).toMatch(/revised/);
      expect(goldChecks).toBeGreaterThanOrEqual(1);
      expect(after.validFailures).toBe(goldChecks);
    } finally {
      checker.check = check;
      devnet.issuer.setFault('gold', null);
    }
  });
});

describe('no issuer delays another', () => {
  it('while one page hangs, the other assets are checked at once', async () => {
    const gold = h.idOf('gold');
    const silver = h.idOf('silver');
    devnet.issuer.setFault('gold', { kind: 'hang' });
    try {
      const t0 = performance.now();
      for (const id of [gold, silver]) h.lists.updateAsset(id, { previousState: 'VALID', validState: 'REFRESH', refreshing: true });
      h.assets.trigger('refresh', [gold, silver]);
      await until(() => asset('silver').validState === 'VALID' && !asset('silver').refreshing, 5000, 'silver');
      expect(performance.now() - t0).toBeLessThan(700);
      expect(asset('gold').validState).toBe('REFRESH');
      expect(validity.pending()).toBeGreaterThanOrEqual(1);
      await until(() => asset('gold').validState === 'ASSET_WEB_PAGE_NOT_FOUND', 5000, 'gold times out');
      expect(asset('gold').validReason).toMatch(/silent|within/);
    } finally {
      devnet.issuer.setFault('gold', null);
    }
    await until(() => asset('gold').validState === 'VALID', 5000, 'gold back (failures < 60: next tick)');
  });
});

describe('tracker faults → quantity states', () => {
  // acme lists a single tracker (honest B): every fault of it shows directly in acme's rows.
  const resetAcme = () => {
    const id = h.idOf('acme');
    for (const r of h.lists.balancesOf(id)) h.lists.updateBalance(id, r.txid, r.vout, { qty: null, qtyChecked: null, qtyFailures: 0, state: 'REFRESH' });
    balances.checker.trackerHealth(devnet.asset('acme').trackerUrls[0]!).failedAt = null;
  };
  const acmeTracker = () => devnet.trackers.find((t) => t.url === devnet.asset('acme').trackerUrls[0])!;

  it.each([
    ['HTTP 500', { kind: 'http500' as const }, /HTTP 500/],
    ['malformed answer', { kind: 'malformed' as const }, /not JSON/],
    ['hang', { kind: 'hang' as const }, /silent|within/],
  ])('%s: request failed, rows unchanged, tracker marked unreachable', async (_n, fault, error) => {
    const t = acmeTracker();
    t.setFault(fault);
    try {
      resetAcme();
      balances.kick();
      const url = t.url;
      await until(() => balances.checker.trackerHealth(url).reachable === false, 5000, 'tracker failure');
      expect(balances.checker.trackerHealth(url).lastError).toMatch(error);
      expect(h.lists.balancesOf(h.idOf('acme')).every((r) => r.qty === null && r.qtyChecked === null && r.qtyFailures === 0)).toBe(true);
      await until(() => asset('acme').trackers[0]?.reachable === false, 3000, 'tracker view');
    } finally {
      t.setFault(null);
    }
    resetAcme();
    await until(() => !balanceOf('acme').updating, 10_000, 'acme recovers');
    expect(balanceOf('acme').confirmedRaw).toBe(devnet.asset('acme').wallet.confirmed);
  });

  it('a refresh while the only tracker fails ends (rows stay "updating"), it does not spin forever', async () => {
    const t = acmeTracker();
    const id = h.idOf('acme');
    await until(() => !balanceOf('acme').updating, 10_000, 'acme settled first');
    t.setFault({ kind: 'http500' });
    try {
      h.lists.updateAsset(id, { previousState: asset('acme').validState, validState: 'REFRESH', refreshing: true });
      for (const r of h.lists.balancesOf(id)) h.lists.updateBalance(id, r.txid, r.vout, { qtyChecked: null, qtyFailures: 0, state: 'REFRESH' });
      h.assets.trigger('refresh', [id]);
      await until(() => !asset('acme').refreshing, 5000, 'refresh over');
      expect(asset('acme').validState).toBe('VALID');
      // The rows were not answered: the previous figures are still shown, the rows still wait for a tracker.
      expect(h.lists.balancesOf(id).every((r) => r.qtyChecked === null && r.state === 'REFRESH' && r.qty !== null)).toBe(true);
      expect(balanceOf('acme').confirmedRaw).toBe(devnet.asset('acme').wallet.confirmed);
    } finally {
      t.setFault(null);
    }
    await until(() => h.lists.balancesOf(id).every((r) => r.qtyChecked !== null && r.state !== 'REFRESH'), 10_000, 'acme answered once the tracker is back');
  });

  it('a hanging tracker only holds back the assets that asked it', async () => {
    const t = acmeTracker(); // acme asks only this one; lead asks the other honest tracker and the liar
    const acme = h.idOf('acme');
    const lead = h.idOf('lead');
    expect(devnet.asset('lead').trackerUrls).not.toContain(t.url);
    t.setFault({ kind: 'hang' });
    try {
      for (const id of [acme, lead]) for (const r of h.lists.balancesOf(id)) h.lists.updateBalance(id, r.txid, r.vout, { qtyChecked: null, qtyFailures: 0, state: 'REFRESH' });
      const t0 = performance.now();
      balances.kick();
      await until(() => h.lists.balancesOf(lead).every((r) => r.qtyChecked !== null), 3000, 'lead answered');
      expect(performance.now() - t0).toBeLessThan(600);
      expect(h.lists.balancesOf(acme).every((r) => r.qtyChecked === null)).toBe(true);
      expect(balances.pending()).toBeGreaterThan(0);
    } finally {
      t.setFault(null);
    }
    await until(() => h.lists.balancesOf(acme).every((r) => r.qtyChecked !== null), 10_000, 'acme after the hang');
  });

  it('lag: outputs the tracker has not reached stay unknown (−10001) and the lag is shown', async () => {
    const t = acmeTracker();
    const height = h.assets.tip()!.height;
    t.setFault({ kind: 'lag', blocks: height });
    try {
      resetAcme();
      await balances.checker.refreshLag([t.url], height, true);
      expect(balances.checker.trackerHealth(t.url).lagBlocks).toBeGreaterThanOrEqual(height - 1);
      balances.kick();
      await until(() => h.lists.balancesOf(h.idOf('acme')).every((r) => r.qtyFailures >= 1), 5000, 'acme unknown');
      expect(h.lists.balancesOf(h.idOf('acme')).every((r) => r.qty === null && r.state === 'UNKNOWN')).toBe(true);
      await until(() => (asset('acme').trackers[0]?.lagBlocks ?? 0) >= height - 1, 3000, 'lag shown');
    } finally {
      t.setFault(null);
      await balances.checker.refreshLag([t.url], height, true);
    }
  });

  it('down: a tracker nobody listens on fails over to the other', async () => {
    const id = h.idOf('silver');
    const json = JSON.parse(asset('silver').webPageJSON!) as Record<string, unknown>;
    const dead = 'http://127.0.0.1:9/';
    h.lists.updateAsset(id, { webPageJSON: JSON.stringify({ ...json, coinspark_tracker_url: [dead, devnet.trackers[0]!.url] }) });
    for (let round = 0; round < 3; round++) {
      for (const r of h.lists.balancesOf(id)) h.lists.updateBalance(id, r.txid, r.vout, { qty: null, qtyChecked: null, qtyFailures: 0 });
      balances.kick();
      await until(() => !balanceOf('silver').updating, 10_000, 'silver');
      expect(balanceOf('silver').confirmedRaw).toBe(devnet.asset('silver').wallet.confirmed);
    }
    expect(balances.checker.trackerHealth(dead).reachable).toBe(false);
  });
});
