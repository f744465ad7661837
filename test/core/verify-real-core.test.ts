// Local verification (issue #15) against a real Bitcoin Core v29 started without -txindex, as most users run it:
// the devnet's sample world is built on it (every move kind, the underpaid genesis), then the wallet's walk computes
// every output of every transaction for every asset from the node alone and agrees with the devnet's independent
// legal-definition calculation; and the whole main process, on the user's wallet, shows every asset it holds
// verified by the node with the world's figures. Skips with the reason where the programs are absent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../main/node/ipc-dispatch.js';
import { headlessPlatform } from '../../main/host/headless.js';
import { startServices } from '../../main/node/service-host.js';
import { RpcClient } from '../../main/services/core/rpc-client.js';
import { ChainReader } from '../../main/services/verify/chain-reader.js';
import { VerifyCache } from '../../main/services/verify/verify-cache.js';
import { Walker } from '../../main/services/verify/walker.js';
import { decodeAssetRefText, decodeGenesis, hexToBytes, scriptsToMetadata } from '../../shared/coinspark/index.js';
import { IssuerHost } from '../devnet/issuer/host.js';
import { buildWorld, type World } from '../devnet/scenario/build.js';
import { ReferenceCalc } from '../integration/devnet-world/reference-qty.js';
import { Cleanup, findCoreBinaries, startBitcoind, waitFor, type RealBitcoind } from './harness/index.js';

const available = findCoreBinaries();
if (!available.ok) console.warn(`test:core: local verification against real Bitcoin Core is skipped: ${available.reason}`);

const call: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.skipIf(!available.ok)(`local verification with a real Bitcoin Core without -txindex${available.ok ? '' : ` — skipped: ${available.reason}`}`, () => {
  const cleanup = new Cleanup();
  let node: RealBitcoind;
  let world: World;
  let rpc: RpcClient;

  beforeAll(async () => {
    if (!available.ok) return;
    node = await startBitcoind(available.bin, cleanup, { txindex: false });
    const issuer = await IssuerHost.start({ port: 0 });
    cleanup.add('stop the issuer host', () => issuer.stop());
    // No tracker runs: verification needs none (the URLs only fill the pages).
    world = await buildWorld(node.rpc, issuer, { honest: ['http://127.0.0.1:9/', 'http://127.0.0.1:9/b'], liar: 'http://127.0.0.1:9/c' });
    rpc = new RpcClient({ url: node.rpcUrl, auth: { kind: 'cookie', file: node.cookieFile }, wallet: world.walletName });
    cleanup.add('close the wallet client', () => rpc.close());
  }, 300_000);

  afterAll(async () => {
    await cleanup.run();
  });

  it('runs without -txindex: Core finds a confirmed transaction only with its block', async () => {
    expect(await node.rpc.call('getindexinfo')).toEqual({});
    const gold = world.assets.find((a) => a.key === 'gold')!;
    await expect(node.rpc.call('getrawtransaction', gold.genTxId, 2)).rejects.toThrow(/-txindex/);
  });

  it('the walk agrees with the reference calculation on every output of every transaction, for every asset', async () => {
    const ref = await ReferenceCalc.load(node.rpc);
    const walker = new Walker(new ChainReader(rpc), VerifyCache.memory('regtest'), { budget: 100_000 });
    const tip = await node.rpc.call<number>('getblockcount');
    const txids = [...new Set(ref.outpoints().map((o) => o.txid))];
    let compared = 0;
    for (const a of world.assets) {
      const decodedRef = decodeAssetRefText(a.assetRef!);
      if (!decodedRef.ok) throw new Error(decodedRef.error);
      const assetRef = { ...decodedRef.value, txIDPrefix: decodedRef.value.txIDPrefix.toLowerCase() };
      const raw = await node.rpc.call<{ vout: { scriptPubKey: { hex: string } }[] }>('getrawtransaction', a.genTxId, true, await node.rpc.call<string>('getblockhash', assetRef.blockNum));
      const genesis = decodeGenesis(scriptsToMetadata(raw.vout.map((o) => hexToBytes(o.scriptPubKey.hex)!))!);
      if (!genesis.ok) throw new Error(genesis.error);
      const targets = txids.map((txid) => ({ txid, hint: { txid, height: ref.heightOf(txid) === 1234567890 ? null : ref.heightOf(txid) } }));
      const r = await walker.walk({ key: `${a.genTxId}:${a.assetRef}`, genTxId: a.genTxId, genesis: genesis.value, ref: assetRef, genesisHeight: assetRef.blockNum }, targets, tip);
      if (a.key === 'bogus') expect(r.genesis).toMatchObject({ valid: false });
      for (const o of ref.outpoints()) {
        const outcome = r.outcomes.get(o.txid);
        expect(outcome?.kind, `${a.key} ${o.txid}`).toBe('verified');
        expect(outcome?.kind === 'verified' ? (outcome.outputs[o.vout] ?? 0n) : null, `${a.key} ${o.txid}:${o.vout}`).toBe(ref.qty(a.genTxId, o.txid, o.vout));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('the wallet shows every asset it holds verified by the node, with the world\'s figures', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coinspark-core-verify-'));
    const services = await startServices({ dataDir, network: 'regtest', rpcUrl: node.rpcUrl, cookieFile: node.cookieFile, wallet: world.walletName, appVersion: 'test' }, headlessPlatform(), quiet);
    cleanup.add('stop the wallet services', async () => {
      await services.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const held = world.assets.filter((a) => a.wallet.outputs.length > 0);
    const list = async () => (await services.handlers['assets:list'](undefined, call)).assets;
    await waitFor('every held asset verified', async () => {
      const assets = await list();
      return held.every((a) => assets.find((s) => s.genTxId === a.genTxId)?.balance.provenance.kind === 'verified') ? true : undefined;
    }, 120_000);
    const assets = await list();
    for (const a of held) {
      const s = assets.find((x) => x.genTxId === a.genTxId)!;
      expect(s.balance.confirmedRaw, a.key).toBe(a.wallet.confirmed);
      expect(s.balance.unconfirmedRaw, a.key).toBe(a.wallet.unconfirmed);
    }
    expect(assets.find((x) => x.genTxId === world.assets.find((a) => a.key === 'bogus')!.genTxId)?.validity.state).toBe('GENESIS_INVALID');
  });
});
