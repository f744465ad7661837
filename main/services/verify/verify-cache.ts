import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../assets/atomic-file';

/**
 * What the local verifier has computed, kept so that verification is incremental: per (asset, transaction) the
 * units of the asset in each output of the transaction (legal definition, protocol.md §7.10), with the height of
 * the block holding the transaction (a reorg drops everything above the fork). Per genesis, whether it paid its
 * minimum fee. Its own file beside the asset lists (`verify-cache.jsonl`), never inside them.
 *
 * The file is a log of JSON lines, appended after each pass (a new block costs a few lines, not a rewrite):
 *   {"v":1,"chain":"main"}                                   header (another chain: the file is started over)
 *   {"a":"<asset key>","t":"<txid>","h":123,"q":[0,300]}     units per output ("z":n instead of q: n outputs, all 0)
 *   {"g":"<genesis txid>","h":120,"ok":true,"fee":"…","min":"…"}
 *   {"drop":118}                                             a reorg: everything above height 118 and the mempool
 *   {"dropAsset":"<asset key>"}
 *   {"tip":[130,"<block hash>"]}                             the tip results were last checked against
 * and rewritten compactly (atomically) when it holds much more than what is alive. A torn last line (a crash while
 * appending) or any line that does not check is skipped; a file that is not ours is set aside. Losing the cache
 * only costs time: everything in it is recomputed from the node.
 *
 * Heights: −1 for a transaction in the mempool. Quantities are numbers: one asset never exceeds 10^14 units, which
 * doubles hold exactly.
 */
export interface GenesisVerdict {
  /** Paid at least its minimum fee (units exist). */
  valid: boolean;
  feeSats: string;
  minFeeSats: string;
  height: number;
}

interface Entry {
  h: number;
  /** Units per output, or the number of outputs when all hold zero (most transactions walked hold none). */
  q: number[] | number;
}

export interface VerifyCacheStats {
  entries: number;
  appendedLines: number;
  skippedLines: number;
  dropped: number;
}

const HEX64 = /^[0-9a-f]{64}$/;
const MAX_OUTPUTS = 100_000;
const FILE_VERSION = 1;

export class VerifyCache {
  private readonly assets = new Map<string, Map<string, Entry>>();
  private readonly geneses = new Map<string, GenesisVerdict>();
  private pending: string[] = [];
  /** The tip the results were last checked against (a reorg while the wallet was closed is found from it). */
  private tipSeen: { height: number; hash: string } | null = null;
  private lines = 0;
  private live = 0;
  readonly stats: VerifyCacheStats = { entries: 0, appendedLines: 0, skippedLines: 0, dropped: 0 };
  /** Set when the file on disk could not be used (kept aside). */
  report: string | null = null;

  private constructor(
    readonly file: string | null,
    private readonly chain: string,
  ) {}

  /** In memory only (tests, bench). */
  static memory(chain = 'test'): VerifyCache {
    return new VerifyCache(null, chain);
  }

