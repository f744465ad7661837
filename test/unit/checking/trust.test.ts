import { describe, expect, it } from 'vitest';
import type { Provenance } from '../../../shared/model/asset-lists';
import { mergeStepCheck, mergeTrackerAnswers, mergeVerified, type TrackerAnswer, type TrustRow } from '../../../main/services/balances/trust';
import { rowProvenance, totalProvenance } from '../../../main/services/assets/provenance-view';

// Who is believed about a balance row (issue #15; issue #12 items 6 and 7), as pure rules, and the words shown.

const A = 'http://a.example/';
const B = 'http://b.example/';
const L = 'http://liar.example/';
const p = (x: Partial<Provenance> = {}): Provenance => ({ source: 'unknown', agree: [], disagree: [], step: null, note: null, ...x });
const row = (qty: string | null, prov: Partial<Provenance> = {}): TrustRow => ({ qty, state: qty === null ? 'UNKNOWN' : 'VALID', provenance: p(prov) });
const says = (url: string, qty: number, spent = false): TrackerAnswer => ({ url, kind: 'qty', qty: String(qty), spent });
const silent = (url: string): TrackerAnswer => ({ url, kind: 'none', reason: 'unknown-output' });

describe('mergeTrackerAnswers', () => {
  it('two trackers agreeing settle the figure', () => {
    expect(mergeTrackerAnswers(row(null), [says(A, 5), says(B, 5)], [A, B])).toMatchObject({ qty: '5', outcome: 'settled', provenance: { source: 'tracker', agree: [A, B] } });
  });

  it("one tracker's word where two are listed is 'single', and stays on the row until contradicted", () => {
    const r1 = mergeTrackerAnswers(row(null), [says(L, 700), silent(A)], [A, L]);
    expect(r1).toMatchObject({ qty: '700', outcome: 'single', provenance: { agree: [L] } });
    // The liar alone again: still single. The honest one answers: disputed, no figure.
    const r2 = mergeTrackerAnswers({ ...r1 }, [says(L, 700)], [A, L]);
    expect(r2.outcome).toBe('single');
    const r3 = mergeTrackerAnswers({ ...r2 }, [says(A, 300)], [A, L]);
    expect(r3).toMatchObject({ qty: null, state: 'UNKNOWN', outcome: 'disputed' });
    expect(r3.provenance.disagree.map((c) => `${c.url}=${c.qty}`).sort()).toEqual([`${A}=300`, `${L}=700`]);
    // A lone answer later cannot undo what was seen: the liar alone keeps it disputed.
    expect(mergeTrackerAnswers({ ...r3 }, [says(L, 700)], [A, L]).outcome).toBe('disputed');
    // Both agree at last: settled.
    expect(mergeTrackerAnswers({ ...r3 }, [says(A, 300), says(L, 300)], [A, L])).toMatchObject({ qty: '300', outcome: 'settled' });
  });

  it('the only tracker listed settles alone', () => {
    expect(mergeTrackerAnswers(row(null), [says(A, 9)], [A]).outcome).toBe('settled');
  });

  it('while the asset is in open dispute a lone figure is held, not taken', () => {
    expect(mergeTrackerAnswers(row(null), [says(L, 700)], [A, L], true)).toMatchObject({ qty: null, outcome: 'held' });
  });

  it('"spent" deletes nothing and is no figure: it is recorded as that tracker\'s claim', () => {
    const r = mergeTrackerAnswers(row(null), [says(L, 700, true)], [A, L]);
    expect(r).toMatchObject({ qty: null, outcome: 'no-figure', provenance: { disagree: [{ url: L, qty: '700', spent: true }] } });
  });

  it('a verified row is only compared with: agreeing trackers listed, others named', () => {
    const r = mergeTrackerAnswers(row('300', { source: 'verified' }), [says(A, 300), says(L, 700)], [A, L]);
    expect(r).toMatchObject({ qty: '300', outcome: 'compared', provenance: { source: 'verified', agree: [A], disagree: [{ url: L, qty: '700', spent: false }] } });
  });

  it("this wallet's own figure (SELF) becomes the trackers' once they give it; another figure names them; none is a failed confirmation", () => {
    const own = { qty: '40', state: 'SELF' as const, provenance: p({ source: 'computed' }) };
    expect(mergeTrackerAnswers(own, [says(A, 40), says(B, 40)], [A, B])).toMatchObject({ state: 'VALID', outcome: 'settled', provenance: { source: 'tracker', agree: [A, B] } });
    expect(mergeTrackerAnswers(own, [says(L, 99)], [A, L])).toMatchObject({ qty: '40', state: 'SELF', outcome: 'compared', provenance: { source: 'computed', disagree: [{ url: L, qty: '99' }] } });
    expect(mergeTrackerAnswers(own, [silent(A)], [A, B])).toMatchObject({ qty: '40', state: 'SELF', outcome: 'no-figure' });
    // Written by the send service before provenance existed: SELF with a figure is this wallet's.
    expect(mergeTrackerAnswers({ ...own, provenance: p() }, [silent(A)], [A, B]).provenance.source).toBe('computed');
  });

  it('claims of trackers the asset no longer lists are forgotten', () => {
    const r = mergeTrackerAnswers(row(null, { disagree: [{ url: L, qty: '700', spent: false }] }), [says(A, 300)], [A, B]);
    expect(r).toMatchObject({ qty: '300', provenance: { agree: [A], disagree: [] } });
  });
});

