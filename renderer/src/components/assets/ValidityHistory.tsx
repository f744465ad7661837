import type { AssetDetail } from '../../../../shared/model/asset-view';
import { formatDateTime, relativeTime } from '../../lib/time';
import { validityWords } from '../../lib/validity';

/** The validity history: state, last check, next check, failures, the reason in plain words, disputes. */
export function ValidityHistory({ detail }: { detail: AssetDetail }) {
  const v = detail.validity;
  return (
    <section className="detail-section" aria-labelledby="validity-heading">
      <h3 id="validity-heading">Validity</h3>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="detail-validity-text">{validityWords(detail)}</dd>
        {v.reason && (
          <>
            <dt>Reason</dt>
            <dd data-testid="detail-validity-reason">{v.reason}</dd>
          </>
        )}
        {v.previousState && (
          <>
            <dt>Before this check</dt>
            <dd>{v.previousState}</dd>
          </>
        )}
        <dt>Last check</dt>
        <dd>
          {formatDateTime(v.lastChecked)} ({relativeTime(v.lastChecked)})
        </dd>
        <dt>Next check</dt>
        <dd>{v.nextCheck ? `${formatDateTime(v.nextCheck)} (${relativeTime(v.nextCheck)})` : 'Not scheduled'}</dd>
        <dt>Failed checks</dt>
        <dd>{v.failures}</dd>
      </dl>
      {detail.dispute && (
        <div className="notice warn" role="note">
          <p>{detail.dispute.message}</p>
          <ul>
            {detail.dispute.answers.map((a) => (
              <li key={a.url}>
                <code>{a.url}</code> reports {a.confirmedRaw} raw units
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
