import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { assetRefKey } from '../../../shared/model/asset-lists';
import { fetchGeneses } from '../../../main/services/sync/genesis-fetch';
import { DROPPED_REASON } from '../../../main/services/sync/wallet-sync';
import { parseTxHex } from '../../../main/services/core/raw-tx';
import { genesisMetadata, newAddress, sampleGenesis, sendWithMetadata, startWalletWorld, transferMetadata, TxSchema, type WalletWorld } from './helpers';

/**
 * wallet-behaviour.md §3 against the devnet node over real HTTP: each CoinSpark bitcoin event, then the lists
 * checked row by row.
 */
describe('wallet sync into the asset lists (devnet)', () => {
  let world: WalletWorld;
  let genesisTxid = '';
  beforeAll(async () => {
    world = await startWalletWorld(['w', 'issuer']);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  const w = () => world.rpc('w');
  const issuer = () => world.rpc('issuer');
  const unspentOf = (txid: string) => [...world.sync.unspent().values()].filter((u) => u.txid === txid).map((u) => u.vout).sort();

  it('genesis received, unconfirmed: an asset row (fromSource genesis) and a balance row per spendable output', async () => {
    await world.sync.syncOnce();
    expect(world.lists.assets()).toHaveLength(0);
    const to = await newAddress(w());
    genesisTxid = await sendWithMetadata(w(), { outputs: [{ address: to, btc: 0.001 }], metadata: genesisMetadata(sampleGenesis('gold.example.com')) });
    const report = await world.sync.syncOnce();
    expect(report.processed).toBeGreaterThan(0);

    const assets = world.lists.assets();
    expect(assets).toHaveLength(1);
    const row = assets[0]!;
    expect(row).toMatchObject({ fromSource: 'genesis', isVisible: true, genTxId: genesisTxid, assetRef: null, validFailures: 0, validState: 'NOT_VALIDATED_YET' });
    expect(row.genesis).toMatchObject({ domainName: 'gold.example.com', qtyMantissa: 100, qtyExponent: 2, assetHashLen: 12 });
    const tx = await w().walletCall('gettransaction', [genesisTxid, true], TxSchema);
    expect(tx.confirmations).toBe(0);
    expect(row.firstSpentTxId).toMatch(/^[0-9a-f]{64}$/);

    // outputs 0 (recipient) and 2 (change) are the wallet's; 1 is the data output
    const balances = world.lists.balancesOf(row.assetId).filter((b) => b.txid === genesisTxid);
    expect(balances.map((b) => b.vout).sort()).toEqual([0, 2]);
    expect(unspentOf(genesisTxid)).toEqual([0, 2]);
    // §3.1 C "new asset" marker: every other unspent output of the wallet gets a row for the new asset too
    expect(world.lists.balancesOf(row.assetId)).toHaveLength(world.sync.unspent().size);
    for (const b of balances) expect(b).toMatchObject({ txid: genesisTxid, qty: null, qtyChecked: null, qtyFailures: 0, state: 'NEVERCHECKED' });
    expect(world.triggers.some((t) => t.name === 'genesisKnown' && t.args[0] === row.assetId)).toBe(true);

    // idempotent: a second pass changes nothing
    const revision = world.lists.revision;
    await world.sync.syncOnce();
    expect(world.lists.assets()).toHaveLength(1);
    expect(world.lists.balancesOf(row.assetId)).toHaveLength(world.sync.unspent().size);
    expect(world.lists.revision - revision).toBeLessThanOrEqual(1); // the cursor only
  });

  it('genesis confirmed: the asset reference is set from the block (non-witness offset)', async () => {
    const [blockHash] = world.node.mine(1);
    await world.sync.syncOnce();
    const row = world.lists.assetByGenTxId(genesisTxid)!;
    expect(row.assetRef).toEqual({ blockNum: world.node.height(), txOffset: world.node.txOffset(blockHash!, genesisTxid), txIDPrefix: genesisTxid.slice(0, 4) });
    expect(row.genBlockHash).toBe(blockHash);
    expect(row.assetRef!.txOffset).toBeGreaterThan(80);
  });

  it('a reorg that moves the genesis to another block recomputes the asset reference', async () => {
    const before = world.lists.assetByGenTxId(genesisTxid)!;
    const oldBlock = before.genBlockHash!;
    const oldHeight = before.assetRef!.blockNum;
    await w().call('invalidateblock', [oldBlock], v.null());
    // an empty block at the old height, then the genesis one block higher
    world.node.state.chain.mine(Buffer.from('51', 'hex'), { includeMempool: false });
    await world.sync.syncOnce();
    let row = world.lists.assetByGenTxId(genesisTxid)!;
    expect(row.assetRef).toBeNull(); // back in the mempool
    expect(row.genBlockHash).toBeNull();
    const [newBlock] = world.node.mine(1);
    const report = await world.sync.syncOnce();
    row = world.lists.assetByGenTxId(genesisTxid)!;
    expect(newBlock).not.toBe(oldBlock);
    expect(row.genBlockHash).toBe(newBlock);
    expect(row.assetRef).toEqual({ blockNum: world.node.height(), txOffset: world.node.txOffset(newBlock!, genesisTxid), txIDPrefix: genesisTxid.slice(0, 4) });
    expect(row.assetRef!.blockNum).toBe(oldHeight + 1);
    expect(before.genBlockHash).toBe(oldBlock); // rows handed out are snapshots
    expect(report.tip.hash).toBe(newBlock);
    // still exactly one asset with its two outputs
    expect(world.lists.assets()).toHaveLength(1);
    expect(world.lists.balancesOf(row.assetId).filter((b) => b.txid === genesisTxid)).toHaveLength(2);
  });

  let transferAssetId = 0;
  let transferTxid = '';
  it('transfer received: an asset row (fromSource transfer) with the reference, a balance row, then its genesis fetched', async () => {
    // The issuer makes a genesis the wallet does not see…
    const issuerAddr = await newAddress(issuer());
    const genTx = await sendWithMetadata(issuer(), { outputs: [{ address: issuerAddr, btc: 0.002 }], metadata: genesisMetadata(sampleGenesis('silver.example.com', 500, 3)) });
    const [block] = world.node.mine(1);
    const ref = { blockNum: world.node.height(), txOffset: world.node.txOffset(block!, genTx), txIDPrefix: genTx.slice(0, 4) };
    await world.sync.syncOnce();
    expect(world.lists.assetByGenTxId(genTx)).toBeUndefined();

    // …then transfers units to the wallet: input 0 (the genesis output), output 0 to the wallet.
    const to = await newAddress(w());
    const metadata = transferMetadata([{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 1000n }], 2, 3);
    transferTxid = await sendWithMetadata(issuer(), { inputs: [{ txid: genTx, vout: 0 }], outputs: [{ address: to, btc: 0.0005 }], metadata });
    await world.sync.syncOnce();

    const row = world.lists.assetByRef(ref)!;
    expect(row).toBeDefined();
    expect(row).toMatchObject({ fromSource: 'transfer', isVisible: true, genTxId: null, genesis: null, assetRef: ref, validState: 'ASSET_REF_ONLY' });
    transferAssetId = row.assetId;
    const rows = world.lists.balancesOf(row.assetId).filter((b) => b.txid === transferTxid);
    expect(rows.map((b) => b.vout)).toEqual([0]);
    expect(world.triggers.some((t) => t.name === 'balancesAdded' && (t.args[0] as number[]).includes(row.assetId))).toBe(true);
    // the "new asset" marker: the wallet's other unspent outputs get a row for it too
    expect(world.lists.balancesOf(row.assetId).length).toBe(world.sync.unspent().size);

    // §4.1: genesis fetched from the block by the reference
    const outcomes = await fetchGeneses(w(), world.lists, (name, ...args) => world.triggers.push({ name, args }));
    expect(outcomes).toEqual([{ assetId: row.assetId, state: 'NOT_VALIDATED_YET' }]);
    const fetched = world.lists.asset(row.assetId)!;
    expect(fetched.genTxId).toBe(genTx);
    expect(fetched.genesis).toMatchObject({ domainName: 'silver.example.com', qtyMantissa: 500, qtyExponent: 3 });
    expect(fetched.firstSpentTxId).toMatch(/^[0-9a-f]{64}$/);
    expect(assetRefKey(fetched.assetRef!)).toBe(assetRefKey(ref));
  });

  it('default route received: the last regular output gets a row for every asset in the list', async () => {
    const to = await newAddress(w());
    // change first, the wallet's output last among regular outputs, no transfer list (payment-less metadata: none)
    const txid = await sendWithMetadata(issuer(), { outputs: [{ address: to, btc: 0.0007 }], metadata: null, changePosition: 0 });
    await world.sync.syncOnce();
    const ids = world.lists.assets().map((a) => a.assetId).sort();
    expect(ids.length).toBe(2);
    expect(world.lists.assetsAtOutput(txid, 1).sort()).toEqual(ids);
    expect(world.lists.assetsAtOutput(txid, 0)).toEqual([]);
  });

  it('outputs spent leave the Asset Balance List; the change (last output) gets rows for every asset', async () => {
    const held = world.lists.balancesOf(transferAssetId).filter((b) => b.txid === transferTxid || b.txid === genesisTxid);
    expect(held.length).toBe(3); // transfer output 0, genesis outputs 0 and 2
    const to = await newAddress(issuer());
    const spend = await sendWithMetadata(w(), { inputs: held.map((b) => ({ txid: b.txid, vout: b.vout })), outputs: [{ address: to, btc: 0.0001 }], metadata: null });
    await world.sync.syncOnce();
    for (const b of held) expect(world.lists.assetsAtOutput(b.txid, b.vout)).toEqual([]);
    expect(world.lists.balancesOf(transferAssetId).some((b) => b.txid === transferTxid || b.txid === genesisTxid)).toBe(false);
    // the spend's change is output 1 (last): it may hold any asset of the inputs by default
    const ids = world.lists.assets().map((a) => a.assetId).sort();
    expect(world.lists.assetsAtOutput(spend, 1).sort()).toEqual(ids);
    expect(world.lists.assetsAtOutput(spend, 0)).toEqual([]);
    // every row is on an unspent output
    for (const row of world.lists.balances()) expect(world.sync.unspent().has(`${row.txid}:${row.vout}`)).toBe(true);
    expect(world.lists.assets()).toHaveLength(2);
  });

  it('the lists survive a restart of the store with the cursor, and a fresh sync changes nothing', async () => {
    world.lists.flushSync();
    const before = world.lists.snapshot();
    expect(before.cursor.blockHash).toBe((await w().call('getbestblockhash', [], v.string())));
    await world.sync.syncOnce();
    const after = world.lists.snapshot();
    expect(after.assets).toEqual(before.assets);
    expect(after.balances).toEqual(before.balances);
  });

  it('a genesis replaced before it confirms: its outputs leave the list and the asset row is hidden (§3.5)', async () => {
    const to = await newAddress(w());
    const dropped = await sendWithMetadata(w(), { outputs: [{ address: to, btc: 0.001 }], metadata: genesisMetadata(sampleGenesis('tin.example.com')) });
    await world.sync.syncOnce();
    const row = world.lists.assetByGenTxId(dropped)!;
    expect(row.isVisible).toBe(true);
    expect(world.lists.balancesOf(row.assetId).filter((b) => b.txid === dropped)).toHaveLength(2);
    // spend the same inputs again, with a higher fee and no metadata, and confirm the replacement
    const tx = parseTxHex((await w().walletCall('gettransaction', [dropped, true], TxSchema)).hex)!;
    const raw = await w().walletCall('createrawtransaction', [tx.inputs, [{ [await newAddress(w())]: 0.0005 }]], v.string());
    const funded = await w().walletCall('fundrawtransaction', [raw, { fee_rate: 60 }], v.object({ hex: v.string() }));
    const signed = await w().walletCall('signrawtransactionwithwallet', [funded.hex], v.object({ hex: v.string() }));
    const replacement = await w().call('sendrawtransaction', [signed.hex], v.string());
    world.node.mine(1);
    await world.sync.syncOnce();
    const after = world.lists.asset(row.assetId)!;
    expect(world.lists.balancesOf(row.assetId).filter((b) => b.txid === dropped)).toEqual([]);
    expect(after.isVisible).toBe(false);
    expect(after.validReason).toBe(DROPPED_REASON);
    expect(after.assetRef).toBeNull();
    // the replacement's output is the wallet's default output: it may hold any asset
    expect(world.lists.assetsAtOutput(replacement, 0).length + world.lists.assetsAtOutput(replacement, 1).length).toBeGreaterThan(0);
  });
  it('leftovers of a transfer that paid someone else reach our default output: the asset is added (fromSource transfer)', async () => {
    // An asset the wallet has never seen…
    const issuerAddr = await newAddress(issuer());
    const genTx = await sendWithMetadata(issuer(), { outputs: [{ address: issuerAddr, btc: 0.002 }], metadata: genesisMetadata(sampleGenesis('acme.example.com', 100, 2)) });
    const [block] = world.node.mine(1);
    const ref = { blockNum: world.node.height(), txOffset: world.node.txOffset(block!, genTx), txIDPrefix: genTx.slice(0, 4) };
    await world.sync.syncOnce();
    expect(world.lists.assetByRef(ref)).toBeUndefined();
    // …of which the issuer keeps 100 units by explicit transfer (output 1); the rest follows the last-output rule
    // to the wallet's output 2. Outputs: change 0, issuer 1, wallet 2, OP_RETURN 3.
    const keep = await newAddress(issuer());
    const to = await newAddress(w());
    const metadata = transferMetadata([{ assetRef: ref, inputs: { first: 0, count: 1 }, outputs: { first: 1, count: 1 }, qtyPerOutput: 100n }], 1, 4);
    const txid = await sendWithMetadata(issuer(), { inputs: [{ txid: genTx, vout: 0 }], outputs: [{ address: keep, btc: 0.0004 }, { address: to, btc: 0.0004 }], metadata, changePosition: 0 });
    await world.sync.syncOnce();
    const row = world.lists.assetByRef(ref);
    expect(row).toMatchObject({ fromSource: 'transfer', isVisible: true, assetRef: ref });
    expect(world.lists.assetsAtOutput(txid, 2)).toContain(row!.assetId);
    expect(world.lists.assetsAtOutput(txid, 1)).toEqual([]);
  });
});
