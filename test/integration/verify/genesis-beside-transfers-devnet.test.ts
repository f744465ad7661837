import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  appendMetadata,
  calcTransfersMinFee,
  decodeAssetRefText,
  decodeTransfers,
  encodeGenesis,
  encodeTransfers,
  outputsRegularFromScripts,
  scriptsToMetadata,
  hexToBytes,
} from '../../../shared/coinspark/index';
import type { SpendAlert } from '../../../shared/model/safety';
import type { RunningServices } from '../../../main/node/service-host';
import { RpcClient } from '../../../main/services/core/rpc-client';
import { startDevnet, type Devnet } from '../../devnet/index';
import { until } from '../checking/harness';
import { ReferenceCalc } from '../devnet-world/reference-qty';
import { postJson } from '../devnet-world/http-helpers';
import { newAddress, sampleGenesis } from '../wallet/helpers';
import { call, startWalletServices, syncNow } from '../safety/helpers';

/**
 * Protocol.md §2.4: a transaction whose metadata holds a genesis AND a transfer list. The tracker (coinsparkd)
 * processes the genesis only and moves every asset of the inputs as with no list (all to the last regular output);
 * the C library's legal function would still apply the list. The spec says to trust the tracker, and so does every
 * part of this wallet. Here the wallet spends its gold output in such a transaction, whose list (paid for) sends all
 * the gold to output 0: the local verifier, the history ledger, the foreign-spend alert, the devnet tracker and the
 * tests' reference calculation all put the gold at the last regular output (2) and none at output 0.
 */
