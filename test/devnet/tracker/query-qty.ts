// The two quantity methods of coinsparkd's index.php over the devnet's index: `coinspark_assets_get_qty` (the
// reads keyed "txid-vout-asset", so repeats collapse and `vout` comes back as the string of the key; −10000 lists
// echoing the request) and `coinspark_all_assets_get_qty`. See query.ts.
import { MEMPOOL_BLOCK, outKey } from './chain-index.js';
import { PhpFatal, PhpObject, phpKey, phpPackV, phpProp, phpPropertyExists, phpScalarString, phpString, type PhpValue } from './php-json.js';
import {
  ERR,
  MSG_ASSET_NOT_FOUND,
  MSG_TXOUT_NOT_FOUND,
  assetIdBytes,
  genesisHash,
  hexToBin,
  looseDiffers,
  rpcError,
  toObject,
  txidOf,
  viewAssetByRef,
  viewAssetByTxid,
  viewOutput,
  type IndexView,
  type ViewAsset,
} from './query-view.js';

/** One database read: (units, block, spent) of an output for an asset id, or null. */
type Read = { units: bigint; block: number; spent: number } | null;
type AssetId = { kind: 'btc' } | { kind: 'asset'; asset: ViewAsset } | { kind: 'none' };

function readRecord(view: IndexView, out: string | null, id: AssetId): Read {
  if (out === null || id.kind === 'none') return null;
  const o = viewOutput(view, out);
  if (o === undefined) return null;
  if (id.kind === 'btc') return { units: o.value, block: o.block, spent: o.spent };
  const units = id.asset.members.reduce((sum, g) => sum + (o.assets.get(g) ?? 0n), 0n);
  return units === 0n ? null : { units, block: o.block, spent: o.spent };
}

const lie = (view: IndexView, id: AssetId, units: bigint): bigint => (view.lie !== undefined && id.kind === 'asset' ? view.lie(id.asset.info.genTxId, units) : units);

