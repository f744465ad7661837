// coinsparkd's block answers over the devnet's index: `getlastblock`, `getblockmetadata` and the status page
// (the HTML index.php prints for `info`, byte for byte). See query.ts.
import type { BlockInfo } from './chain-index.js';
import { PhpObject, phpLong, phpProp, phpString, type PhpValue } from './php-json.js';
import { hexToBin, isoSeconds, viewHeight, type IndexView } from './query-view.js';

export function lastBlock(view: IndexView, nowSec: number): PhpObject | null {
  const b = view.index.blockAt(viewHeight(view));
  if (b === undefined) return null;
  return new PhpObject([
    ['block', b.height],
    ['created_ts', b.time],
    ['created', isoSeconds(b.time)],
    ['age', nowSec - b.time],
    ['processed_ts', b.processedAt],
    ['processed', isoSeconds(b.processedAt)],
    ['delay', b.processedAt - b.time],
    ['processed_before', nowSec - b.processedAt],
  ]);
}

export function blockMetadata(view: IndexView, b: string | null): PhpObject | null {
  if (b === null) return null;
  let block: BlockInfo | undefined;
  let hash: string;
  if (Buffer.byteLength(b) === 64) {
    hash = hexToBin(b).toString('hex');
    block = /^[0-9a-fA-F]{64}$/.test(b) ? view.index.blockByHash(hash) : undefined;
  } else {
    const height = Number(BigInt.asUintN(32, phpLong(b)));
    block = view.index.blockAt(height);
    hash = block?.hash ?? '';
  }
  if (block === undefined || block.height > viewHeight(view)) return null;
  // coinsparkd starts from a record of the genesis block with time 0 (observed on regtest)
  const time = block.height === 0 ? 0 : block.time;
  return new PhpObject([
    ['hash', hash],
    ['id', block.height],
    ['created_ts', time],
    ['created', isoSeconds(time)],
    ['txcount', block.txCount],
  ]);
}

export function statusPage(response: Map<string, PhpValue>, nowSec: number): string {
  const error = response.get('error');
  const head =
    '    \n<HTML>\n    <HEAD>\n        <META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8" />\n' +
    '        <TITLE> CoinSpark Tracking Server</TITLE>\n        <META HTTP-EQUIV="refresh" CONTENT="15">\n    </HEAD>\n    <BODY>\n        ';
  const tail = '    </BODY>\n</HTML>\n\n\n\n';
  if (error !== undefined && error !== null) {
    return `${head}            Error: ${phpString(phpProp(error, 'message'))}        ${tail}`;
  }
  // Reached without a lastblock only when a `"method": true` request passed as a quantity request: PHP then
  // prints nulls, and gmdate(null) is the current time.
  const last = response.get('lastblock');
  const tracked = response.get('trackedasset');
  const created = last instanceof PhpObject ? Number(last.get('created_ts')) : nowSec;
  return (
    `${head}            This server tracks ${tracked instanceof PhpObject ? 'all assets' : 'asset with reference: '}<BR /><BR />\n` +
    `            Last block: ${phpString(phpProp(last ?? null, 'block'))}<BR />\n` +
    `            Last block time: ${isoSeconds(created)} GMT<BR />\n        ${tail}`
  );
}
