import type { AssetDetail } from '../../../../shared/model/asset-view';
import { applyInterest } from '../../../../shared/format/interest';
import { formatAmount, formatInteger } from '../../lib/number-style';
import { outputStateWords } from '../../lib/output-state';
import { ProvenanceMark } from './ProvenanceMark';

/**
 * The balance by output. The figures shown add up to the total shown, or a line says why not (outputs whose
 * quantity is not known, spent ones, interest rounded on the total rather than per output). An unknown quantity is
 * never shown as a number (issue #15): with some outputs unknown the total is "at least …", with none known it is
 * "not known yet". Each output says where its figure comes from (Source). The table itself — transaction ids, raw
 * units, row states — is technical: it sits behind a disclosure.
 */
export function OutputTable({ detail, now }: { detail: AssetDetail; now: Date }) {
  const held = detail.balanceRows.filter((r) => r.confirmations >= 0);
  const unknown = held.filter((r) => r.qty === null).length;
  const known = held.length - unknown;
  const spent = detail.balanceRows.length - held.length;
  const totalRaw = held.reduce((sum, r) => sum + (r.qty === null ? 0n : BigInt(r.qty)), 0n);
  const withQty = held.filter((r) => r.qty !== null && r.qty !== '0').length;
  const { interestRate, issueDate } = detail.display;
  // Interest is floored once on the total (asset-web-page.md §8.1), so per-output figures may sum to a little less.
  const perOutputSum = held.reduce((sum, r) => sum + (r.qty === null ? 0n : applyInterest(BigInt(r.qty), interestRate, issueDate, now)), 0n);
  const roundingGap = applyInterest(totalRaw, interestRate, issueDate, now) - perOutputSum;
  const nothingKnown = known === 0 && unknown > 0;
  const total = nothingKnown ? 'not known yet' : `${unknown > 0 ? 'at least ' : ''}${formatAmount(totalRaw, detail.display, now).text}`;
  const notes: string[] = [];
  if (unknown > 0) notes.push(`${unknown} output${unknown === 1 ? ' is' : 's are'} of a quantity not known yet and ${unknown === 1 ? 'is' : 'are'} not counted.`);
  if (spent > 0) notes.push(`${spent} spent output${spent === 1 ? ' is' : 's are'} listed but not counted.`);
  if (roundingGap > 0n) notes.push(`Interest is worked out on the total, so the outputs add up to ${formatAmount(roundingGap, { ...detail.display, interestRate: null }, now).text} less than it (rounding).`);
  const summary =
    held.length === 0
      ? 'No output of this wallet holds this asset.'
      : nothingKnown
        ? `This wallet has ${held.length} output${held.length === 1 ? '' : 's'} that may hold it: the quantity is not known yet.`
        : `${withQty} of this wallet’s ${held.length} output${held.length === 1 ? '' : 's'} hold${held.length === 1 && withQty === 1 ? 's' : ''} it: ${total} in all.`;
  return (
    <section className="detail-section" aria-labelledby="outputs-heading">
      <h3 id="outputs-heading">Where it is held</h3>
      <p data-testid="output-summary">{summary}</p>
      {notes.map((n) => (
        <p key={n} className="muted small" data-testid="output-note">
          {n}
        </p>
      ))}
      {detail.balanceRows.length > 0 && (
        <details className="disclosure">
          <summary>Outputs</summary>
          <table className="data" data-testid="output-table">
            <thead>
              <tr>
                <th scope="col">Output</th>
                <th scope="col" className="num">Quantity</th>
                <th scope="col">Source</th>
                <th scope="col" className="num">Confirmations</th>
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
                  <td className="num">
                    {r.qty === null ? (
                      <span className="updating">unknown{r.qtyFailures > 0 ? ` (${r.qtyFailures} failed checks)` : ''}</span>
                    ) : (
                      <>
                        {formatAmount(r.qty, detail.display, now).text} <span className="muted small">({formatInteger(r.qty)} raw)</span>
                      </>
                    )}
                  </td>
                  <td>
                    <ProvenanceMark provenance={r.provenance} full testId="output-provenance" />
                  </td>
                  <td className="num">{r.confirmations < 0 ? '—' : r.confirmations === 0 ? 'unconfirmed' : formatInteger(r.confirmations)}</td>
                  <td className="state-words" data-testid="output-state">
                    {outputStateWords(r.state)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num" data-testid="output-total">
                  {total}
                </td>
                <td colSpan={3} />
              </tr>
            </tfoot>
          </table>
        </details>
      )}
    </section>
  );
}
