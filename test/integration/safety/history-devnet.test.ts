import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { appendMetadata, encodeMessage, encodePaymentRef, encodeTransfers, decodeAssetRefText } from '../../../shared/coinspark/index';
import type { HistoryRow } from '../../../shared/model/history';
import type { RunningServices } from '../../../main/node/service-host';
import { RpcClient } from '../../../main/services/core/rpc-client';
import { startDevnet, type Devnet } from '../../devnet/index';
import { until } from '../checking/harness';
import { genesisMetadata, newAddress, sampleGenesis, sendWithMetadata } from '../wallet/helpers';
import { call, startWalletServices, syncNow } from './helpers';

/**
 * The history screen's data (`history:list`) over the devnet's sample world, with the real validity and balances
 * services asking the world's trackers: a received transfer and a default-route receipt (tracker figures), a genesis
 * made by the wallet and its own send (worked out locally), and an incoming payment reference with a message read
 * from the chain.
 */
describe('transaction history (devnet world with trackers)', () => {
  let devnet: Devnet;
  let services: RunningServices;
  let user: RpcClient;
  let payer: RpcClient;
  let genesisTx = '';
  let sendTx = '';
  let paymentTx = '';

  const list = async (query: { assetId?: number; search?: string } = {}) => services.handlers['history:list'](query, call);
  const idOfRef = (ref: string | null): number => {
    const decoded = decodeAssetRefText(ref!);
    if (!decoded.ok) throw new Error(`bad ref ${ref}`);
    return services.context.services.assets.lists.assetByRef({ ...decoded.value, txIDPrefix: decoded.value.txIDPrefix.toLowerCase() })!.assetId;
  };
  const rowOf = (rows: HistoryRow[], txid: string): HistoryRow => {
    const row = rows.find((r) => r.txid === txid);
    if (!row) throw new Error(`no history row for ${txid}`);
    return row;
  };

  beforeAll(async () => {
    devnet = await startDevnet();
    const wallet = devnet.info.walletName!;
    const client = (name: string) => new RpcClient({ url: devnet.info.rpcUrl, auth: { kind: 'cookie', file: devnet.info.cookieFile }, wallet: name, warmupWaitMs: 0 });
    user = client(wallet);
    // Someone else with a Core wallet on the same node, funded by the user.
    await user.call('createwallet', ['payer'], v.unknown());
    payer = client('payer');
    await user.walletCall('sendtoaddress', [await newAddress(payer), 0.05], v.string());
    await devnet.mine(1);
    services = await startWalletServices({ dataDir: path.join(devnet.info.dataDir, 'app'), rpcUrl: devnet.info.rpcUrl, cookieFile: devnet.info.cookieFile, wallet, hostMap: devnet.hostMap });
    await syncNow(services);
  }, 180_000);

  afterAll(async () => {
    await services?.stop();
    user?.close();
    payer?.close();
    await devnet?.stop();
  });

  it('a received transfer and a default-route receipt, each figure marked by where it came from', async () => {
    const gold = idOfRef(devnet.asset('gold').assetRef);
    const silver = idOfRef(devnet.asset('silver').assetRef);
    const goldOut = devnet.asset('gold').wallet.outputs.find((o) => o.confirmed)!;
    const silverOuts = devnet.asset('silver').wallet.outputs;
    const defaultRoute = silverOuts[silverOuts.length - 1]!;
    const lists = services.context.services.assets.lists;
    const ledger = services.context.services.history.ledger;
    // A tracker's answer reads 'tracker'; once the verifier proved the figure from the node, 'local'.
    const sourceOf = (assetId: number, o: { txid: string; vout: number }) => {
      const p = lists.balance(assetId, o.txid, o.vout)?.provenance.source;
      return p === 'verified' || p === 'computed' ? 'local' : 'tracker';
    };
    await until(() => [goldOut, ...silverOuts].every((o) => lists.balance(o === goldOut ? gold : silver, o.txid, o.vout)?.qty != null), 30_000, 'balance figures');
    await until(() => {
      const g = ledger.figure(`${goldOut.txid}:${goldOut.vout}`, gold);
      const s = ledger.figure(`${defaultRoute.txid}:${defaultRoute.vout}`, silver);
      return g?.qty === BigInt(goldOut.qty) && g.source === sourceOf(gold, goldOut) && s?.qty === BigInt(defaultRoute.qty) && s.source === sourceOf(silver, defaultRoute);
    }, 10_000, 'history figures');

    const { rows } = await list();
    const transfer = rowOf(rows, goldOut.txid);
    expect(transfer.kind).toBe('transfer');
    // Other assets may still show as unknown at the same output (a default output: any asset could be there) until
    // their trackers answer; nothing left the wallet.
    expect(transfer.assets).toContainEqual({ assetId: gold, in: goldOut.qty, out: '0', net: goldOut.qty, source: sourceOf(gold, goldOut) });
    expect(transfer.assets.every((a) => a.out === '0' && (a.assetId === gold || a.in === null))).toBe(true);
    expect(transfer.confirmations).toBeGreaterThan(0);
    expect(transfer.own).toBe(false);

    // Silver's second move: leftovers by a default route to the wallet's output 0.
    const receipt = rowOf(rows, defaultRoute.txid);
    expect(receipt.kind).toBe('transfer');
    expect(receipt.assets).toContainEqual({ assetId: silver, in: defaultRoute.qty, out: '0', net: defaultRoute.qty, source: sourceOf(silver, defaultRoute) });
    expect(receipt.assets.every((a) => a.out === '0' && (a.assetId === silver || a.in === null))).toBe(true);

    // Filter by asset: only gold's transactions.
    const onlyGold = await list({ assetId: gold });
    expect(onlyGold.rows.length).toBeGreaterThan(0);
    expect(onlyGold.rows.every((r) => r.assets.some((a) => a.assetId === gold))).toBe(true);
    expect(onlyGold.rows.some((r) => r.txid === defaultRoute.txid)).toBe(false);
    expect(onlyGold.total).toBe(rows.length);
  });

  it('a genesis made by the wallet: its units worked out locally', async () => {
    genesisTx = await sendWithMetadata(user, { outputs: [{ address: await newAddress(user), btc: 0.001 }], metadata: genesisMetadata(sampleGenesis('history.example', 5, 2)) });
    await devnet.mine(1);
    await syncNow(services);
    const asset = services.context.services.assets.lists.assetByGenTxId(genesisTx)!;
    const row = rowOf((await list()).rows, genesisTx);
    expect(row.kind).toBe('genesis');
    expect(row.assets).toEqual([{ assetId: asset.assetId, in: '500', out: '0', net: '500', source: 'local' }]);
    expect(row.feeSats).not.toBeNull();
    expect(BigInt(row.amountSats)).toBeLessThanOrEqual(0n);
  });

  it('the wallet’s own send (built with the protocol library, recorded as its own): units out and change back, locally', async () => {
    const asset = services.context.services.assets.lists.assetByGenTxId(genesisTx)!;
    const payee = await newAddress(payer);
    // 120 units to the payee (output 0); the rest follows the default route to the change (last output).
    const metadata = encodeTransfers([{ assetRef: { ...asset.assetRef!, txIDPrefix: asset.assetRef!.txIDPrefix }, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 120n }], 1, 3, 40);
    if (!metadata.ok) throw new Error(metadata.error);
    sendTx = await sendWithMetadata(user, { inputs: [{ txid: genesisTx, vout: 0 }], outputs: [{ address: payee, btc: 0.0001 }], metadata: metadata.value });
    services.context.services.ownTransactions.record(sendTx, { kind: 'send', note: '120 units to the payer' });
    await syncNow(services);
    const row = rowOf((await list()).rows, sendTx);
    expect(row).toMatchObject({ own: true, ownNote: '120 units to the payer', kind: 'transfer', alertId: null, confirmations: 0 });
    expect(row.assets).toEqual([{ assetId: asset.assetId, in: '380', out: '500', net: '-120', source: 'local' }]);
    expect(await services.handlers['safety:alerts'](undefined, call)).toEqual([]);
    await devnet.mine(1);
  });

  it('an incoming payment reference and a CoinSpark message, decoded from the chain and searchable', async () => {
    const to = await newAddress(user);
    const ref = encodePaymentRef(4_503_599_627_370_000n, 80);
    const message = encodeMessage({ useHttps: true, serverHost: 'messages.example', usePrefix: true, serverPath: '', isPublic: true, outputRanges: [], hash: new Uint8Array(16).fill(0xab), hashLen: 16 }, 3, 80);
    if (!ref.ok || !message.ok) throw new Error('encode');
    const metadata = appendMetadata(ref.value, 80, message.value)!;
    paymentTx = await sendWithMetadata(payer, { outputs: [{ address: to, btc: 0.001 }], metadata, changePosition: 0 });
    await syncNow(services);
    const found = await list({ search: '4503599627370000' });
    expect(found.rows.map((r) => r.txid)).toEqual([paymentTx]);
    const row = found.rows[0]!;
    expect(row.paymentRef).toEqual({ value: '4503599627370000', incoming: true });
    expect(row.message).toEqual({ serverUrl: 'https://messages.example/coinspark/', hash: 'ab'.repeat(16), isPublic: true });
    expect(row.kind).toBe('payment-ref');
    expect(row.feeSats).toBeNull(); // the payer paid it
    expect(BigInt(row.amountSats)).toBe(100_000n);
    expect((await list({ search: 'messages.example' })).rows.map((r) => r.txid)).toEqual([paymentTx]);
  });

  it('newest first; survives a restart of the services (history.json) without reading the node again', async () => {
    const { rows } = await list();
    expect(rows[0]!.txid).toBe(paymentTx); // in the mempool: newest
    const heights = rows.filter((r) => r.blockHeight !== null).map((r) => r.blockHeight!);
    expect([...heights].sort((a, b) => b - a)).toEqual(heights);
    // Tracker answers may still be arriving: compare with a history that has settled (two readings 500 ms apart).
    let before = rows.map((r) => [r.txid, r.assets]);
    for (let settled = false; !settled; ) {
      await new Promise((r) => setTimeout(r, 500));
      const again = (await list()).rows.map((r) => [r.txid, r.assets]);
      settled = JSON.stringify(again) === JSON.stringify(before);
      before = again;
    }
    const dataDir = services.context.options.dataDir;
    await services.stop();
    services = await startWalletServices({ dataDir, rpcUrl: devnet.info.rpcUrl, cookieFile: devnet.info.cookieFile, wallet: devnet.info.walletName!, hostMap: devnet.hostMap });
    expect(services.context.services.history.ledger.size).toBe(rows.length);
    await syncNow(services);
    const after = (await list()).rows.map((r) => [r.txid, r.assets]);
    expect(after).toEqual(before);
  });

  it('asset lists lost or restored from elsewhere while the history is kept: the whole wallet is read again for both', async () => {
    const dataDir = services.context.options.dataDir;
    const gold = devnet.asset('gold');
    const goldOut = gold.wallet.outputs.find((o) => o.confirmed)!;
    const historyBefore = (await list()).rows.map((r) => r.txid);
    await services.stop();
    fs.rmSync(path.join(dataDir, 'asset-lists.json'));
    services = await startWalletServices({ dataDir, rpcUrl: devnet.info.rpcUrl, cookieFile: devnet.info.cookieFile, wallet: devnet.info.walletName!, hostMap: devnet.hostMap });
    await syncNow(services);
    // The lists are rebuilt from the wallet's transactions (their cursor was gone, the history's was not).
    const lists = services.context.services.assets.lists;
    expect(lists.cursor().blockHash).not.toBeNull();
    expect(lists.assets().some((a) => a.genTxId === genesisTx)).toBe(true);
    expect(lists.balancesOf(idOfRef(gold.assetRef)).some((r) => r.txid === goldOut.txid && r.vout === goldOut.vout)).toBe(true);
    expect((await list()).rows.map((r) => r.txid)).toEqual(historyBefore);
  });
});
