// The sample world as a wallet sees it: geneses in the chain whose page URL, page JSON and contract hash
// to what the genesis carries (or deliberately do not), reachable through the printed host map, units in
// the user's wallet in the node, and a broken asset that becomes valid when its fault is cleared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transaction } from 'bitcoinjs-lib';
import { readFile } from 'node:fs/promises';
import {
  calcAssetHash,
  calcAssetURL,
  decodeGenesis,
  genesisHashMatches,
  scriptsToMetadata,
  type Genesis,
} from '../../../shared/coinspark/index.js';
import { startDevnet, type Devnet, type WorldAsset } from '../../devnet/index.js';
import { extractSpecJson, httpGet } from './http-helpers.js';

let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet();
}, 120_000);
afterAll(async () => devnet?.stop());

async function genesisOf(a: WorldAsset): Promise<{ genesis: Genesis; vin0: { txid: string; vout: number } }> {
  const tx = Transaction.fromHex(await devnet.rpc.call<string>('getrawtransaction', a.genTxId, false));
  const meta = scriptsToMetadata(tx.outs.map((o) => o.script));
  const g = decodeGenesis(meta!);
  if (!g.ok) throw new Error(g.error);
  return { genesis: g.value, vin0: { txid: Buffer.from(tx.ins[0]!.hash).reverse().toString('hex'), vout: tx.ins[0]!.index } };
}

/** Fetch through the host map the way a regtest wallet does: connect to the mapped address, send Host. */
async function fetchMapped(url: string): Promise<{ status: number; body: Buffer; type: string | undefined; location?: string }> {
  const u = new URL(url);
  const target = devnet.hostMap[u.hostname];
  if (target === undefined) throw new Error(`${u.hostname} not in host map`);
  const r = await httpGet(target, u.pathname + u.search, { host: u.host });
  return { status: r.status, body: r.body, type: r.headers['content-type'], ...(r.headers.location ? { location: r.headers.location } : {}) };
}

type Verdict = 'valid' | 'pageNotFound' | 'specsNotFound' | 'hashMismatch' | 'contractInvalid' | 'contractNotFound';

/** A compact version of the validity steps of asset-web-page.md §7. */
async function judge(a: WorldAsset): Promise<Verdict> {
  const { genesis, vin0 } = await genesisOf(a);
  const page = await fetchMapped(calcAssetURL(genesis, vin0.txid, vin0.vout)!);
  if (page.status !== 200) return 'pageNotFound';
  const json = extractSpecJson(page.body.toString('utf8'));
  if (json === null) return 'specsNotFound';
  const spec = JSON.parse(json) as Record<string, unknown>;
  const contract = await fetchMapped(spec['contract_url'] as string);
  if (contract.status !== 200) return 'contractNotFound';
  const hash = calcAssetHash({
    name: (spec['name'] as string) ?? null,
    issuer: (spec['issuer'] as string) ?? null,
    description: (spec['description'] as string) ?? null,
    units: (spec['units'] as string) ?? null,
    issueDate: (spec['issue_date'] as string) ?? null,
    expiryDate: (spec['expiry_date'] as string) ?? null,
    interestRate: (spec['interest_rate'] as number) ?? null,
    multiple: (spec['multiple'] as number) ?? null,
    contractContent: new Uint8Array(contract.body),
  });
  if (!genesisHashMatches(genesis, hash)) return 'hashMismatch';
  if (contract.type?.startsWith('text/html')) return 'contractInvalid';
  return 'valid';
}

describe('sample world', () => {
  it('prints what a client needs, and writes the host map file', async () => {
    const info = devnet.info;
    expect(info.walletName).toBe('devnet-user');
    expect(info.trackerUrls).toHaveLength(3);
    expect(JSON.parse(await readFile(info.hostMapFile, 'utf8'))).toEqual(info.hostMap);
    expect(Object.keys(info.hostMap)).toEqual(expect.arrayContaining(['gold.example', 'silver.example', 'acme-shares.example']));
    expect((await readFile(info.cookieFile, 'utf8')).startsWith('__cookie__:')).toBe(true);
  });

  it('has the variety the UI needs', () => {
    const w = devnet.world!;
    expect(w.assets.length).toBeGreaterThanOrEqual(8);
    const specs = w.assets.map((a) => a.spec);
    expect(new Set(specs.map((s) => s['multiple'])).size).toBeGreaterThanOrEqual(4);
    expect(specs.some((s) => typeof s['interest_rate'] === 'number' && s['interest_rate'] > 0)).toBe(true);
    expect(specs.some((s) => typeof s['interest_rate'] === 'number' && s['interest_rate'] < 0)).toBe(true);
    expect(specs.some((s) => typeof s['format_1'] === 'string')).toBe(true);
    expect(w.assets.some((a) => a.genesis.chargeFlat !== '0' && a.genesis.chargeBasisPoints > 0)).toBe(true);
    expect(new Set(w.assets.map((a) => a.contractType.split(';')[0]))).toEqual(new Set(['application/pdf', 'text/plain', 'text/html']));
    expect(w.assets.some((a) => a.wallet.unconfirmed !== '0')).toBe(true);
    expect(w.assets.filter((a) => Array.isArray(a.spec['coinspark_tracker_url'])).length).toBeGreaterThan(5);
    expect(w.assets.some((a) => typeof a.spec['coinspark_tracker_url'] === 'string')).toBe(true);
  });

  it('each asset page is where its genesis says, and judging it gives the expected verdict', async () => {
    for (const a of devnet.world!.assets) {
      const { genesis, vin0 } = await genesisOf(a);
      expect(calcAssetURL(genesis, vin0.txid, vin0.vout)).toBe(a.pageUrl);
      const expected: Record<string, Verdict> = {
        valid: 'valid', hashMismatch: 'hashMismatch', contractInvalid: 'contractInvalid', pageNotFound: 'pageNotFound', genesisInvalid: 'valid',
      };
      expect(await judge(a), a.key).toBe(expected[a.expectedValidity]);
    }
  });

  it('the HTML contract carries a script; the PDF contract is a PDF with readable text', async () => {
    const html = await fetchMapped(devnet.asset('credit').contractUrl);
    expect(html.body.toString()).toContain('<script>');
    const pdf = await fetchMapped(devnet.asset('gold').contractUrl);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.body.toString('latin1')).toContain('(one gram of gold of 999.9 fineness on presentation at its vault.) Tj');
  });

  it('broken assets turn valid when their fault is cleared at run time', async () => {
    for (const key of ['tin', 'copper']) {
      const a = devnet.asset(key);
      expect(await judge(a)).not.toBe('valid');
      devnet.issuer.setFault(key, null);
      expect(await judge(a)).toBe('valid');
    }
  });

  it("the user's wallet in the node holds every world output", async () => {
    const w = devnet.rpc.wallet(devnet.world!.walletName);
    const utxos = await w.call<Array<{ txid: string; vout: number; confirmations: number }>>('listunspent', 0);
    const have = new Map(utxos.map((u) => [`${u.txid}:${u.vout}`, u.confirmations]));
    for (const a of devnet.world!.assets) {
      for (const o of a.wallet.outputs) {
        const conf = have.get(`${o.txid}:${o.vout}`);
        expect(conf, `${a.key} ${o.txid}:${o.vout}`).toBeDefined();
        expect(conf! > 0).toBe(o.confirmed);
      }
    }
  });
});
