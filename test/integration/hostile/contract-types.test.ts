import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcAssetHash, type Genesis } from '../../../shared/coinspark/index';
import { HostLimiter } from '../../../main/node/net/host-limiter';
import { ValidityChecker } from '../../../main/services/validity/validity-checker';
import { IssuerHost } from '../../devnet/issuer/host';

// Issue #12 item 9 through the whole check: a page whose hash matches exactly, whose contract is an active
// document served under a type that is not HTML's. Before: VALID. Now: CONTRACT_INVALID, with the reason.

const XHTML = '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Terms</p><img src="http://elsewhere.example/t.png"/></body></html>';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>Terms</text></svg>';

let issuer: IssuerHost;
const geneses = new Map<string, Genesis>();

beforeAll(async () => {
  issuer = await IssuerHost.start();
  const add = (key: string, body: string, contentType: string) => {
    const domain = `${key}.test`;
    const spec = { name: `${key} asset`, name_short: key.toUpperCase(), issuer: 'Issuer', description: 'Test.', units: '1 unit', multiple: 1, contract_url: `http://${domain}/${key}/contract`, coinspark_tracker_url: 'http://127.0.0.1:1/' };
    const contract = new TextEncoder().encode(body);
    issuer.addAsset({ key, domain, pagePath: `/coinspark/${key}/`, spec, contract: { path: `/${key}/contract`, body: contract, contentType } });
    const hash = calcAssetHash({ name: spec.name, issuer: spec.issuer, description: spec.description, units: spec.units, issueDate: null, expiryDate: null, interestRate: 0, multiple: 1, contractContent: contract });
    geneses.set(key, { qtyMantissa: 1, qtyExponent: 0, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false, domainName: domain, usePrefix: true, pagePath: key, assetHash: hash.subarray(0, 16), assetHashLen: 16 });
  };
  add('xhtml', XHTML, 'application/xml');
  add('svg', SVG, 'image/svg+xml');
  add('text', 'CONTRACT: one unit.\n', 'text/plain; charset=utf-8');
});
afterAll(() => issuer.stop());

describe('contract type decided by content as well as type', () => {
  const checker = () => new ValidityChecker({ policy: { network: 'regtest', hostMap: issuer.hostMap }, limiter: new HostLimiter(4, 64) });
  it.each([
    ['xhtml', 'CONTRACT_INVALID', /XHTML/],
    ['svg', 'CONTRACT_INVALID', /image\/svg\+xml/],
    ['text', 'VALID', null],
  ] as const)('%s contract → %s', async (key, state, reason) => {
    const o = await checker().check({ genesis: geneses.get(key)!, firstSpent: null });
    expect(o.state).toBe(state);
    if (reason) expect(o.reason).toMatch(reason);
    else expect(o.reason).toBeNull();
  });
});
