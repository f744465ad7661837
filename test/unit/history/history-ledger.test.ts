import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeGenesis, encodeTransfers, metadataToScript, type Genesis } from '../../../shared/coinspark/index';
import { unknownProvenance } from '../../../shared/model/asset-lists';
import { openAssetListsStore } from '../../../main/services/assets/asset-lists-store';
import { toGenesisRecord } from '../../../main/services/assets/genesis-record';
import { HistoryLedger } from '../../../main/services/history/history-ledger';
import { openHistoryFile } from '../../../main/services/history/history-file';
import { historySnapshot } from '../../../main/services/history/history-view';
import type { SyncPass, TxRecord } from '../../../main/services/sync/wallet-sync';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
  dirs.push(d);
  return d;
};
const TX = (n: number): string => n.toString(16).padStart(64, '0');
const P2WPKH = Uint8Array.from([0x00, 0x14, ...new Array(20).fill(7)]);

const genesis: Genesis = { qtyMantissa: 1, qtyExponent: 3, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0, useHttps: false, domainName: 'ledger.example', usePrefix: true, pagePath: '', assetHash: new Uint8Array(12).fill(1), assetHashLen: 12 };

/** A wallet transaction record as sync makes it. */
function record(over: Partial<TxRecord> & { txid: string; inputs: { txid: string; vout: number }[]; outputValues: bigint[]; ours: number[]; metadata?: Uint8Array | null; height: number | null }): TxRecord {
  const scripts = over.outputValues.map((_, o) => (over.metadata && o === 1 ? metadataToScript(over.metadata)! : P2WPKH));
  return {
    txid: over.txid,
    blockHash: over.height === null ? null : TX(9000 + over.height),
    blockHeight: over.height,
    blockIndex: over.blockIndex ?? 1,
    confirmations: over.height === null ? 0 : 1,
    receivedVouts: new Set(over.ours),
    countInputs: over.inputs.length,
    outputsRegular: scripts.map((s) => s[0] !== 0x6a),
    genesis: null,
    metadata: over.metadata ?? null,
    transfers: null,
    firstSpent: over.inputs[0] ?? null,
    conflicts: [],
    inputs: over.inputs,
    outputValues: over.outputValues,
    outputScripts: scripts,
    ourVouts: new Set(over.ours),
    outputAddresses: new Map(),
    debitsWallet: false,
    walletAmountSats: 0n,
    walletFeeSats: null,
    time: 1_700_000_000 + (over.height ?? 999),
    paymentRef: null,
    message: null,
  };
}

const pass = (changed: TxRecord[], txs: Map<string, TxRecord>): SyncPass => {
  for (const t of changed) txs.set(t.txid, t);
  return { tip: { height: 200, hash: TX(1) }, changed, txs, removed: [], removedTxids: new Set(), unspent: new Map(), previousUnspent: new Map(), coreLocks: new Set(), lastBlock: TX(2) };
};