export function assetsQty(view: IndexView, txouts: PhpValue[], requested: PhpValue[]): { result: PhpObject; assets: PhpObject } {
  const btc = new PhpObject([
    ['txid', 'BTC'],
    ['block', 0],
    ['offset', 81],
    ['genhash', '00000000'],
  ]);
  const assets: PhpValue[] = [btc, ...requested];
  const ids: Array<AssetId | null> = [];
  const labels: PhpValue[] = [];
  const triple = new Map<string, PhpObject>();

  // 1. object-form assets (BTC first) by reference, string assets by genesis txid
  assets.forEach((a, key) => {
    if (a instanceof PhpObject) {
      const block = phpPackV(phpProp(a, 'block'));
      const offset = phpPackV(phpProp(a, 'offset'));
      const genhash = hexToBin(phpScalarString(phpProp(a, 'genhash')));
      const idBytes = assetIdBytes(block, offset, genhash);
      labels[key] = phpProp(a, 'txid');
      // the database holds records under (block, offset, 00000000); (0, 81) is the BTC pseudo-asset
      const zeroHash = genhash.equals(Buffer.alloc(4));
      const isBtc = zeroHash && block === 0 && offset === 81;
      const found = zeroHash && !isBtc ? viewAssetByRef(view, block, offset) : undefined;
      ids[key] = isBtc ? { kind: 'btc' } : found !== undefined ? { kind: 'asset', asset: found } : { kind: 'none' };
      triple.set(
        phpKey(labels[key]),
        new PhpObject([
          ['genesis_block', phpProp(a, 'block')],
          ['genesis_offset', phpProp(a, 'offset')],
          ['genesis_prefix', phpProp(a, 'genhash')],
          ['genesis_hash', genesisHash(idBytes)],
        ]),
      );
    } else {
      ids[key] = null;
      labels[key] = a;
      txidOf(a); // hex_to_bin(): a TypeError for a list
    }
  });
  assets.forEach((a, key) => {
    const id = ids[key];
    if (a instanceof PhpObject && id?.kind === 'asset') triple.get(phpKey(labels[key]))!.set('genesis_txid', id.asset.info.genTxId);
  });
  assets.forEach((a, key) => {
    if (a instanceof PhpObject) return;
    const genTxId = txidOf(a);
    const found = genTxId === null ? undefined : viewAssetByTxid(view, genTxId);
    if (found === undefined) return;
    ids[key] = { kind: 'asset', asset: found };
    triple.set(
      phpKey(labels[key]),
      new PhpObject([
        ['genesis_block', found.block],
        ['genesis_offset', found.offset],
        ['genesis_prefix', phpString(a).slice(0, 8)],
      ]),
    );
  });

  // 2. one read per (asset, txout), keyed "txid-vout-asset": repeats collapse onto the first
  const reads = new Map<string, Read>();
  ids.forEach((id, key) => {
    if (id === null) return;
    for (const t of txouts) {
      if (!(t instanceof PhpObject) || !t.has('txid') || !t.has('vout')) continue;
      const rkey = `${phpString(t.get('txid'))}-${phpString(t.get('vout'))}-${phpString(labels[key])}`;
      const txid = txidOf(t.get('txid'));
      reads.set(rkey, readRecord(view, txid === null ? null : outKey(txid, phpPackV(t.get('vout'))), id));
    }
  });

  // 3. the answer lists, grouped by the third part of the read key
  const result = new Map<string, PhpValue[]>();
  const idByLabel = new Map<string, AssetId>();
  ids.forEach((id, key) => {
    if (id !== null) idByLabel.set(phpString(labels[key]), id);
  });
  let last: string | null = '';
  for (const [rkey, value] of reads) {
    const parts = rkey.split('-');
    const [txid, vout, asset] = [parts[0] ?? null, parts[1] ?? null, parts[2] ?? null];
    if (looseDiffers(asset, last)) {
      last = asset;
      result.set(phpKey(last), []);
    }
    let read = value;
    let zero = false;
    if (read === null && looseDiffers(last, 'BTC')) {
      read = reads.get(`${txid ?? ''}-${vout ?? ''}-BTC`) ?? null;
      zero = true;
    }
    const list = result.get(phpKey(last))!;
    if (view.omit === true && looseDiffers(last, 'BTC')) continue; // the fault: outputs left out of asset lists
    if (read !== null) {
      const units = zero ? 0n : read.units;
      const id = idByLabel.get(last ?? '') ?? { kind: 'none' };
      list.push(
        new PhpObject([
          ['txid', txid],
          ['vout', vout],
          ['qty', lie(view, id, units)],
          ['block', read.block],
          ['spent', read.spent],
        ]),
      );
    } else {
      list.push(
        new PhpObject([
          ['txid', txid],
          ['vout', vout],
          ['error', rpcError(ERR.txoutNotFound, MSG_TXOUT_NOT_FOUND)],
        ]),
      );
    }
  }

  // 4. assets the database does not know: one −10000 element per txout, as sent
  ids.forEach((id, key) => {
    if (id !== null) return;
    const list: PhpValue[] = [];
    result.set(phpKey(labels[key]), list);
    for (const t of txouts) {
      if (phpPropertyExists(t, 'txid') && phpPropertyExists(t, 'vout')) {
        list.push(
          new PhpObject([
            ['txid', phpProp(t, 'txid')],
            ['vout', phpProp(t, 'vout')],
            ['error', rpcError(ERR.assetNotFound, MSG_ASSET_NOT_FOUND)],
          ]),
        );
      }
    }
  });
  return { result: toObject(result), assets: toObject(triple) };
}

/** LevelDB order of asset ids (V(block) V(offset) genhash): little-endian bytes compared one by one. */
function compareAssetKeys(a: { block: number; offset: number }, b: { block: number; offset: number }): number {
  const ka = assetIdBytes(a.block, a.offset, Buffer.alloc(4));
  const kb = assetIdBytes(b.block, b.offset, Buffer.alloc(4));
  return Buffer.compare(ka, kb);
}

