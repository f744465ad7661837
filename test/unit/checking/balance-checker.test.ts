import { describe, expect, it } from 'vitest';
import { BalanceChecker, type AssetTrackers, type BalanceDueRow } from '../../../main/services/balances/balance-checker';
import { txoutKey, type GetQtyResult, type QtyEntry, type TrackerClient, type TxOutRef } from '../../../main/services/balances/tracker-client';

const G1 = 'a1'.repeat(32);
const G2 = 'b2'.repeat(32);
const tx = (n: number) => n.toString(16).padStart(64, '0');

type Script = (url: string, assets: string[], txouts: TxOutRef[]) => GetQtyResult | Record<string, Record<string, QtyEntry>>;

function fakeClient(script: Script) {
  const calls: { url: string; assets: string[]; txouts: TxOutRef[] }[] = [];
  const client = {
    async getQty(url: string, assets: string[], txouts: TxOutRef[]): Promise<GetQtyResult> {
      calls.push({ url, assets, txouts });
      const r = script(url, assets, txouts);
      if ('ok' in r) return r as GetQtyResult;
      const entries = new Map<string, Map<string, QtyEntry>>();
      for (const a of assets) entries.set(a, new Map(Object.entries((r as Record<string, Record<string, QtyEntry>>)[a] ?? {})));
      return { ok: true, entries, ms: 1 };
    },
    async getLastBlock() {
      return { ok: true as const, block: 100 };
    },
  };
  return { client: client as unknown as TrackerClient, calls };
}

const row = (assetId: number, genTxId: string, n: number, p: Partial<BalanceDueRow> = {}): BalanceDueRow => ({ assetId, genTxId, txid: tx(n), vout: 0, qty: null, qtyFailures: 0, confirmations: 3, ...p });
const qty = (q: number, spent = 0, block = 50): QtyEntry => ({ kind: 'qty', qty: q, block, spent });

