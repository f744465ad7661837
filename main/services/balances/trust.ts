import type { BalanceState, Provenance, QtySource, TrackerClaim } from '../../../shared/model/asset-lists';

/**
 * Who is believed about a balance row, as pure functions of the row and what was just heard (issue #15, issue #12
 * items 6 and 7). The rules:
 *
 * - The node's figure wins. A row verified from the chain keeps its quantity; trackers' answers are only compared
 *   with it: those that agree are listed, those that differ are named in the row's dispute.
 * - One tracker's word is not agreement. A figure heard from one tracker where the asset lists several is shown as
 *   "one tracker only" and the others are asked again; what a tracker said stays on the row until it says
 *   something else, so a liar answering alone later cannot undo a disagreement already seen.
 * - Trackers that disagree settle nothing: the row has no figure (unknown) and their answers are kept as the
 *   dispute, until they agree or the node decides.
 * - A tracker never decides what is spent: Bitcoin Core does. "Spent" from a tracker deletes nothing; it is
 *   recorded as that tracker's claim (its figure is not used for an output the node lists as unspent).
 */
export interface TrustRow {
  qty: string | null;
  state: BalanceState;
  provenance: Provenance;
}

/** One tracker's answer for one output in one pass. */
export type TrackerAnswer =
  | { url: string; kind: 'qty'; qty: string; spent: boolean }
  /** −10000, −10001, missing from the answer, another per-output error. */
  | { url: string; kind: 'none'; reason: 'not-tracked' | 'unknown-output' | 'missing' | 'other-error' };

export type TrustOutcome =
  /** Trackers agree (two or more, or the only one the asset lists). */
  | 'settled'
  /** One tracker's figure where the asset lists more: shown, and the others are asked again. */
  | 'single'
  /** Trackers disagree: no figure. */
  | 'disputed'
  /** No tracker gave a figure. */
  | 'no-figure'
  /** One tracker's figure while the asset's trackers are in open dispute: not taken, the row is left as it was. */
  | 'held'
  /** The row's figure is the node's or this wallet's own: answers were only compared with it. */
  | 'compared';

export interface TrustResult {
  qty: string | null;
  state: BalanceState;
  provenance: Provenance;
  outcome: TrustOutcome;
}

export function stateFor(qty: string | null, source: QtySource): BalanceState {
  if (qty === null) return 'UNKNOWN';
  if (source === 'computed') return 'SELF';
  return qty === '0' ? 'ZERO' : 'VALID';
}

/**
 * The row after hearing `answers`. `listed` are the trackers the asset lists now (claims of trackers no longer
 * listed are forgotten). `assetDisputed`: the asset's trackers are in open dispute.
 */
export function mergeTrackerAnswers(row: TrustRow, answers: readonly TrackerAnswer[], listed: readonly string[], assetDisputed = false): TrustResult {
  const isListed = new Set(listed);
  // A row this wallet computed for its own send (SELF, §3.2) written without a provenance is this wallet's figure.
  const p: Provenance = row.provenance.source === 'unknown' && row.qty !== null && row.state === 'SELF' ? { ...row.provenance, source: 'computed' } : row.provenance;
  const heard = new Map<string, TrackerAnswer>();
  for (const a of answers) if (isListed.has(a.url)) heard.set(a.url, a);

  if (p.source === 'computed') {
    // This wallet's own figure (§3.2), to be confirmed by trackers: once they give this very figure it is theirs too
    // (SparkBit's SELF → VALID); a different figure names them and leaves ours; no figure is a failed confirmation.
    const figures = [...heard.values()].filter((a): a is Extract<TrackerAnswer, { kind: 'qty' }> => a.kind === 'qty' && !a.spent);
    if (figures.length > 0 && figures.every((a) => a.qty === row.qty) && ![...heard.values()].some((a) => a.kind === 'qty' && a.spent)) {
      const agree = figures.map((a) => a.url);
      return {
        qty: row.qty,
        state: stateFor(row.qty, 'tracker'),
        provenance: { ...p, source: 'tracker', agree, disagree: [], step: null, note: null },
        outcome: agree.length < Math.min(2, listed.length) ? 'single' : 'settled',
      };
    }
    if (![...heard.values()].some((a) => a.kind === 'qty')) return { qty: row.qty, state: stateFor(row.qty, 'computed'), provenance: p, outcome: 'no-figure' };
  }

  if (p.source === 'verified' || p.source === 'computed') {
    // Compared only. An answer with no figure changes nothing of what that tracker said before.
    const agree = new Set(p.agree.filter((u) => isListed.has(u)));
    const disagree = new Map(p.disagree.filter((c) => isListed.has(c.url)).map((c) => [c.url, c]));
    for (const a of heard.values()) {
      if (a.kind !== 'qty') continue;
      if (!a.spent && a.qty === row.qty) {
        agree.add(a.url);
        disagree.delete(a.url);
      } else {
        agree.delete(a.url);
        disagree.set(a.url, { url: a.url, qty: a.qty, spent: a.spent });
      }
    }
    return {
      qty: row.qty,
      state: stateFor(row.qty, p.source),
      provenance: { ...p, agree: [...agree], disagree: [...disagree.values()] },
      outcome: 'compared',
    };
  }

  // What each listed tracker says: what it said before (still standing), then this pass's answers.
  const says = new Map<string, TrackerClaim>();
  if (p.source === 'tracker' && row.qty !== null) for (const url of p.agree) if (isListed.has(url)) says.set(url, { url, qty: row.qty, spent: false });
  for (const c of p.disagree) if (isListed.has(c.url)) says.set(c.url, c);
  for (const a of heard.values()) if (a.kind === 'qty') says.set(a.url, { url: a.url, qty: a.qty, spent: a.spent });

  const figures = [...says.values()].filter((c) => !c.spent && c.qty !== null);
  const spentClaims = [...says.values()].filter((c) => c.spent);
  const values = new Set(figures.map((c) => c.qty));
  if (values.size === 1) {
    const qty = figures[0]!.qty!;
    const agree = figures.map((c) => c.url);
    const alone = agree.length < Math.min(2, listed.length);
    // A figure its trackers gave again after it failed the one-step check (their own input figures refute it).
    if (p.step === 'failed') {
      const refuted = new Set(p.disagree.filter((c) => c.qty === qty && !c.spent).map((c) => c.url));
      if (agree.every((u) => refuted.has(u))) return { qty: row.qty, state: row.state, provenance: p, outcome: 'held' };
    }
    // While the asset's trackers are in open dispute, a lone figure (perhaps the liar's) settles nothing.
    if (alone && assetDisputed) return { qty: row.qty, state: row.state, provenance: p, outcome: 'held' };
    return {
      qty,
      state: stateFor(qty, 'tracker'),
      provenance: { ...p, source: 'tracker', agree, disagree: spentClaims, step: p.source === 'tracker' && p.step === 'ok' && row.qty === qty ? 'ok' : null },
      outcome: alone ? 'single' : 'settled',
    };
  }
  if (values.size >= 2) {
    return {
      qty: null,
      state: 'UNKNOWN',
      provenance: { ...p, source: 'unknown', agree: [], disagree: [...says.values()], step: null },
      outcome: 'disputed',
    };
  }
  // No figure at all (only errors, or "spent" claims): the row stays as it was, the claims recorded.
  return {
    qty: row.qty,
    state: row.qty === null ? 'UNKNOWN' : row.state,
    provenance: { ...p, disagree: [...says.values()] },
    outcome: 'no-figure',
  };
}

