// The tracking server against an independent calculation: the whole sample world, the mempool, the
// coinsparkd request/answer format, every fault mode, and reorgs (invalidateblock) that move geneses
// and transfers back to the mempool and into new blocks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.js';
import { lieAbout } from '../../devnet/tracker/server.js';
import { ReferenceCalc } from './reference-qty.js';
import { httpGet, postJson } from './http-helpers.js';

let devnet: Devnet;

beforeAll(async () => {
  devnet = await startDevnet();
}, 120_000);
afterAll(async () => devnet?.stop());

interface Entry {
  txid: string;
  /** coinsparkd reads vout back from its lookup key: a string in quantity and −10001 elements */
  vout: number | string;
  qty?: number;
  block?: number;
  spent?: number;
  error?: { code: number; message: string };
}
interface QtyAnswer {
  id: unknown;
  method: string;
  result: Record<string, Entry[]>;
  assets: Record<string, { genesis_block: number; genesis_offset: number; genesis_prefix: string }>;
}

async function getQty(url: string, assets: string[], txouts: Array<{ txid: string; vout: number }>): Promise<QtyAnswer> {
  const r = await postJson(url, JSON.stringify({ id: 42, method: 'coinspark_assets_get_qty', params: { assets, txouts } }));
  expect(r.status).toBe(200);
  return JSON.parse(r.body.toString('utf8')) as QtyAnswer;
}

/** Ask `url` about every world asset and every output; compare each answer with the reference. */
async function compareWithReference(url: string): Promise<{ checked: number; nonZero: number; mempool: number }> {
  await devnet.syncTrackers();
  const ref = await ReferenceCalc.load(devnet.rpc);
  const txouts = ref.outpoints();
  txouts.push({ txid: 'ab'.repeat(32), vout: 0 }); // unknown output
  const genIds = devnet.world!.assets.map((a) => a.genTxId);
  const ans = await getQty(url, genIds, txouts);
  expect(ans.id).toBe(42);
  expect(Object.keys(ans.result)[0]).toBe('BTC');
  let checked = 0;
  let nonZero = 0;
  let mempool = 0;
  for (const [i, t] of txouts.entries()) {
    const btc = ans.result['BTC']![i]!;
    const sats = ref.satoshis(t.txid, t.vout);
    if (sats === undefined) expect(btc.error?.code).toBe(-10001);
    else expect(btc).toEqual({ txid: t.txid, vout: String(t.vout), qty: Number(sats), block: ref.heightOf(t.txid), spent: ref.spentBy.get(`${t.txid}:${t.vout}`) ?? 0 });
  }
  // coinsparkd files every mempool genesis under one asset id (1234567890, 0): an unconfirmed asset's figures count
  // the units of all unconfirmed geneses (observed on the real server; the devnet tracker does the same)
  const unconfirmed = genIds.filter((g) => ref.asset(g) !== null && ref.asset(g)!.ref === null);
  const trackerQty = (gen: string, txid: string, vout: number): bigint | null => {
    if (!unconfirmed.includes(gen)) return ref.qty(gen, txid, vout);
    const each = unconfirmed.map((g) => ref.qty(g, txid, vout));
    return each.some((q) => q === null) ? null : each.reduce<bigint>((a, q) => a + q!, 0n);
  };
  for (const gen of genIds) {
    const entries = ans.result[gen]!;
    expect(entries).toHaveLength(txouts.length);
    const asset = ref.asset(gen);
    if (asset === null) {
      for (const e of entries) expect(e.error).toEqual({ code: -10000, message: 'This server does not track the asset specified' });
      expect(ans.assets[gen]).toBeUndefined();
      continue;
    }
    expect(ans.assets[gen]!.genesis_block).toBe(asset.ref?.blockNum ?? 1234567890);
    expect(ans.assets[gen]!.genesis_offset).toBe(asset.ref?.txOffset ?? 0);
    expect(ans.assets[gen]!.genesis_prefix).toBe(gen.slice(0, 8));
    for (const [i, t] of txouts.entries()) {
      const e = entries[i]!;
      const q = trackerQty(gen, t.txid, t.vout);
      if (q === null) {
        expect(e.error).toEqual({ code: -10001, message: 'The transaction output specified could not be found' });
        continue;
      }
      expect(e).toEqual({ txid: t.txid, vout: String(t.vout), qty: Number(q), block: ref.heightOf(t.txid), spent: ref.spentBy.get(`${t.txid}:${t.vout}`) ?? 0 });
      checked++;
      if (q > 0n) nonZero++;
      if (q > 0n && e.block === 1234567890) mempool++;
    }
  }
  return { checked, nonZero, mempool };
}