export function allAssetsQty(view: IndexView, txouts: PhpValue[]): PhpObject {
  const balances: PhpObject[] = [];
  const seen = new Map<string, ViewAsset | null>(); // internal ref "block-offset-0" → asset (null: BTC)
  for (const t of txouts) {
    if (!(t instanceof PhpObject) || !t.has('txid') || !t.has('vout')) continue;
    const txid = txidOf(t.get('txid'));
    const o = txid === null ? undefined : viewOutput(view, outKey(txid, phpPackV(t.get('vout'))));
    if (o === undefined) {
      balances.push(
        new PhpObject([
          ['txid', t.get('txid')!],
          ['vout', t.get('vout')!],
          ['error', rpcError(ERR.txoutNotFound, MSG_TXOUT_NOT_FOUND)],
        ]),
      );
      continue;
    }
    const records: Array<{ ref: string; asset: ViewAsset | null; units: bigint }> = [{ ref: '0-81-0', asset: null, units: o.value }];
    // one record per asset id (the mempool geneses share one), in LevelDB key order
    const held = new Map<string, { asset: ViewAsset; units: bigint }>();
    for (const [genTxId, units] of o.assets) {
      const asset = units > 0n ? viewAssetByTxid(view, genTxId) : undefined;
      if (asset === undefined) continue;
      const ref = `${asset.block}-${asset.offset}-0`;
      const h = held.get(ref);
      if (h === undefined) held.set(ref, { asset, units });
      else h.units += units;
    }
    for (const [ref, h] of [...held].sort(([, x], [, y]) => compareAssetKeys(x.asset, y.asset))) {
      records.push({ ref, asset: h.asset, units: lie(view, { kind: 'asset', asset: h.asset }, h.units) });
    }
    const assetsObj = new PhpObject();
    for (const r of records) {
      assetsObj.set(r.ref, r.units);
      if (!seen.has(r.ref)) seen.set(r.ref, r.asset);
    }
    balances.push(
      new PhpObject([
        ['txid', t.get('txid')!],
        ['vout', t.get('vout')!],
        ['block', o.block],
        ['spent', o.spent === 0 ? -1 : o.spent],
        ['assets', assetsObj],
      ]),
    );
  }
  // asset definitions: the full reference (prefix from the genesis txid), "?" for a mempool genesis
  const info: PhpObject[] = [];
  const fullRef = new Map<string, string>();
  for (const [ref, asset] of seen) {
    if (asset === null) continue;
    const txidBytes = Buffer.from(asset.info.genTxId, 'hex');
    const prefix = txidBytes[1]! * 256 + txidBytes[0]!;
    const full = `${asset.block === MEMPOOL_BLOCK ? '?' : asset.block}-${asset.offset}-${prefix}`;
    fullRef.set(ref, full);
    info.push(
      new PhpObject([
        ['assetref', full],
        ['genesis_txid', asset.info.genTxId],
        ['genesis_metadata', Buffer.from(asset.info.metadata).toString('hex')],
      ]),
    );
  }
  for (const b of balances) {
    const a = b.get('assets');
    // array_keys($result->assets) on an unknown output's error element (no assets): a TypeError, HTTP 500 —
    // real coinsparkd answers any all-assets request naming an unknown output that way (observed)
    if (!(a instanceof PhpObject)) throw new PhpFatal('array_keys(): Argument #1 ($array) must be of type array, null given');
    for (const ref of [...a.props.keys()]) {
      const full = fullRef.get(ref);
      if (full === undefined || full === ref) continue;
      const units = a.get(ref)!;
      a.props.delete(ref);
      a.set(full, units);
    }
  }
  return new PhpObject([
    ['assets_balances', balances],
    ['assets_info', info],
  ]);
}
