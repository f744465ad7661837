// The devnet tracker answers as the real coinsparkd does. Every request of the recordings
// (test/fixtures/coinsparkd/recordings.json) is replayed against the devnet tracker on an equivalent world
// (coinsparkd-world.ts: same assets, outputs, vouts, units, block layout and mempool), and each answer is compared
// with the recorded one: HTTP status, Content-Type, and the body's form — value types, keys, key order, array
// lengths, the JSON text's layout (punctuation, whitespace, trailing newline) and every value that does not depend
// on the chain (ids, methods, error codes and messages, vouts, asset units, 0 and 1234567890 markers, txcount).
// What depends on the chain is masked or translated: txids and hashes, heights (shifted by the genesis block's
// distance from the recording's 103), times, genesis offsets, satoshis, genesis metadata and asset references.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.js';
import { loadRecordings, MEMPOOL, type RecordedCase } from '../checking/coinsparkd-recordings.js';
import { buildEquivalentWorld, type EquivalentWorld } from './coinsparkd-world.js';
import { httpGet } from './http-helpers.js';

const RECORDED_GENESIS_BLOCK = 103;

/**
 * Differences between the devnet and the recording that are understood and accepted: (case, path) → reason.
 * Empty: the devnet answers every recorded request in the recorded form.
 */
const EXPLAINED: Array<{ name: string; path: string; reason: string }> = [];

let devnet: Devnet;
let world: EquivalentWorld;

beforeAll(async () => {
  devnet = await startDevnet({ world: false });
  world = await buildEquivalentWorld(devnet.rpc);
  await devnet.syncTrackers();
}, 180_000);
afterAll(async () => devnet?.stop());

/** The recorded request, rewritten for the equivalent world (txids, asset A's reference, block 103). */
function translateRequest(c: RecordedCase): { path: string; body: string | undefined } {
  let body = c.request ?? '';
  for (const [recorded, ours] of world.txids) {
    body = body.split(recorded).join(ours).split(recorded.toUpperCase()).join(ours.toUpperCase());
  }
  body = body.replace('"block": 103, "offset": 443', `"block": ${world.refA.block}, "offset": ${world.refA.offset}`);
  const path = (c.path ?? '/').replace(`b=${RECORDED_GENESIS_BLOCK}`, `b=${world.genesisBlock}`);
  return { path, body: c.http === 'POST' ? body : undefined };
}

const HEIGHT_KEYS = new Set(['block', 'spent', 'genesis_block']);
const TIME_KEYS = new Set(['created_ts', 'processed_ts', 'age', 'delay', 'processed_before']);
const DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const ASSETREF = /^(?:\d+|\?)-\d+-\d+$/;

/** Heights of the recording moved onto the devnet chain (0, −1 and the mempool mark are not heights). */
function shiftHeights(v: unknown, shift: number, key = '', parent = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => shiftHeights(x, shift, '', parent));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shiftHeights(x, shift, k, key)]));
  }
  const isHeight = HEIGHT_KEYS.has(key) || (key === 'id' && parent === 'block');
  if (isHeight && typeof v === 'number' && v !== 0 && v !== -1 && v !== MEMPOOL) return v + shift;
  return v;
}

/** An object's members in order, so that key order is compared too. */
class Members {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** The chain-independent form of an answer: masks in place of txids, hashes, times, offsets, satoshis. */
function mask(v: unknown, key = '', parent = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => mask(x, key, parent));
  if (v !== null && typeof v === 'object') {
    // keys that are txids or asset references are masked as values are
    return new Members(Object.entries(v).map(([k, x]) => [maskString(k), mask(x, k, key)]));
  }
  if (typeof v === 'string') return key === 'genesis_metadata' ? `<metadata:${v.slice(0, 8)}>` : key === 'genesis_prefix' ? maskPrefix(v) : maskString(v);
  if (typeof v === 'number') {
    if (TIME_KEYS.has(key)) return Number.isInteger(v) ? '<time>' : v;
    if (key === 'genesis_offset') return Number.isInteger(v) && v > 0 ? '<offset>' : v;
    // satoshis: the BTC list's qty and the all-assets "0-81-0" entry (change values differ)
    if ((key === 'qty' && parent === 'BTC') || key === '0-81-0') return v > 0 ? '<sats>' : v;
  }
  return v;
}
function maskString(s: string): string {
  if (/^[0-9a-f]{64}$/.test(s)) return '<hex64>';
  if (/^[0-9A-F]{64}$/.test(s)) return '<HEX64>';
  if (DATETIME.test(s)) return '<datetime>';
  if (ASSETREF.test(s) && s !== '0-81-0') return '<assetref>';
  return s;
}
function maskPrefix(s: string): string {
  if (s === '00000000') return s;
  return /^[0-9a-f]{8}$/.test(s) ? '<hex8>' : /^[0-9A-F]{8}$/.test(s) ? '<HEX8>' : s;
}

/** The JSON text with every string and number replaced: its layout, compared byte for byte. */
function layout(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '"s"').replace(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, '0');
}