describe('tracker answers against the independent calculation', () => {
  it('both honest trackers agree with the reference on every output of the world, mempool included', async () => {
    for (const t of devnet.trackers.slice(0, 2)) {
      const r = await compareWithReference(t.url);
      expect(r.nonZero).toBeGreaterThan(15);
      expect(r.mempool).toBeGreaterThan(0);
    }
  });

  it("the world's book-kept wallet balances are what the tracker reports", async () => {
    for (const a of devnet.world!.assets) {
      const outs = a.wallet.outputs.map((o) => ({ txid: o.txid, vout: o.vout }));
      if (outs.length === 0) continue;
      const ans = await getQty(devnet.trackers[0]!.url, [a.genTxId], outs);
      a.wallet.outputs.forEach((o, i) => {
        const e = ans.result[a.genTxId]![i]!;
        if (a.expectedValidity === 'genesisInvalid') expect(e.error?.code).toBe(-10000);
        else expect({ qty: e.qty, mempool: e.block === 1234567890 }).toEqual({ qty: Number(o.qty), mempool: !o.confirmed });
      });
    }
    const gold = devnet.asset('gold');
    expect(gold.wallet.confirmed).toBe('250000');
    expect(gold.wallet.unconfirmed).toBe('12345');
  });

  it('answers with the exact request errors of coinsparkd', async () => {
    const url = devnet.trackers[0]!.url;
    const ask = async (body: string) => JSON.parse((await postJson(url, body)).body.toString()) as { error?: { code: number; message: string } };
    // PHP 8 dies on what is not a JSON object or string (property_exists() TypeError): HTTP 500, empty body
    for (const body of ['not json', '', '[1,2]', '5', 'null', '{"id":1,"method":"coinspark_assets_get_qty","params":[]}']) {
      const r = await postJson(url, body);
      expect({ status: r.status, body: r.body.toString() }, body).toEqual({ status: 500, body: '' });
    }
    const cases: Array<[string, number, string]> = [
      ['"hello"', -32600, 'The JSON received is JSON object'],
      ['{"id":1,"params":{}}', -32600, "The JSON received doesn't have method field"],
      ['{"method":"coinspark_assets_get_qty","params":[]}'.replace('[]', '{"assets":[],"txouts":[]}'), -32600, "The JSON received doesn't have id field"],
      // each failed check overwrites the one before: no id, then no txouts
      ['{"method":"coinspark_assets_get_qty","params":{}}', -32602, "The parameters in JSON received doesn't have txouts field"],
      ['{"id":1,"method":"coinspark_assets_get_qty"}', -32600, "The JSON received doesn't have params field"],
      ['{"id":1,"method":"coinspark_assets_get_qty","params":{"txouts":[]}}', -32602, "The parameters in JSON received doesn't have assets field"],
      ['{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":"x","txouts":[]}}', -32602, 'The assets parameters should be array'],
      ['{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":[]}}', -32602, "The parameters in JSON received doesn't have txouts field"],
      ['{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":[],"txouts":{}}}', -32602, 'The txouts parameters should be array'],
      ['{"id":1,"method":"getinfo","params":[]}', -32601, 'The method in the request is not available'],
    ];
    for (const [body, code, message] of cases) expect((await ask(body)).error, body).toEqual({ code, message });
  });

  it('echoes txids and asset keys as sent, collapses duplicates, skips incomplete txouts', async () => {
    const gold = devnet.asset('gold');
    const o = gold.wallet.outputs[0]!;
    const upper = gold.genTxId.toUpperCase();
    const ans = await getQty(devnet.trackers[0]!.url, [upper], [
      { txid: o.txid.toUpperCase(), vout: o.vout },
      { txid: o.txid.toUpperCase(), vout: o.vout },
      { txid: o.txid } as { txid: string; vout: number },
    ]);
    expect(Object.keys(ans.result)).toEqual(['BTC', upper]);
    expect(ans.result[upper]).toHaveLength(1);
    expect(ans.result[upper]![0]!.txid).toBe(o.txid.toUpperCase());
    expect(ans.result[upper]![0]!.qty).toBe(Number(o.qty));
  });

  it('?m=getlastblock reports the indexed tip', async () => {
    await devnet.syncTrackers();
    const r = await httpGet(new URL(devnet.trackers[0]!.url).host, '/?m=getlastblock');
    const lb = JSON.parse(r.body.toString()).lastblock;
    expect(lb.block).toBe(await devnet.rpc.call<number>('getblockcount'));
    for (const k of ['created_ts', 'created', 'age', 'processed_ts', 'processed', 'delay', 'processed_before']) expect(lb).toHaveProperty(k);
  });
});

