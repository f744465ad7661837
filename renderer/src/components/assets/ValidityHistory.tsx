import type { AssetDetail } from '../../../../shared/model/asset-view';
import { formatDateTime, relativeTime } from '../../lib/time';
import { validityWords } from '../../lib/validity';
import { formatInteger } from '../../lib/number-style';

/** Validity in words; the technical reason and the check history behind a disclosure; disputes. */
export function ValidityHistory({ detail }: { detail: AssetDetail }) {
  const v = detail.validity;
  return (
    <section className="detail-section" aria-labelledby="validity-heading">
      <h3 id="validity-heading">Validity</h3>
      <p data-testid="detail-validity-text">{validityWords(detail)}</p>
      {detail.loadFailure && <p data-testid="detail-load-failure">{detail.loadFailure}</p>}
      <details className="disclosure" data-testid="validity-details">
        <summary>Details</summary>
        <dl className="facts">
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
          <dt>Failed checks in a row</dt>
          <dd>{v.failures}</dd>
          <dt>State name</dt>
          <dd>
            <code>{v.state}</code>
          </dd>
        </dl>
      </details>
      {detail.dispute && (
        <div className="notice warn" role="note">
          <p>{detail.dispute.message}</p>
          <details className="disclosure">
            <summary>What each tracker said</summary>
            <ul>
              {detail.dispute.answers.map((a) => (
                <li key={a.url}>
                  <code>{a.url}</code> reports {formatInteger(a.confirmedRaw)} raw units
                </li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </section>
  );
}
