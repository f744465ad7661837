import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcAssetHash } from '../../../shared/coinspark/assethash';
import type { Genesis } from '../../../shared/coinspark/genesis';
import { newAssetRow, type AssetRow, type ContentRef } from '../../../shared/model/asset-lists';
import { HostLimiter } from '../../../main/node/net/host-limiter';
import { ValidityChecker, type CheckState } from '../../../main/services/validity/validity-checker';
import { outcomePatch } from '../../../main/services/validity/validity-service';
import { IssuerHost, type IssuerFault } from '../../devnet/issuer/host';

// The devnet's issuer host with assets of our own making: the genesis carries the hash of exactly this page and
// contract, so every fault mode is checked against a page that is otherwise valid.
const PAGE_LIMITS = { maxBytes: 1024 * 1024, connectTimeoutMs: 1000, idleTimeoutMs: 600, totalTimeoutMs: 1500 };
const CONTRACT_LIMITS = { maxBytes: 16 * 1024 * 1024, connectTimeoutMs: 1000, idleTimeoutMs: 600, totalTimeoutMs: 5000 };

const contract = new TextEncoder().encode('CONTRACT: one unit is one gram of gold (held at the vault).\n');
function makeSpec(domain: string, key: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `${key} (1 gram)`,
    name_short: key,
    issuer: 'Vault <Example> Ltd',
    description: 'One gram of gold, redeemable at the vault.',
    units: '1 gram',
    multiple: 0.01,
    issue_date: '2026-01-01',
    interest_rate: 0,
    contract_url: `http://${domain}/${key}/contract.txt`,
    coinspark_tracker_url: ['http://127.0.0.1:1/', 'http://127.0.0.1:2/'],
    ...extra,
  };
}
function genesisFor(domain: string, key: string, spec: Record<string, unknown>, contractBytes: Uint8Array): Genesis {
  const hash = calcAssetHash({
    name: spec['name'] as string,
    issuer: spec['issuer'] as string,
    description: spec['description'] as string,
    units: spec['units'] as string,
    issueDate: (spec['issue_date'] as string) ?? null,
    expiryDate: null,
    interestRate: 0,
    multiple: 0.01,
    contractContent: contractBytes,
  });
  return {
    qtyMantissa: 1, qtyExponent: 6, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0,
    useHttps: false, domainName: domain, usePrefix: true, pagePath: key, assetHash: hash.subarray(0, 16), assetHashLen: 16,
  };
}

const content = {
  put: (bytes: Uint8Array, mimeType: string): ContentRef => ({ sha256: createHash('sha256').update(bytes).digest('hex'), mimeType, size: bytes.length }),
};
const NOW = Date.parse('2026-03-01T12:00:00Z');
const fakeGenesis = { qtyMantissa: 1, qtyExponent: 0, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false, domainName: 'gold.test', usePrefix: true, pagePath: 'gold', assetHash: '00'.repeat(16), assetHashLen: 16, metadataHex: '' };
const base = (p: Partial<AssetRow> = {}): AssetRow => ({ ...newAssetRow(3, { fromSource: 'genesis' }, new Date(NOW - 1000)), genTxId: 'ab'.repeat(32), ...p }) as AssetRow;
const rowAt = (failures: number) => base({ genesis: fakeGenesis, validState: failures ? 'ASSET_WEB_PAGE_NOT_FOUND' : 'VALID', validFailures: failures, validChecked: new Date(NOW - 5000).toISOString() });

let issuer: IssuerHost;
const geneses = new Map<string, Genesis>();
let checker: ValidityChecker;

