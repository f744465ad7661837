// The send path against a real Bitcoin Core v29 (and the real coinsparkd as the tracker): the asset send of the
// devnet tests, built, checked, signed and broadcast by the wallet's services on real Core, then read back by the
// devnet's legal-definition calculation and by coinsparkd; a watch-only wallet's PSBT round trip (real descriptor
// import, real walletprocesspsbt on the signer); an encrypted wallet's passphrase (wrong, then right).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAddress } from '../../shared/coinspark/index.js';
import type { InvokeChannel, RequestOf, ResponseOf } from '../../shared/ipc/contract.js';
import type { AssetSummary } from '../../shared/model/asset-view.js';
import { headlessPlatform } from '../../main/host/headless.js';
import type { CallContext } from '../../main/node/ipc-dispatch.js';
import { startServices, type RunningServices } from '../../main/node/service-host.js';
import { TrackerClient } from '../../main/services/balances/tracker-client.js';
import { IssuerHost } from '../devnet/issuer/host.js';
import { buildWorld, type World } from '../devnet/scenario/build.js';
import { sampleAssets } from '../devnet/scenario/sample-assets.js';
import { ReferenceCalc } from '../integration/devnet-world/reference-qty.js';
import { Cleanup, findCoreBinaries, startBitcoind, startCoinsparkd, waitFor, type RealBitcoind, type RealCoinsparkd } from './harness/index.js';

const available = findCoreBinaries();
if (!available.ok) console.warn(`test:core: the send suite against real Bitcoin Core is skipped: ${available.reason}`);

const KEYS = ['gold', 'silver', 'bond'];
const callContext: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface WalletHost {
  services: RunningServices;
  call<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  list(): Promise<AssetSummary[]>;
}

