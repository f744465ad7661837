import { describe, expect, it } from 'vitest';
import { extractSpecJson, MAX_SPEC_JSON_BYTES } from '../../../main/services/validity/page-json';
import { checkSpec, normaliseTrackerUrls, readNumber } from '../../../main/services/validity/spec-fields';
import { contractProblem } from '../../../main/services/validity/contract-check';

const embed = (json: string) =>
  `<html><body><script>\nif (typeof _bitcoin_asset_specification_ === "function")\n    _bitcoin_asset_specification_(${json});\n</script></body></html>`;

const good = {
  name: 'Gold (1 oz)',
  name_short: 'Gold',
  issuer: 'Example Vault <Ltd>',
  description: 'One troy ounce.',
  units: '1 oz',
  multiple: 0.01,
  contract_url: 'https://gold.example/contract.pdf',
  coinspark_tracker_url: ['http://t1.example/', 'https://t2.example/?k=12595'],
};
const escaped = (o: unknown) => JSON.stringify(o).replace(/\(/g, '\\u0028').replace(/\)/g, '\\u0029').replace(/</g, '\\u003c').replace(/>/g, '\\u003e');

describe('extractSpecJson', () => {
  it('reads an AIS-escaped embedding, skipping the typeof occurrence', () => {
    const r = extractSpecJson(embed(escaped(good)));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.json).toEqual(good);
  });

  it('tolerates unescaped parentheses inside strings and whitespace before (', () => {
    const json = JSON.stringify({ ...good, name: 'Gold (one ounce) :)' });
    const page = `<script>_bitcoin_asset_specification_ \n (${json}); foo(1)</script>`;
    const r = extractSpecJson(page);
    expect(r.ok && r.json['name']).toBe('Gold (one ounce) :)');
  });

  it('handles escaped quotes and backslashes inside strings', () => {
    const json = JSON.stringify({ ...good, description: 'A "quoted" \\ ) thing' });
    const r = extractSpecJson(embed(json));
    expect(r.ok && r.json['description']).toBe('A "quoted" \\ ) thing');
  });

  it('takes the first occurrence', () => {
    const r = extractSpecJson(embed(JSON.stringify({ ...good, name: 'first' })) + embed(JSON.stringify({ ...good, name: 'second' })));
    expect(r.ok && r.json['name']).toBe('first');
  });

  it('reports a missing block as ASSET_SPECS_NOT_FOUND', () => {
    expect(extractSpecJson('<html>no spec; typeof _bitcoin_asset_specification_ === "function"</html>')).toMatchObject({ ok: false, state: 'ASSET_SPECS_NOT_FOUND' });
    expect(extractSpecJson('_bitcoin_asset_specification_({"name": "x"')).toMatchObject({ ok: false, state: 'ASSET_SPECS_NOT_FOUND' });
  });

  it('reports broken JSON, non-objects and oversize JSON as ASSET_SPECS_NOT_PARSED', () => {
    expect(extractSpecJson(embed('{"name": "x",}'))).toMatchObject({ ok: false, state: 'ASSET_SPECS_NOT_PARSED' });
    expect(extractSpecJson(embed('[1,2]'))).toMatchObject({ ok: false, state: 'ASSET_SPECS_NOT_PARSED' });
    const big = JSON.stringify({ ...good, description: 'x'.repeat(MAX_SPEC_JSON_BYTES) });
    expect(extractSpecJson(embed(big))).toMatchObject({ ok: false, state: 'ASSET_SPECS_NOT_PARSED' });
  });
});

describe('checkSpec', () => {
  it('accepts a complete spec and normalises trackers', () => {
    const r = checkSpec({ ...good, coinspark_tracker_url: 'tracker.example/api' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.spec.trackerUrls).toEqual(['http://tracker.example/api']);
      expect(r.spec.multiple).toBe(0.01);
    }
  });

  it.each([
    ['name', undefined],
    ['name_short', '  \t'],
    ['issuer', 5],
    ['description', undefined],
    ['units', ''],
    ['multiple', undefined],
    ['multiple', 'abc'],
    ['contract_url', 'contract.pdf'],
    ['contract_url', 'javascript:alert(1)'],
    ['coinspark_tracker_url', undefined],
    ['coinspark_tracker_url', []],
    ['coinspark_tracker_url', ['http://ok.example/', 7]],
  ])('refuses %s = %j', (field, value) => {
    const spec: Record<string, unknown> = { ...good };
    if (value === undefined) delete spec[field];
    else spec[field] = value;
    const r = checkSpec(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(field);
  });

  it('reads numbers given as strings', () => {
    expect(readNumber('0.01')).toBe(0.01);
    expect(readNumber(' -2.5 ')).toBe(-2.5);
    expect(readNumber('1e3')).toBe(1000);
    expect(readNumber('0x10')).toBeNull();
    expect(readNumber(undefined)).toBeUndefined();
    expect(normaliseTrackerUrls(['ftp://x.example/'])).toBeNull();
  });
});

describe('contractProblem', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('refuses declared and sniffed HTML', () => {
    expect(contractProblem(bytes('plain terms'), 'text/html')).toMatch(/HTML/);
    expect(contractProblem(bytes('\uFEFF  <!DOCTYPE html><p>x'), 'text/plain')).toMatch(/HTML/);
    expect(contractProblem(bytes('<html><body>'), null)).toMatch(/HTML/);
    expect(contractProblem(new Uint8Array(0), 'text/plain')).toMatch(/empty/);
  });
  it('accepts text and PDF', () => {
    expect(contractProblem(bytes('Terms: 1 < 2'), 'text/plain')).toBeNull();
    expect(contractProblem(bytes('%PDF-1.4 ...'), 'application/pdf')).toBeNull();
  });
});
