import type { BalanceState, Provenance } from '../../../shared/model/asset-lists';
import { MAX_TXOUTS_PER_REQUEST, txoutKey, UNCONFIRMED_BLOCK, type GetQtyResult, type QtyEntry, type TrackerClient, type TxOutRef } from './tracker-client';
import { mergeTrackerAnswers, type TrackerAnswer, type TrustOutcome } from './trust';

/**
 * One balance-checking pass (wallet-behaviour.md §4.3), independent of any store: due rows in, row updates,
 * tracker health and disputes out.
 *
 * - Each asset picks trackers at random from its own list, avoiding those that failed or lag (failover: a tracker
 *   that failed is avoided on the next pass), and those whose figure the rows already have (so a figure heard from
 *   one tracker is put to another). When the asset lists several, two are asked and their answers compared: a
 *   disagreement becomes a visible dispute of the asset and neither figure is used.
 * - Who is believed is decided row by row by the trust rules (`trust.ts`): one tracker's figure where the asset
 *   lists more is only "one tracker only"; what trackers said before stands until they say otherwise; the node's
 *   figure is only compared with; a tracker's "spent" deletes nothing.
 * - Rows are grouped by tracker; each request carries at most 100 outputs and the assets that have rows among
 *   them. Requests to one tracker run a few at a time (host limiter), trackers in parallel.
 * - A failed request (transport, HTTP, JSON, id, top-level error) changes no row; per-output errors −10000 and
 *   −10001 count as a failed check of that row only.
 */
export interface BalanceDueRow {
  assetId: number;
  genTxId: string;
  txid: string;
  vout: number;
  qty: string | null;
  qtyFailures: number;
  /** From the wallet's own node; null when unknown. */
  confirmations: number | null;
  state?: BalanceState;
  /** The row's provenance (what trackers said before, or the node's figure); unknown when absent. */
  provenance?: Provenance;
}

export interface AssetTrackers {
  assetId: number;
  genTxId: string;
  trackerUrls: string[];
  /** A dispute is open: only two agreeing answers settle a row, a lone answer (perhaps the liar's) does not. */
  disputed?: boolean;
  /** Trackers whose figure the due rows already have: others are asked first. */
  alreadyHeard?: string[];
}

interface RowUpdateBase {
  assetId: number;
  txid: string;
  vout: number;
  qtyChecked: number;
  qtyFailures: number;
  state: BalanceState;
  provenance: Provenance;
  outcome: TrustOutcome;
  /** This pass's answers, to merge again if the row changed meanwhile (the node verified it, say). */
  answers: TrackerAnswer[];
}

export type RowUpdate =
  /** A figure: trackers agree (`settled`) or only one gave it where more are listed (`single`). */
  | (RowUpdateBase & { kind: 'set'; qty: string; unconfirmed: boolean })
  /** The row's figure is the node's (or this wallet's own): the answers were compared with it. */
  | (RowUpdateBase & { kind: 'compared'; qty: string | null })
  | (RowUpdateBase & {
      kind: 'failed';
      /** Why: −10000, −10001, missing from the answer, trackers disagreeing, or only "spent" heard. */
      reason: 'not-tracked' | 'unknown-output' | 'missing' | 'other-error' | 'disputed' | 'spent-claim';
      /** Still unknown with more than 5,000 confirmations: shown as unknown, never as zero. */
      unknownOld: boolean;
    });

export interface TrackerHealth {
  url: string;
  plainHttp: boolean;
  reachable: boolean | null;
  lastError: string | null;
  lagBlocks: number | null;
  /** When the last request failed (ms epoch); avoided by the next pass. */
  failedAt: number | null;
  lagCheckedAt: number | null;
}

export interface AssetDisputeResult {
  answers: { url: string; confirmedRaw: string }[];
  message: string;
}

export interface BalancePassResult {
  updates: RowUpdate[];
  /** assetId → dispute found in this pass, or null when the two trackers agreed (clears an old dispute). */
  disputes: Map<number, AssetDisputeResult | null>;
  /** assetId → trackers asked in this pass. */
  asked: Map<number, string[]>;
  /** Requests sent per tracker URL in this pass. */
  requests: Map<string, number>;
}

