import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTransfers, type Transfer } from '../../../shared/coinspark';
import { unknownProvenance, type BalanceRow } from '../../../shared/model/asset-lists';
import { initBalancesService, type BalancesService } from '../../../main/services/balances/balances-service';
import { RpcClient } from '../../../main/services/core/rpc-client';
import { ChainReader, isUnreachable } from '../../../main/services/verify/chain-reader';
import { TxFlow } from '../../../main/services/verify/tx-asset-flow';
import { VerifyCache } from '../../../main/services/verify/verify-cache';
import { assetKeyOf, initVerifyService, type VerifyService } from '../../../main/services/verify/verify-service';
import { Walker } from '../../../main/services/verify/walker';
import { fromGenesisRecord } from '../../../main/services/assets/genesis-record';
import { startDevnet, type Devnet } from '../../devnet/index';
import { LedgerWallet, type Coin } from '../../devnet/scenario/ledger-wallet';
import type { LieMode } from '../../devnet/tracker/server';
import { until, worldHarness, type Harness } from '../checking/harness';
import { ReferenceCalc } from '../devnet-world/reference-qty';
import { makeTempDir } from '../../support/temp-dir';

// Local verification (issue #15) against the devnet's sample world, with the real node, trackers and services:
// every figure the wallet computes from the node agrees with the devnet's independent legal-definition calculation
// (test/integration/devnet-world/reference-qty.ts) on every output of the world; lying trackers in each of their
// modes are caught and named; a tracker that is down or absent changes nothing; the underpaid genesis is "genesis
// invalid" with 0 units; a transfer below its minimum fee is void; -txindex=0 still verifies; a reorg drops the
// results above the fork and they are computed again (last: it changes the world).
const FAST = { maxBytes: 1024 * 1024, connectTimeoutMs: 1000, idleTimeoutMs: 800, totalTimeoutMs: 1500, maxRedirects: 5 };

let devnet: Devnet;
let h: Harness;
let rpc: RpcClient;
let balances: BalancesService;
let verify: VerifyService;
let dir: string;
const stops: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  devnet = await startDevnet();
  h = await worldHarness(devnet);
  dir = makeTempDir('verify-');
  rpc = new RpcClient({ url: devnet.info.rpcUrl, auth: { kind: 'cookie', file: devnet.info.cookieFile }, wallet: devnet.info.walletName! });
  const b = initBalancesService(h.ctx, { tickMs: 3_600_000, trackerLimits: FAST, failoverMs: 0 });
  const vs = initVerifyService(h.ctx, { rpc: () => rpc, cacheFile: path.join(dir, 'verify-cache.jsonl'), tickMs: 3_600_000 });
  balances = b.service;
  verify = vs.service;
  stops.push(() => b.stop?.(), () => vs.stop?.());
}, 120_000);

afterAll(async () => {
  for (const s of stops) await s();
  rpc?.close();
  h?.lists.close();
  await devnet?.stop();
});

const rowsOf = (key: string): BalanceRow[] => h.lists.balancesOf(h.idOf(key)) as BalanceRow[];
const worldKeys = () => devnet.world!.assets.map((a) => a.key);

/** Every row of every world asset: verified by the node, with the reference figure. */
async function expectAllVerifiedAsReference(): Promise<void> {
  const ref = await ReferenceCalc.load(devnet.rpc);
  for (const a of devnet.world!.assets) {
    for (const row of rowsOf(a.key)) {
      const expected = ref.qty(a.genTxId, row.txid, row.vout);
      expect(row.provenance.source, `${a.key} ${row.txid}:${row.vout}`).toBe('verified');
      expect(row.qty, `${a.key} ${row.txid}:${row.vout}`).toBe(expected?.toString());
    }
  }
}

function resetRows(keys: string[]): void {
  h.lists.batch(() => {
    for (const key of keys) for (const r of rowsOf(key)) h.lists.updateBalance(r.assetId, r.txid, r.vout, { qty: null, qtyChecked: null, qtyFailures: 0, state: 'NEVERCHECKED', provenance: unknownProvenance() });
  });
}

