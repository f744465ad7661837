// Replays recorded Bitcoin Core requests against a devnet node and compares the answers with the
// recorded ones: HTTP status, Content-Type, outcome, error code and (normalised) message, and the
// form of the JSON (key order, value kinds, number formats; array elements merged). Values that
// differ between runs (txids, addresses, hex) are learnt from earlier answers and substituted into
// later requests, so the calls hit the same objects as in the recording.
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { JsonNum, JsonValue, parseExact, writeExact } from './json.js';
import { addressToScript, toHex } from './bitcoin.js';

export interface RecordedCall {
  seq: number;
  topic: string;
  step: string;
  rpc?: { method?: string } | null;
  request: { http_method: string; path: string; http_version: string; headers: [string, string][]; body: string; body_truncated?: boolean };
  response: { status: number | null; content_type?: string | null; body?: string | null; transport_error?: string };
  outcome: { kind: string; code?: number; message?: string };
}

export function loadRecordings(dir: string): RecordedCall[] {
  const calls: RecordedCall[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json') || f === 'index.json') continue;
    const doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { calls?: RecordedCall[] };
    calls.push(...(doc.calls ?? []));
  }
  return calls.sort((a, b) => a.seq - b.seq);
}

// ----------------------------------------------------------------------------- normalisation