beforeAll(async () => {
  issuer = await IssuerHost.start();
  const add = (key: string, domain: string, spec: Record<string, unknown>, bytes = contract, contentType = 'text/plain; charset=utf-8', hashedSpec = spec) => {
    issuer.addAsset({ key, domain, pagePath: `/coinspark/${key}/`, spec, contract: { path: `/${key}/contract.txt`, body: bytes, contentType } });
    geneses.set(key, genesisFor(domain, key, hashedSpec, bytes));
  };
  add('gold', 'gold.test', makeSpec('gold.test', 'gold'));
  const full = makeSpec('tin.test', 'tin');
  const { units: _dropped, ...noUnits } = full;
  add('tin', 'tin.test', noUnits, contract, 'text/plain', full);
  const html = new TextEncoder().encode('<!DOCTYPE html><html><body>Terms at <img src="http://elsewhere/x.png"></body></html>');
  add('web', 'web.test', makeSpec('web.test', 'web'), html, 'text/html');
  checker = new ValidityChecker({
    policy: { network: 'regtest', hostMap: issuer.hostMap },
    limiter: new HostLimiter(4, 64),
    pageLimits: PAGE_LIMITS,
    contractLimits: CONTRACT_LIMITS,
  });
});
afterAll(() => issuer.stop());

async function checkWith(key: string, fault: IssuerFault | null) {
  issuer.setFault(key, fault);
  try {
    return await checker.check({ genesis: geneses.get(key)!, firstSpent: null });
  } finally {
    issuer.setFault(key, null);
  }
}

describe('validity checker against the devnet issuer faults', () => {
  it('a good page is VALID, with JSON and contract kept', async () => {
    const o = await checkWith('gold', null);
    expect(o.reason).toBeNull();
    expect(o.state).toBe('VALID');
    expect(o.pageUrl).toBe('http://gold.test/coinspark/gold/');
    expect(JSON.parse(o.jsonText!)['issuer']).toBe('Vault <Example> Ltd');
    expect(o.contract?.mimeType).toBe('text/plain');
    expect(o.contract?.sha256).toBe(createHash('sha256').update(contract).digest('hex'));
    expect(o.spec?.trackerUrls).toHaveLength(2);
  });

  const cases: [string, IssuerFault, CheckState, RegExp][] = [
    ['404', { kind: 'notFound' }, 'ASSET_WEB_PAGE_NOT_FOUND', /HTTP 404/],
    ['slow beyond the time limit', { kind: 'slow', delayMs: 2500 }, 'ASSET_WEB_PAGE_NOT_FOUND', /silent|within/],
    ['hang', { kind: 'hang' }, 'ASSET_WEB_PAGE_NOT_FOUND', /silent|within/],
    ['oversize page', { kind: 'oversizedPage' }, 'ASSET_WEB_PAGE_NOT_FOUND', /limit/],
    ['oversize contract', { kind: 'oversizedContract' }, 'CONTRACT_NOT_FOUND', /16777216-byte limit/],
    ['broken JSON', { kind: 'brokenJson' }, 'ASSET_SPECS_NOT_PARSED', /cannot be parsed/],
    ['hash mismatch', { kind: 'hashMismatch' }, 'HASH_MISMATCH', /genesis says/],
    ['redirect chain longer than 5', { kind: 'redirectChain', hops: 7 }, 'ASSET_WEB_PAGE_NOT_FOUND', /more than 5 redirects/],
    ['redirect to a private address', { kind: 'privateRedirect' }, 'ASSET_WEB_PAGE_NOT_FOUND', /private address/],
    ['redirect loop', { kind: 'privateRedirect', target: 'http://gold.test/coinspark/gold/' }, 'ASSET_WEB_PAGE_NOT_FOUND', /redirect loop/],
  ];
  it.each(cases)('%s → %s, retried on the failure schedule', async (_name, fault, state, reason) => {
    const t0 = performance.now();
    const o = await checkWith('gold', fault);
    expect(o.state).toBe(state);
    expect(o.reason).toMatch(reason);
    expect(performance.now() - t0).toBeLessThan(3000);
    // Its next check time: the next tick below 60 failures, 30 min from 60, a day from 200 (§4.2).
    const at = (failures: number) => {
      const p = outcomePatch(rowAt(failures), o, NOW, { content } as never);
      expect(p.validState).toBe(state);
      expect(p.validFailures).toBe(failures + 1);
      return Date.parse(p.nextCheck!) - NOW;
    };
    expect(at(0)).toBe(0);
    expect(at(59)).toBeGreaterThanOrEqual(1_800_000);
    expect(at(59)).toBeLessThan(1_800_000 * 1.05);
    expect(at(199)).toBeGreaterThanOrEqual(86_400_000);
  });

  it('slow within the limit and a short redirect chain are still VALID', async () => {
    expect((await checkWith('gold', { kind: 'slow', delayMs: 200 })).state).toBe('VALID');
    expect((await checkWith('gold', { kind: 'redirectChain', hops: 3 })).state).toBe('VALID');
  });

  it('a hash mismatch still returns the new JSON for display', async () => {
    const o = await checkWith('gold', { kind: 'hashMismatch' });
    expect(JSON.parse(o.jsonText!)['description']).toMatch(/revised/);
  });

  it('a missing required field → REQUIRED_FIELD_MISSING naming it', async () => {
    const o = await checkWith('tin', null);
    expect(o.state).toBe('REQUIRED_FIELD_MISSING');
    expect(o.reason).toMatch(/units/);
  });

  it('an HTML contract → CONTRACT_INVALID', async () => {
    const o = await checkWith('web', null);
    expect(o.state).toBe('CONTRACT_INVALID');
  });
});

