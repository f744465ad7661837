import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../../main/services/assets/asset-views';
import { initBalancesService, type BalancesService } from '../../../main/services/balances/balances-service';
import { startDevnet, type Devnet, type TrackerFault } from '../../devnet/index';
import { lieAbout } from '../../devnet/tracker/server';
import { until, worldHarness, type Harness } from './harness';

// Issue #12 items 6 and 7, with the balances service (no local verification) over the devnet world: the "lead"
// asset lists an honest tracker and a liar. One tracker's word, when the page lists more, is not agreement —
// whatever keeps the other one silent (down, slow, lagging, −10000, the output left out) the liar's figure is only
// "one tracker only" and the other is asked again until it answers, which catches the liar. And a tracker saying
// "spent" deletes no row the node lists as unspent.
const FAST = { maxBytes: 1024 * 1024, connectTimeoutMs: 600, idleTimeoutMs: 500, totalTimeoutMs: 800, maxRedirects: 5 };

let devnet: Devnet;
let h: Harness;
let balances: BalancesService;
let stop: () => Promise<void> | void;

beforeAll(async () => {
  devnet = await startDevnet();
  h = await worldHarness(devnet, { keys: ['lead'] });
  // The page's list (no validity service here to read it): the honest tracker and the liar.
  h.ctx.options.trackerOverrides = devnet.asset('lead').trackerUrls;
  const b = initBalancesService(h.ctx, { tickMs: 100, trackerLimits: FAST, failoverMs: 0 });
  balances = b.service;
  await b.start?.();
  stop = () => b.stop?.();
}, 120_000);

afterAll(async () => {
  await stop?.();
  h?.lists.close();
  await devnet?.stop();
});

const lead = () => h.idOf('lead');
const rows = () => h.lists.balancesOf(lead());
const honest = () => devnet.trackers.find((t) => t.url === devnet.asset('lead').trackerUrls.find((u) => u !== devnet.asset('lead').lyingTrackerUrl))!;
const truth = () => devnet.asset('lead').wallet.outputs.map((o) => o.qty);
const lie = () => devnet.asset('lead').wallet.outputs.map((o) => lieAbout(BigInt(o.qty)).toString());

function reset(): void {
  h.lists.batch(() => {
    for (const r of rows()) h.lists.updateBalance(lead(), r.txid, r.vout, { qty: null, qtyChecked: null, qtyFailures: 0, state: 'NEVERCHECKED', provenance: { source: 'unknown', agree: [], disagree: [], step: null, note: null } });
    h.lists.updateAsset(lead(), { dispute: null });
  });
}

describe('a lying tracker does not win when the other one is silent (issue #12 item 6)', () => {
  const silences: [string, TrackerFault][] = [
    ['down', { kind: 'http500' }],
    ['slow', { kind: 'slow', delayMs: 1500 }],
    ['lagging (−10001)', { kind: 'lag', blocks: 50 }],
    ['not tracking the asset (−10000)', { kind: 'untracked' }],
    ['leaving the output out', { kind: 'omit' }],
  ];
  it.each(silences)('the other tracker %s: the liar\'s figure is one tracker\'s word, and the other is asked again', async (_name, fault) => {
    reset();
    await honest().setFault(fault);
    let single: boolean[] = [];
    try {
      await until(() => rows().every((r) => r.qty !== null), 10_000, 'the liar answered');
      expect(rows().map((r) => r.qty)).toEqual(lie());
      single = rows().map((r) => r.provenance?.source === 'tracker' && r.provenance.agree.length === 1);
      const summary = summarize(h.lists.asset(lead())!, rows(), h.assets.unspent());
      single.push(summary.balance.provenance?.kind === 'one-tracker' && summary.balance.provenance.label === 'One tracker only');
    } finally {
      await honest().setFault(null);
    }
    // Still due: once the honest tracker answers, the disagreement is seen and the liar's figure is not used.
    await until(() => rows().every((r) => r.qty === null), 10_000, 'the honest tracker asked again');
    // It was shown for what it was: one tracker's figure, the asset listing two.
    expect(single.every(Boolean)).toBe(true);
    for (const r of rows()) {
      expect(r.provenance.disagree.map((c) => c.qty).sort()).toEqual([truth()[0], lie()[0]].sort());
      expect(r.state).toBe('UNKNOWN');
    }
  });

  it('when both agree, the figure is settled by two trackers and not asked again', async () => {
    reset();
    await devnet.trackers[2]!.setFault(null);
    try {
      await until(() => rows().every((r) => r.qty !== null && r.provenance.agree.length === 2), 10_000, 'both answered');
      expect(rows().map((r) => r.qty)).toEqual(truth());
      const checked = rows().map((r) => r.qtyChecked);
      await new Promise((r) => setTimeout(r, 400));
      expect(rows().map((r) => r.qtyChecked)).toEqual(checked);
    } finally {
      await devnet.trackers[2]!.setFault({ kind: 'lie', assets: [devnet.asset('lead').genTxId] });
    }
  });
});

describe('a tracker never decides what is spent (issue #12 item 7)', () => {
  it('"spent" from the only tracker answering deletes no row the node lists as unspent', async () => {
    reset();
    const liar = devnet.trackers[2]!;
    await honest().setFault({ kind: 'http500' });
    await liar.setFault({ kind: 'lie', mode: 'spent', assets: [devnet.asset('lead').genTxId] });
    try {
      await until(() => rows().length === 0 || rows().every((r) => r.qtyChecked !== null), 10_000, 'the liar answered');
      await balances.idle();
      expect(rows().length).toBe(devnet.asset('lead').wallet.outputs.length);
      // The balance is not turned into zero, and the asset does not become deletable.
      const summary = summarize(h.lists.asset(lead())!, rows(), h.assets.unspent());
      expect(summary.canDelete).toBe(false);
      expect(summary.balance.confirmedRaw === '0' && !summary.balance.updating).toBe(false);
      // The claim is kept, naming the tracker.
      for (const r of rows()) expect(r.provenance.disagree).toEqual([{ url: liar.url, qty: expect.any(String), spent: true }]);
    } finally {
      await honest().setFault(null);
      await liar.setFault({ kind: 'lie', assets: [devnet.asset('lead').genTxId] });
    }
  });
});