describe('BalanceChecker', () => {
  it('sets known quantities, keeps per-output errors apart, deletes nothing on a tracker\'s "spent"', async () => {
    const { client } = fakeClient(() => ({
      [G1]: {
        [txoutKey(tx(1), 0)]: qty(500),
        [txoutKey(tx(2), 0)]: qty(0),
        [txoutKey(tx(3), 0)]: qty(70, 120),
        [txoutKey(tx(4), 0)]: { kind: 'unknown-output', message: 'x' },
        [txoutKey(tx(6), 0)]: qty(9, 0, 1234567890),
      },
    }));
    const checker = new BalanceChecker({ client, now: () => 1000 });
    const rows = [1, 2, 3, 4, 5, 6].map((n) => row(1, G1, n, n === 5 ? { confirmations: 6000, qtyFailures: 4 } : {}));
    const r = await checker.run(rows, [{ assetId: 1, genTxId: G1, trackerUrls: ['http://t1/'] }]);
    const by = new Map(r.updates.map((u) => [u.txid, u]));
    expect(by.get(tx(1))).toMatchObject({ kind: 'set', qty: '500', state: 'VALID', qtyFailures: 0, qtyChecked: 1000, unconfirmed: false });
    expect(by.get(tx(2))).toMatchObject({ kind: 'set', qty: '0', state: 'ZERO' });
    // Bitcoin Core decides what is spent: the claim is recorded, the row stays (issue #12 item 7).
    expect(by.get(tx(3))).toMatchObject({ kind: 'failed', reason: 'spent-claim', provenance: { disagree: [{ url: 'http://t1/', qty: '70', spent: true }] } });
    expect(by.get(tx(4))).toMatchObject({ kind: 'failed', reason: 'unknown-output', qtyFailures: 1, state: 'UNKNOWN', unknownOld: false });
    expect(by.get(tx(5))).toMatchObject({ kind: 'failed', reason: 'missing', qtyFailures: 5, unknownOld: true });
    expect(by.get(tx(6))).toMatchObject({ kind: 'set', qty: '9', unconfirmed: true });
  });

  it('a failed request changes no row and steers the next pass to another tracker', async () => {
    const failing = 'http://t1/';
    const { client, calls } = fakeClient((url) => (url === failing ? { ok: false, kind: 'http', message: 'HTTP 500', ms: 1 } : { [G1]: { [txoutKey(tx(1), 0)]: qty(5) } }));
    // random() just below 1 leaves the shuffle in list order, so the first listed tracker is picked first.
    const checker = new BalanceChecker({ client, compare: false, random: () => 0.999 });
    const assets: AssetTrackers[] = [{ assetId: 1, genTxId: G1, trackerUrls: ['http://t1/', 'http://t2/'] }];
    const r1 = await checker.run([row(1, G1, 1)], assets);
    expect(r1.asked.get(1)).toEqual([failing]);
    expect(r1.updates).toEqual([]);
    expect(checker.trackerHealth(failing).reachable).toBe(false);
    expect(checker.trackerHealth(failing).lastError).toMatch(/500/);
    const r2 = await checker.run([row(1, G1, 1)], assets);
    expect(r2.asked.get(1)).toEqual(['http://t2/']);
    expect(r2.updates[0]).toMatchObject({ kind: 'set', qty: '5' });
    expect(calls.map((c) => c.url)).toEqual([failing, 'http://t2/']);
  });

  it('asks two trackers and turns a disagreement into a dispute, never a pick', async () => {
    const { client } = fakeClient((url) => ({ [G1]: { [txoutKey(tx(1), 0)]: qty(url === 'http://liar/' ? 1100 : 500), [txoutKey(tx(2), 0)]: qty(7) } }));
    const checker = new BalanceChecker({ client });
    const r = await checker.run([row(1, G1, 1), row(1, G1, 2)], [{ assetId: 1, genTxId: G1, trackerUrls: ['http://honest/', 'http://liar/'] }]);
    expect(r.asked.get(1)?.sort()).toEqual(['http://honest/', 'http://liar/']);
    const d = r.disputes.get(1);
    expect(d).toBeTruthy();
    expect(d!.answers).toEqual(expect.arrayContaining([{ url: 'http://honest/', confirmedRaw: '507' }, { url: 'http://liar/', confirmedRaw: '1107' }]));
    const u1 = r.updates.find((u) => u.txid === tx(1));
    expect(u1).toMatchObject({ kind: 'failed', reason: 'disputed' });
    // The output they agree on is still set.
    expect(r.updates.find((u) => u.txid === tx(2))).toMatchObject({ kind: 'set', qty: '7' });
  });

  it('while a dispute is open, a lone answer settles nothing', async () => {
    let honestDown = true;
    const { client } = fakeClient((url) =>
      url === 'http://honest/' && honestDown ? { ok: false, kind: 'transport', message: 'down', ms: 1 } : { [G1]: { [txoutKey(tx(1), 0)]: qty(url === 'http://liar/' ? 1100 : 500) } },
    );
    const checker = new BalanceChecker({ client, failoverMs: 0 });
    const assets = [{ assetId: 1, genTxId: G1, trackerUrls: ['http://honest/', 'http://liar/'], disputed: true }];
    const r = await checker.run([row(1, G1, 1)], assets);
    expect(r.updates[0]).toMatchObject({ kind: 'failed', reason: 'disputed' });
    expect(r.disputes.has(1)).toBe(false); // nothing compared: the open dispute stays as it is
    honestDown = false;
    const r2 = await checker.run([row(1, G1, 1)], assets);
    expect(r2.updates[0]).toMatchObject({ kind: 'failed', reason: 'disputed' });
    expect(r2.disputes.get(1)?.answers).toHaveLength(2);
    // Without an open dispute a lone answer is used (the other tracker being down is not a disagreement).
    honestDown = true;
    const r3 = await checker.run([row(1, G1, 1)], [{ ...assets[0]!, disputed: false, trackerUrls: ['http://honest/', 'http://other/'] }]);
    expect(r3.updates[0]).toMatchObject({ kind: 'set', qty: '500' });
  });

  it('agreement clears a dispute', async () => {
    const { client } = fakeClient(() => ({ [G1]: { [txoutKey(tx(1), 0)]: qty(5) } }));
    const r = await new BalanceChecker({ client }).run([row(1, G1, 1)], [{ assetId: 1, genTxId: G1, trackerUrls: ['http://a/', 'http://b/'] }]);
    expect(r.disputes.get(1)).toBeNull();
  });

  it('batches at most 100 outputs per request, one request per tracker batch for all assets', async () => {
    const { client, calls } = fakeClient((_u, assets, txouts) => Object.fromEntries(assets.map((a) => [a, Object.fromEntries(txouts.map((t) => [txoutKey(t.txid, t.vout), qty(1)]))])));
    const rows: BalanceDueRow[] = [];
    for (let n = 0; n < 250; n++) rows.push(row(1, G1, n), row(2, G2, n));
    const r = await new BalanceChecker({ client, compare: false }).run(rows, [
      { assetId: 1, genTxId: G1, trackerUrls: ['http://t/'] },
      { assetId: 2, genTxId: G2, trackerUrls: ['http://t/'] },
    ]);
    expect(calls.length).toBe(3);
    expect(Math.max(...calls.map((c) => c.txouts.length))).toBe(100);
    expect(r.requests.get('http://t/')).toBe(3);
    expect(r.updates.filter((u) => u.kind === 'set')).toHaveLength(500);
  });

  it('avoids lagging trackers once their lag is known', async () => {
    const { client, calls } = fakeClient((url) => ({ [G1]: { [txoutKey(tx(1), 0)]: qty(url.length) } }));
    (client as unknown as { getLastBlock: (u: string) => Promise<unknown> }).getLastBlock = async (u: string) => ({ ok: true, block: u.includes('slow') ? 90 : 100 });
    const checker = new BalanceChecker({ client, compare: false });
    await checker.refreshLag(['http://slow/', 'http://fast/'], 100);
    expect(checker.trackerHealth('http://slow/').lagBlocks).toBe(10);
    expect(checker.trackerHealth('http://fast/').lagBlocks).toBe(0);
    for (let i = 0; i < 5; i++) await checker.run([row(1, G1, 1)], [{ assetId: 1, genTxId: G1, trackerUrls: ['http://slow/', 'http://fast/'] }]);
    expect(calls.every((c) => c.url === 'http://fast/')).toBe(true);
  });
});
