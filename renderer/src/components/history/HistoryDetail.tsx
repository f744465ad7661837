import type { AssetSummary } from '../../../../shared/model/asset-view';
import type { HistoryRow } from '../../../../shared/model/history';
import { assetLabel } from '../../lib/asset-label';
import { confirmationsText, formatSats, formatTxTime, formatUnits, KIND_TEXT } from '../../lib/history-format';
import { CopyButton } from '../common/CopyButton';

/** Everything the wallet knows about one transaction. */
export function HistoryDetail({ row, assets, now, onClose }: { row: HistoryRow; assets: ReadonlyMap<number, AssetSummary>; now: Date; onClose(): void }) {
  return (
    <aside className="detail-pane" aria-labelledby="history-detail-heading" data-testid="history-detail">
      <header className="detail-header">
        <h2 id="history-detail-heading">{KIND_TEXT[row.kind]}</h2>
        <button type="button" className="icon" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </header>
      <dl className="facts">
        <dt>Transaction</dt>
        <dd>
          <span className="mono">{row.txid}</span> <CopyButton text={row.txid} label="Copy transaction id" />
        </dd>
        <dt>When</dt>
        <dd>{formatTxTime(row.time)}</dd>
        <dt>Confirmations</dt>
        <dd>
          {confirmationsText(row)}
          {row.blockHeight !== null ? ` (block ${row.blockHeight})` : ''}
        </dd>
        <dt>Bitcoin</dt>
        <dd>{formatSats(row.amountSats, true)}</dd>
        <dt>Fee</dt>
        <dd>{row.feeSats === null ? 'paid by someone else' : formatSats(row.feeSats)}</dd>
        {row.own && (
          <>
            <dt>Built by</dt>
            <dd>this wallet{row.ownNote ? `: ${row.ownNote}` : ''}</dd>
          </>
        )}
        {row.paymentRef && (
          <>
            <dt>Payment reference</dt>
            <dd data-testid="history-detail-payment-ref">
              {row.paymentRef.value}
              {row.paymentRef.incoming ? ' (on a payment to this wallet)' : ''}
            </dd>
          </>
        )}
        {row.message && (
          <>
            <dt>Message</dt>
            <dd>
              attached, kept at <span className="mono">{row.message.serverUrl}</span> ({row.message.isPublic ? 'public' : 'for the recipients only'}), hash <span className="mono">{row.message.hash}</span>
            </dd>
          </>
        )}
      </dl>
      <section className="detail-section" aria-label="Assets">
        <h3>Assets</h3>
        {row.assets.length === 0 ? (
          <p className="muted">No asset units moved in or out of this wallet.</p>
        ) : (
          <table className="data" data-testid="history-detail-assets">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">In</th>
                <th scope="col">Out</th>
                <th scope="col">Net</th>
                <th scope="col">Figures from</th>
              </tr>
            </thead>
            <tbody>
              {row.assets.map((m) => {
                const asset = assets.get(m.assetId);
                return (
                  <tr key={m.assetId}>
                    <td>{asset ? assetLabel(asset) : `asset #${m.assetId}`}</td>
                    <td>{formatUnits(m.in, asset, now)}</td>
                    <td>{formatUnits(m.out, asset, now)}</td>
                    <td>{formatUnits(m.net, asset, now, true)}</td>
                    <td>{m.net === null ? 'not known yet' : m.source === 'local' ? 'worked out locally' : 'a tracker'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </aside>
  );
}
