import type { Diagnosis } from '../../../../shared/model/connection';

/** The outcome of "Test connection", in the words main chose for each failure. */
export function DiagnosisView({ diagnosis }: { diagnosis: Diagnosis }) {
  const ok = diagnosis.code === 'OK';
  return (
    <div className={`notice ${ok ? 'ok' : 'error'}`} role={ok ? 'status' : 'alert'} data-testid="diagnosis" data-code={diagnosis.code}>
      <h3>{diagnosis.title}</h3>
      <p>{diagnosis.message}</p>
      {diagnosis.warnings.length > 0 && (
        <ul className="warnings">
          {diagnosis.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {diagnosis.node && (
        <dl className="facts small">
          <dt>Node</dt>
          <dd>
            {diagnosis.node.subversion} (version {diagnosis.node.version})
          </dd>
          <dt>Chain</dt>
          <dd>
            {diagnosis.node.chain}, {diagnosis.node.blocks.toLocaleString()} of {diagnosis.node.headers.toLocaleString()} blocks
          </dd>
          <dt>Wallet</dt>
          <dd>{diagnosis.node.wallet || '(default)'}</dd>
          <dt>Pruned</dt>
          <dd>{diagnosis.node.pruned ? `yes, from block ${diagnosis.node.pruneHeight ?? '?'}` : 'no'}</dd>
          <dt>Transaction index</dt>
          <dd>{diagnosis.node.txindex === null ? 'unknown' : diagnosis.node.txindex ? 'on' : 'off'}</dd>
        </dl>
      )}
    </div>
  );
}