function htmlForm(text: string, shift: number): string {
  return text.replace(/Last block: (\d+)/, (_m, h: string) => `Last block: ${Number(h) + shift}`).replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<datetime>');
}

/** Paths where two masked forms differ (at most a few, for the message). */
function differences(a: unknown, b: unknown, path = '$', out: string[] = []): string[] {
  if (out.length >= 8) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: ${a.length} vs ${b.length} elements`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) differences(a[i], b[i], `${path}[${i}]`, out);
    return out;
  }
  if (a instanceof Members && b instanceof Members) {
    const ka = a.entries.map(([k]) => k);
    const kb = b.entries.map(([k]) => k);
    if (ka.join('\n') !== kb.join('\n')) out.push(`${path}: keys recorded ${JSON.stringify(ka)} / devnet ${JSON.stringify(kb)}`);
    else a.entries.forEach(([k, x], i) => differences(x, b.entries[i]![1], `${path}.${k}`, out));
    return out;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: recorded ${JSON.stringify(a)?.slice(0, 120)} / devnet ${JSON.stringify(b)?.slice(0, 120)}`);
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Every unexplained difference between the recorded answer and the devnet's, as "case: path: what". */
function compare(c: RecordedCase, got: { status: number; contentType: string; body: string }, shift: number): string[] {
  const diffs: string[] = [];
  const rec = c.response;
  if (got.status !== rec.status) diffs.push(`status: recorded ${rec.status} / devnet ${got.status}`);
  if (got.contentType !== rec.content_type) diffs.push(`content-type: recorded ${rec.content_type} / devnet ${got.contentType}`);
  const recJson = rec.body === '' ? undefined : parseJson(rec.body);
  if (recJson === undefined) {
    if (htmlForm(got.body, 0) !== htmlForm(rec.body, shift)) diffs.push(`body: recorded ${JSON.stringify(rec.body.slice(0, 200))} / devnet ${JSON.stringify(got.body.slice(0, 200))}`);
  } else {
    const gotJson = parseJson(got.body);
    if (gotJson === undefined) diffs.push(`body: devnet answer is not JSON: ${JSON.stringify(got.body.slice(0, 200))}`);
    else {
      const [lg, lr] = [layout(got.body), layout(rec.body)];
      if (lg !== lr) {
        let i = 0;
        while (i < lg.length && lg[i] === lr[i]) i++;
        diffs.push(`body: the JSON text is laid out differently from ${JSON.stringify(lr.slice(Math.max(0, i - 20), i + 20))} (devnet ${JSON.stringify(lg.slice(Math.max(0, i - 20), i + 20))})`);
      }
      for (const d of differences(mask(shiftHeights(recJson, shift)), mask(gotJson))) diffs.push(`body ${d}`);
    }
  }
  return diffs.filter((d) => !EXPLAINED.some((e) => e.name === c.name && d.includes(e.path))).map((d) => `${c.name}: ${d}`);
}

describe('the devnet tracker answers every recorded request in coinsparkd’s forms', () => {
  const cases = loadRecordings();

  it('replays the 42 recorded requests on the equivalent world: 0 unexplained differences', async () => {
    expect(cases).toHaveLength(42);
    const shift = world.genesisBlock - RECORDED_GENESIS_BLOCK;
    const url = new URL(devnet.trackers[0]!.url);
    const all: string[] = [];
    for (const c of cases) {
      const { path, body } = translateRequest(c);
      const r = await httpGet(url.host, path, { method: c.http, ...(body === undefined ? {} : { body }) });
      all.push(...compare(c, { status: r.status, contentType: String(r.headers['content-type']), body: r.body.toString('utf8') }, shift));
    }
    expect(all).toEqual([]);
  });

  it('the comparison sees a difference: vout as a number, an error envelope with id null, a JSON body for a 500', () => {
    const shift = 0;
    const asset = cases.find((c) => c.name === 'asset-A')!;
    const numericVout = asset.response.body.replace(/"vout":"(\d+)"/g, '"vout":$1');
    expect(compare(asset, { status: 200, contentType: asset.response.content_type, body: numericVout }, shift).length).toBeGreaterThan(0);
    const noId = cases.find((c) => c.name === 'err-string')!;
    const withId = '{"error":{"code":-32600,"message":"The JSON received is JSON object"},"id":null,"method":null}\n';
    expect(compare(noId, { status: 200, contentType: noId.response.content_type, body: withId }, shift).length).toBeGreaterThan(0);
    const parse = cases.find((c) => c.name === 'err-parse')!;
    const json = '{"error":{"code":-32700,"message":"Could not parse the JSON input received"},"id":null,"method":null}';
    expect(compare(parse, { status: 200, contentType: parse.response.content_type, body: json }, shift)).toHaveLength(2);
    // and the recorded answers compared with themselves are equal
    for (const c of cases) expect(compare(c, { status: c.response.status, contentType: c.response.content_type, body: c.response.body }, 0)).toEqual([]);
  });
});
