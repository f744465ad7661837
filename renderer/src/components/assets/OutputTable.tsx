import type { AssetDetail } from '../../../../shared/model/asset-view';
import { formatQuantity } from '../../../../shared/format/quantity';
import { ProvenanceMark } from './ProvenanceMark';

/** The balance by output: txid:vout, quantity, where it comes from, confirmations, row state. */
export function OutputTable({ detail, now }: { detail: AssetDetail; now: Date }) {
  return (
    <section className="detail-section" aria-labelledby="outputs-heading">
      <h3 id="outputs-heading">Balance by output</h3>
      {detail.balanceRows.length === 0 ? (
        <p className="muted">No output of this wallet holds this asset.</p>
      ) : (
        <table className="data" data-testid="output-table">
          <thead>
            <tr>
              <th scope="col">Output</th>
              <th scope="col">Quantity</th>
              <th scope="col">Source</th>
              <th scope="col">Confirmations</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {detail.balanceRows.map((r) => (
              <tr key={`${r.txid}:${r.vout}`} data-testid="output-row">
                <td>
                  <code title={`${r.txid}:${r.vout}`}>
                    {r.txid.slice(0, 12)}…{r.txid.slice(-6)}:{r.vout}
                  </code>
                </td>
                <td>
                  {r.qty === null ? (
                    <span className="updating">unknown{r.qtyFailures > 0 ? ` (${r.qtyFailures} failed checks)` : ''}</span>
                  ) : (
                    <>
                      {formatQuantity(r.qty, detail.display, now).text} <span className="muted small">({r.qty} raw)</span>
                    </>
                  )}
                </td>
                <td>
                  <ProvenanceMark provenance={r.provenance} full testId="output-provenance" />
                </td>
                <td>{r.confirmations === 0 ? 'Unconfirmed' : r.confirmations.toLocaleString()}</td>
                <td>{r.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