describe('history ledger', () => {
  it('works figures out locally through the wallet’s own transactions, takes row figures (tracker or verified) for the rest, and keeps them in history.json', () => {
    const dir = tempDir();
    const lists = openAssetListsStore({ dir });
    const ledger = new HistoryLedger(lists);
    const txs = new Map<string, TxRecord>();
    const identity = { chain: 'regtest', wallet: 'w' };

    // A coin of the wallet (mined), then its genesis: 1,000 units to output 0; the change (2) gets none.
    // The coin comes from someone else (its parent is unknown here) in the genesis's own block, just before it.
    const coin = record({ txid: TX(10), inputs: [{ txid: TX(1), vout: 0 }], outputValues: [100_000n], ours: [0], height: 101, blockIndex: 0 });
    const meta = encodeGenesis(genesis, 40);
    if (!meta.ok) throw new Error(meta.error);
    const gen = record({ txid: TX(11), inputs: [{ txid: TX(10), vout: 0 }], outputValues: [10_000n, 0n, 80_000n], ours: [0, 2], metadata: meta.value, height: 101 });
    const asset = lists.addAsset({ fromSource: 'genesis', genTxId: gen.txid, genesis: toGenesisRecord(genesis, meta.value), assetRef: { blockNum: 101, txOffset: 81, txIDPrefix: gen.txid.slice(0, 4) } });
    ledger.ingest(pass([coin, gen], txs), identity);
    expect(ledger.figure(`${gen.txid}:0`, asset.assetId)).toEqual({ qty: 1000n, source: 'local' });
    expect(ledger.figure(`${gen.txid}:2`, asset.assetId)).toBeUndefined();
    expect(ledger.figure(`${coin.txid}:0`, asset.assetId)).toBeUndefined(); // earlier in the genesis block: holds none
    // Someone else's genesis paying the wallet: its fee decides whether any unit exists, and its input's value is not
    // known here: unknown (a tracker will tell), never a number.
    const otherMeta = encodeGenesis({ ...genesis, domainName: 'other.example' }, 40);
    if (!otherMeta.ok) throw new Error(otherMeta.error);
    const other = record({ txid: TX(14), inputs: [{ txid: TX(88), vout: 1 }], outputValues: [10_000n, 0n, 5_000n], ours: [0], metadata: otherMeta.value, height: 102 });
    const otherAsset = lists.addAsset({ fromSource: 'genesis', genTxId: other.txid, genesis: toGenesisRecord({ ...genesis, domainName: 'other.example' }, otherMeta.value), assetRef: { blockNum: 102, txOffset: 81, txIDPrefix: other.txid.slice(0, 4) } });
    ledger.ingest(pass([other], txs), identity);
    expect(ledger.figure(`${other.txid}:0`, otherAsset.assetId)).toEqual({ qty: null, source: 'tracker' });
    expect(ledger.figure(`${other.txid}:2`, otherAsset.assetId)).toBeUndefined(); // not the wallet's
    expect(ledger.isEvaluated(asset.assetId)).toBe(true);

    // The wallet sends 300 by an explicit transfer; 700 follow the default route to its change (last output).
    const list = encodeTransfers([{ assetRef: asset.assetRef!, inputs: { first: 0, count: 1 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 300n }], 1, 3, 40);
    if (!list.ok) throw new Error(list.error);
    const send = record({ txid: TX(12), inputs: [{ txid: gen.txid, vout: 0 }], outputValues: [5000n, 0n, 4000n], ours: [2], metadata: list.value, height: null });
    // Someone else pays the wallet at its last output: what it holds is not known here.
    const receipt = record({ txid: TX(13), inputs: [{ txid: TX(77), vout: 3 }], outputValues: [9000n, 1000n], ours: [1], height: null });
    ledger.ingest(pass([send, receipt], txs), identity);
    expect(ledger.figure(`${send.txid}:2`, asset.assetId)).toEqual({ qty: 700n, source: 'local' });
    expect(ledger.figure(`${receipt.txid}:1`, asset.assetId)).toEqual({ qty: null, source: 'tracker' });
    expect(ledger.figure(`${receipt.txid}:0`, asset.assetId)).toBeUndefined(); // not the wallet's

    // A tracker's answer arrives in the balance rows: a tracker figure; the verifier's proof: a local figure.
    lists.addBalance(asset.assetId, receipt.txid, 1);
    lists.updateBalance(asset.assetId, receipt.txid, 1, { qty: '250', provenance: { ...unknownProvenance(), source: 'tracker', agree: ['http://t.example'] } });
    expect(ledger.takeRowFigures([asset.assetId])).toBe(true);
    expect(ledger.figure(`${receipt.txid}:1`, asset.assetId)).toEqual({ qty: 250n, source: 'tracker' });
    lists.updateBalance(asset.assetId, receipt.txid, 1, { qty: '250', provenance: { ...unknownProvenance(), source: 'verified' } });
    ledger.takeRowFigures([asset.assetId]);
    expect(ledger.figure(`${receipt.txid}:1`, asset.assetId)).toEqual({ qty: 250n, source: 'local' });
    // A row never replaces what the wallet worked out itself.
    lists.addBalance(asset.assetId, send.txid, 2, { qty: '1', provenance: { ...unknownProvenance(), source: 'tracker' } });
    ledger.takeRowFigures([asset.assetId]);
    expect(ledger.figure(`${send.txid}:2`, asset.assetId)).toEqual({ qty: 700n, source: 'local' });

    // What the history shows for each.
    const snapshot = historySnapshot(ledger, { tipHeight: 200, own: undefined, alertFor: () => null });
    const byTxid = new Map(snapshot.rows.map((r) => [r.txid, r]));
    expect(byTxid.get(gen.txid)!.assets).toEqual([{ assetId: asset.assetId, in: '1000', out: '0', net: '1000', source: 'local' }]);
    expect(byTxid.get(send.txid)!.assets).toEqual([{ assetId: asset.assetId, in: '700', out: '1000', net: '-300', source: 'local' }]);
    expect(byTxid.get(send.txid)!.kind).toBe('transfer');
    // (The receipt's output could also hold the other asset, issued later: unknown, like any payment from others.)
    expect(byTxid.get(receipt.txid)!.assets).toEqual([{ assetId: asset.assetId, in: '250', out: '0', net: '250', source: 'local' }, { assetId: otherAsset.assetId, in: null, out: '0', net: null, source: 'tracker' }]);
    expect(byTxid.get(coin.txid)!.assets).toEqual([]);
    expect(byTxid.get(other.txid)!.assets).toEqual([{ assetId: otherAsset.assetId, in: null, out: '0', net: null, source: 'tracker' }]);
    expect(snapshot.rows.map((r) => r.blockHeight)).toEqual([null, null, 102, 101, 101]); // newest first, mempool on top
    // A poll with nothing new is not a change (the history screen is not told to list again).
    const revision = ledger.revision;
    ledger.ingest(pass([], txs), identity);
    expect(ledger.revision).toBe(revision);

    // history.json: written, read back into a new ledger the same.
    const file = openHistoryFile({ dir, ledger });
    file.markDirty();
    file.close();
    const again = new HistoryLedger(lists);
    const reopened = openHistoryFile({ dir, ledger: again });
    expect(reopened.report).toBeUndefined();
    expect(again.exportState()).toEqual(ledger.exportState());
    expect(again.lastBlock).toBe(TX(2));
    expect(historySnapshot(again, { tipHeight: 200, own: undefined, alertFor: () => null }).rows).toEqual(snapshot.rows);
    lists.close();
  });

  it('a history.json that does not match its format is kept aside and reported, and the history starts again', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'history.json'), JSON.stringify({ version: 1, lastBlock: null, chain: null, wallet: null, txs: [['zz']], figures: [], evaluated: [] }));
    const lists = openAssetListsStore({ dir });
    const ledger = new HistoryLedger(lists);
    const file = openHistoryFile({ dir, ledger });
    expect(file.report?.kind).toBe('invalid-file');
    expect(file.report?.message).toMatch(/txs\.0/);
    expect(fs.existsSync(file.report!.keptAs)).toBe(true);
    expect(ledger.size).toBe(0);
    expect(ledger.lastBlock).toBeNull();
    lists.close();
  });
});
