/**
 * Seeded fuzzing of every CoinSpark decoder: random and mutated bytes/strings. Checks that no decoder
 * throws (bad input must give the typed failure), that no single input takes long (no hang), and that
 * whatever decodes re-encodes to something that decodes to the same value.
 */
import {
  appendMetadata,
  applyNoTransfers,
  applyTransfers,
  applyTransfersBig,
  bytesToHex,
  decodeAddress,
  decodeAssetRefText,
  decodeGenesis,
  decodeMessage,
  decodePaymentRef,
  decodeTransfers,
  defaultOutputs,
  encodeAddress,
  encodeAssetRefText,
  encodeGenesis,
  encodeMessage,
  encodePaymentRef,
  encodeTransfers,
  groupOrdering,
  hexToBytes,
  locateField,
  readTransactionMetadata,
  scriptToMetadata,
  calcTransfersMinFee,
  type Genesis,
  type Message,
  type Transfer,
} from '../../shared/coinspark/index.js';
import { loadCases } from '../vectors/run-lib.js';

/** mulberry32: small, fast, seeded. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzResult {
  inputs: number;
  decodedOk: number;
  failures: string[];
  slowestMs: number;
}

interface Corpus {
  metadata: Uint8Array[];
  addresses: string[];
  assetRefs: string[];
}

function loadCorpus(vectorsDir: string): Corpus {
  const metadata: Uint8Array[] = [];
  const addresses: string[] = [];
  const assetRefs: string[] = [];
  for (const c of loadCases(vectorsDir)) {
    const i = c.input as Record<string, unknown>;
    for (const k of ['metadata', 'genesisMetadata', 'transfersMetadata']) {
      const v = i[k];
      if (typeof v === 'string') {
        const b = hexToBytes(v);
        if (b !== null && b.length > 0) metadata.push(b);
      }
    }
    if (typeof i.address === 'string') addresses.push(i.address);
    if (typeof i.text === 'string') assetRefs.push(i.text);
  }
  return { metadata, addresses, assetRefs };
}

const A58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const PREFIXES = [0x67, 0x74, 0x72, 0x6d];

function jsonish(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? bytesToHex(x) : x,
  );
}

// "Same value" allows for the two places where the reference encoders canonicalise:
// * a flat charge of mantissa 0 is not written, so its exponent reads back as 0 (the charge is 0 both ways);
// * a range starting at 0 that covers at least every input/output is written as _ALL and reads back as
//   exactly (0, count). Ranges are therefore compared clipped to the transaction's inputs/outputs, which
//   is all that apply, the minimum fee and default routes look at.
function sameGenesis(a: Genesis, b: Genesis): boolean {
  const h = (g: Genesis) => ({
    ...g,
    chargeFlatExponent: g.chargeFlatMantissa === 0 ? 0 : g.chargeFlatExponent,
    assetHash: bytesToHex(g.assetHash.subarray(0, g.assetHashLen)),
  });
  return jsonish(h(a)) === jsonish(h(b));
}

function clip(r: { first: number; count: number }, n: number): { first: number; count: number } {
  const first = Math.min(r.first, n);
  return { first, count: Math.max(0, Math.min(r.first + r.count, n) - first) };
}

function clippedTransfers(list: readonly Transfer[], countInputs: number, countOutputs: number): string {
  return jsonish(
    list.map((t) => ({ ...t, inputs: clip(t.inputs, countInputs), outputs: clip(t.outputs, countOutputs) })),
  );
}

function sameMessage(a: Message, b: Message, countOutputs: number): boolean {
  const h = (m: Message) => ({
    ...m,
    outputRanges: m.outputRanges.map((r) => clip(r, countOutputs)),
    hash: bytesToHex(m.hash.subarray(0, m.hashLen)),
  });
  return jsonish(h(a)) === jsonish(h(b));
}

export function runFuzz(opts: { seconds: number; seed: number; vectorsDir: string }): FuzzResult {
  const rng = makeRng(opts.seed);
  const int = (n: number) => Math.floor(rng() * n);
  const corpus = loadCorpus(opts.vectorsDir);
  const failures: string[] = [];
  let inputs = 0;
  let decodedOk = 0;
  let slowestMs = 0;

  const fail = (what: string, input: string) => {
    if (failures.length < 20) failures.push(`${what}: ${input}`);
  };

  function randomBytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = int(256);
    return b;
  }

  /** Random metadata: SPK + random fields, or a mutated corpus entry. */
  function randomMetadata(): Uint8Array {
    const r = rng();
    if (r < 0.35 && corpus.metadata.length > 0) {
      const src = corpus.metadata[int(corpus.metadata.length)]!;
      const b = Array.from(src);
      const muts = 1 + int(3);
      for (let m = 0; m < muts; m++) {
        const k = int(6);
        const p = int(b.length + 1);
        if (k === 0 && b.length > 0) b[p % b.length] = int(256);
        else if (k === 1 && b.length > 0) b[p % b.length]! ^= 1 << int(8);
        else if (k === 2) b.splice(p, 0, int(256));
        else if (k === 3 && b.length > 0) b.splice(p % b.length, 1);
        else if (k === 4) b.length = Math.min(b.length, p);
        else b.push(...randomBytes(int(8)));
      }
      return Uint8Array.from(b);
    }
    if (r < 0.55) return randomBytes(int(80));
    // SPK + a plausible field layout with random bodies
    const out = [0x53, 0x50, 0x4b];
    const fields = 1 + int(3);
    for (let f = 0; f < fields; f++) {
      const body = Array.from(randomBytes(int(40)));
      if (f < fields - 1) out.push(Math.min(body.length + 1, 96));
      out.push(rng() < 0.9 ? PREFIXES[int(4)]! : int(256), ...body);
    }
    return Uint8Array.from(out);
  }

  function randomString(alphabet: string, maxLen: number): string {
    let s = '';
    const n = int(maxLen);
    for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)];
    return s;
  }

  function mutateString(s: string, alphabet: string): string {
    const a = s.split('');
    const muts = 1 + int(3);
    for (let m = 0; m < muts; m++) {
      const k = int(4);
      const p = int(a.length + 1);
      if (k === 0 && a.length > 0) a[p % a.length] = alphabet[int(alphabet.length)]!;
      else if (k === 1) a.splice(p, 0, alphabet[int(alphabet.length)]!);
      else if (k === 2 && a.length > 0) a.splice(p % a.length, 1);
      else a.length = Math.min(a.length, p);
    }
    return a.join('');
  }

  function checkMetadata(meta: Uint8Array): void {
    const hex = bytesToHex(meta);
    const countInputs = int(4) === 0 ? int(70000) : int(40);
    const countOutputs = int(4) === 0 ? int(70000) : int(40);

    locateField(meta, null);
    appendMetadata(meta, 75, Uint8Array.of(0x53, 0x50, 0x4b, 0x72, 1));

    const g = decodeGenesis(meta);
    if (g.ok) {
      decodedOk++;
      const e = encodeGenesis(g.value, 4096);
      if (!e.ok) fail(`genesis decoded but does not re-encode (${e.error})`, hex);
      else {
        const g2 = decodeGenesis(e.value);
        if (!g2.ok || !sameGenesis(g.value, g2.value)) fail('genesis round trip differs', hex);
      }
    }

    const t = decodeTransfers(meta, countInputs, countOutputs);
    if (t.ok) {
      decodedOk++;
      const list = t.value;
      const e = encodeTransfers(list, countInputs, countOutputs, 4096);
      if (!e.ok) fail(`transfers decoded but do not re-encode (${e.error})`, `${hex} ${countInputs} ${countOutputs}`);
      else {
        const t2 = decodeTransfers(e.value, countInputs, countOutputs);
        const want = groupOrdering(list).map((k) => list[k]!);
        if (!t2.ok || clippedTransfers(t2.value, countInputs, countOutputs) !== clippedTransfers(want, countInputs, countOutputs)) fail('transfers round trip differs', `${hex} ${countInputs} ${countOutputs}`);
      }
      // apply must conserve or destroy units, never create them
      const nIn = Math.min(countInputs, 50);
      const nOut = Math.min(countOutputs, 50);
      const balances = Array.from({ length: nIn }, () => BigInt(int(1_000_000)));
      const regular = Array.from({ length: nOut }, () => rng() < 0.8);
      const sats = Array.from({ length: nOut }, () => BigInt(int(5000)));
      const totalIn = balances.reduce((s, x) => s + x, 0n);
      calcTransfersMinFee(list, nIn, sats, regular);
      defaultOutputs(list, nIn, regular);
      for (const r of list.slice(0, 3)) {
        if (r.assetRef.blockNum < 0) continue;
        const genesis = G_CHARGED;
        const out = applyTransfers(list, r.assetRef, genesis, balances, regular);
        const totalOut = out.reduce((s, x) => s + x, 0n);
        if (out.length !== nOut || totalOut > totalIn || out.some((x) => x < 0n)) fail('apply created or lost sign of units', hex);
        // the exact number fast path and the bigint path agree, also near 10^14 where qty × bp > 2^53
        const big = balances.map((b) => (b * 100_000_007n) % 100_000_000_000_001n);
        const viaNumber = applyTransfers(list, r.assetRef, genesis, big, regular);
        const viaBig = applyTransfersBig(list, r.assetRef, genesis, big, regular);
        if (jsonish(viaNumber) !== jsonish(viaBig)) fail('number and bigint apply differ', hex);
      }
      const none = applyNoTransfers(balances, regular);
      if (none.reduce((s, x) => s + x, 0n) > totalIn) fail('applyNone created units', hex);
    }

    const p = decodePaymentRef(meta);
    if (p.ok) {
      decodedOk++;
      const e = encodePaymentRef(p.value, 4096);
      const p2 = e.ok ? decodePaymentRef(e.value) : null;
      if (p2 === null || !p2.ok || p2.value !== p.value) fail('payment reference round trip differs', hex);
    }

    const m = decodeMessage(meta, countOutputs);
    if (m.ok) {
      decodedOk++;
      const e = encodeMessage(m.value, countOutputs, 4096);
      if (!e.ok) fail(`message decoded but does not re-encode (${e.error})`, `${hex} ${countOutputs}`);
      else {
        const m2 = decodeMessage(e.value, countOutputs);
        if (!m2.ok || !sameMessage(m.value, m2.value, countOutputs)) fail('message round trip differs', `${hex} ${countOutputs}`);
      }
    }

    // as an output script, next to random other outputs
    const script = Uint8Array.from([0x6a, meta.length, ...meta]);
    scriptToMetadata(script);
    const scripts = [randomBytes(int(30)), script, randomBytes(int(30))];
    readTransactionMetadata(scripts, countInputs);
  }

  function checkAddress(s: string): void {
    const d = decodeAddress(s);
    if (!d.ok) return;
    decodedOk++;
    const e = encodeAddress(d.value);
    const d2 = e.ok ? decodeAddress(e.value) : null;
    if (d2 === null || !d2.ok || jsonish(d2.value) !== jsonish(d.value)) fail('address round trip differs', s);
  }

  function checkAssetRef(s: string): void {
    const d = decodeAssetRefText(s);
    if (!d.ok) return;
    decodedOk++;
    const e = encodeAssetRefText(d.value);
    const d2 = e.ok ? decodeAssetRefText(e.value) : null;
    if (d2 === null || !d2.ok || jsonish(d2.value) !== jsonish(d.value)) fail('asset reference round trip differs', s);
  }

  function guarded(what: string, input: () => string, f: () => void): void {
    const t0 = performance.now();
    try {
      f();
    } catch (e) {
      fail(`${what} threw ${(e as Error).message}`, input());
    }
    const dt = performance.now() - t0;
    if (dt > slowestMs) slowestMs = dt;
    if (dt > 1000) fail(`${what} took ${dt.toFixed(0)} ms`, input());
    inputs++;
  }

  const deadline = performance.now() + opts.seconds * 1000;
  while (performance.now() < deadline) {
    for (let k = 0; k < 200; k++) {
      const r = int(10);
      if (r < 7) {
        const meta = randomMetadata();
        guarded('metadata decoders', () => bytesToHex(meta), () => checkMetadata(meta));
      } else if (r < 8) {
        const s =
          rng() < 0.5 && corpus.addresses.length > 0
            ? mutateString(corpus.addresses[int(corpus.addresses.length)]!, A58 + '0OIl s\u00b1\u0131\u20ac')
            : 's' + randomString(A58, 60);
        guarded('decodeAddress', () => JSON.stringify(s), () => checkAddress(s));
      } else if (r < 9) {
        const s =
          rng() < 0.5 && corpus.assetRefs.length > 0
            ? mutateString(corpus.assetRefs[int(corpus.assetRefs.length)]!, '0123456789-- x+')
            : randomString('0123456789---', 30);
        guarded('decodeAssetRefText', () => JSON.stringify(s), () => checkAssetRef(s));
      } else {
        const s = randomString('0123456789abcdefABCDEFxyz ', 50);
        guarded('hexToBytes', () => JSON.stringify(s), () => {
          const b = hexToBytes(s);
          if (b !== null && bytesToHex(b) !== s.toLowerCase()) throw new Error('hex round trip differs');
        });
      }
    }
  }
  return { inputs, decodedOk, failures, slowestMs };
}

/** A genesis with both kinds of payment charge, for apply checks. */
const G_CHARGED: Genesis = {
  qtyMantissa: 1,
  qtyExponent: 6,
  chargeFlatMantissa: 25,
  chargeFlatExponent: 0,
  chargeBasisPoints: 15,
  useHttps: false,
  domainName: 'example.com',
  usePrefix: true,
  pagePath: '',
  assetHash: new Uint8Array(32),
  assetHashLen: 32,
};

export type { Transfer };
