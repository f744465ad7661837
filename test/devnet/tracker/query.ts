// coinsparkd's PHP front end (public_html/index.php, unmodified upstream) over the devnet's index, step for step:
// the same request checks in the same order (a later failed check overwrites an earlier one), the same PHP 8
// fatal errors (HTTP 500, empty body: bad JSON, a top-level array, `params: []`…), the same answer objects built in
// the same key order, `vout` read back as the string of the lookup key, duplicates collapsed through that key,
// −10000 lists echoing the request, the status page, `getlastblock`, `getblockmetadata`,
// `coinspark_all_assets_get_qty`. Where the real server reads LevelDB through shared memory, this reads the
// ChainIndex. Answers are PHP values encoded as json_encode does (php-json.ts), so they match byte for byte.
// test/integration/devnet-world/coinsparkd-forms.test.ts holds this to the real server's recorded answers.
import {
  PhpFatal,
  PhpObject,
  phpJsonDecode,
  phpJsonEncode,
  phpLong,
  phpProp,
  phpPropertyExists,
  type PhpValue,
} from './php-json.js';
import { blockMetadata, lastBlock, statusPage } from './query-blocks.js';
import { allAssetsQty, assetsQty } from './query-qty.js';
import { ERR, looseEqualsLiteral, rpcError, toObject, type IndexView } from './query-view.js';

export { viewHeight, type IndexView } from './query-view.js';

export interface HttpRequest {
  method: string;
  /** the URL's query (`m`, `b`, `k` are read) */
  query: URLSearchParams;
  body: Uint8Array;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** PHP's built-in server sends every page of index.php, JSON included, as HTML. */
export const CONTENT_TYPE = 'text/html; charset=UTF-8';
export const DEFAULT_SHMEM_KEY = 0x3133;

/** Everything index.php does for one HTTP request. */
export function answerHttp(view: IndexView, req: HttpRequest, nowSec = Math.floor(Date.now() / 1000)): HttpAnswer {
  try {
    return { status: 200, contentType: CONTENT_TYPE, body: frontEnd(view, req, nowSec) };
  } catch (err) {
    if (err instanceof PhpFatal) return { status: 500, contentType: CONTENT_TYPE, body: '' };
    throw err;
  }
}

function frontEnd(view: IndexView, req: HttpRequest, nowSec: number): string {
  let decoded: PhpValue = null;
  if (req.method === 'POST') {
    decoded = phpJsonDecode(req.body) ?? null;
  } else if (req.method === 'GET') {
    const m = req.query.get('m');
    decoded = new PhpObject([
      ['method', m ?? 'info'],
      ['id', null],
    ]);
  }

  const response = new Map<string, PhpValue>([['error', null]]);
  const setError = (e: PhpValue) => response.set('error', e);
  // The first statement of index.php: a TypeError (HTTP 500) for anything but an object or a string.
  if (phpPropertyExists(decoded, 'id')) response.set('id', phpProp(decoded, 'id'));
  const method = phpProp(decoded, 'method');

  if (decoded instanceof PhpObject) {
    if (decoded.has('method')) response.set('method', method);
    else setError(rpcError(ERR.request, "The JSON received doesn't have method field"));
    if (looseEqualsLiteral(method, 'coinspark_assets_get_qty') || looseEqualsLiteral(method, 'coinspark_all_assets_get_qty')) {
      if (decoded.has('id')) response.set('id', decoded.get('id')!);
      else setError(rpcError(ERR.request, "The JSON received doesn't have id field"));
      if (decoded.has('params')) {
        const params = decoded.get('params')!;
        if (looseEqualsLiteral(method, 'coinspark_assets_get_qty')) {
          if (phpPropertyExists(params, 'assets')) {
            if (!Array.isArray(phpProp(params, 'assets'))) setError(rpcError(ERR.params, 'The assets parameters should be array'));
          } else setError(rpcError(ERR.params, "The parameters in JSON received doesn't have assets field"));
        }
        if (phpPropertyExists(params, 'txouts')) {
          if (!Array.isArray(phpProp(params, 'txouts'))) setError(rpcError(ERR.params, 'The txouts parameters should be array'));
        } else setError(rpcError(ERR.params, "The parameters in JSON received doesn't have txouts field"));
      } else setError(rpcError(ERR.request, "The JSON received doesn't have params field"));
    }
  } else {
    // a JSON string (the only other value property_exists accepts)
    setError(rpcError(ERR.request, 'The JSON received is JSON object'));
  }

  // the `switch` on the method: loose comparison, the first matching case wins
  const routes = ['coinspark_all_assets_get_qty', 'coinspark_assets_get_qty', 'info', 'getlastblock', 'getblockmetadata'] as const;
  const route = routes.find((r) => looseEqualsLiteral(method, r));
  if (response.get('error') === null && route === undefined) setError(rpcError(ERR.method, 'The method in the request is not available'));

  if (response.get('error') === null && !openDatabase(view, req.query)) setError(rpcError(ERR.internal, 'Could not connect to database'));

  if (response.get('error') === null) {
    const params = phpProp(decoded, 'params');
    switch (route) {
      case 'coinspark_all_assets_get_qty':
        response.set('result', allAssetsQty(view, phpProp(params, 'txouts') as PhpValue[]));
        break;
      case 'coinspark_assets_get_qty': {
        const { result, assets } = assetsQty(view, phpProp(params, 'txouts') as PhpValue[], phpProp(params, 'assets') as PhpValue[]);
        response.set('result', result);
        response.set('assets', assets);
        break;
      }
      case 'info': {
        const last = lastBlock(view, nowSec);
        if (last === null) setError(rpcError(ERR.internal, 'Last block record not found'));
        else response.set('lastblock', last);
        response.set('trackedasset', new PhpObject([['all_assets', true]]));
        break;
      }
      case 'getlastblock': {
        const last = lastBlock(view, nowSec);
        if (last === null) setError('Last block record not found');
        else response.set('lastblock', last);
        break;
      }
      case 'getblockmetadata': {
        const block = blockMetadata(view, req.query.get('b'));
        if (block === null) setError('Block record not found');
        else response.set('block', block);
        break;
      }
      default:
        break;
    }
  }
  if (response.get('error') === null) response.delete('error');

  // the output `switch`: the status page for 'info', JSON for everything else
  if (looseEqualsLiteral(method, 'info')) return statusPage(response, nowSec);
  return `${phpJsonEncode(toObject(response))}\n`;
}

/** db_open(): `?k=` (default 12595) must name the daemon's shared-memory segment. */
function openDatabase(view: IndexView, query: URLSearchParams): boolean {
  if (view.noDatabase === true) return false;
  const k = query.get('k');
  const key = view.shmemKey ?? DEFAULT_SHMEM_KEY;
  if (k === null) return key === DEFAULT_SHMEM_KEY;
  // shmop_open(int $key): a non-numeric string is a TypeError
  if (!/^[ \t\n\r\v\f]*[+-]?[0-9]/.test(k)) throw new PhpFatal('shmop_open(): Argument #1 ($key) must be of type int');
  return phpLong(k) === BigInt(key);
}