/**
 * The row once the node has computed its quantity: the node's figure, every tracker that said something else
 * named in the dispute (what trackers said is taken from the row: the figure it showed and the claims it kept).
 */
export function mergeVerified(row: TrustRow, qty: string): TrustResult {
  const p = row.provenance;
  const said = new Map<string, TrackerClaim>();
  if ((p.source === 'tracker' || p.source === 'verified' || p.source === 'computed') && row.qty !== null) for (const url of p.agree) said.set(url, { url, qty: row.qty, spent: false });
  for (const c of p.disagree) said.set(c.url, c);
  const agree: string[] = [];
  const disagree: TrackerClaim[] = [];
  for (const c of said.values()) {
    if (!c.spent && c.qty === qty) agree.push(c.url);
    else disagree.push(c);
  }
  return { qty, state: stateFor(qty, 'verified'), provenance: { source: 'verified', agree, disagree, step: null, note: null }, outcome: 'compared' };
}

/** Provenance words for logs and tests (the renderer has its own, with marks). */
export function describeProvenance(p: Provenance, listed: number): string {
  switch (p.source) {
    case 'verified':
      return p.disagree.length > 0 ? `verified by your node; disputed by ${p.disagree.map((c) => c.url).join(', ')}` : 'verified by your node';
    case 'computed':
      return 'computed by this wallet';
    case 'tracker':
      return p.agree.length >= 2 || (listed <= 1 && p.agree.length === 1) ? `${p.agree.length} tracker${p.agree.length === 1 ? '' : 's'} agree` : 'one tracker only';
    default:
      return p.disagree.length > 0 ? `disputed (${p.disagree.map((c) => c.url).join(', ')})` : 'unknown';
  }
}

/**
 * The one-step check of a tracker's figure (used past the verification budget): its figures for the transaction's
 * inputs, applied here by the legal definition, gave `expected` for this output. Equal: the figure is marked
 * checked. Different: the tracker contradicts itself — its figure is not used and it is named in the dispute.
 */
export function mergeStepCheck(row: TrustRow, url: string, expected: string): TrustResult {
  const p = row.provenance;
  if (p.source !== 'tracker' || row.qty === null || !p.agree.includes(url)) return { qty: row.qty, state: row.state, provenance: p, outcome: 'compared' };
  if (expected === row.qty) return { qty: row.qty, state: row.state, provenance: { ...p, step: 'ok' }, outcome: 'compared' };
  const claim: TrackerClaim = { url, qty: row.qty, spent: false };
  const agree = p.agree.filter((u) => u !== url);
  if (agree.length > 0) {
    // Others gave the same figure: it stands as theirs; this tracker is named for contradicting itself.
    return { qty: row.qty, state: row.state, provenance: { ...p, agree, disagree: [...p.disagree.filter((c) => c.url !== url), claim], step: 'failed' }, outcome: 'disputed' };
  }
  return { qty: null, state: 'UNKNOWN', provenance: { ...p, source: 'unknown', agree: [], disagree: [...p.disagree.filter((c) => c.url !== url), claim], step: 'failed' }, outcome: 'disputed' };
}

/** The verifier could not compute the row: why, kept beside whatever figure the row has. */
export function withNote(row: TrustRow, note: string | null): TrustResult {
  return { qty: row.qty, state: row.state, provenance: { ...row.provenance, note }, outcome: 'compared' };
}
