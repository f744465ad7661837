import type { AssetSummary } from '../../../../shared/model/asset-view';
import type { SpendAlert } from '../../../../shared/model/safety';
import { formatUnits } from '../../lib/history-format';
import { formatDateTime } from '../../lib/time';

/** One alert: the transaction, what it did to each asset (held, lost, kept), the likely cause, and actions. */
export function SpendAlertView({ alert, assets, now, busy, onDismiss, onShow }: { alert: SpendAlert; assets: ReadonlyMap<number, AssetSummary>; now: Date; busy: boolean; onDismiss(): void; onShow(): void }) {
  const title = alert.kind === 'foreign-spend' ? 'Assets were spent by a transaction this wallet did not build' : 'A transaction that brought assets was removed';
  return (
    <section className="notice error spend-alert" role="alert" aria-labelledby={`alert-${alert.id}`} data-testid="spend-alert" data-alert-kind={alert.kind}>
      <h2 id={`alert-${alert.id}`}>{title}</h2>
      <p>
        Transaction <span className="mono">{alert.txid}</span> · detected {formatDateTime(alert.detectedAt)}
      </p>
      <table className="data" data-testid="spend-alert-assets">
        <thead>
          <tr>
            <th scope="col">Asset</th>
            <th scope="col">{alert.kind === 'foreign-spend' ? 'Held in the spent outputs' : 'Brought'}</th>
            <th scope="col">Gone to others</th>
            <th scope="col">Still in this wallet</th>
            <th scope="col">Where the units went</th>
          </tr>
        </thead>
        <tbody>
          {alert.assets.map((a) => {
            const asset = assets.get(a.assetId);
            return (
              <tr key={a.assetId}>
                <td>{a.label}</td>
                <td>{formatUnits(a.before, asset, now)}</td>
                <td data-testid="spend-alert-lost">
                  <strong>{formatUnits(a.lost, asset, now)}</strong>
                </td>
                <td>{formatUnits(a.kept, asset, now)}</td>
                <td>
                  {a.outputs.length === 0 ? 'nowhere' : a.outputs.map((o) => `${formatUnits(o.qty, asset, now)} to output ${o.vout}${o.ours ? ' (this wallet)' : o.address ? ` (${o.address})` : ' (someone else)'}`).join('; ')}
                  {a.destroyed !== null && a.destroyed !== '0' ? `; ${formatUnits(a.destroyed, asset, now)} destroyed` : ''}
                  <br />
                  <span className="small">{a.rule}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p data-testid="spend-alert-cause">{alert.cause}</p>
      <div className="alert-actions">
        <button type="button" onClick={onShow}>
          Show in history
        </button>
        <button type="button" onClick={onDismiss} disabled={busy}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