describe.skipIf(!available.ok)(`sending with a real Bitcoin Core${available.ok ? '' : ` — skipped: ${available.reason}`}`, () => {
  const cleanup = new Cleanup();
  let node: RealBitcoind;
  let tracker: RealCoinsparkd;
  let issuer: IssuerHost;
  let world: World;
  const rate = { mode: 'rate' as const, satPerVb: '2' };

  const host = async (wallet: string): Promise<WalletHost> => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coinspark-core-send-'));
    const services = await startServices({ dataDir, network: 'regtest', rpcUrl: node.rpcUrl, cookieFile: node.cookieFile, wallet, hostMap: issuer.hostMap, appVersion: 'test' }, headlessPlatform(), quiet);
    cleanup.add(`stop the wallet services on ${wallet}`, async () => {
      await services.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const call = async <C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> =>
      (services.handlers[channel] as unknown as (r: unknown, c: CallContext) => Promise<ResponseOf<C>>)(request, callContext);
    // The services connect to Core in the background: a send asked for before that is refused ("not connected yet").
    await waitFor(`the services on ${wallet} connected to Core`, async () => (services.context.services.core.client() ? true : undefined), 60_000, 100);
    return { services, call, list: async () => (await call('assets:list', undefined)).assets };
  };
  const coinspark = (address: string): string => {
    const e = encodeAddress({ bitcoinAddress: address, addressFlags: 3, paymentRef: 0n });
    if (!e.ok) throw new Error(e.error);
    return e.value;
  };
  const mine = async (): Promise<void> => {
    await node.mine(1);
    await tracker.synced(node);
  };
  const known = async (h: WalletHost, keys: string[]): Promise<void> => {
    let seen: AssetSummary[] = [];
    await waitFor(
      `balances of ${keys.join(', ')} known`,
      async () => {
        seen = await h.list();
        return keys.every((k) => {
          const s = seen.find((x) => x.genTxId === world.assets.find((a) => a.key === k)!.genTxId);
          return s && !s.balance.updating && (s.balance.confirmedRaw !== '0' || s.balance.unconfirmedRaw !== '0');
        })
          ? true
          : undefined;
      },
      120_000,
      500,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}: ${JSON.stringify(seen.map((s) => [s.shortName, s.balance]))}`);
    });
  };
  const idOf = async (h: WalletHost, key: string): Promise<number> => (await h.list()).find((x) => x.genTxId === world.assets.find((a) => a.key === key)!.genTxId)!.assetId;

  beforeAll(async () => {
    if (!available.ok) return;
    node = await startBitcoind(available.bin, cleanup);
    tracker = await startCoinsparkd(available.bin, cleanup, node, { frontEnds: 2 });
    issuer = await IssuerHost.start({ port: 0 });
    cleanup.add('stop the issuer host', () => issuer.stop());
    const [a, b] = tracker.urls as [string, string];
    world = await buildWorld(node.rpc, issuer, { honest: [a, b], liar: a }, { assets: sampleAssets().filter((p) => KEYS.includes(p.key)) });
    await mine();
  }, 300_000);
  afterAll(async () => {
    await cleanup.run();
  }, 120_000);

  it('sends asset units to a CoinSpark address of another Core wallet: both sides right by the legal definition and by coinsparkd', async () => {
    const a = await host(world.walletName);
    await known(a, KEYS);
    await node.rpc.call('createwallet', 'payee');
    const payee = await node.rpc.wallet('payee').call<string>('getnewaddress', '', 'legacy');
    const gold = await idOf(a, 'gold');
    const preview = await a.call('send:prepare', { kind: 'asset', assetId: gold, amount: '1000', mode: 'send', recipient: coinspark(payee), fee: rate });
    expect(preview.outputs[0]!.assets).toMatchObject([{ assetId: gold, raw: '100000' }]);
    const sent = await a.call('send:confirm', { draftId: preview.draftId });
    const change = preview.outputs.length - 1;
    const expectedChange = BigInt(preview.outputs[change]!.assets.find((x) => x.assetId === gold)!.raw!);
    await mine();
    const ref = await ReferenceCalc.load(node.rpc);
    const gen = world.assets.find((x) => x.key === 'gold')!.genTxId;
    expect(ref.qty(gen, sent.txid, 0)).toBe(100_000n);
    expect(ref.qty(gen, sent.txid, change)).toBe(expectedChange);
    const client = new TrackerClient({ policy: { network: 'regtest' } });
    await waitFor('coinsparkd to have the send', async () => {
      const r = await client.getQty(tracker.urls[0]!, [gen], [{ txid: sent.txid, vout: 0 }, { txid: sent.txid, vout: change }]);
      if (!r.ok) return undefined;
      const e0 = r.entries.get(gen)?.get(`${sent.txid}:0`);
      const e1 = r.entries.get(gen)?.get(`${sent.txid}:${change}`);
      return e0?.kind === 'qty' && e1?.kind === 'qty' && e0.qty === 100_000 && BigInt(e1.qty) === expectedChange ? true : undefined;
    }, 60_000, 1000);
  });

  it('a watch-only wallet: the PSBT goes out unsigned, comes back signed by the wallet with the keys, and is sent', async () => {
    // The signer holds the keys; the watch-only wallet imports its public descriptors (as with a hardware wallet).
    await node.rpc.call('createwallet', 'signer');
    const signer = node.rpc.wallet('signer');
    const { descriptors } = await signer.call<{ descriptors: { desc: string; internal?: boolean; active: boolean; range?: [number, number] }[] }>('listdescriptors');
    await node.rpc.call('createwallet', 'watch', true, true);
    const watch = node.rpc.wallet('watch');
    const imported = await watch.call<{ success: boolean }[]>(
      'importdescriptors',
      descriptors.filter((d) => d.active).map((d) => ({ desc: d.desc, active: true, internal: d.internal ?? false, range: d.range ?? [0, 999], timestamp: 'now' })),
    );
    expect(imported.every((r) => r.success)).toBe(true);
    // Units of gold and some bitcoin for the watched addresses, sent by wallet A through the wallet's services.
    const a = await host(world.walletName);
    await known(a, ['gold']);
    const watched = await watch.call<string>('getnewaddress', '', 'legacy');
    const toWatch = await a.call('send:prepare', { kind: 'asset', assetId: await idOf(a, 'gold'), amount: '10', mode: 'send', recipient: coinspark(watched), fee: rate });
    await a.call('send:confirm', { draftId: toWatch.draftId });
    const fund = await a.call('send:prepare', { kind: 'bitcoin', amount: '0.01', recipient: await watch.call<string>('getnewaddress'), fee: rate });
    await a.call('send:confirm', { draftId: fund.draftId });
    await mine();

    const w = await host('watch');
    await known(w, ['gold']);
    await node.rpc.call('createwallet', 'payee2');
    const payee = await node.rpc.wallet('payee2').call<string>('getnewaddress', '', 'legacy');
    const gold = await idOf(w, 'gold');
    const preview = await w.call('send:prepare', { kind: 'asset', assetId: gold, amount: '4', mode: 'send', recipient: coinspark(payee), fee: rate });
    expect(preview.signing).toBe('watch-only');
    await expect(w.call('send:confirm', { draftId: preview.draftId })).rejects.toMatchObject({ reason: 'watch-only' });
    const { psbt } = await w.call('send:exportPsbt', { draftId: preview.draftId });
    // Signed elsewhere: here, by the wallet with the keys.
    const signed = await signer.call<{ psbt: string; complete: boolean }>('walletprocesspsbt', psbt, true, 'ALL', true, false);
    // A PSBT of another transaction is refused.
    const aCore = node.rpc.wallet(world.walletName);
    const other = await aCore.call<{ psbt: string }>('walletcreatefundedpsbt', [], [{ [payee]: 0.001 }]);
    await expect(w.call('send:broadcastSigned', { draftId: preview.draftId, psbt: (await aCore.call<{ psbt: string }>('walletprocesspsbt', other.psbt)).psbt })).rejects.toMatchObject({ reason: 'not-the-reviewed-transaction' });
    // (the refusal released that review: review the same send again and bring the right PSBT)
    const again = await w.call('send:prepare', { kind: 'asset', assetId: gold, amount: '4', mode: 'send', recipient: coinspark(payee), fee: rate });
    const exported = await w.call('send:exportPsbt', { draftId: again.draftId });
    const signedAgain = await signer.call<{ psbt: string; complete: boolean }>('walletprocesspsbt', exported.psbt, true, 'ALL', true, false);
    void signed;
    const sent = await w.call('send:broadcastSigned', { draftId: again.draftId, psbt: signedAgain.psbt });
    await mine();
    const ref = await ReferenceCalc.load(node.rpc);
    expect(ref.qty(world.assets.find((x) => x.key === 'gold')!.genTxId, sent.txid, 0)).toBe(400n);
  });

  it('an encrypted wallet: a wrong passphrase is refused in words, the right one signs and the wallet is locked again', async () => {
    await node.rpc.call('createwallet', 'enc');
    const enc = node.rpc.wallet('enc');
    const a = await host(world.walletName);
    const fund = await a.call('send:prepare', { kind: 'bitcoin', amount: '0.002', recipient: await enc.call<string>('getnewaddress'), fee: rate });
    await a.call('send:confirm', { draftId: fund.draftId });
    await enc.call('encryptwallet', 'pass-1');
    await mine();
    const e = await host('enc');
    await waitFor('the encrypted wallet to see its bitcoin', async () => ((await e.call('send:figures', undefined)).assetFreeSats === '200000' ? true : undefined), 60_000, 500);
    const preview = await e.call('send:prepare', { kind: 'bitcoin', amount: '0.001', recipient: await node.rpc.wallet('payee').call<string>('getnewaddress'), fee: rate });
    expect(preview.signing).toBe('encrypted');
    await expect(e.call('send:confirm', { draftId: preview.draftId, passphrase: 'wrong' })).rejects.toMatchObject({ reason: 'wrong-passphrase' });
    const sent = await e.call('send:confirm', { draftId: preview.draftId, passphrase: 'pass-1' });
    expect(sent.txid).toMatch(/^[0-9a-f]{64}$/);
    expect((await enc.call<{ unlocked_until: number }>('getwalletinfo')).unlocked_until).toBe(0);
  });
});