const HEX64 = /\b[0-9a-f]{64}\b/g;
const ADDR = /\b(bcrt1[02-9ac-hj-np-z]{8,87}|[mn2][1-9A-HJ-NP-Za-km-z]{25,34})\b/g;
const WPATH = /'[^']*\/wallets\/[^']*'/g;

export function normText(s: string): string {
  return s.replace(HEX64, '<hex64>').replace(ADDR, '<addr>').replace(WPATH, "'<walletpath>'").replace(/\b\d+\.\d{8}\b/g, '<amount>');
}

type Shape = string | { t: 'obj'; keys: [string, Shape][] } | { t: 'uobj'; keys: [string, Shape][] } | { t: 'arr'; el: Shape | null } | { t: 'alt'; alts: Shape[] };

function scalarKind(v: JsonValue): string {
  if (v instanceof JsonNum) return /[eE]/.test(v.text) ? 'exp' : v.text.includes('.') ? `dp${v.text.split('.')[1]!.length}` : 'int';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return /^[0-9a-f]{64}$/.test(v) ? 'hex64' : /^([0-9a-f]{2})+$/.test(v) ? 'hex' : 'str';
  return '?';
}

const keyName = (k: string): string => (/^[0-9a-f]{64}$/.test(k) ? '<hex64>' : k);

function loose(v: JsonValue): Shape {
  if (Array.isArray(v)) {
    let m: Shape | null = null;
    for (const x of v) m = merge(m, loose(x));
    return { t: 'arr', el: m };
  }
  if (v !== null && typeof v === 'object' && !(v instanceof JsonNum)) return { t: 'obj', keys: Object.entries(v).map(([k, x]) => [keyName(k), loose(x)]) };
  return scalarKind(v);
}

function unordered(x: Shape): Shape {
  if (typeof x === 'string') return x;
  if (x.t === 'obj') return { t: 'uobj', keys: x.keys.map(([k, v]) => [k, unordered(v)] as [string, Shape]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
  if (x.t === 'arr') return { t: 'arr', el: x.el ? unordered(x.el) : null };
  return x;
}

function merge(a: Shape | null, b0: Shape): Shape {
  const b = unordered(b0);
  if (a === null) return b;
  if (render(a) === render(b)) return a;
  if (typeof a !== 'string' && typeof b !== 'string' && a.t === 'uobj' && b.t === 'uobj') {
    const keys = new Map(a.keys);
    for (const [k, x] of b.keys) keys.set(k, keys.has(k) ? merge(keys.get(k)!, x) : x);
    return { t: 'uobj', keys: [...keys.entries()].sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0)) };
  }
  if (typeof a !== 'string' && typeof b !== 'string' && a.t === 'arr' && b.t === 'arr') return { t: 'arr', el: a.el ? (b.el ? merge(a.el, b.el) : a.el) : b.el };
  const alts = new Map<string, Shape>();
  for (const s of [a, b]) for (const x of typeof s !== 'string' && s.t === 'alt' ? s.alts : [s]) alts.set(render(x), x);
  return { t: 'alt', alts: [...alts.entries()].sort((p, q) => (p[0] < q[0] ? -1 : 1)).map(([, x]) => x) };
}

export function render(x: Shape | null): string {
  if (x === null) return '';
  if (typeof x === 'string') return x;
  if (x.t === 'obj' || x.t === 'uobj') return `{${x.keys.map(([k, v]) => `${k}=${render(v)}`).join(',')}}`;
  if (x.t === 'arr') return `[${render(x.el)}]`;
  return `(${x.alts.map(render).join('|')})`;
}

export interface Signature {
  status: number | null;
  content_type: string | null;
  outcome: string;
  code?: number;
  message?: string;
  trailing_newline?: boolean;
  form: string;
}

export function signatureOf(status: number | null, contentType: string | null, body: string | null, outcome: RecordedCall['outcome']): Signature {
  const sig: Signature = { status, content_type: contentType, outcome: outcome.kind, form: 'empty' };
  if (outcome.kind === 'rpc_error') {
    sig.code = outcome.code;
    sig.message = normText(outcome.message ?? '');
  }
  if (body) {
    sig.trailing_newline = body.endsWith('\n');
    try {
      sig.form = render(loose(parseExact(body.trim())));
    } catch {
      sig.form = 'non-json:' + normText(body.slice(0, 200));
    }
  }
  return sig;
}

/** Classifies an answer like the recorder does. */
export function outcomeOf(status: number | null, body: string | null): RecordedCall['outcome'] {
  if (status === null) return { kind: 'no_response' };
  if (!body) return { kind: 'http_only' };
  let doc: JsonValue;
  try {
    doc = parseExact(body.trim());
  } catch {
    return { kind: 'http_only' };
  }
  if (Array.isArray(doc)) return { kind: 'batch' };
  if (doc && typeof doc === 'object' && !(doc instanceof JsonNum)) {
    const e = (doc as Record<string, JsonValue>).error;
    if (e && typeof e === 'object' && !(e instanceof JsonNum) && !Array.isArray(e)) {
      const eo = e as Record<string, JsonValue>;
      return { kind: 'rpc_error', code: eo.code instanceof JsonNum ? Number(eo.code.text) : undefined, message: typeof eo.message === 'string' ? eo.message : '' };
    }
    return { kind: 'result' };
  }
  return { kind: 'http_only' };
}

// ------------------------------------------------------------------------------- transport

export interface RawResponse {
  status: number | null;
  headers: [string, string][];
  body: string;
  transportError?: string;
}

/** One request on its own TCP connection, written byte for byte (HTTP/1.0 and odd headers included). */
export function rawHttp(port: number, head: string, body: Buffer, timeoutMs = 60_000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (r: RawResponse): void => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(r);
    };
    const tryParse = (final: boolean): void => {
      const buf = Buffer.concat(chunks);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (final) finish({ status: null, headers: [], body: '', transportError: 'incomplete response' });
        return;
      }
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(lines[0]!.split(' ')[1]);
      const headers = lines.slice(1).map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i), l.slice(i + 1).trim()] as [string, string];
      });
      const cl = headers.find(([k]) => k.toLowerCase() === 'content-length');
      const rest = buf.subarray(end + 4);
      if (cl) {
        if (rest.length >= Number(cl[1])) finish({ status, headers, body: rest.subarray(0, Number(cl[1])).toString('utf8') });
        else if (final) finish({ status, headers, body: rest.toString('utf8') });
      } else if (status === 204 || final) finish({ status, headers, body: rest.toString('utf8') });
    };
    sock.on('connect', () => {
      sock.write(head);
      if (body.length) sock.write(body);
    });
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      tryParse(false);
    });
    sock.on('end', () => tryParse(true));
    sock.on('close', () => tryParse(true));
    sock.on('error', (e) => finish({ status: null, headers: [], body: '', transportError: (e as NodeJS.ErrnoException).code ?? String(e) }));
    sock.setTimeout(timeoutMs, () => finish({ status: null, headers: [], body: '', transportError: 'timeout' }));
  });
}

// --------------------------------------------------------------------------------- replay

export interface ReplayResult {
  seq: number;
  step: string;
  topic: string;
  method: string | null;
  diffs: string[];
}

const TOKEN = /[0-9a-f]{65,}|cHNidP8[A-Za-z0-9+/=]+|76a914[0-9a-f]{40}88ac|a914[0-9a-f]{40}87|0014[0-9a-f]{40}|[0-9a-f]{64}|bcrt1[02-9ac-hj-np-z]{8,87}|[mn2][1-9A-HJ-NP-Za-km-z]{25,34}/g;