describe('outcome → row (§4.2 steps 2–4)', () => {

  it('success: VALID, failures 0, next check in 24 h (+ jitter), last valid copies set', async () => {
    const o = await checkWith('gold', null);
    const p = outcomePatch(base({ genesis: fakeGenesis, validFailures: 7, validState: 'REFRESH' }), o, NOW, { content } as never);
    expect(p).toMatchObject({ validState: 'VALID', validFailures: 0, validReason: null, previousState: null, validChecked: new Date(NOW).toISOString() });
    expect(p.lastValidJSON).toBe(o.jsonText);
    expect(p.lastValidContract?.sha256).toBe(o.contract?.sha256);
    const next = Date.parse(p.nextCheck!);
    expect(next - NOW).toBeGreaterThanOrEqual(86_400_000);
    expect(next - NOW).toBeLessThan(86_400_000 * 1.05);
  });

  it('failure keeps the last valid JSON and contract; next check per the failure count', async () => {
    const good = await checkWith('gold', null);
    const ok = outcomePatch(base({ genesis: fakeGenesis }), good, NOW, { content } as never);
    const validRow = base({ genesis: fakeGenesis, ...ok });
    const bad = await checkWith('gold', { kind: 'notFound' });
    const p = outcomePatch(validRow, bad, NOW + 1000, { content } as never);
    expect(p.validState).toBe('ASSET_WEB_PAGE_NOT_FOUND');
    expect(p.validFailures).toBe(1);
    expect(p.lastValidJSON).toBeUndefined(); // untouched
    expect(p.webPageJSON).toBe(validRow.webPageJSON); // kept for display
    expect(p.contract).toEqual(validRow.contract);
    expect(Date.parse(p.nextCheck!)).toBe(NOW + 1000); // < 60 failures: next tick
    const p60 = outcomePatch({ ...validRow, validFailures: 59, validState: 'ASSET_WEB_PAGE_NOT_FOUND' }, bad, NOW, { content } as never);
    expect(p60.validFailures).toBe(60);
    expect(Date.parse(p60.nextCheck!) - NOW).toBeGreaterThanOrEqual(1_800_000);
    const p200 = outcomePatch({ ...validRow, validFailures: 199, validState: 'ASSET_WEB_PAGE_NOT_FOUND' }, bad, NOW, { content } as never);
    expect(Date.parse(p200.nextCheck!) - NOW).toBeGreaterThanOrEqual(86_400_000);
  });
});
