import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAddress } from '../../../shared/coinspark/index';
import { assetRefKey } from '../../../shared/model/asset-lists';
import type { AssetsSnapshot } from '../../../shared/model/asset-view';
import type { ConnectionStatus } from '../../../shared/model/connection';
import { UserFacingError } from '../../../shared/ipc/result';
import { headlessPlatform } from '../../../main/host/headless';
import { startServices, type RunningServices } from '../../../main/node/service-host';
import type { CallContext } from '../../../main/node/ipc-dispatch';
import { genesisMetadata, newAddress, sampleGenesis, sendWithMetadata, startWalletWorld, type WalletWorld } from './helpers';

const call: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The main-process services as the headless host runs them, pointed at the devnet node by HostOptions. */
describe('assets and connection services (devnet)', () => {
  let world: WalletWorld;
  let services: RunningServices;
  let genTx = '';
  let ref = '';
  const events: { name: string; payload: unknown }[] = [];

  beforeAll(async () => {
    world = await startWalletWorld(['w', 'issuer']);
    const to = await newAddress(world.rpc('issuer'));
    genTx = await sendWithMetadata(world.rpc('issuer'), { outputs: [{ address: to, btc: 0.001 }], metadata: genesisMetadata(sampleGenesis('copper.example.com')) });
    const [block] = world.node.mine(1);
    ref = assetRefKey({ blockNum: world.node.height(), txOffset: world.node.txOffset(block!, genTx), txIDPrefix: genTx.slice(0, 4) });
    services = await startServices(
      { dataDir: path.join(world.dir, 'app'), network: 'regtest', rpcUrl: world.node.rpcUrl, cookieFile: world.node.cookieFile, wallet: 'w', appVersion: '0.0.0-test' },
      headlessPlatform(),
      quiet,
    );
    services.events.subscribe((name, payload) => events.push({ name, payload }));
    for (let i = 0; i < 100 && services.handlers['connection:status'](undefined, call) instanceof Object; i++) {
      const status = (await services.handlers['connection:status'](undefined, call)) as ConnectionStatus;
      if (status.state === 'connected') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 60_000);
  afterAll(async () => {
    await services?.stop();
    await world?.close();
  });

  it('connects with the command-line settings and syncs on demand', async () => {
    const status = await services.handlers['connection:sync'](undefined, call);
    expect(status.state).toBe('connected');
    expect(status.diagnosis?.code).toBe('OK');
    expect(status.network).toBe('regtest');
    expect(status.blockHeight).toBe(world.node.height());
    expect(status.lastSync).not.toBeNull();
    await new Promise((r) => setTimeout(r, 120));
    expect(events.some((e) => e.name === 'connection:status')).toBe(true);
  });

  it('rejects malformed references in words', async () => {
    for (const text of ['hello', '12-34', '1-2-3-4', '-1-2-3', '1-2-65536', '99999999999-1-1', '1 - 2 - 3', '']) {
      const error = await (async () => services.handlers['assets:add']({ reference: text }, call))().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as UserFacingError).reason).toBe('bad-reference');
      expect((error as UserFacingError).message).toContain('does not appear to be valid');
    }
    expect((await services.handlers['assets:list'](undefined, call)).assets).toEqual([]);
  });

  it('adds an asset by reference and fetches its genesis from the block', async () => {
    const added = await services.handlers['assets:add']({ reference: `  ${ref}\n` }, call);
    expect(added.outcome).toBe('added');
    const summary = added.asset;
    expect(summary).toMatchObject({ assetRef: ref, genTxId: genTx, fromSource: 'manual', isVisible: true, domain: 'copper.example.com', homeUrl: 'https://copper.example.com' });
    expect(summary.validity.state).toBe('NOT_VALIDATED_YET');
    expect(summary.loadingText).toBe('Loading asset from copper.example.com…');
    // rows for every unspent output of the wallet, qty unknown
    const detail = await services.handlers['assets:detail']({ assetId: summary.assetId }, call);
    expect(detail.balanceRows.length).toBeGreaterThan(0);
    expect(detail.balanceRows.every((r) => r.qty === null && r.state === 'NEVERCHECKED')).toBe(true);
    expect(detail.balance.updating).toBe(true);
    expect(detail.genesis).toMatchObject({ domainName: 'copper.example.com', qty: '10000' });
    expect(detail.genesis?.pageUrl).toMatch(/^https:\/\/copper\.example\.com\//);
    expect(summary.canDelete).toBe(false);
    await expect((async () => services.handlers['assets:delete']({ assetId: summary.assetId }, call))()).rejects.toThrow(/Only assets with a zero balance/);
    // the same reference again: the same asset, and it says so
    const again = await services.handlers['assets:add']({ reference: ref }, call);
    expect(again.asset.assetId).toBe(summary.assetId);
    expect(again.outcome).toBe('already');
  });

  it('a reference that points at no genesis is refused at once, saying which check failed', async () => {
    const height = world.node.height();
    const [, , prefixInt] = ref.split('-').map(Number) as [number, number, number];
    // the coinbase of block 5 starts at byte 81 but is no genesis
    const v = await import('valibot');
    const coinbase = await world.rpc('w').call('getblockhash', [5], v.string());
    const block = await world.rpc('w').call('getblock', [coinbase, 1], v.object({ tx: v.array(v.string()) }));
    const cb = block.tx[0]!;
    const cbPrefix = parseInt(cb.slice(2, 4) + cb.slice(0, 2), 16);
    const refused = async (reference: string): Promise<UserFacingError> => {
      const error = await (async () => services.handlers['assets:add']({ reference }, call))().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as UserFacingError).reason).toBe('bad-reference');
      return error as UserFacingError;
    };
    const before = (await services.handlers['assets:list'](undefined, call)).assets.length;
    expect((await refused(`5-81-${cbPrefix}`)).message).toContain('holds no CoinSpark genesis');
    expect((await refused(`5-81-${(cbPrefix + 1) % 65536}`)).message).toContain('whose first bytes are not');
    expect((await refused(`5-82-${cbPrefix}`)).message).toContain('No transaction starts at byte 82');
    expect((await refused(`${height + 10}-81-${prefixInt}`)).message).toContain(`Block ${height + 10} does not exist yet`);
    // nothing was added, so nothing retries
    expect((await services.handlers['assets:list'](undefined, call)).assets.length).toBe(before);
  });

  it('a reference that never found its genesis (kept from before) can be deleted, and the delete undone', async () => {
    const lists = services.context.services.assets.lists;
    const height = world.node.height();
    const row = lists.addAsset({ fromSource: 'manual', assetRef: { blockNum: height + 50, txOffset: 81, txIDPrefix: 'abcd' }, validState: 'BLOCK_NOT_FOUND', validFailures: 3 });
    const summary = (await services.handlers['assets:list'](undefined, call)).assets.find((a) => a.assetId === row.assetId)!;
    expect(summary.canDelete).toBe(true);
    const deleted = await services.handlers['assets:delete']({ assetId: row.assetId }, call);
    expect(deleted.deletedReference).toBe(assetRefKey({ blockNum: height + 50, txOffset: 81, txIDPrefix: 'abcd' }));
    expect((await services.handlers['assets:list'](undefined, call)).assets.map((a) => a.assetId)).not.toContain(row.assetId);
    const back = await services.handlers['assets:undoDelete']({ undoToken: deleted.undoToken }, call);
    expect(back.assetRef).toBe(deleted.deletedReference);
    expect(back.validity.state).toBe('BLOCK_NOT_FOUND');
    // once only
    await expect((async () => services.handlers['assets:undoDelete']({ undoToken: deleted.undoToken }, call))()).rejects.toThrow(/too late to undo/);
    await services.handlers['assets:delete']({ assetId: back.assetId }, call);
  });

  it('hides and shows, and pushes coalesced assets:changed events', async () => {
    const { assets } = await services.handlers['assets:list'](undefined, call);
    const asset = assets.find((a) => a.genTxId === genTx)!;
    events.length = 0;
    for (let i = 0; i < 20; i++) await services.handlers['assets:setVisible']({ assetId: asset.assetId, visible: i % 2 === 1 }, call);
    await new Promise((r) => setTimeout(r, 400));
    const changed = events.filter((e) => e.name === 'assets:changed');
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(2);
    const last = changed[changed.length - 1]!.payload as AssetsSnapshot;
    expect(last.assets.find((a) => a.assetId === asset.assetId)?.isVisible).toBe(true);
  });

  it('gives a receive address with its CoinSpark address (flags 3), reusing it until used', async () => {
    const first = await services.handlers['wallet:receiveAddress'](undefined, call);
    expect(first.flags).toBe(3);
    const decoded = decodeAddress(first.coinsparkAddress);
    expect(decoded.ok && decoded.value).toMatchObject({ bitcoinAddress: first.bitcoinAddress, addressFlags: 3, paymentRef: 0n });
    expect((await services.handlers['wallet:receiveAddress'](undefined, call)).bitcoinAddress).toBe(first.bitcoinAddress);
    expect((await services.handlers['wallet:receiveAddress']({ fresh: true }, call)).bitcoinAddress).not.toBe(first.bitcoinAddress);
  });

  it('tests other settings without changing the connection', async () => {
    const form = { network: 'regtest' as const, rpc: { url: world.node.rpcUrl, auth: 'cookie' as const, cookieFile: world.node.cookieFile, dataDir: '', user: '', wallet: 'nosuch' } };
    const d = await services.handlers['connection:test'](form, call);
    expect(d.code).toBe('WALLET_NOT_FOUND');
    expect((await services.handlers['connection:status'](undefined, call)).state).toBe('connected');
  });

  it('keeps the lists in the data directory across a restart of the services', async () => {
    const before = (await services.handlers['assets:list'](undefined, call)).assets.map((a) => [a.assetId, a.assetRef]);
    await services.stop();
    expect(fs.existsSync(path.join(world.dir, 'app', 'asset-lists.json'))).toBe(true);
    services = await startServices(
      { dataDir: path.join(world.dir, 'app'), network: 'regtest', rpcUrl: world.node.rpcUrl, cookieFile: world.node.cookieFile, wallet: 'w', appVersion: '0.0.0-test' },
      headlessPlatform(),
      quiet,
    );
    const after = (await services.handlers['assets:list'](undefined, call)).assets.map((a) => [a.assetId, a.assetRef]);
    expect(after).toEqual(before);
  });
});