export interface BalanceCheckerOptions {
  client: TrackerClient;
  random?: () => number;
  now?: () => number;
  /** Ask two trackers and compare when an asset lists several (default true). */
  compare?: boolean;
  /** A tracker lagging more blocks than this is avoided when another is available. */
  maxLagBlocks?: number;
  /** How long a failed tracker is avoided. */
  failoverMs?: number;
  /** How often each tracker's lag is read. */
  lagIntervalMs?: number;
}

export const OLD_CONFIRMATIONS = 5000;
const MISSING: QtyEntry = { kind: 'missing' };

export class BalanceChecker {
  readonly health = new Map<string, TrackerHealth>();
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly opts: BalanceCheckerOptions) {
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
  }

  trackerHealth(url: string): TrackerHealth {
    let h = this.health.get(url);
    if (!h) {
      h = { url, plainHttp: url.toLowerCase().startsWith('http:'), reachable: null, lastError: null, lagBlocks: null, failedAt: null, lagCheckedAt: null };
      this.health.set(url, h);
    }
    return h;
  }

  private usable(url: string, now: number): boolean {
    const h = this.trackerHealth(url);
    if (h.failedAt !== null && now - h.failedAt < (this.opts.failoverMs ?? 60_000)) return false;
    if (h.lagBlocks !== null && h.lagBlocks > (this.opts.maxLagBlocks ?? 3)) return false;
    return true;
  }

  /**
   * Random distinct picks: healthy trackers first, the others only to make up the number; among the healthy ones,
   * those not in `heard` (whose figure the rows have already) first.
   */
  chooseTrackers(urls: string[], now: number, heard: readonly string[] = []): string[] {
    const want = this.opts.compare === false ? 1 : Math.min(2, urls.length);
    const shuffle = (list: string[]) => {
      const a = [...list];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    };
    const already = new Set(heard);
    const good = [...shuffle(urls.filter((u) => this.usable(u, now) && !already.has(u))), ...shuffle(urls.filter((u) => this.usable(u, now) && already.has(u)))];
    const bad = shuffle(urls.filter((u) => !this.usable(u, now)));
    // All avoided: still ask one (at random), or the asset would never be checked again.
    if (good.length === 0) return bad.slice(0, 1);
    return good.slice(0, want);
  }

  /** Reads the lag of every given tracker not read within `lagIntervalMs` (in parallel). */
  async refreshLag(urls: Iterable<string>, nodeHeight: number | null, force = false, signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const interval = this.opts.lagIntervalMs ?? 300_000;
    const due = [...new Set(urls)].filter((u) => force || (this.trackerHealth(u).lagCheckedAt ?? -Infinity) + interval <= now);
    await Promise.all(
      due.map(async (url) => {
        const h = this.trackerHealth(url);
        h.lagCheckedAt = now;
        const r = await this.opts.client.getLastBlock(url, signal);
        if (!r.ok) {
          h.lagBlocks = null;
          h.lastError = `last block: ${r.message}`;
          return;
        }
        h.lagBlocks = nodeHeight === null ? null : Math.max(0, nodeHeight - r.block);
      }),
    );
  }

  /**
   * One pass over `rows`. `onAsset` is called for each asset as soon as its answers are in (before the slowest
   * tracker of the pass has answered), with that asset's updates and dispute (undefined when nothing compared).
   */
  async run(
    rows: BalanceDueRow[],
    assets: AssetTrackers[],
    signal?: AbortSignal,
    onAsset?: (assetId: number, updates: RowUpdate[], dispute: AssetDisputeResult | null | undefined) => void,
  ): Promise<BalancePassResult> {
    const now = this.now();
    const byAsset = new Map<number, AssetTrackers>(assets.map((a) => [a.assetId, a]));
    const asked = new Map<number, string[]>();
    // url → txout key → { ref, assets }
    const plan = new Map<string, Map<string, { ref: TxOutRef; assets: Set<string> }>>();
    for (const row of rows) {
      const a = byAsset.get(row.assetId);
      if (!a || a.trackerUrls.length === 0) continue;
      let urls = asked.get(row.assetId);
      if (!urls) asked.set(row.assetId, (urls = this.chooseTrackers(a.trackerUrls, now, a.alreadyHeard)));
      for (const url of urls) {
        let outs = plan.get(url);
        if (!outs) plan.set(url, (outs = new Map()));
        const key = txoutKey(row.txid, row.vout);
        let o = outs.get(key);
        if (!o) outs.set(key, (o = { ref: { txid: row.txid, vout: row.vout }, assets: new Set() }));
        o.assets.add(a.genTxId.toLowerCase());
      }
    }

    // Send: per tracker, outputs ordered by the assets they hold so each batch names few assets.
    const requests = new Map<string, number>();
    const answers = new Map<string, Map<string, GetQtyResult>>(); // url → txout key → the answer covering it
    const jobsOf = new Map<string, Map<string, Promise<void>>>(); // url → txout key → the request covering it
    const all: Promise<void>[] = [];
    const failedThisPass = new Set<string>();
    for (const [url, outs] of plan) {
      const keyed = [...outs.entries()].map((e) => ({ e, k: [...e[1].assets].sort().join(',') }));
      keyed.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
      const list = keyed.map((x) => x.e);
      const perUrl = new Map<string, GetQtyResult>();
      const jobs = new Map<string, Promise<void>>();
      answers.set(url, perUrl);
      jobsOf.set(url, jobs);
      for (let i = 0; i < list.length; i += MAX_TXOUTS_PER_REQUEST) {
        const chunk = list.slice(i, i + MAX_TXOUTS_PER_REQUEST);
        const chunkAssets = new Set<string>();
        for (const [, o] of chunk) for (const g of o.assets) chunkAssets.add(g);
        requests.set(url, (requests.get(url) ?? 0) + 1);
        const job = this.opts.client.getQty(url, [...chunkAssets], chunk.map(([, o]) => o.ref), signal).then((r) => {
          for (const [key] of chunk) perUrl.set(key, r);
          // Tracker health as each answer comes: one failed request marks the tracker for this pass.
          const h = this.trackerHealth(url);
          if (!r.ok) {
            failedThisPass.add(url);
            Object.assign(h, { reachable: false, failedAt: now, lastError: r.message });
          } else if (!failedThisPass.has(url)) {
            Object.assign(h, { reachable: true, failedAt: null, lastError: null });
          }
        });
        for (const [key] of chunk) jobs.set(key, job);
        all.push(job);
      }
    }

    // Each asset is settled as soon as the requests covering its rows are answered: a tracker that hangs only
    // holds back the assets that asked it.
    const rowsByAsset = new Map<number, BalanceDueRow[]>();
    for (const row of rows) {
      let list = rowsByAsset.get(row.assetId);
      if (!list) rowsByAsset.set(row.assetId, (list = []));
      list.push(row);
    }
    const updates: RowUpdate[] = [];
    const disputes = new Map<number, AssetDisputeResult | null>();
    const settled: Promise<void>[] = [];
    for (const [assetId, assetRows] of rowsByAsset) {
      const urls = asked.get(assetId);
      const a = byAsset.get(assetId);
      if (!urls || !a) continue;
      const waits = new Set<Promise<void>>();
      for (const row of assetRows) for (const url of urls) {
        const job = jobsOf.get(url)?.get(txoutKey(row.txid, row.vout));
        if (job) waits.add(job);
      }
      settled.push(
        Promise.all(waits).then(() => {
          const r = this.evaluateAsset(a, assetRows, urls, answers, now);
          updates.push(...r.updates);
          if (r.dispute !== undefined) disputes.set(assetId, r.dispute);
          onAsset?.(assetId, r.updates, r.dispute);
        }),
      );
    }
    await Promise.all([...all, ...settled]);
    return { updates, disputes, asked, requests };
  }

  /** The row updates of one asset from the answers of its trackers, and its dispute (undefined: not compared). */
  private evaluateAsset(
    a: AssetTrackers,
    rows: BalanceDueRow[],
    urls: string[],
    answers: Map<string, Map<string, GetQtyResult>>,
    now: number,
  ): { updates: RowUpdate[]; dispute: AssetDisputeResult | null | undefined } {
    const gen = a.genTxId.toLowerCase();
    const totals = new Map<string, bigint>(); // url → confirmed total of this pass's rows
    let disagreeing = false;
    let compared = false;
    const pending: { row: BalanceDueRow; got: { url: string; entry: QtyEntry }[] }[] = [];
    for (const row of rows) {
      const got: { url: string; entry: QtyEntry }[] = [];
      const key = txoutKey(row.txid, row.vout);
      for (const url of urls) {
        const r = answers.get(url)?.get(key);
        if (r?.ok) got.push({ url, entry: r.entries.get(gen)?.get(key) ?? MISSING });
      }
      if (got.length === 0) continue; // every request for it failed: the row is left as it was
      pending.push({ row, got });
      const qtys = got.filter((g) => g.entry.kind === 'qty');
      if (qtys.length >= 2) {
        compared = true;
        for (const g of qtys) if (g.entry.kind === 'qty' && g.entry.spent === 0) totals.set(g.url, (totals.get(g.url) ?? 0n) + BigInt(g.entry.qty));
        const first = qtys[0]!.entry as Extract<QtyEntry, { kind: 'qty' }>;
        if (qtys.some((g) => g.entry.kind === 'qty' && g.entry.qty !== first.qty)) disagreeing = true;
      }
    }
    let dispute: AssetDisputeResult | null | undefined;
    if (compared && !disagreeing) dispute = null;
    if (disagreeing) {
      const answersList = [...totals.entries()].map(([url, total]) => ({ url, confirmedRaw: total.toString() }));
      // Host names can be long and trackers many: the message stays within what the lists hold (2,000).
      const said = answersList.map((x) => `${hostOf(x.url)}: ${x.confirmedRaw}`).join(', ');
      dispute = {
        answers: answersList,
        message: `The asset's trackers disagree about how many units this wallet holds (${said.length > 1800 ? `${said.slice(0, 1800)}…` : said}). Neither figure is used until they agree.`,
      };
    }

    const updates: RowUpdate[] = [];
    for (const { row, got } of pending) {
      const answers: TrackerAnswer[] = got.map(({ url, entry }) =>
        entry.kind === 'qty' ? { url, kind: 'qty', qty: String(entry.qty), spent: entry.spent !== 0 } : { url, kind: 'none', reason: entry.kind },
      );
      const before = { qty: row.qty, state: row.state ?? (row.qty === null ? 'UNKNOWN' : 'VALID'), provenance: row.provenance ?? unknownOf(row.qty) };
      const r = mergeTrackerAnswers(before, answers, a.trackerUrls, a.disputed === true);
      const base = { assetId: row.assetId, txid: row.txid, vout: row.vout, qtyChecked: now, state: r.state, provenance: r.provenance, outcome: r.outcome, answers };
      if (r.outcome === 'compared') {
        updates.push({ ...base, kind: 'compared', qty: r.qty, qtyFailures: row.qtyFailures });
        continue;
      }
      if ((r.outcome === 'settled' || r.outcome === 'single') && r.qty !== null) {
        const from = got.find((g) => g.entry.kind === 'qty' && String(g.entry.qty) === r.qty && g.entry.spent === 0)?.entry;
        updates.push({
          ...base,
          kind: 'set',
          qty: r.qty,
          // One tracker's word is not agreement: the row stays due (on the failure schedule) until a second agrees.
          qtyFailures: r.outcome === 'single' ? Math.min(65_535, row.qtyFailures + 1) : 0,
          unconfirmed: from?.kind === 'qty' && from.block === UNCONFIRMED_BLOCK,
        });
        continue;
      }
      const first = got.find((g) => g.entry.kind !== 'qty')?.entry;
      const reason: Extract<RowUpdate, { kind: 'failed' }>['reason'] =
        r.outcome === 'disputed' || r.outcome === 'held' ? 'disputed' : answers.some((x) => x.kind === 'qty' && x.spent) ? 'spent-claim' : first && first.kind !== 'qty' ? first.kind : 'other-error';
      updates.push({
        ...base,
        kind: 'failed',
        qtyFailures: Math.min(65_535, row.qtyFailures + 1),
        reason,
        unknownOld: r.qty === null && (row.confirmations ?? 0) > OLD_CONFIRMATIONS,
      });
    }
    return { updates, dispute };
  }
}

function unknownOf(qty: string | null): Provenance {
  return { source: qty === null ? 'unknown' : 'tracker', agree: [], disagree: [], step: null, note: null };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