describe('a transaction with both a genesis and a transfer list (devnet world)', () => {
  let devnet: Devnet;
  let services: RunningServices;
  let user: RpcClient;
  let txid = '';
  let units = 0n;
  let goldId = 0;

  beforeAll(async () => {
    devnet = await startDevnet();
    const wallet = devnet.info.walletName!;
    user = new RpcClient({ url: devnet.info.rpcUrl, auth: { kind: 'cookie', file: devnet.info.cookieFile }, wallet, warmupWaitMs: 0 });
    services = await startWalletServices({ dataDir: path.join(devnet.info.dataDir, 'app'), rpcUrl: devnet.info.rpcUrl, cookieFile: devnet.info.cookieFile, wallet, hostMap: devnet.hostMap });
    await syncNow(services);

    const gold = devnet.asset('gold');
    const goldOut = gold.wallet.outputs.find((o) => o.confirmed)!;
    units = BigInt(goldOut.qty);
    const decoded = decodeAssetRefText(gold.assetRef!);
    if (!decoded.ok) throw new Error(decoded.error);
    const goldRef = { ...decoded.value, txIDPrefix: decoded.value.txIDPrefix.toLowerCase() };
    goldId = services.context.services.assets.lists.assetByRef(goldRef)!.assetId;

    // Inputs: the gold output and a plain coin of the wallet (listunspent leaves out the locked asset outputs).
    const held = new Set(devnet.world!.assets.flatMap((a) => a.wallet.outputs.map((o) => `${o.txid}:${o.vout}`)));
    const unspent = await user.walletCall('listunspent', [1], v.array(v.object({ txid: v.string(), vout: v.number(), amount: v.number() })));
    const plain = unspent.find((u) => u.amount >= 0.01 && !held.has(`${u.txid}:${u.vout}`))!;
    const goldSats = BigInt(Math.round((await user.call('gettxout', [goldOut.txid, goldOut.vout], v.object({ value: v.number() }))).value * 1e8));
    const inputs = [{ txid: goldOut.txid, vout: goldOut.vout }, { txid: plain.txid, vout: plain.vout }];
    // Outputs: 0 the new asset's units (and, by the list, all the gold); 1 the metadata; 2 the change (last regular).
    const genesis = encodeGenesis(sampleGenesis('both.example', 5, 2), 40);
    const list = encodeTransfers([{ assetRef: goldRef, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: units }], 2, 3, 40);
    if (!genesis.ok || !list.ok) throw new Error('encode');
    const metadata = appendMetadata(genesis.value, 75, list.value)!;
    const fee = 20_000n;
    const change = goldSats + BigInt(Math.round(plain.amount * 1e8)) - 100_000n - fee;
    const outputs = [{ [await newAddress(user)]: 0.001 }, { data: Buffer.from(metadata).toString('hex') }, { [await newAddress(user)]: Number(change) / 1e8 }];
    const raw = await user.walletCall('createrawtransaction', [inputs, outputs], v.string());
    const signed = await user.walletCall('signrawtransactionwithwallet', [raw], v.object({ hex: v.string(), complete: v.boolean() }));
    if (!signed.complete) throw new Error('signing incomplete');
    txid = await user.call('sendrawtransaction', [signed.hex], v.string());

    // The list is well formed and paid for: by the C legal function all the gold would go to output 0.
    const tx = await user.call('getrawtransaction', [txid, true], v.object({ vout: v.array(v.object({ value: v.number(), scriptPubKey: v.object({ hex: v.string() }) })) }));
    const scripts = tx.vout.map((o) => hexToBytes(o.scriptPubKey.hex)!);
    const transfers = decodeTransfers(scriptsToMetadata(scripts)!, 2, 3);
    if (!transfers.ok) throw new Error(transfers.error);
    expect(calcTransfersMinFee(transfers.value, 2, tx.vout.map((o) => BigInt(Math.round(o.value * 1e8))), outputsRegularFromScripts(scripts))).toBeLessThanOrEqual(fee);

    await devnet.mine(1);
    await syncNow(services);
  }, 240_000);

  afterAll(async () => {
    await services?.stop();
    user?.close();
    await devnet?.stop();
  });

  it('the reference calculation and the devnet tracker: the gold at the last regular output', async () => {
    const ref = await ReferenceCalc.load(devnet.rpc);
    const gold = devnet.asset('gold').genTxId;
    expect([0, 2].map((vout) => ref.qty(gold, txid, vout))).toEqual([0n, units]);
    // the genesis itself is processed: its 500 units to output 0
    expect([0, 2].map((vout) => ref.qty(txid, txid, vout))).toEqual([500n, 0n]);

    await devnet.syncTrackers();
    const body = JSON.stringify({ id: 1, method: 'coinspark_assets_get_qty', params: { assets: [gold], txouts: [0, 2].map((vout) => ({ txid, vout })) } });
    const answer = JSON.parse((await postJson(devnet.trackers[0]!.url, body)).body.toString('utf8')) as { result: Record<string, { qty: number }[]> };
    expect(answer.result[gold]!.map((e) => e.qty)).toEqual([0, Number(units)]);
  });

  it('the wallet: its lists, the verifier, the history ledger and the foreign-spend alert agree', async () => {
    const { verify, history } = services.context.services;
    const lists = services.context.services.assets.lists;
    // Sync read the list as set aside: no gold row at output 0, the gold (like every asset) possible at output 2.
    expect(lists.balance(goldId, txid, 0)).toBeUndefined();
    expect(lists.balance(goldId, txid, 2)).toBeDefined();
    const created = lists.assetByGenTxId(txid)!;
    expect(created.genesis).not.toBeNull();

    await verify!.passNow();
    expect(lists.balance(goldId, txid, 2)).toMatchObject({ qty: units.toString(), provenance: { source: 'verified' } });
    expect(lists.balance(created.assetId, txid, 0)).toMatchObject({ qty: '500', provenance: { source: 'verified' } });

    const ledger = history.ledger;
    await until(() => ledger.figure(`${txid}:2`, goldId)?.qty === units, 10_000, 'the history figure of the gold at output 2');
    expect(ledger.figure(`${txid}:0`, goldId)).toBeUndefined();

    // Core spent an asset output the wallet did not send: an alert, whose figures follow the same rule.
    const alerts = (await services.handlers['safety:alerts'](undefined, call)) as SpendAlert[];
    const alert = alerts.find((a) => a.txid === txid)!;
    const goldAlert = alert.assets.find((a) => a.assetId === goldId)!;
    expect(goldAlert).toMatchObject({ before: units.toString(), kept: units.toString(), lost: '0', destroyed: '0' });
    expect(goldAlert.outputs).toEqual([expect.objectContaining({ vout: 2, ours: true, qty: units.toString() })]);
    expect(goldAlert.rule).toMatch(/genesis beside its transfer list/);
    expect(alert.voidTransfer).toBe(true); // the list moved nothing
  });
});
