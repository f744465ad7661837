import { describe, expect, it } from 'vitest';
import type { AssetSummary, ProvenanceView } from '../../../shared/model/asset-view';

const VERIFIED: ProvenanceView = { kind: 'verified', agree: [], disputedBy: [], step: null, label: 'Verified by your node', detail: null };
import { orderAssets } from '../../../renderer/src/lib/asset-order';
import { visibleRange } from '../../../renderer/src/lib/virtual-window';
import { isKnownAndValid, validityTone, validityWords } from '../../../renderer/src/lib/validity';
import { assetRefProblem } from '../../../renderer/src/lib/asset-ref-input';
import { contractKind, decodeText, extensionFor } from '../../../renderer/src/lib/mime';

function asset(id: number, over: Partial<AssetSummary> = {}): AssetSummary {
  return {
    assetId: id, assetRef: `${id}-1-2`, genTxId: null, fromSource: 'transfer', isVisible: true, domain: `d${id}.example`, homeUrl: null,
    name: `Name ${id}`, shortName: null, issuer: null, loadingText: null, loadFailure: null, icon: null, image: null,
    validity: { state: 'VALID', text: 'Valid', reason: null, lastChecked: null, nextCheck: null, failures: 0, previousState: null },
    balance: { confirmedRaw: '0', unconfirmedRaw: '0', updating: false, unknownOld: 0, unknownOutputs: 0, knownOutputs: 1, provenance: VERIFIED },
    display: { multiple: null, units: null, format: null, format1: null, interestRate: null, issueDate: null },
    trackers: [], dispute: null, expired: false, canDelete: false, refreshing: false, whenAdded: '2024-01-01T00:00:00Z',
    ...over,
  };
}

describe('orderAssets', () => {
  const list = [
    asset(1, { domain: 'zeta.example', balance: { confirmedRaw: '5', unconfirmedRaw: '0', updating: false, unknownOld: 0, unknownOutputs: 0, knownOutputs: 1, provenance: VERIFIED } }),
    asset(2, { domain: 'alpha.example', isVisible: false }),
    asset(3, { domain: null, name: 'Loading', validity: { state: 'HASH_MISMATCH', text: 'x', reason: 'r', lastChecked: null, nextCheck: null, failures: 1, previousState: null } }),
    asset(4, { domain: 'beta.example', balance: { confirmedRaw: '99999999999999999999', unconfirmedRaw: '0', updating: false, unknownOld: 0, unknownOutputs: 0, knownOutputs: 1, provenance: VERIFIED } }),
  ];
  it('drops hidden assets unless asked, and never drops invalid or unknown ones', () => {
    expect(orderAssets(list, { filter: '', sort: 'domain', showHidden: false }).map((a) => a.assetId)).toEqual([4, 1, 3]);
    expect(orderAssets(list, { filter: '', sort: 'domain', showHidden: true }).map((a) => a.assetId)).toEqual([2, 4, 1, 3]);
  });
  it('sorts held assets first (never comparing raw units of unrelated assets) and problems first by status', () => {
    // 4 holds 10^20 raw units, 1 holds 5: both are held, so they keep domain order (beta, zeta); 3 holds nothing.
    expect(orderAssets(list, { filter: '', sort: 'balance', showHidden: false }).map((a) => a.assetId)).toEqual([4, 1, 3]);
    const tiny = asset(5, { domain: 'aaa.example', balance: { confirmedRaw: '1', unconfirmedRaw: '0', updating: false, unknownOld: 0, unknownOutputs: 0, knownOutputs: 1, provenance: VERIFIED } });
    const unknown = asset(6, { domain: 'aab.example', balance: { confirmedRaw: '0', unconfirmedRaw: '0', updating: true, unknownOld: 0, unknownOutputs: 1, knownOutputs: 0, provenance: VERIFIED } });
    const none = asset(7, { domain: 'aaa0.example' });
    expect(orderAssets([...list, none, unknown, tiny], { filter: '', sort: 'balance', showHidden: false }).map((a) => a.assetId)).toEqual([5, 4, 1, 6, 7, 3]);
    expect(orderAssets(list, { filter: '', sort: 'status', showHidden: false })[0]!.assetId).toBe(3);
  });
  it('filters on domain, name and reference, case-insensitively', () => {
    expect(orderAssets(list, { filter: 'ZETA', sort: 'domain', showHidden: false }).map((a) => a.assetId)).toEqual([1]);
    expect(orderAssets(list, { filter: '4-1-2', sort: 'domain', showHidden: false }).map((a) => a.assetId)).toEqual([4]);
  });
});

describe('visibleRange', () => {
  it('renders only the window plus overscan', () => {
    expect(visibleRange(0, 800, 88, 10_000)).toEqual({ start: 0, end: 17 });
    expect(visibleRange(88 * 5000, 800, 88, 10_000)).toEqual({ start: 4994, end: 5017 });
    expect(visibleRange(88 * 9999, 800, 88, 10_000).end).toBe(10_000);
    expect(visibleRange(0, 800, 88, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('validity display', () => {
  it('maps states to tones and words', () => {
    expect(validityTone(asset(1))).toBe('ok');
    expect(validityTone(asset(1, { validity: { ...asset(1).validity, state: 'REFRESH' } }))).toBe('pending');
    expect(validityTone(asset(1, { validity: { ...asset(1).validity, state: 'HASH_MISMATCH' } }))).toBe('bad');
    const disputed = asset(1, { dispute: { answers: [], message: 'm' } });
    expect(validityTone(disputed)).toBe('warn');
    expect(validityWords(disputed)).toContain('Disputed');
    expect(isKnownAndValid(disputed)).toBe(false);
    expect(isKnownAndValid(asset(1, { loadingText: 'Loading asset…' }))).toBe(false);
  });
});

describe('assetRefProblem', () => {
  it('accepts a good reference with spaces around it', () => {
    expect(assetRefProblem(' 456789-65432-9599 ')).toBeNull();
  });
  it('says in words what is wrong', () => {
    expect(assetRefProblem('')).toMatch(/Enter an asset reference/);
    expect(assetRefProblem('12-abc-7')).toMatch(/only digits and hyphens/);
    expect(assetRefProblem('12-7')).toMatch(/three numbers/);
    expect(assetRefProblem('1-2-99999')).toMatch(/does not appear to be a valid asset reference/);
    expect(assetRefProblem('1-2-3-4')).toMatch(/three numbers/);
  });
});

describe('contract types', () => {
  it('chooses how to show each type', () => {
    expect(contractKind('application/pdf')).toBe('pdf');
    expect(contractKind('text/html; charset=utf-8')).toBe('html');
    expect(contractKind('text/plain')).toBe('text');
    expect(contractKind('image/png')).toBe('image');
    expect(contractKind('image/svg+xml')).toBe('other');
    expect(contractKind('application/zip')).toBe('other');
    expect(extensionFor('application/pdf')).toBe('pdf');
    expect(extensionFor('application/zip')).toBe('bin');
  });
  it('decodes text with the declared charset', () => {
    expect(decodeText(new Uint8Array([0xe9]), 'text/plain; charset=iso-8859-1')).toBe('é');
    expect(decodeText(new TextEncoder().encode('é'), 'text/plain')).toBe('é');
  });
});