  /** Opens (or starts) the cache file for this chain. */
  static open(file: string, chain: string): VerifyCache {
    const cache = new VerifyCache(file, chain);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let text: string | null = null;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== null) cache.load(text);
    if (text === null || cache.lines === 0) cache.rewrite();
    return cache;
  }

  private load(text: string): void {
    const rows = text.split('\n');
    let header: unknown;
    try {
      header = JSON.parse(rows[0] ?? '');
    } catch {
      header = null;
    }
    const h = header as { v?: unknown; chain?: unknown } | null;
    if (!h || h.v !== FILE_VERSION || typeof h.chain !== 'string') {
      this.keepAside('is not a verification cache of this version');
      return;
    }
    if (h.chain !== this.chain) {
      // Another chain (the user pointed the wallet at another network): nothing in it applies.
      this.lines = 0;
      return;
    }
    this.lines = 1;
    for (let i = 1; i < rows.length; i++) {
      const line = rows[i]!;
      if (line === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        this.stats.skippedLines++;
        continue;
      }
      if (!this.replay(value)) this.stats.skippedLines++;
      else this.lines++;
    }
  }

  private keepAside(why: string): void {
    if (!this.file) return;
    const keptAs = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(this.file, keptAs);
    this.report = `The verification cache ${why}; it was kept aside as ${path.basename(keptAs)} and is rebuilt from your node.`;
  }

  /** One log line into memory; false when it does not check. */
  private replay(value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const o = value as Record<string, unknown>;
    if (typeof o.a === 'string' && typeof o.t === 'string') {
      if (o.a.length > 200 || !HEX64.test(o.t) || !isHeight(o.h)) return false;
      let q: number[] | number;
      if (Array.isArray(o.q)) {
        if (o.q.length > MAX_OUTPUTS || !o.q.every(isQty)) return false;
        q = o.q as number[];
      } else if (typeof o.z === 'number' && Number.isInteger(o.z) && o.z >= 0 && o.z <= MAX_OUTPUTS) q = o.z;
      else return false;
      this.set(o.a, o.t, { h: o.h as number, q });
      return true;
    }
    if (typeof o.g === 'string') {
      if (!HEX64.test(o.g) || typeof o.ok !== 'boolean' || !isSats(o.fee) || !isSats(o.min) || !isHeight(o.h)) return false;
      this.geneses.set(o.g, { valid: o.ok, feeSats: o.fee as string, minFeeSats: o.min as string, height: o.h as number });
      return true;
    }
    if (isHeight(o.drop)) {
      this.applyDrop(o.drop as number);
      return true;
    }
    if (Array.isArray(o.tip) && o.tip.length === 2 && isHeight(o.tip[0]) && typeof o.tip[1] === 'string' && HEX64.test(o.tip[1])) {
      this.tipSeen = { height: o.tip[0] as number, hash: o.tip[1] };
      return true;
    }
    if (typeof o.dropAsset === 'string') {
      this.applyDropAsset(o.dropAsset);
      return true;
    }
    return false;
  }

  private set(asset: string, txid: string, entry: Entry): void {
    let m = this.assets.get(asset);
    if (!m) this.assets.set(asset, (m = new Map()));
    if (!m.has(txid)) this.live++;
    m.set(txid, entry);
    this.stats.entries = this.live;
  }

  /** Units of the asset in each output of the transaction, when computed. */
  get(asset: string, txid: string): bigint[] | undefined {
    const e = this.assets.get(asset)?.get(txid);
    if (!e) return undefined;
    return typeof e.q === 'number' ? new Array<bigint>(e.q).fill(0n) : e.q.map((x) => (x === 0 ? 0n : BigInt(x)));
  }

  /** Units in one output (undefined when not computed; 0 for an index past the outputs). */
  qtyAt(asset: string, txid: string, vout: number): bigint | undefined {
    const e = this.assets.get(asset)?.get(txid);
    if (!e) return undefined;
    if (typeof e.q === 'number') return 0n;
    const x = e.q[vout] ?? 0;
    return x === 0 ? 0n : BigInt(x);
  }

  has(asset: string, txid: string): boolean {
    return this.assets.get(asset)?.has(txid) ?? false;
  }

  /** Height the entry was computed at (−1: mempool). */
  heightOf(asset: string, txid: string): number | undefined {
    return this.assets.get(asset)?.get(txid)?.h;
  }

  put(asset: string, txid: string, height: number | null, outputs: readonly bigint[]): void {
    const h = height ?? -1;
    const zero = outputs.every((x) => x === 0n);
    const entry: Entry = { h, q: zero ? outputs.length : outputs.map(Number) };
    this.set(asset, txid, entry);
    this.log(() => JSON.stringify(zero ? { a: asset, t: txid, h, z: outputs.length } : { a: asset, t: txid, h, q: entry.q }));
  }

  genesis(genTxId: string): GenesisVerdict | undefined {
    return this.geneses.get(genTxId);
  }

  putGenesis(genTxId: string, verdict: GenesisVerdict): void {
    this.geneses.set(genTxId, verdict);
    this.log(() => JSON.stringify({ g: genTxId, h: verdict.height, ok: verdict.valid, fee: verdict.feeSats, min: verdict.minFeeSats }));
  }

  private applyDrop(height: number): number {
    let n = 0;
    for (const m of this.assets.values()) {
      for (const [txid, e] of m) {
        if (e.h > height || e.h === -1) {
          m.delete(txid);
          n++;
        }
      }
    }
    for (const [g, verdict] of this.geneses) if (verdict.height > height || verdict.height === -1) this.geneses.delete(g);
    this.live -= n;
    this.stats.entries = this.live;
    return n;
  }

  /** A reorg with its fork at `height`: every result above it (and in the mempool) is dropped. */
  dropAbove(height: number): number {
    const n = this.applyDrop(height);
    this.stats.dropped += n;
    this.log(() => JSON.stringify({ drop: height }));
    return n;
  }

  private applyDropAsset(asset: string): number {
    const n = this.assets.get(asset)?.size ?? 0;
    this.assets.delete(asset);
    this.live -= n;
    this.stats.entries = this.live;
    return n;
  }

  /** Forget an asset's results (its reference changed, or it was deleted). */
  dropAsset(asset: string): number {
    const n = this.applyDropAsset(asset);
    if (n > 0) {
      this.stats.dropped += n;
      this.log(() => JSON.stringify({ dropAsset: asset }));
    }
    return n;
  }

  /** The tip of the last pass (kept in the file: a reorg while the wallet was closed is still seen). */
  lastTip(): { height: number; hash: string } | null {
    return this.tipSeen;
  }

  setTip(tip: { height: number; hash: string }): void {
    if (this.tipSeen?.hash === tip.hash) return;
    this.tipSeen = { ...tip };
    this.log(() => JSON.stringify({ tip: [tip.height, tip.hash] }));
  }

  /** Asset keys with results. */
  assetKeys(): string[] {
    return [...this.assets.keys()];
  }

  size(): number {
    return this.live;
  }

  /** A line for the log (not even built for a cache that is memory only). */
  private log(line: () => string): void {
    if (this.file) this.pending.push(line());
  }

  /** Appends what changed since the last flush; rewrites the file compactly when the log has grown much. */
  flush(): void {
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.stats.appendedLines += lines.length;
    if (!this.file) return;
    this.lines += lines.length;
    if (this.lines > 2 * (this.live + this.geneses.size) + 1000) {
      this.rewrite();
      return;
    }
    fs.appendFileSync(this.file, lines.join('\n') + '\n');
  }

  /** Writes the live entries as a fresh file (atomic). */
  private rewrite(): void {
    if (!this.file) return;
    const out: string[] = [JSON.stringify({ v: FILE_VERSION, chain: this.chain })];
    for (const [asset, m] of this.assets) {
      for (const [txid, e] of m) out.push(JSON.stringify(typeof e.q === 'number' ? { a: asset, t: txid, h: e.h, z: e.q } : { a: asset, t: txid, h: e.h, q: e.q }));
    }
    for (const [g, verdict] of this.geneses) out.push(JSON.stringify({ g, h: verdict.height, ok: verdict.valid, fee: verdict.feeSats, min: verdict.minFeeSats }));
    if (this.tipSeen) out.push(JSON.stringify({ tip: [this.tipSeen.height, this.tipSeen.hash] }));
    writeFileAtomicSync(this.file, out.join('\n') + '\n');
    this.lines = out.length;
    this.pending = [];
  }
}

function isHeight(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= -1 && x <= 2 ** 32;
}
function isQty(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 1e14;
}
function isSats(x: unknown): boolean {
  return typeof x === 'string' && /^-?(0|[1-9][0-9]{0,17})$/.test(x);
}
