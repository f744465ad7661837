import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcAssetHash, encodeGenesis, type Genesis } from '../../../shared/coinspark/index';
import { startHeadlessWallet, type HeadlessWallet } from '../../../main/host/headless';
import { HostLimiter } from '../../../main/node/net/host-limiter';
import { toGenesisRecord } from '../../../main/services/assets/genesis-record';
import { ValidityChecker } from '../../../main/services/validity/validity-checker';
import { startLocalServer, type LocalServer } from '../checking/local-servers';
import { until } from '../checking/harness';
import { openIpcSocket } from '../../unit/foundation/ws-host-support';
import { makeTempDir } from '../../support/temp-dir';

// Issue #12 item 2: an issuer page whose JSON nests 5,000 deep in a field outside the hash was accepted; the
// detail view later threw inside JSON.stringify in an unhandled promise and the host exited.

const DEPTH = 5000;
const hashed = { name: 'Deep (1 unit)', name_short: 'DEEP', issuer: 'Deep Ltd', description: 'Nested.', units: '1 unit', multiple: 1 };
const contract = Buffer.from('CONTRACT: deep.\n');
const deepText = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
const specText = (domain: string): string =>
  `{"name":"${hashed.name}","name_short":"DEEP","issuer":"Deep Ltd","description":"Nested.","units":"1 unit","multiple":1,` +
  `"contract_url":"http://${domain}/deep/contract.txt","coinspark_tracker_url":["http://127.0.0.1:1/"],"notes":${deepText}}`;
const page = (domain: string): string => `<html><script>_bitcoin_asset_specification_(${specText(domain)});</script></html>`;

const genesis: Genesis = {
  qtyMantissa: 1, qtyExponent: 3, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0,
  useHttps: false, domainName: 'deep.test', usePrefix: true, pagePath: 'deep',
  assetHash: calcAssetHash({ ...hashed, issueDate: null, expiryDate: null, interestRate: 0, contractContent: contract }).subarray(0, 16),
  assetHashLen: 16,
};

let server: LocalServer;
const hostMap = (): Record<string, string> => ({ 'deep.test': `127.0.0.1:${server.port}` });

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    if (req.url === '/coinspark/deep/') res.writeHead(200, { 'Content-Type': 'text/html' }).end(page('deep.test'));
    else if (req.url === '/deep/contract.txt') res.writeHead(200, { 'Content-Type': 'text/plain' }).end(contract);
    else res.writeHead(404).end();
  });
});
afterAll(() => server.stop());

describe('a page whose JSON nests 5,000 deep outside the hashed fields', () => {
  it('is refused when taken from the page: ASSET_SPECS_NOT_PARSED, in words', async () => {
    const checker = new ValidityChecker({ policy: { network: 'regtest', hostMap: hostMap() }, limiter: new HostLimiter(4, 64) });
    const outcome = await checker.check({ genesis, firstSpent: null });
    expect(outcome.state).toBe('ASSET_SPECS_NOT_PARSED');
    expect(outcome.reason).toMatch(/nests deeper than 16 levels/);
    expect(outcome.jsonText).toBeNull();
  });

  describe('in the running headless host', () => {
    let wallet: HeadlessWallet;
    let storedId = 0;
    let checkedId = 0;
    beforeAll(async () => {
      const dataDir = makeTempDir('deep-page-');
      const rendererDir = path.join(dataDir, 'renderer');
      fs.mkdirSync(rendererDir);
      fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
      const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
      wallet = await startHeadlessWallet({ dataDir, network: 'regtest', rpcUrl: 'http://127.0.0.1:9', hostMap: hostMap(), appVersion: 't' }, { rendererDir }, quiet);
      const assets = wallet.services.context.services.assets!;
      const encoded = encodeGenesis(genesis, 40);
      if (!encoded.ok) throw new Error(encoded.error);
      // One row checked now, live; one written by an older version that had accepted the deep JSON.
      checkedId = assets.lists.addAsset({ fromSource: 'genesis', genTxId: 'aa'.repeat(32), genesis: toGenesisRecord(genesis, encoded.value), validState: 'NOT_VALIDATED_YET' }).assetId;
      storedId = assets.lists.addAsset({ fromSource: 'genesis', genTxId: 'bb'.repeat(32), genesis: toGenesisRecord(genesis, encoded.value), validState: 'VALID' }).assetId;
      assets.lists.updateAsset(storedId, { webPageJSON: specText('deep.test'), lastValidJSON: specText('deep.test'), validChecked: new Date().toISOString(), nextCheck: new Date(Date.now() + 86_400_000).toISOString() });
      assets.trigger('genesisKnown', checkedId);
    }, 30_000);
    afterAll(() => wallet?.stop());

    it('assets:detail answers for both rows and the host keeps serving', async () => {
      const lists = wallet.services.context.services.assets!.lists;
      await until(() => lists.asset(checkedId)?.validChecked !== null, 10_000, 'the live check');
      expect(lists.asset(checkedId)?.validState).toBe('ASSET_SPECS_NOT_PARSED');
      const ws = await openIpcSocket(wallet.host);
      const replies = new Map<number, { ok: boolean; value?: { json: unknown; validity: { state: string } } }>();
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; id: number; result: never };
        if (m.type === 'result') replies.set(m.id, m.result);
      });
      ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'assets:detail', payload: { assetId: storedId } }));
      ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'assets:detail', payload: { assetId: checkedId } }));
      ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'app:info' }));
      await until(() => replies.size === 3, 5000, 'three replies');
      expect(replies.get(1)).toMatchObject({ ok: true, value: { json: null } }); // the stored deep copy is not handed on
      expect(replies.get(2)).toMatchObject({ ok: true, value: { json: null, validity: { state: 'ASSET_SPECS_NOT_PARSED' } } });
      expect(replies.get(3)?.ok).toBe(true);
      ws.close();
    });
  });
});
