// Issue #14 against real Bitcoin Core v29 (optional suite, `npm run test:core`): the wallet's services lock every
// output holding units (or of unknown units) persistently, find them again although listunspent hides them, the
// locks survive a restart of bitcoind, Core's own sendtoaddress cannot touch them, and an output unlocked and spent
// behind the wallet's back raises the alert with the right amounts.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { headlessPlatform } from '../../main/host/headless.js';
import type { CallContext } from '../../main/node/ipc-dispatch.js';
import { startServices, type RunningServices } from '../../main/node/service-host.js';
import { RpcClient, RpcError } from '../../main/services/core/rpc-client.js';
import { genesisMetadata, newAddress, sampleGenesis, sendWithMetadata } from '../integration/wallet/helpers.js';
import { Cleanup, findCoreBinaries, startBitcoind, waitFor, type RealBitcoind } from './harness/index.js';
import { startChild } from './harness/processes.js';

const available = findCoreBinaries();
if (!available.ok) console.warn(`test:core: asset locks against real Bitcoin Core skipped: ${available.reason}`);

const call: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const Locked = v.array(v.object({ txid: v.string(), vout: v.number() }));

describe.skipIf(!available.ok)(`asset locks in real Bitcoin Core v29${available.ok ? '' : ` — skipped: ${available.reason}`}`, () => {
  const cleanup = new Cleanup();
  let node: RealBitcoind;
  let services: RunningServices;
  let w: RpcClient;
  let issuer: RpcClient;
  let genesisTx = '';
  let paymentTx = '';
  const client = (wallet: string) => new RpcClient({ url: node.rpcUrl.replace(/\/$/, ''), auth: { kind: 'cookie', file: node.cookieFile }, wallet, warmupWaitMs: 60_000 });
  const locked = async () => new Set((await w.walletCall('listlockunspent', [], Locked)).map((l) => `${l.txid}:${l.vout}`));
  const sync = () => services.context.services.sync.syncNow();

  beforeAll(async () => {
    if (!available.ok) return;
    node = await startBitcoind(available.bin, cleanup, { blocks: 101 });
    w = client(node.walletName);
    await node.rpc.call('createwallet', 'issuer');
    issuer = client('issuer');
    // The issuer's coins are its own (mined), not change of the wallet's: what they hold is not known to the wallet.
    await node.rpc.call('generatetoaddress', 1, await newAddress(issuer));
    await node.mine(100);
    genesisTx = await sendWithMetadata(w, { outputs: [{ address: await newAddress(w), btc: 0.001 }], metadata: genesisMetadata(sampleGenesis('real-core.example')) });
    await node.mine(1);
    paymentTx = await sendWithMetadata(issuer, { outputs: [{ address: await newAddress(w), btc: 0.5 }], metadata: null, changePosition: 0 });
    await node.mine(1);
    services = await startServices(
      { dataDir: cleanup.tempDir('wallet'), network: 'regtest', rpcUrl: node.rpcUrl.replace(/\/$/, ''), cookieFile: node.cookieFile, wallet: node.walletName, appVersion: 'test' },
      headlessPlatform(),
      quiet,
    );
    cleanup.add('stop the wallet services', () => services.stop());
    await waitFor('the wallet connected', async () => ((await services.handlers['connection:status'](undefined, call)).state === 'connected' ? true : undefined));
    await sync();
  });

  afterAll(async () => {
    w?.close();
    issuer?.close();
    await cleanup.run();
  });

  it('locks the asset output and the unknown payment, and still counts them as the wallet’s', async () => {
    const set = await locked();
    expect(set.has(`${genesisTx}:0`)).toBe(true);
    expect(set.has(`${paymentTx}:1`)).toBe(true);
    expect(set.has(`${genesisTx}:2`)).toBe(false);
    await sync();
    const unspent = services.context.services.assets.unspent();
    expect(unspent.get(`${genesisTx}:0`)).toMatchObject({ locked: true, amountSats: 100_000n });
    expect(await services.handlers['safety:status'](undefined, call)).toMatchObject({ lockedByWallet: 2, lockedByOthers: 0, unprotected: 0, lastError: null });
    // Real Core lists change nowhere in gettransaction's details: the history still knows output 2 is the wallet's.
    expect(services.context.services.history.ledger.tx(genesisTx)?.ours).toEqual([true, false, true]);
    const [row] = (await services.handlers['history:list']({ search: genesisTx }, call)).rows;
    expect(row).toMatchObject({ kind: 'genesis', assets: [{ in: '10000', out: '0', net: '10000', source: 'local' }] });
    expect(row!.feeSats).not.toBeNull();
  });

  it('the locks survive a restart of bitcoind', async () => {
    const before = await locked();
    await node.rpc.call('stop');
    await node.child.exited;
    const args = node.child.proc.spawnargs.slice(1);
    const again = startChild(cleanup, available.ok ? available.bin.bitcoind : '', args, path.join(node.dataDir, 'stdout-2.log'));
    cleanup.add('stop the restarted bitcoind', async () => {
      await node.rpc.call('stop').catch(() => undefined);
      await again.exited;
    });
    await waitFor('bitcoind back with its wallet', async () => {
      try {
        // Wallets made with createwallet are not loaded at start: load both again.
        for (const name of [node.walletName, 'issuer']) await node.rpc.call('loadwallet', name).catch(() => undefined);
        return (await w.walletCall('listlockunspent', [], Locked)) ? true : undefined;
      } catch {
        return undefined;
      }
    });
    expect([...(await locked())].sort()).toEqual([...before].sort());
    await services.handlers['connection:sync'](undefined, call);
    expect(await services.handlers['safety:status'](undefined, call)).toMatchObject({ lockedByWallet: 2, unprotected: 0, lastError: null });
  });

  it('sendtoaddress for the whole balance cannot touch them', async () => {
    const before = await locked();
    const payee = await newAddress(issuer);
    const balance = await w.walletCall('getbalance', [], v.number());
    const refused = await w.walletCall('sendtoaddress', [payee, balance], v.string()).catch((e: unknown) => e);
    expect((refused as RpcError).code).toBe(-6);
    const spendable = (await w.walletCall('listunspent', [0], v.array(v.object({ amount: v.number() })))).reduce((s, u) => s + Math.round(u.amount * 1e8), 0);
    const txid = await w.walletCall('sendtoaddress', [payee, spendable / 1e8, '', '', true], v.string());
    const tx = await w.call('getrawtransaction', [txid, true], v.object({ vin: v.array(v.object({ txid: v.string(), vout: v.number() })) }));
    for (const input of tx.vin) expect(before.has(`${input.txid}:${input.vout}`)).toBe(false);
    await node.mine(1);
    await sync();
    expect(await services.handlers['safety:alerts'](undefined, call)).toEqual([]);
  });

  it('unlocked and spent behind the wallet’s back: the alert says the 10,000 units went to someone else', async () => {
    await w.walletCall('lockunspent', [true, [{ txid: genesisTx, vout: 0 }]], v.boolean());
    const payee = await newAddress(issuer);
    const raw = await w.walletCall('createrawtransaction', [[{ txid: genesisTx, vout: 0 }], [{ [payee]: 0.00098 }]], v.string());
    const signed = await w.walletCall('signrawtransactionwithwallet', [raw], v.object({ hex: v.string() }));
    const spend = await w.call('sendrawtransaction', [signed.hex], v.string());
    await sync();
    const [alert] = await services.handlers['safety:alerts'](undefined, call);
    expect(alert).toMatchObject({ kind: 'foreign-spend', txid: spend, voidTransfer: true });
    expect(alert!.assets[0]).toMatchObject({ before: '10000', lost: '10000', kept: '0', outputs: [{ vout: 0, address: payee, ours: false, qty: '10000' }] });
  });
});
