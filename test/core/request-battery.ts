// Requests for comparing two coinsparkd front ends on one chain, byte for byte: the recorded kinds (quantities,
// mempool, spent and unknown outputs, unknown and under-fee assets, duplicates, ids, every request error, all GET
// methods) and what a client might send that the recordings never did (odd ids, vouts, txids and assets, the
// object form of assets, malformed JSON of every kind, other HTTP methods, a mempool genesis).
import type { World } from '../devnet/scenario/build.js';

export interface BatteryRequest {
  name: string;
  method: string;
  /** path and query, `?k=` included */
  path: string;
  body?: Uint8Array;
}

export interface BatteryChain {
  world: World;
  /** geneses still in the mempool */
  mempoolGeneses: string[];
  tip: number;
  tipHash: string;
  /** height of a block holding geneses */
  genesisBlock: number;
  /** the asset reference of one confirmed asset */
  ref: { block: number; offset: number };
  /** the trackers' shared-memory key (`?k=`), and one no daemon uses */
  key: number;
  unusedKey: number;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

export function requestBattery(c: BatteryChain): BatteryRequest[] {
  const k = `/?k=${c.key}`;
  const out: BatteryRequest[] = [];
  const post = (name: string, body: string | Uint8Array, path = k) => out.push({ name, method: 'POST', path, body: typeof body === 'string' ? text(body) : body });
  const get = (name: string, query: string, path = k) => out.push({ name, method: 'GET', path: query === '' ? path : `${path}&${query}` });
  const qty = (name: string, params: unknown, id: string = '17') => post(name, `{"id":${id},"method":"coinspark_assets_get_qty","params":${JSON.stringify(params)}}`);

  const assets = c.world.assets;
  const gens = [...assets.map((a) => a.genTxId), ...c.mempoolGeneses];
  const walletOuts = assets.flatMap((a) => a.wallet.outputs.map((o) => ({ txid: o.txid, vout: o.vout })));
  const genesisOuts = gens.flatMap((g) => [0, 1, 2, 3].map((vout) => ({ txid: g, vout })));
  const unknown = [{ txid: 'ab'.repeat(32), vout: 0 }, { txid: gens[0]!, vout: 77 }];
  const everything = [...walletOuts, ...genesisOuts, ...unknown];
  const one = walletOuts[0]!;
  const gold = assets[0]!.genTxId;

  // quantities
  qty('all assets × all outputs, duplicates, unknowns', { assets: [...gens, 'cd'.repeat(32)], txouts: [...everything, walletOuts[0], walletOuts[1]] });
  for (const a of assets) qty(`asset ${a.key}`, { assets: [a.genTxId], txouts: [...a.wallet.outputs.map((o) => ({ txid: o.txid, vout: o.vout })), { txid: a.genTxId, vout: 0 }] });
  const mempoolOuts = c.mempoolGeneses.flatMap((txid) => [0, 1, 2].map((vout) => ({ txid, vout })));
  qty('mempool geneses', { assets: c.mempoolGeneses, txouts: mempoolOuts });
  qty('upper-case asset and txid', { assets: [gold.toUpperCase()], txouts: [{ txid: one.txid.toUpperCase(), vout: one.vout }] });
  qty('asset twice, both cases', { assets: [gold, gold, gold.toUpperCase()], txouts: [one] });
  qty('empty txouts', { assets: [gold], txouts: [] });
  qty('empty txouts, unknown asset', { assets: ['cd'.repeat(32)], txouts: [] });
  qty('empty assets', { assets: [], txouts: [one] });
  qty('both empty', { assets: [], txouts: [] });
  // ids
  for (const id of ['"abc"', 'null', '1.5', '1152921504606846976', '-7', 'true', '[1]', '{"a":1}', '1e3', '"a/\\u00e9\\ud83d\\ude00"', '12345678901234567890']) {
    qty(`id ${id}`, { assets: [gold], txouts: [one] }, id);
  }
  // vouts and txids
  for (const vout of ['"0"', '"00"', '" 0"', '0.0', '1.5', 'true', 'null', '"abc"', '-1', '4294967296', '[0]', '{}']) {
    post(`vout ${vout}`, `{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":["${gold}","${'cd'.repeat(32)}"],"txouts":[{"txid":"${one.txid}","vout":${vout.replace('0', String(one.vout))}}]}}`);
  }
  for (const txid of ['"zz"', `"${'g'.repeat(64)}"`, '5', 'null', '[1]']) {
    post(`txid ${txid}`, `{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":["${gold}"],"txouts":[{"txid":${txid},"vout":0}]}}`);
  }
  post('txout not an object, tracked asset only', `{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":["${gold}"],"txouts":["x",5,{"txid":"${one.txid}"}]}}`);
  post('txout string with an unknown asset', `{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":["${'cd'.repeat(32)}"],"txouts":["x"]}}`);
  post('txout number with an unknown asset', `{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":["${'cd'.repeat(32)}"],"txouts":[5]}}`);
  // assets of other kinds
  for (const a of ['5', 'null', 'true', '1.5', '[]', '""', '"BTC"', '"x-y"']) {
    post(`asset ${a}`, `{"id":1,"method":"coinspark_assets_get_qty","params":{"assets":[${a}],"txouts":[{"txid":"${one.txid}","vout":${one.vout}}]}}`);
  }
  const objectAsset = (name: string, o: unknown) => qty(`object asset ${name}`, { assets: [o], txouts: [one, { txid: gold, vout: 0 }, unknown[0]] });
  objectAsset('by reference', { txid: 'X', block: c.ref.block, offset: c.ref.offset, genhash: '00000000' });
  objectAsset('wrong genhash', { txid: 'X', block: c.ref.block, offset: c.ref.offset, genhash: '11111111' });
  objectAsset('BTC reference', { txid: 'Y', block: 0, offset: 81, genhash: '00000000' });
  objectAsset('no such reference', { txid: 'Z', block: c.ref.block, offset: c.ref.offset + 1, genhash: '00000000' });
  objectAsset('numeric label, string block', { txid: 5, block: String(c.ref.block), offset: c.ref.offset, genhash: '00000000' });
  objectAsset('no fields', {});
  objectAsset('mempool reference', { txid: 'M', block: 1234567890, offset: 0, genhash: '00000000' });
  // all assets in outputs
  const all = (name: string, params: string) => post(`all assets: ${name}`, `{"id":1,"method":"coinspark_all_assets_get_qty","params":${params}}`);
  all('every known output', JSON.stringify({ txouts: [...walletOuts, ...gens.map((txid) => ({ txid, vout: 0 }))] }));
  all('an unknown output among them', JSON.stringify({ txouts: [...walletOuts.slice(0, 3), unknown[0]] }));
  all('mempool genesis outputs', JSON.stringify({ txouts: mempoolOuts }));
  all('empty', '{"txouts":[]}');
  all('no txouts', '{}');
  all('odd txouts', `{"txouts":["x",{"txid":"${one.txid}"},{"txid":"${one.txid}","vout":"${one.vout}"}]}`);
  // request errors (the recorded ones and more)
  for (const [name, body] of [
    ['not json', '{not json'],
    ['empty body', ''],
    ['array', '[1,2]'],
    ['string', '"hello"'],
    ['number', '5'],
    ['null', 'null'],
    ['no method', '{"id": 1, "params": {}}'],
    ['no id', '{"method": "coinspark_assets_get_qty", "params": {"assets": [], "txouts": []}}'],
    ['no id, no params', '{"method": "coinspark_assets_get_qty"}'],
    ['no id, empty params', '{"method": "coinspark_assets_get_qty", "params": {}}'],
    ['no params', '{"id": 1, "method": "coinspark_assets_get_qty"}'],
    ['no assets', '{"id": 1, "method": "coinspark_assets_get_qty", "params": {"txouts": []}}'],
    ['assets not array', '{"id": 1, "method": "coinspark_assets_get_qty", "params": {"assets": "x", "txouts": []}}'],
    ['assets an object', '{"id": 1, "method": "coinspark_assets_get_qty", "params": {"assets": {"0":"x"}, "txouts": []}}'],
    ['no txouts', '{"id": 1, "method": "coinspark_assets_get_qty", "params": {"assets": []}}'],
    ['txouts not array', '{"id": 1, "method": "coinspark_assets_get_qty", "params": {"assets": [], "txouts": 5}}'],
    ['params array', '{"id": 1, "method": "coinspark_assets_get_qty", "params": []}'],
    ['params string', '{"id": 1, "method": "coinspark_assets_get_qty", "params": "x"}'],
    ['params number', '{"id": 1, "method": "coinspark_assets_get_qty", "params": 5}'],
    ['params null', '{"id": 1, "method": "coinspark_assets_get_qty", "params": null}'],
    ['unknown method', '{"id": 1, "method": "getinfo", "params": []}'],
    ['method with slash and accents', '{"id": 1, "method": "a/\\u00e9"}'],
    ['method number', '{"id": 1, "method": 5}'],
    ['method null', '{"id": 1, "method": null}'],
    ['method true', '{"id": 1, "method": true, "params": {"assets": [], "txouts": []}}'],
    ['method info', '{"id": 1, "method": "info"}'],
    ['method getlastblock', '{"id": 9, "method": "getlastblock"}'],
    ['method getblockmetadata', '{"method": "getblockmetadata"}'],
    ['duplicate keys', '{"id": 1, "id": 2, "method": "x", "method": "getinfo"}'],
    ['whitespace around', ' \n {"id": 1, "method": "getinfo"} \t'],
    ['lone surrogate', '{"id": "\\ud800", "method": "getinfo"}'],
    ['NUL key', '{"\\u0000a": 1, "id": 1, "method": "getinfo"}'],
    ['nested 511', `{"id": 1, "method": "getinfo", "x": ${'['.repeat(510)}${']'.repeat(510)}}`],
    ['nested 513', `{"id": 1, "method": "getinfo", "x": ${'['.repeat(512)}${']'.repeat(512)}}`],
  ] as const) {
    post(`error: ${name}`, body);
  }
  post('error: invalid UTF-8', Uint8Array.from([...text('{"id":"'), 0xff, ...text('","method":"getinfo"}')]));
  post('error: byte order mark', Uint8Array.from([0xef, 0xbb, 0xbf, ...text('{"id":1,"method":"getinfo"}')]));
  // GET methods and other HTTP methods
  get('status page', '');
  get('getlastblock', 'm=getlastblock');
  for (const b of ['0', '1', String(c.genesisBlock), String(c.tip), String(c.tip + 1), c.tipHash, c.tipHash.toUpperCase(), 'z'.repeat(64), 'abc', '-1', '%201', '1abc', '']) {
    get(`getblockmetadata b=${b}`, `m=getblockmetadata&b=${b}`);
  }
  get('getblockmetadata without b', 'm=getblockmetadata');
  get('empty method', 'm=');
  get('unknown method', 'm=x');
  get('quantity method by GET', 'm=coinspark_assets_get_qty');
  get('info by GET', 'm=info');
  get('another path', 'm=getlastblock', `/tracker/?k=${c.key}`);
  get('a shared-memory key no daemon uses', 'm=getlastblock', `/?k=${c.unusedKey}`);
  get('a key that is not a number', 'm=getlastblock', '/?k=abc');
  get('a key with a trailing space', 'm=getlastblock', `/?k=${c.key}%20`);
  out.push({ name: 'HEAD', method: 'HEAD', path: k });
  out.push({ name: 'PUT', method: 'PUT', path: k, body: text('{"id":1,"method":"getinfo"}') });
  out.push({ name: 'DELETE', method: 'DELETE', path: k });
  return out;
}