async function balancePass(keys: string[]): Promise<void> {
  balances.kick();
  await until(() => keys.every((k) => rowsOf(k).every((r) => r.qtyChecked !== null)), 10_000, `tracker answers for ${keys.join(', ')}`);
  await balances.idle();
}

describe('local verification over the devnet world', () => {
  it('verifies every row of the wallet: each figure is the independent reference calculation', async () => {
    const report = await verify.passNow();
    expect(report).not.toBeNull();
    expect(report!.verifiedRows).toBeGreaterThan(0);
    await expectAllVerifiedAsReference();
    // Copper's page is missing (no tracker known): its 7,500 units are still proven, not "0 (updating…)".
    expect(rowsOf('copper').map((r) => r.qty)).toEqual(devnet.asset('copper').wallet.outputs.map((o) => o.qty));
    // Persisted: the file holds every result, a new cache reads them back.
    verify.cache()!.flush();
    const again = VerifyCache.open(path.join(dir, 'verify-cache.jsonl'), 'regtest');
    expect(again.size()).toBe(verify.cache()!.size());
    expect(again.stats.skippedLines).toBe(0);
  });

  it('agrees with the reference on every output of every transaction of the world, for every asset', async () => {
    const ref = await ReferenceCalc.load(devnet.rpc);
    const reader = new ChainReader(rpc);
    const walker = new Walker(reader, VerifyCache.memory('regtest'), { budget: 100_000 });
    const tip = await devnet.rpc.call<number>('getblockcount');
    const txids = [...new Set(ref.outpoints().map((o) => o.txid))];
    let compared = 0;
    for (const a of devnet.world!.assets) {
      const row = h.lists.asset(h.idOf(a.key))!;
      const key = assetKeyOf(a.genTxId, row.assetRef);
      const targets = txids.map((txid) => ({ txid, hint: { txid, height: ref.heightOf(txid) === 1234567890 ? null : ref.heightOf(txid) } }));
      const r = await walker.walk({ key, genTxId: a.genTxId, genesis: fromGenesisRecord(row.genesis!), ref: row.assetRef, genesisHeight: row.assetRef!.blockNum }, targets, tip);
      for (const o of ref.outpoints()) {
        const outcome = r.outcomes.get(o.txid);
        expect(outcome?.kind, `${a.key} ${o.txid}`).toBe('verified');
        const got = outcome?.kind === 'verified' ? (outcome.outputs[o.vout] ?? 0n) : null;
        expect(got, `${a.key} ${o.txid}:${o.vout}`).toBe(ref.qty(a.genTxId, o.txid, o.vout));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('the genesis that paid less than its minimum fee: genesis invalid, 0 units, verified', async () => {
    const bogus = h.lists.asset(h.idOf('bogus'))!;
    expect(bogus.genesisCheck).toMatchObject({ valid: false, feeSats: '1500', minFeeSats: '2000' });
    expect(rowsOf('bogus').length).toBeGreaterThan(0);
    for (const r of rowsOf('bogus')) expect(r).toMatchObject({ qty: '0', state: 'ZERO', provenance: { source: 'verified' } });
    expect(h.lists.asset(h.idOf('gold'))!.genesisCheck).toMatchObject({ valid: true });
  });

  it('an asset whose only tracker is down still shows verified figures', async () => {
    const tracker = devnet.trackers.find((t) => t.url === devnet.asset('acme').trackerUrls[0])!;
    await tracker.setFault({ kind: 'http500' });
    h.ctx.options.trackerOverrides = [tracker.url]; // (no validity service here to read the page's list)
    try {
      resetRows(['acme']);
      balances.kick();
      await until(() => balances.checker.trackerHealth(tracker.url).reachable === false, 5000, 'acme tracker down');
      expect(rowsOf('acme').every((r) => r.qty === null)).toBe(true);
      await verify.passNow();
      expect(rowsOf('acme').map((r) => r.qty)).toEqual(devnet.asset('acme').wallet.outputs.map((o) => o.qty));
      expect(rowsOf('acme').every((r) => r.provenance.source === 'verified' && r.provenance.agree.length === 0)).toBe(true);
    } finally {
      h.ctx.options.trackerOverrides = undefined;
      await tracker.setFault(null);
    }
  });

  describe.each<[LieMode]>([['inflate'], ['zero'], ['spent'], ['consistent']])('a lying tracker (%s)', (mode) => {
    it('is shown first as what it is (one tracker\'s word), then caught by the node and named', async () => {
      const liar = devnet.trackers[2]!;
      const keys = ['gold', 'silver', 'acme', 'bond', 'lead'];
      h.ctx.options.trackerOverrides = [liar.url];
      await liar.setFault({ kind: 'lie', mode, assets: devnet.world!.assets.map((a) => a.genTxId) });
      try {
        await liar.synced();
        resetRows(keys);
        await balancePass(keys);
        const ref = await ReferenceCalc.load(devnet.rpc);
        // Before verification: the liar's figures (or, for "spent", its claims) — and nothing deleted.
        for (const k of keys) {
          expect(rowsOf(k).length, k).toBe(devnet.asset(k).wallet.outputs.length);
          for (const r of rowsOf(k)) {
            if (mode === 'spent') expect(r.provenance.disagree, k).toEqual([expect.objectContaining({ url: liar.url, spent: true })]);
            else expect(r.provenance, k).toMatchObject({ source: 'tracker', agree: [liar.url] });
          }
        }
        await verify.passNow();
        let caught = 0;
        for (const k of keys) {
          for (const r of rowsOf(k)) {
            const truth = ref.qty(devnet.asset(k).genTxId, r.txid, r.vout)!.toString();
            expect(r.qty, `${k} ${r.txid}:${r.vout}`).toBe(truth);
            expect(r.provenance.source).toBe('verified');
            const named = r.provenance.disagree.find((c) => c.url === liar.url);
            if (named) caught++;
            else expect(r.provenance.agree, `${k}: the liar told the truth here`).toEqual([liar.url]);
          }
        }
        expect(caught, `rows where the ${mode} liar is named`).toBeGreaterThan(0);
        if (mode === 'consistent') {
          // Its lie shows where units follow leftovers (silver's default route, acme's last output) …
          expect(rowsOf('silver').some((r) => r.provenance.disagree.some((c) => c.url === liar.url))).toBe(true);
          expect(rowsOf('acme').some((r) => r.provenance.disagree.some((c) => c.url === liar.url))).toBe(true);
        }
      } finally {
        h.ctx.options.trackerOverrides = undefined;
        await liar.setFault({ kind: 'lie', assets: [devnet.asset('lead').genTxId] });
      }
    });
  });

  it('past the budget, the one-step check catches an inconsistent liar but not a consistent one (only the walk does)', async () => {
    const liar = devnet.trackers[2]!;
    const keys = ['silver'];
    h.ctx.options.trackerOverrides = [liar.url];
    const small = initVerifyService(h.ctx, { rpc: () => rpc, cacheFile: null, tickMs: 3_600_000, budget: 0 });
    try {
      const results: Record<string, (string | null)[]> = {};
      for (const mode of ['inflate', 'consistent'] as const) {
        await liar.setFault({ kind: 'lie', mode, assets: devnet.world!.assets.map((a) => a.genTxId) });
        await liar.synced();
        resetRows(keys);
        await balancePass(keys);
        const report = await small.service.passNow();
        expect(report!.overBudgetRows).toBeGreaterThan(0);
        results[mode] = rowsOf('silver').map((r) => r.provenance.step);
      }
      // The inflating liar's figures for the inputs do not give its figure for our output.
      expect(results.inflate).toContain('failed');
      // The consistent liar's do: one step cannot see a lie made at the genesis …
      expect(results.consistent!.every((s) => s === 'ok')).toBe(true);
      expect(rowsOf('silver').every((r) => r.provenance.source === 'tracker')).toBe(true);
      // … the full walk does.
      await verify.passNow();
      expect(rowsOf('silver').some((r) => r.provenance.source === 'verified' && r.provenance.disagree.some((c) => c.url === liar.url))).toBe(true);
    } finally {
      await small.stop?.();
      h.ctx.services.verify = verify;
      h.ctx.options.trackerOverrides = undefined;
      await liar.setFault({ kind: 'lie', assets: [devnet.asset('lead').genTxId] });
    }
  });

  it('a transfer below its minimum fee is void: its units follow the default route, as the wallet computes', async () => {
    const gold = devnet.asset('gold');
    const ref = await ReferenceCalc.load(devnet.rpc);
    const issuer = new LedgerWallet(devnet.rpc, 'issuer');
    // An unspent issuer output holding gold (the issuer's change of its transfers).
    const held = ref.outpoints().find((o) => !ref.spentBy.has(`${o.txid}:${o.vout}`) && (ref.qty(gold.genTxId, o.txid, o.vout) ?? 0n) > 0n && !gold.wallet.outputs.some((w) => w.txid === o.txid && w.vout === o.vout));
    expect(held).toBeDefined();
    const units = ref.qty(gold.genTxId, held!.txid, held!.vout)!;
    const coin: Coin = {
      txid: held!.txid, vout: held!.vout, value: ref.satoshis(held!.txid, held!.vout)!, script: issuer.script,
      assets: new Map([[gold.genTxId, units]]), mine: true, height: 1, coinbase: false, spent: false,
    };
    const row = h.lists.asset(h.idOf('gold'))!;
    issuer.assets.set(gold.genTxId, { genTxId: gold.genTxId, genesis: fromGenesisRecord(row.genesis!), ref: row.assetRef, valid: true });
    const list: Transfer[] = [{ assetRef: row.assetRef!, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 1_000n }];
    const meta = encodeTransfers(list, 1, 3, 40);
    if (!meta.ok) throw new Error(meta.error);
    const userAddress = await devnet.rpc.wallet(devnet.info.walletName!).call<string>('getnewaddress');
    // Output 0 (the transfer's target) pays 10,000 sat: the list's minimum fee is 1,000 sat; it pays 500.
    const txid = await issuer.send(
      [coin],
      [{ script: issuer.script, value: 10_000n }, { metadata: meta.value }, { script: LedgerWallet.scriptOf(userAddress), value: 0n }],
      2,
      500n,
    );
    await devnet.syncTrackers();
    const id = h.idOf('gold');
    h.lists.addBalance(id, txid, 0);
    h.lists.addBalance(id, txid, 2);
    const unspent = h.assets.unspent() as Map<string, import('../../../main/services/assets/assets-api').WalletOutput>;
    for (const vout of [0, 2]) unspent.set(`${txid}:${vout}`, { txid, vout, confirmations: 0, amountSats: 1n, address: null, scriptPubKey: '' });
    try {
      await verify.passNow();
      // Void: not the 1,000 units to output 0, but every unit to the last regular output.
      expect(h.lists.balance(id, txid, 0)).toMatchObject({ qty: '0', provenance: { source: 'verified' } });
      expect(h.lists.balance(id, txid, 2)).toMatchObject({ qty: units.toString(), provenance: { source: 'verified' } });
      const after = await ReferenceCalc.load(devnet.rpc);
      expect(after.qty(gold.genTxId, txid, 2)).toBe(units);
      // The rule the wallet applied, in its own words.
      const read = (await new ChainReader(rpc).read([{ txid, height: null }], 0)).get(txid)!;
      expect(isUnreachable(read)).toBe(false);
      if (!isUnreachable(read)) {
        // (A mempool transaction comes without its inputs' values; the walk takes them from the parents.)
        for (const i of read.inputs) i.value ??= after.satoshis(i.txid, i.vout) ?? null;
        const flow = new TxFlow({ txid, coinbase: false, inputs: read.inputs, outputs: read.outputs });
        expect(flow.transfersMinFee).toBe(1_000n);
        expect(flow.fee).toBe(500n);
        expect(flow.apply({ genesis: fromGenesisRecord(row.genesis!), ref: row.assetRef }, [units])?.rule).toBe('under-fee');
      }
    } finally {
      for (const vout of [0, 2]) {
        unspent.delete(`${txid}:${vout}`);
        h.lists.removeBalance(id, txid, vout);
      }
    }
  });

  it('with -txindex=0 the walk still verifies everything the wallet holds (blocks found by their height)', async () => {
    devnet.node.state.txindex = false;
    const vs = initVerifyService(h.ctx, { rpc: () => rpc, cacheFile: null, tickMs: 3_600_000 });
    try {
      resetRows(worldKeys());
      const report = await vs.service.passNow();
      expect(report!.unreachableRows).toBe(0);
      await expectAllVerifiedAsReference();
      // Whereas a transaction of no known place, neither the wallet's nor in the mempool, is out of reach.
      const ref = await ReferenceCalc.load(devnet.rpc);
      const foreign = ref.outpoints().find((o) => o.txid === devnet.asset('gold').genTxId)!;
      const got = (await new ChainReader(rpc).read([{ txid: foreign.txid }], 0)).get(foreign.txid);
      expect(got && isUnreachable(got) ? got.unreachable : '').toMatch(/-txindex is off/);
    } finally {
      devnet.node.state.txindex = true;
      await vs.stop?.();
      h.ctx.services.verify = verify;
    }
  });

  it('a reorg drops the results above the fork and computes them again, figures following the new chain', async () => {
    await verify.passNow();
    // 1. The tip block replaced by another one holding the same transactions — while the wallet is closed: the
    //    service started again finds the reorg from the tip its cache file was last checked against.
    await stops.splice(1, 1)[0]!();
    const tipHash = await devnet.rpc.call<string>('getbestblockhash');
    await devnet.rpc.call('invalidateblock', tipHash);
    // (Paid elsewhere, so it is not the very block invalidated.)
    await devnet.rpc.call('generatetoaddress', 1, devnet.world!.userAddresses[0]);
    await devnet.syncTrackers();
    const restarted = initVerifyService(h.ctx, { rpc: () => rpc, cacheFile: path.join(dir, 'verify-cache.jsonl'), tickMs: 3_600_000 });
    stops.push(() => restarted.stop?.());
    verify = restarted.service;
    let report = await verify.passNow();
    expect(report!.reorg).not.toBeNull();
    expect(report!.reorg!.dropped).toBeGreaterThan(0);
    expect(verify.totals.dropped).toBe(report!.reorg!.dropped);
    await expectAllVerifiedAsReference();

    // 2. The geneses' block replaced by an empty block and one more: every genesis one block higher, so every
    //    reference changes and transfers naming the old ones no longer move units (they follow default routes).
    const genHeight = h.lists.asset(h.idOf('gold'))!.assetRef!.blockNum;
    const goldBefore = rowsOf('gold').map((r) => r.qty);
    await devnet.rpc.call('invalidateblock', await devnet.rpc.call<string>('getblockhash', genHeight));
    devnet.node.state.chain.mine(LedgerWallet.scriptOf(devnet.world!.issuerAddress), { includeMempool: false });
    await devnet.mine(2);
    const ref = await ReferenceCalc.load(devnet.rpc);
    // What wallet sync does when a genesis moves (§3.5): the new reference.
    for (const a of devnet.world!.assets) {
      const moved = ref.asset(a.genTxId)?.ref;
      if (moved) h.lists.updateAsset(h.idOf(a.key), { assetRef: { blockNum: moved.blockNum, txOffset: moved.txOffset, txIDPrefix: moved.txIDPrefix.toLowerCase() } });
    }
    expect(h.lists.asset(h.idOf('gold'))!.assetRef!.blockNum).toBe(genHeight + 1);
    report = await verify.passNow();
    expect(report!.reorg!.forkHeight).toBe(genHeight - 1);
    await expectAllVerifiedAsReference();
    // Gold's 250,000 units reached the wallet by an explicit transfer naming the old reference: now they do not.
    expect(rowsOf('gold').map((r) => r.qty)).not.toEqual(goldBefore);
  });
});