describe('tracker fault modes', () => {
  const gold = () => devnet.asset('gold');
  const t = () => devnet.trackers[1]!;
  afterAll(() => t().setFault(null));

  it('lag: answers as of N blocks ago (newer outputs unknown, later spends unspent, no mempool)', async () => {
    const height = await devnet.rpc.call<number>('getblockcount');
    const confirmed = gold().wallet.outputs.find((o) => o.confirmed)!;
    const pending = gold().wallet.outputs.find((o) => !o.confirmed)!;
    const blockOf = (await getQty(t().url, [gold().genTxId], [confirmed])).result['BTC']![0]!.block!;
    t().setFault({ kind: 'lag', blocks: height - blockOf + 1 });
    const ans = await getQty(t().url, [gold().genTxId], [confirmed, pending]);
    expect(ans.result[gold().genTxId]![0]!.error?.code).toBe(-10001);
    expect(ans.result[gold().genTxId]![1]!.error?.code).toBe(-10001);
    const lb = JSON.parse((await httpGet(new URL(t().url).host, '/?m=getlastblock')).body.toString()).lastblock;
    expect(lb.block).toBe(blockOf - 1);
    t().setFault({ kind: 'lag', blocks: height }); // before every genesis
    expect((await getQty(t().url, [gold().genTxId], [confirmed])).result[gold().genTxId]![0]!.error?.code).toBe(-10000);
    t().setFault(null);
    expect((await getQty(t().url, [gold().genTxId], [confirmed])).result[gold().genTxId]![0]!.qty).toBe(Number(confirmed.qty));
  });

  it('http500, malformed JSON, slow and hang', async () => {
    const body = JSON.stringify({ id: 1, method: 'coinspark_assets_get_qty', params: { assets: [], txouts: [] } });
    t().setFault({ kind: 'http500' });
    expect((await postJson(t().url, body)).status).toBe(500);
    t().setFault({ kind: 'malformed' });
    const bad = await postJson(t().url, body);
    expect(bad.status).toBe(200);
    expect(() => JSON.parse(bad.body.toString())).toThrow();
    t().setFault({ kind: 'slow', delayMs: 500 });
    const t0 = performance.now();
    expect(JSON.parse((await postJson(t().url, body)).body.toString()).id).toBe(1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(480);
    t().setFault({ kind: 'hang' });
    await expect(postJson(t().url, body, 600)).rejects.toThrow(/timeout/);
    t().setFault(null);
    expect(JSON.parse((await postJson(t().url, body)).body.toString()).id).toBe(1);
  });

  it('the lying tracker disputes only the "lead" asset', async () => {
    const lead = devnet.asset('lead');
    expect(lead.trackerUrls).toEqual([devnet.trackers[0]!.url, devnet.trackers[2]!.url]);
    const outs = lead.wallet.outputs.map((o) => ({ txid: o.txid, vout: o.vout }));
    const honest = await getQty(devnet.trackers[0]!.url, [lead.genTxId, gold().genTxId], outs);
    const liar = await getQty(devnet.trackers[2]!.url, [lead.genTxId, gold().genTxId], outs);
    outs.forEach((_, i) => {
      expect(liar.result[lead.genTxId]![i]!.qty).toBe(Number(lieAbout(BigInt(honest.result[lead.genTxId]![i]!.qty!))));
      expect(liar.result[lead.genTxId]![i]!.qty).not.toBe(honest.result[lead.genTxId]![i]!.qty);
    });
    expect(liar.result[gold().genTxId]).toEqual(honest.result[gold().genTxId]);
  });
});

describe('reorgs', () => {
  it('follows invalidateblock back into the mempool and a new chain, matching the reference at each step', async () => {
    const tip = await devnet.rpc.call<number>('getblockcount');
    const genesisBlock = devnet.asset('gold').assetRef!.split('-')[0]!;
    // 1. drop the block with the geneses (and every later one): geneses, transfers back to the mempool
    const dropped = await devnet.rpc.call<string>('getblockhash', Number(genesisBlock));
    await devnet.rpc.call('invalidateblock', dropped);
    expect(await devnet.rpc.call<number>('getblockcount')).toBe(Number(genesisBlock) - 1);
    let r = await compareWithReference(devnet.trackers[0]!.url);
    expect(devnet.index.height).toBe(Number(genesisBlock) - 1);
    expect(r.mempool).toBeGreaterThan(0);
    // the transfer to the user named gold by its (now gone) asset reference: the units stay with the
    // issuer's change until the genesis is confirmed again
    const gold = devnet.asset('gold');
    const sent = gold.wallet.outputs.find((o) => o.confirmed)!;
    const now = (await getQty(devnet.trackers[0]!.url, [gold.genTxId], [sent])).result[gold.genTxId]![0]!;
    expect(now).toMatchObject({ qty: 0, block: 1234567890 });
    // 2. a longer competing chain confirms them again, in a different block layout
    await devnet.mine(1);
    r = await compareWithReference(devnet.trackers[0]!.url);
    await devnet.mine(tip - Number(genesisBlock) + 1);
    r = await compareWithReference(devnet.trackers[0]!.url);
    expect(r.nonZero).toBeGreaterThan(10);
    // 3. the old branch comes back but is shorter: nothing changes
    await devnet.rpc.call('reconsiderblock', dropped);
    r = await compareWithReference(devnet.trackers[1]!.url);
    expect(devnet.index.height).toBe(await devnet.rpc.call<number>('getblockcount'));
  });
});