describe('mergeVerified', () => {
  it("the node's figure wins; trackers that said it are kept, the others named", () => {
    const r = mergeVerified(row('700', { source: 'tracker', agree: [L], disagree: [{ url: B, qty: null, spent: true }] }), '300');
    expect(r).toMatchObject({ qty: '300', state: 'VALID', provenance: { source: 'verified', agree: [], note: null } });
    expect(r.provenance.disagree).toEqual([{ url: L, qty: '700', spent: false }, { url: B, qty: null, spent: true }]);
    expect(mergeVerified(row('300', { source: 'tracker', agree: [A, B] }), '300').provenance).toMatchObject({ agree: [A, B], disagree: [] });
  });
});

describe('mergeStepCheck', () => {
  it('a consistent figure is marked checked; an inconsistent lone one is dropped and its tracker named', () => {
    expect(mergeStepCheck(row('5', { source: 'tracker', agree: [A] }), A, '5').provenance.step).toBe('ok');
    const r = mergeStepCheck(row('5', { source: 'tracker', agree: [A] }), A, '4');
    expect(r).toMatchObject({ qty: null, provenance: { source: 'unknown', step: 'failed', disagree: [{ url: A, qty: '5', spent: false }] } });
    // The same tracker giving the same refuted figure again is not taken back; another figure is heard as usual.
    expect(mergeTrackerAnswers(r, [says(A, 5)], [A])).toMatchObject({ qty: null, outcome: 'held' });
    expect(mergeTrackerAnswers(r, [says(A, 4)], [A])).toMatchObject({ qty: '4', outcome: 'settled' });
  });
});

describe('provenance words', () => {
  it('each kind, with the trackers named', () => {
    expect(rowProvenance({ qty: '300', provenance: p({ source: 'verified', disagree: [{ url: L, qty: '700', spent: false }] }) }, 2)).toMatchObject({
      kind: 'verified', label: 'Verified by your node', disputedBy: [{ host: 'liar.example', qty: '700' }],
    });
    expect(rowProvenance({ qty: '5', provenance: p({ source: 'tracker', agree: [A, B] }) }, 2)).toMatchObject({ kind: 'trackers', label: '2 trackers agree' });
    expect(rowProvenance({ qty: '5', provenance: p({ source: 'tracker', agree: [A] }) }, 2)).toMatchObject({ kind: 'one-tracker', label: 'One tracker only' });
    expect(rowProvenance({ qty: '5', provenance: p({ source: 'tracker', agree: [A] }) }, 1)).toMatchObject({ kind: 'trackers', label: 'Its only tracker' });
    expect(rowProvenance({ qty: '5', provenance: p({ source: 'computed' }) }, 2)).toMatchObject({ kind: 'computed', label: 'Computed by this wallet' });
    const disputed = rowProvenance({ qty: null, provenance: p({ disagree: [{ url: A, qty: '300', spent: false }, { url: L, qty: '700', spent: false }] }) }, 2);
    expect(disputed).toMatchObject({ kind: 'disputed', label: 'Disputed' });
    expect(disputed.detail).toMatch(/a\.example says 300.*liar\.example says 700/);
    expect(rowProvenance({ qty: null, provenance: p() }, 2)).toMatchObject({ kind: 'unknown', label: 'Unknown' });
  });

  it('a total is as good as its weakest output', () => {
    const v = rowProvenance({ qty: '1', provenance: p({ source: 'verified' }) }, 2);
    const one = rowProvenance({ qty: '1', provenance: p({ source: 'tracker', agree: [A] }) }, 2);
    expect(totalProvenance([v, one], { genesisInvalid: false, listedTrackers: 2 })).toMatchObject({ kind: 'one-tracker' });
    expect(totalProvenance([v, v], { genesisInvalid: false, listedTrackers: 2 }).kind).toBe('verified');
    expect(totalProvenance([], { genesisInvalid: true, listedTrackers: 2 }).detail).toMatch(/no unit of this asset exists/);
  });
});
