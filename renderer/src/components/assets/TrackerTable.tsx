import type { AssetDetail } from '../../../../shared/model/asset-view';

/** The asset's trackers: one line in words, the URLs, reachability and lag behind a disclosure. */
export function TrackerTable({ detail }: { detail: AssetDetail }) {
  if (detail.trackers.length === 0) return null;
  const answers = new Map(detail.dispute?.answers.map((a) => [a.url, a.confirmedRaw]) ?? []);
  const n = detail.trackers.length;
  const reachable = detail.trackers.filter((t) => t.reachable).length;
  const plain = detail.trackers.filter((t) => t.plainHttp).length;
  const summary = `${n} tracker${n === 1 ? '' : 's'}, ${reachable === n ? (n === 1 ? 'reachable' : 'all reachable') : `${reachable} reachable`}${detail.dispute ? ', and they disagree' : ''}.${plain > 0 ? ` ${plain === n ? (n === 1 ? 'It answers' : 'They answer') : `${plain} answer${plain === 1 ? 's' : ''}`} over plain http, which can be altered on the way.` : ''}`;
  return (
    <section className="detail-section" aria-labelledby="trackers-heading">
      <h3 id="trackers-heading">Trackers</h3>
      <p data-testid="tracker-summary">{summary}</p>
      <details className="disclosure">
        <summary>Trackers asked</summary>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Tracker</th>
              <th scope="col">Reachable</th>
              <th scope="col">Lag</th>
              <th scope="col">Agreement</th>
            </tr>
          </thead>
          <tbody>
            {detail.trackers.map((t) => (
              <tr key={t.url}>
                <td>
                  <code>{t.url}</code>
                  {t.plainHttp && <span className="tag warn" title="Answers over plain http can be altered on the way">plain http</span>}
                  {t.lastError && <div className="field-error small">{t.lastError}</div>}
                </td>
                <td>{t.reachable === null ? 'Not tried' : t.reachable ? 'Yes' : 'No'}</td>
                <td>{t.lagBlocks === null ? '—' : t.lagBlocks === 0 ? 'Up to date' : `${t.lagBlocks} block${t.lagBlocks === 1 ? '' : 's'} behind`}</td>
                <td>{detail.dispute ? (answers.has(t.url) ? `Says ${answers.get(t.url)}` : 'No answer') : t.reachable ? 'Agrees' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
