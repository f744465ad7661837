import type { BalanceRow, Provenance } from '../../../shared/model/asset-lists';
import type { ProvenanceKind, ProvenanceView, TrackerClaimView } from '../../../shared/model/asset-view';

/**
 * Where a figure comes from, in the words and kinds the window shows (issue #15): per balance row, and for an
 * asset's total (the weakest of its outputs). Words are made here, once, so the list, the details and tests agree.
 */

/** Worst first: a total is as good as its weakest output. */
const RANK: Record<ProvenanceKind, number> = { unknown: 5, disputed: 4, 'one-tracker': 3, trackers: 2, computed: 1, verified: 0 };

export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function claimWords(c: TrackerClaimView): string {
  if (c.spent) return `${c.host} says it is spent`;
  if (c.outputs > 1 && c.qty === null) return `${c.host} says otherwise about ${c.outputs} outputs`;
  return c.qty === null ? `${c.host} gave no figure` : `${c.host} says ${c.qty}`;
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The row's kind: what its provenance and figure make of it. */
export function rowKind(qty: string | null, p: Provenance, listedTrackers: number): ProvenanceKind {
  if (qty === null) {
    const figures = new Set(p.disagree.filter((c) => c.qty !== null && !c.spent).map((c) => c.qty));
    return figures.size >= 2 || p.step === 'failed' ? 'disputed' : 'unknown';
  }
  if (p.source === 'verified') return 'verified';
  if (p.source === 'computed') return 'computed';
  if (p.source === 'tracker') return p.agree.length >= 2 || (listedTrackers <= 1 && p.agree.length === 1) ? 'trackers' : 'one-tracker';
  return 'unknown';
}

function labelOf(kind: ProvenanceKind, agree: number, listedTrackers: number): string {
  switch (kind) {
    case 'verified':
      return 'Verified by your node';
    case 'computed':
      return 'Computed by this wallet';
    case 'trackers':
      return agree >= 2 ? `${agree} trackers agree` : listedTrackers <= 1 ? 'Its only tracker' : 'Trackers agree';
    case 'one-tracker':
      return 'One tracker only';
    case 'disputed':
      return 'Disputed';
    default:
      return 'Unknown';
  }
}

export function rowProvenance(row: Pick<BalanceRow, 'qty' | 'provenance'>, listedTrackers: number): ProvenanceView {
  const p = row.provenance;
  const kind = rowKind(row.qty, p, listedTrackers);
  const agree = p.agree.map(hostOf);
  // Claims that match the row's figure are not disputes (a lone earlier answer the others confirmed).
  const disputedBy: TrackerClaimView[] = p.disagree
    .filter((c) => c.spent || c.qty !== row.qty)
    .map((c) => ({ url: c.url, host: hostOf(c.url), qty: c.qty, spent: c.spent, outputs: 1 }));
  const parts: string[] = [];
  const claims = list(disputedBy.map(claimWords));
  if (kind === 'disputed') parts.push(`The trackers disagree (${claims}); neither figure is used.`);
  else {
    if (kind === 'one-tracker') parts.push(`${agree.length > 0 ? `Only ${list(agree)} gave this figure` : 'This figure comes from one tracker'}; the others are asked again.`);
    else if (kind === 'trackers' && agree.length > 0) parts.push(`Said by ${list(agree)}.`);
    if (disputedBy.length > 0) parts.push(kind === 'verified' ? `${claims}: your node's figure is the one shown.` : `${claims}.`);
  }
  if (p.step === 'ok') parts.push('Checked one step by your node: the tracker\'s figures for the inputs give this one.');
  if (p.step === 'failed') parts.push('Failed the one-step check: the tracker\'s own figures for the inputs give another figure.');
  if (p.note && kind !== 'verified') parts.push(p.note);
  return { kind, agree, disputedBy, step: p.step, label: labelOf(kind, agree.length, listedTrackers), detail: parts.length > 0 ? parts.join(' ') : null };
}

/**
 * The total's provenance: the weakest kind among the asset's unspent outputs, trackers named once. No output at all
 * (nothing held): verified — the wallet's own unspent list shows it.
 */
export function totalProvenance(rows: readonly ProvenanceView[], opts: { genesisInvalid: boolean; listedTrackers: number }): ProvenanceView {
  if (opts.genesisInvalid) {
    return { kind: 'verified', agree: [], disputedBy: mergeClaims(rows), step: null, label: 'Verified by your node', detail: 'The genesis paid less than its minimum fee: no unit of this asset exists.' };
  }
  if (rows.length === 0) return { kind: 'verified', agree: [], disputedBy: [], step: null, label: 'Verified by your node', detail: 'No output of this wallet holds it.' };
  let worst = rows[0]!;
  for (const r of rows) if (RANK[r.kind] > RANK[worst.kind]) worst = r;
  const disputedBy = mergeClaims(rows);
  const sameKind = rows.filter((r) => r.kind === worst.kind);
  // Trackers agreeing on every output of the weakest kind.
  const agree = sameKind.reduce<string[]>((acc, r, i) => (i === 0 ? [...r.agree] : acc.filter((h) => r.agree.includes(h))), []);
  const steps = sameKind.map((r) => r.step);
  const step = steps.every((s) => s === 'ok') ? 'ok' : steps.some((s) => s === 'failed') ? 'failed' : null;
  const counts = countKinds(rows);
  const parts: string[] = [];
  if (worst.kind === 'verified' && disputedBy.length > 0) parts.push(`${list(disputedBy.map(claimWords))}: your node's figures are the ones shown.`);
  else if (rows.length > 1 && counts.size > 1) parts.push(`${[...counts].map(([k, n]) => `${n} output${n === 1 ? '' : 's'} ${labelOf(k, 2, opts.listedTrackers).toLowerCase()}`).join(', ')}.`);
  else if (worst.detail) parts.push(worst.detail);
  if (worst.kind !== 'verified' && disputedBy.length > 0 && !parts.some((p) => p.includes(disputedBy[0]!.host))) parts.push(`${list(disputedBy.map(claimWords))}.`);
  return { kind: worst.kind, agree, disputedBy, step: worst.kind === 'trackers' || worst.kind === 'one-tracker' ? step : null, label: labelOf(worst.kind, agree.length, opts.listedTrackers), detail: parts.length > 0 ? parts.join(' ') : null };
}

function countKinds(rows: readonly ProvenanceView[]): Map<ProvenanceKind, number> {
  const m = new Map<ProvenanceKind, number>();
  for (const r of [...rows].sort((a, b) => RANK[a.kind] - RANK[b.kind])) m.set(r.kind, (m.get(r.kind) ?? 0) + 1);
  return m;
}

/** Trackers that disagree about some output, once each (with their figure when it is one figure). */
function mergeClaims(rows: readonly ProvenanceView[]): TrackerClaimView[] {
  const by = new Map<string, TrackerClaimView>();
  for (const r of rows) {
    for (const c of r.disputedBy) {
      const had = by.get(c.url);
      if (!had) by.set(c.url, { ...c });
      else by.set(c.url, { ...had, outputs: had.outputs + 1, qty: null, spent: had.spent && c.spent });
    }
  }
  return [...by.values()];
}
