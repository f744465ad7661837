// The issuer web host on its own: pages with the embedded JSON, contracts whose bytes hash to what the
// genesis carries, icons, and every per-asset fault mode (including clearing one at run time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { calcAssetHash } from '../../../shared/coinspark/index.js';
import { IssuerHost } from '../../devnet/issuer/host.js';
import { iconPng, minimalPdf } from '../../devnet/issuer/content.js';
import { extractSpecJson, httpGet } from './http-helpers.js';

const contract = minimalPdf('Test Contract', ['First line (with parentheses)', 'Second line']);
const spec = {
  name: 'Test (Gold) <b>',
  name_short: 'TG',
  issuer: 'Issuer & Co',
  description: 'A description with "quotes" and (parens).',
  units: '1 gram',
  multiple: 0.01,
  interest_rate: 1.5,
  issue_date: '2024-01-01',
  contract_url: 'http://gold.test/contracts/c.pdf',
  coinspark_tracker_url: ['http://127.0.0.1:1/', 'http://127.0.0.1:2/'],
};
const hashOf = (s: Record<string, unknown>, body: Uint8Array): string =>
  Buffer.from(
    calcAssetHash({
      name: s['name'] as string,
      issuer: s['issuer'] as string,
      description: s['description'] as string,
      units: s['units'] as string,
      issueDate: (s['issue_date'] as string | undefined) ?? null,
      expiryDate: (s['expiry_date'] as string | undefined) ?? null,
      interestRate: (s['interest_rate'] as number | undefined) ?? null,
      multiple: (s['multiple'] as number | undefined) ?? null,
      contractContent: body,
    }),
  ).toString('hex');

let host: IssuerHost;
let hp: string;
const page = (path = '/coinspark/tg/', o: { countOnly?: boolean; timeoutMs?: number } = {}) => httpGet(hp, path, { host: 'gold.test', ...o });

beforeAll(async () => {
  host = await IssuerHost.start();
  hp = `127.0.0.1:${host.port}`;
  host.addAsset({
    key: 'tg',
    domain: 'gold.test',
    pagePath: '/coinspark/tg/',
    spec,
    contract: { path: '/contracts/c.pdf', body: contract, contentType: 'application/pdf' },
    icon: { path: '/icons/tg.png', body: iconPng([200, 150, 20], 48) },
  });
});
afterAll(async () => host.stop());

describe('issuer host', () => {
  it('serves the page with the JSON embedded with \\u escapes, parsing back to the published object', async () => {
    const r = await page();
    expect(r.status).toBe(200);
    const html = r.body.toString('utf8');
    const json = extractSpecJson(html)!;
    expect(json).not.toMatch(/[()<>]/);
    expect(json).toContain('\\u0028Gold\\u0029 \\u003cb\\u003e');
    expect(JSON.parse(json)).toEqual(spec);
    expect(host.hostMap).toEqual({ 'gold.test': `127.0.0.1:${host.port}` });
  });

  it('routes by Host header, or by a /<domain>/ prefix without one; unknown domains get 404', async () => {
    const direct = await httpGet(hp, '/gold.test/coinspark/tg/');
    expect(direct.status).toBe(200);
    expect((await httpGet(hp, '/coinspark/tg/', { host: 'other.test' })).status).toBe(404);
    expect((await page('/coinspark/nope/')).status).toBe(404);
  });

  it('serves a valid PDF contract whose bytes give the asset hash, and a PNG icon', async () => {
    const r = await page('/contracts/c.pdf');
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(r.body, Buffer.from(contract))).toBe(0);
    const pdf = r.body.toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    // the xref offsets point at the objects
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((o, i) => expect(pdf.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    expect(pdf).toContain('(First line \\(with parentheses\\)) Tj');
    const icon = await page('/icons/tg.png');
    expect(icon.headers['content-type']).toBe('image/png');
    expect(icon.body.subarray(1, 4).toString()).toBe('PNG');
    expect(icon.body.readUInt32BE(16)).toBe(48);
    const idatLen = icon.body.readUInt32BE(33);
    expect(inflateSync(icon.body.subarray(41, 41 + idatLen)).length).toBe(48 * (1 + 48 * 3));
    expect(hashOf(JSON.parse(extractSpecJson((await page()).body.toString())!), r.body)).toBe(hashOf(spec, contract));
  });

  it('hashMismatch edits a fixed field; clearing the fault restores the original page', async () => {
    host.setFault('tg', { kind: 'hashMismatch' });
    const edited = JSON.parse(extractSpecJson((await page()).body.toString())!);
    expect(hashOf(edited, contract)).not.toBe(hashOf(spec, contract));
    expect(edited.name).toBe(spec.name);
    host.setFault('tg', null);
    expect(hashOf(JSON.parse(extractSpecJson((await page()).body.toString())!), contract)).toBe(hashOf(spec, contract));
  });

  it('brokenJson embeds text that does not parse', async () => {
    host.setFault('tg', { kind: 'brokenJson' });
    const json = extractSpecJson((await page()).body.toString());
    expect(json).not.toBeNull();
    expect(() => JSON.parse(json!)).toThrow();
    host.setFault('tg', null);
  });

  it('notFound answers 404 for page and contract', async () => {
    host.setFault('tg', { kind: 'notFound' });
    expect((await page()).status).toBe(404);
    expect((await page('/contracts/c.pdf')).status).toBe(404);
    host.setFault('tg', null);
    expect((await page()).status).toBe(200);
  });

  it('slow delays the answer; hang never answers', async () => {
    host.setFault('tg', { kind: 'slow', delayMs: 400 });
    const t0 = performance.now();
    expect((await page()).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(380);
    host.setFault('tg', { kind: 'hang' });
    await expect(page('/coinspark/tg/', { timeoutMs: 500 })).rejects.toThrow(/timeout/);
    host.setFault('tg', null);
  });

  it('oversized page and contract are streamed past their limits', async () => {
    host.setFault('tg', { kind: 'oversizedContract' });
    const c = await page('/contracts/c.pdf', { countOnly: true, timeoutMs: 30_000 });
    expect(c.size).toBe(17 * 1024 * 1024);
    expect(Number(c.headers['content-length'])).toBeGreaterThan(16 * 1024 * 1024);
    host.setFault('tg', { kind: 'oversizedPage', bytes: 3 * 1024 * 1024 });
    const p = await page('/coinspark/tg/', { countOnly: true });
    expect(p.size).toBe(3 * 1024 * 1024);
    host.setFault('tg', null);
  });

  it('redirectChain redirects hop by hop to the page; privateRedirect points at 10.0.0.1', async () => {
    host.setFault('tg', { kind: 'redirectChain', hops: 4 });
    let path = '/coinspark/tg/';
    let hops = 0;
    for (;;) {
      const r = await page(path);
      if (r.status !== 302) {
        expect(r.status).toBe(200);
        expect(extractSpecJson(r.body.toString())).not.toBeNull();
        break;
      }
      const loc = new URL(r.headers.location!);
      expect(loc.host).toBe('gold.test');
      path = loc.pathname + loc.search;
      hops++;
    }
    expect(hops).toBe(4);
    host.setFault('tg', { kind: 'privateRedirect' });
    const r = await page();
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('http://10.0.0.1/coinspark/tg/');
    host.setFault('tg', null);
  });
});
