import { memo, type CSSProperties } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import type { AssetMovement, HistoryRow } from '../../../../shared/model/history';
import { assetLabel } from '../../lib/asset-label';
import { confirmationsText, formatSats, formatTxTime, formatUnits, KIND_TEXT } from '../../lib/history-format';

/** The words for one asset's movement: "+250.00 g", "−120 units", "unknown", with where the figure came from. */
export function movementText(m: AssetMovement, asset: AssetSummary | undefined, now: Date): string {
  if (m.net !== null) return formatUnits(m.net, asset, now, true);
  if (m.in === null && m.out === '0') return 'units received: unknown';
  if (m.out === null && m.in === '0') return 'units sent: unknown';
  return 'unknown';
}

const MAX_INLINE = 2;

/** One transaction of the windowed list (fixed height). */
export const HistoryRowView = memo(function HistoryRowView({ row, assets, now, position, total, selected, onSelect, style }: {
  row: HistoryRow;
  assets: ReadonlyMap<number, AssetSummary>;
  now: Date;
  position: number;
  total: number;
  selected: boolean;
  onSelect(txid: string): void;
  style: CSSProperties;
}) {
  const inline = row.assets.slice(0, MAX_INLINE);
  const more = row.assets.length - inline.length;
  return (
    <li className={selected ? 'asset-row history-row selected' : 'asset-row history-row'} style={style} aria-setsize={total} aria-posinset={position} data-testid="history-row" data-txid={row.txid}>
      <div className="history-when">
        <button type="button" className="link" aria-expanded={selected} aria-label={`Details of transaction ${row.txid}, ${formatTxTime(row.time)}`} onClick={() => onSelect(row.txid)}>
          {formatTxTime(row.time)}
        </button>
        <span className={row.confirmations > 0 ? 'muted' : row.confirmations < 0 ? 'tag bad' : 'tag'}>{confirmationsText(row)}</span>
        <span className="mono muted history-txid" title={row.txid}>
          {row.txid.slice(0, 16)}…
        </span>
      </div>
      <div className="history-what">
        <span>
          {KIND_TEXT[row.kind]}
          {row.own && <span className="tag">sent by this wallet</span>}
          {row.alertId && <span className="tag bad">alert</span>}
        </span>
        {row.paymentRef && (
          <span className="muted" data-testid="history-payment-ref">
            Payment reference {row.paymentRef.value}
            {row.paymentRef.incoming ? ' (received)' : ''}
          </span>
        )}
        {row.message && <span className="muted">Message attached ({new URL(row.message.serverUrl).host})</span>}
      </div>
      <div className="history-assets" data-testid="history-assets">
        {inline.map((m) => {
          const asset = assets.get(m.assetId);
          return (
            <span key={m.assetId} className={m.net === null ? 'history-asset unknown' : 'history-asset'} data-asset-id={m.assetId}>
              <span className="history-asset-name">{asset ? assetLabel(asset) : `asset #${m.assetId}`}</span> <strong>{movementText(m, asset, now)}</strong>{' '}
              {m.net !== null && (
                <span className={m.source === 'local' ? 'tag source-local' : 'tag source-tracker'} title={m.source === 'local' ? 'Worked out by this wallet from your own node' : 'As a tracking server reported it'}>
                  {m.source === 'local' ? 'local' : 'tracker'}
                </span>
              )}
            </span>
          );
        })}
        {more > 0 && <span className="muted">and {more} more asset{more === 1 ? '' : 's'}</span>}
      </div>
      <div className="history-btc">
        <span data-testid="history-amount">{formatSats(row.amountSats, true)}</span>
        {row.feeSats !== null && <span className="muted">fee {formatSats(row.feeSats)}</span>}
      </div>
    </li>
  );
});
