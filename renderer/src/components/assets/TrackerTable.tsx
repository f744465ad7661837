import type { AssetDetail } from '../../../../shared/model/asset-view';

/** The asset's trackers, with reachability, lag and whether their answers agree. */
export function TrackerTable({ detail }: { detail: AssetDetail }) {
  if (detail.trackers.length === 0) return null;
  const answers = new Map(detail.dispute?.answers.map((a) => [a.url, a.confirmedRaw]) ?? []);
  return (
    <section className="detail-section" aria-labelledby="trackers-heading">
      <h3 id="trackers-heading">Trackers</h3>
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
    </section>
  );
}
