import type { ProvenanceKind, ProvenanceView } from '../../../../shared/model/asset-view';

/**
 * Where a figure comes from (issue #15), as a mark and words: verified by your node, computed by this wallet,
 * trackers agree, one tracker only, disputed, unknown. A tracker that said otherwise than the node is named beside
 * the mark. `full` adds the sentence that explains it (details pane, output table).
 */
const MARK: Record<ProvenanceKind, string> = {
  verified: '✔',
  computed: 'Σ',
  trackers: '≡',
  'one-tracker': '1',
  disputed: '⚠',
  unknown: '?',
};

export function ProvenanceMark({ provenance, full = false, testId = 'provenance' }: { provenance: ProvenanceView; full?: boolean; testId?: string }) {
  const { kind, label, detail, disputedBy, step } = provenance;
  const named = disputedBy.map((c) => c.host);
  return (
    <span className={`provenance prov-${kind}${full ? ' full' : ''}`} data-testid={testId} data-kind={kind} data-disputed-by={named.join(' ')} title={detail ?? label}>
      <span className="prov-mark" aria-hidden="true">
        {MARK[kind]}
      </span>
      <span className="prov-label">{label}</span>
      {step === 'ok' && kind !== 'verified' && <span className="prov-step"> · checked one step</span>}
      {kind !== 'disputed' && named.length > 0 && (
        <span className="tag warn prov-named" data-testid={`${testId}-disputed`}>
          disputed by {named.join(', ')}
        </span>
      )}
      {full && detail && <span className="prov-detail">{detail}</span>}
    </span>
  );
}
