// Fee estimation the way Bitcoin Core's estimator behaves on regtest, in its visible parts: it only
// learns from transactions it saw enter the mempool (with no unconfirmed parents) and then confirm;
// it answers nothing until it has watched enough blocks (a target is capped at half the span of
// blocks it has data for, and a target of 1 is raised to 2); its data and span survive a restart.
// The figure itself is the median fee rate of the recently confirmed transactions that confirmed
// within the target, instead of Core's bucket statistics (which give the same figure when the
// transactions paid alike, as wallet sends at the fallback fee do).

/** Core's MAX_BLOCK_CONFIRMS of the long horizon: the highest target it answers for. */
export const MAX_TARGET = 1008;
/** How many blocks back confirmations are still used (Core's data decays over a similar window). */
const HISTORY_BLOCKS = 1008;

interface Tracked {
  height: number;
  /** sat/kvB */
  feeRate: bigint;
}

interface Confirmed {
  height: number;
  blocks: number;
  feeRate: bigint;
}

export interface FeeEstimate {
  /** sat/kvB, or null when there is not enough data */
  feeRate: bigint | null;
  /** the target the answer is for (Core's `blocks`) */
  blocks: number;
}

export class FeeEstimator {
  private readonly tracked = new Map<string, Tracked>();
  private confirmed: Confirmed[] = [];
  private firstRecordedHeight = 0;
  private bestSeenHeight = 0;
  private historicalFirst = 0;
  private historicalBest = 0;

  /** A transaction entered the mempool; only ones without unconfirmed parents are used. */
  track(txid: string, height: number, feeRate: bigint, valid: boolean): void {
    if (valid) this.tracked.set(txid, { height, feeRate });
  }

  /** A transaction left the mempool for another reason than a block (replaced, conflicted). */
  untrack(txid: string): void {
    this.tracked.delete(txid);
  }

  /** A block connected: its tracked transactions confirmed. Reconnected heights are ignored, as in Core. */
  processBlock(height: number, txids: string[]): void {
    if (height <= this.bestSeenHeight) {
      for (const t of txids) this.tracked.delete(t);
      return;
    }
    this.bestSeenHeight = height;
    let counted = 0;
    for (const t of txids) {
      const x = this.tracked.get(t);
      if (!x) continue;
      this.tracked.delete(t);
      this.confirmed.push({ height, blocks: Math.max(1, height - x.height), feeRate: x.feeRate });
      counted++;
    }
    if (counted > 0 && this.firstRecordedHeight === 0) this.firstRecordedHeight = height;
    if (this.confirmed.length && this.confirmed[0]!.height < height - HISTORY_BLOCKS)
      this.confirmed = this.confirmed.filter((c) => c.height >= height - HISTORY_BLOCKS);
  }

  /** The node stops and starts again: the span seen so far becomes history (fee_estimates.dat). */
  restart(): void {
    if (this.firstRecordedHeight > 0) {
      this.historicalFirst = this.firstRecordedHeight;
      this.historicalBest = this.bestSeenHeight;
    }
    this.firstRecordedHeight = 0;
    this.tracked.clear();
  }

  private maxUsableTarget(): number {
    const span = this.firstRecordedHeight === 0 ? 0 : this.bestSeenHeight - this.firstRecordedHeight;
    const hist = this.historicalFirst === 0 || this.historicalBest < this.historicalFirst || this.bestSeenHeight - this.historicalBest > 6 * MAX_TARGET
      ? 0
      : this.historicalBest - this.historicalFirst;
    return Math.min(MAX_TARGET, Math.floor(Math.max(span, hist) / 2));
  }

  /** estimatesmartfee: `target` is 1..1008. */
  estimate(target: number): FeeEstimate {
    let t = target === 1 ? 2 : target;
    t = Math.min(t, this.maxUsableTarget());
    if (t <= 1) return { feeRate: null, blocks: Math.max(0, t) };
    const rates = this.confirmed.filter((c) => c.blocks <= t).map((c) => c.feeRate).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!rates.length) return { feeRate: null, blocks: t };
    return { feeRate: rates[Math.floor(rates.length / 2)]!, blocks: t };
  }

  /** For persistence. */
  toJSON(): unknown {
    return {
      confirmed: this.confirmed.map((c) => [c.height, c.blocks, c.feeRate.toString()]),
      first: this.firstRecordedHeight, best: this.bestSeenHeight, histFirst: this.historicalFirst, histBest: this.historicalBest,
    };
  }

  load(j: unknown): void {
    const o = j as { confirmed?: [number, number, string][]; first?: number; best?: number; histFirst?: number; histBest?: number } | null;
    if (!o || !Array.isArray(o.confirmed)) return;
    this.confirmed = o.confirmed.map(([height, blocks, r]) => ({ height, blocks, feeRate: BigInt(r) }));
    this.firstRecordedHeight = o.first ?? 0;
    this.bestSeenHeight = o.best ?? 0;
    this.historicalFirst = o.histFirst ?? 0;
    this.historicalBest = o.histBest ?? 0;
  }
}