export class Replayer {
  readonly map = new Map<string, string>();
  /** `<ref txid>:<ref n>` -> candidate output index (outputs are matched by address) */
  readonly voutMap = new Map<string, number>();
  /** `<ref txid>:<ref n>` -> candidate outpoint (inputs of decoded txs, unspent lists matched by address) */
  readonly outpoints = new Map<string, { txid: string; n: number }>();

  /** output values seen in answers: `<txid>:<n>` -> amount text, for the reference and the candidate */
  readonly refValues = new Map<string, string>();
  readonly candValues = new Map<string, string>();

  private mapString(ref: string, cand: string): void {
    if (ref === cand || this.map.has(ref)) return;
    this.map.set(ref, cand);
    const rs = /^(bcrt1|[mn2])/.test(ref) ? addressToScript(ref) : null;
    const cs = rs ? addressToScript(cand) : null;
    if (rs && cs) this.map.set(toHex(rs), toHex(cs));
  }

  constructor(
    readonly port: number,
    readonly authHeader: () => string,
  ) {}

  private learn(ref: JsonValue | undefined, cand: JsonValue | undefined): void {
    if (ref === undefined || cand === undefined) return;
    if (typeof ref === 'string' && typeof cand === 'string') {
      if (new RegExp(`^(${TOKEN.source})$`).test(ref)) this.mapString(ref, cand);
      return;
    }
    if (Array.isArray(ref) && Array.isArray(cand)) {
      const isUtxo = (x: JsonValue | undefined): x is Record<string, JsonValue> =>
        !!x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof JsonNum) && typeof x.txid === 'string' && x.vout instanceof JsonNum && typeof x.address === 'string';
      if (ref.length && ref.every(isUtxo) && cand.every(isUtxo)) {
        // unspent outputs: pair them by (substituted) address
        const used = new Set<number>();
        for (const r of ref) {
          const ca = this.map.get(r.address as string) ?? (r.address as string);
          let i = cand.findIndex((c, k) => !used.has(k) && c.address === ca);
          if (i < 0) {
            // no output at the same address: take one of the same kind (address type, confirmed or not)
            const kind = (x: Record<string, JsonValue>): string =>
              `${(x.address as string).slice(0, 5)}:${x.confirmations instanceof JsonNum && x.confirmations.text !== '0'}`;
            i = cand.findIndex((c, k) => !used.has(k) && kind(c) === kind(r));
          }
          if (i < 0) continue;
          used.add(i);
          const c = cand[i] as Record<string, JsonValue>;
          this.outpoints.set(`${r.txid as string}:${(r.vout as JsonNum).text}`, { txid: c.txid as string, n: Number((c.vout as JsonNum).text) });
        }
        return;
      }
      const isTxObj = (x: JsonValue | undefined): x is Record<string, JsonValue> =>
        !!x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof JsonNum) && typeof x.txid === 'string' && Array.isArray(x.vout);
      if (ref.length && ref.every(isTxObj) && cand.every(isTxObj)) {
        // transactions of a block: the order may differ, pair them by (substituted) txid
        ref.forEach((r, i) => {
          const ct = this.map.get(r.txid as string);
          const c = ct ? cand.find((x) => x.txid === ct) : i === 0 ? cand[0] : undefined;
          if (c) this.learn(r, c);
        });
        return;
      }
      if (ref.length === cand.length) ref.forEach((x, i) => this.learn(x, cand[i]));
      return;
    }
    if (ref && cand && typeof ref === 'object' && typeof cand === 'object' && !(ref instanceof JsonNum) && !(cand instanceof JsonNum) && !Array.isArray(ref) && !Array.isArray(cand)) {
      const r = ref as Record<string, JsonValue>;
      const c = cand as Record<string, JsonValue>;
      // a decoded transaction: match outputs by (substituted) address
      if (typeof r.txid === 'string' && typeof c.txid === 'string' && Array.isArray(r.vout) && Array.isArray(c.vout)) {
        this.learn(r.txid, c.txid);
        const rvin = r.vin;
        const cvin = c.vin;
        if (Array.isArray(rvin) && Array.isArray(cvin) && rvin.length === cvin.length)
          rvin.forEach((ri, i) => {
            const a = ri as Record<string, JsonValue>;
            const b = cvin[i] as Record<string, JsonValue>;
            if (typeof a?.txid === 'string' && a.vout instanceof JsonNum && typeof b?.txid === 'string' && b.vout instanceof JsonNum) {
              this.outpoints.set(`${a.txid}:${a.vout.text}`, { txid: b.txid, n: Number(b.vout.text) });
              // the recorder follows inputs (getrawtransaction <vin txid>): the latest pairing wins
              if (!this.map.has(a.txid) || this.map.get(a.txid) !== b.txid) this.map.set(a.txid, b.txid);
            }
          });
        for (const [txs, vals] of [[r, this.refValues], [c, this.candValues]] as const)
          for (const o of txs.vout as JsonValue[]) {
            const x = o as Record<string, JsonValue>;
            if (x.n instanceof JsonNum && x.value instanceof JsonNum) vals.set(`${txs.txid as string}:${x.n.text}`, x.value.text);
          }
        const candByAddr = new Map<string, number>();
        for (const o of c.vout) {
          const spk = (o as Record<string, JsonValue>).scriptPubKey as Record<string, JsonValue> | undefined;
          const n = (o as Record<string, JsonValue>).n;
          if (spk && typeof spk.address === 'string' && n instanceof JsonNum) candByAddr.set(spk.address, Number(n.text));
        }
        for (const o of r.vout) {
          const spk = (o as Record<string, JsonValue>).scriptPubKey as Record<string, JsonValue> | undefined;
          const n = (o as Record<string, JsonValue>).n;
          if (!spk || typeof spk.address !== 'string' || !(n instanceof JsonNum)) continue;
          const ca = this.map.get(spk.address) ?? spk.address;
          const cn = candByAddr.get(ca);
          if (cn !== undefined) this.voutMap.set(`${r.txid}:${n.text}`, cn);
        }
      }
      for (const k of Object.keys(r)) if (k in c && !(k === 'vout' && Array.isArray(r[k]))) this.learn(r[k], c[k]);
      return;
    }
  }

  private substitute(body: string): string {
    let out = body.replace(TOKEN, (t) => this.map.get(t) ?? t);
    if (this.voutMap.size === 0 && this.outpoints.size === 0) return out;
    let doc: JsonValue;
    try {
      doc = parseExact(body);
    } catch {
      return out;
    }
    let changed = false;
    const fix = (refTxid: string, n: JsonNum): [string, JsonNum] => {
      const op = this.outpoints.get(`${refTxid}:${n.text}`);
      if (op) {
        changed = true;
        return [op.txid, new JsonNum(String(op.n))];
      }
      const m = this.voutMap.get(`${refTxid}:${n.text}`);
      if (m === undefined || String(m) === n.text) return [refTxid, n];
      changed = true;
      return [refTxid, new JsonNum(String(m))];
    };
    const walk = (v: JsonValue): JsonValue => {
      if (Array.isArray(v)) {
        const a = v.map(walk);
        if (typeof v[0] === 'string' && /^[0-9a-f]{64}$/.test(v[0]) && v[1] instanceof JsonNum) [a[0], a[1]] = fix(v[0], v[1]);
        return a;
      }
      if (v && typeof v === 'object' && !(v instanceof JsonNum)) {
        const o: Record<string, JsonValue> = {};
        for (const [k, x] of Object.entries(v)) o[k] = walk(x);
        if (typeof v.txid === 'string' && v.vout instanceof JsonNum) [o.txid, o.vout] = fix(v.txid, v.vout);
        return o;
      }
      return v;
    };
    let fixed = walk(doc);
    fixed = this.shiftAmounts(doc, fixed) ?? fixed;
    if (fixed !== doc) changed = changed || this.shifted;
    if (changed) out = writeExact(fixed).replace(TOKEN, (t) => this.map.get(t) ?? t);
    return out;
  }

  private shifted = false;

  /**
   * createrawtransaction spending a remapped input with amounts the recorder derived from the
   * input's value: move the first payment by the difference between the two inputs' values.
   */
  private shiftAmounts(ref: JsonValue, fixed: JsonValue): JsonValue | null {
    this.shifted = false;
    const r = ref as Record<string, JsonValue>;
    const f = fixed as Record<string, JsonValue>;
    if (!r || typeof r !== 'object' || r.method !== 'createrawtransaction' || !Array.isArray(r.params) || !Array.isArray(f.params)) return null;
    const [rin, rout] = r.params as [JsonValue, JsonValue];
    const [fin, fout] = f.params as [JsonValue, JsonValue];
    if (!Array.isArray(rin) || !Array.isArray(fin) || rin.length !== 1 || !Array.isArray(fout)) return null;
    const ri = rin[0] as Record<string, JsonValue>;
    const fi = fin[0] as Record<string, JsonValue>;
    const rv = this.refValues.get(`${ri.txid as string}:${(ri.vout as JsonNum).text}`);
    const cv = this.candValues.get(`${fi.txid as string}:${(fi.vout as JsonNum).text}`);
    if (!rv || !cv || rv === cv) return null;
    const sats = (t: string): bigint => BigInt(Math.round(Number(t) * 1e8));
    const delta = sats(cv) - sats(rv);
    void rout;
    const outs = fout.map((o) => {
      const e = Object.entries(o as Record<string, JsonValue>)[0]!;
      if (e[0] === 'data' || !(e[1] instanceof JsonNum)) return o;
      const v = sats(e[1].text) + delta;
      this.shifted = true;
      return { [e[0]]: new JsonNum(`${v / 100_000_000n}.${(v % 100_000_000n).toString().padStart(8, '0')}`) };
    });
    return { ...f, params: [fin, outs, ...(f.params as JsonValue[]).slice(2)] };
  }

  async replay(call: RecordedCall): Promise<ReplayResult> {
    const rq = call.request;
    let body = rq.body ?? '';
    const headerMap = rq.headers.map(([k, v]) => [k, v] as [string, string]);
    const cl = headerMap.find(([k]) => k.toLowerCase() === 'content-length');
    if (rq.body_truncated && cl) {
      const i = body.indexOf('"pad":"');
      const target = Number(cl[1]);
      body = body.slice(0, i + 7) + 'x'.repeat(target - (i + 7) - 2) + '"}';
    }
    body = this.substitute(body);
    const bodyBuf = Buffer.from(body, 'utf8');
    const lines = [`${rq.http_method} ${rq.path} ${rq.http_version}`];
    for (const [k, v] of headerMap) {
      if (k.toLowerCase() === 'authorization' && v.includes('<cookie secret>')) lines.push(`${k}: ${this.authHeader()}`);
      else if (k.toLowerCase() === 'content-length') lines.push(`${k}: ${bodyBuf.length}`);
      else if (k.toLowerCase() === 'host') lines.push(`${k}: 127.0.0.1:${this.port}`);
      else {
        // abbreviated in the recording: `yyyy...<16384 chars>`
        const m = /^(.)\1*\.\.\.<(\d+) chars>$/.exec(v);
        lines.push(`${k}: ${m ? m[1]!.repeat(Number(m[2])) : v}`);
      }
    }
    if (process.env.REPLAY_DEBUG?.split(",").includes(String(call.seq))) console.log("REQ", call.seq, body.slice(0, 600));
    const res = await rawHttp(this.port, lines.join('\r\n') + '\r\n\r\n', bodyBuf);
    if (process.env.REPLAY_DEBUG?.split(",").includes(String(call.seq))) console.log("RES", call.seq, res.body.slice(0, 600));
    const ct = res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? null;
    const candOutcome = outcomeOf(res.status, res.status === null ? null : res.body);
    const a = signatureOf(call.response.status, call.response.content_type ?? null, call.response.body ?? null, call.outcome);
    const b = signatureOf(res.status, ct, res.status === null ? null : res.body, candOutcome);
    const diffs: string[] = [];
    for (const k of Object.keys(a) as (keyof Signature)[]) if (a[k] !== b[k]) diffs.push(`${k}: ${String(a[k])}  <>  ${String(b[k])}`);
    // learn ids from the answer
    try {
      if (call.response.body && res.body) {
        const r = parseExact(call.response.body.trim());
        const c = parseExact(res.body.trim());
        const pick = (d: JsonValue): JsonValue | undefined => (d && typeof d === 'object' && !Array.isArray(d) && !(d instanceof JsonNum) ? (d as Record<string, JsonValue>).result : undefined);
        if (Array.isArray(r) && Array.isArray(c)) r.forEach((x, i) => this.learn(pick(x), pick(c[i]!)));
        else this.learn(pick(r), pick(c));
      }
    } catch {
      /* not JSON */
    }
    return { seq: call.seq, step: call.step, topic: call.topic, method: call.rpc?.method ?? null, diffs };
  }
}
