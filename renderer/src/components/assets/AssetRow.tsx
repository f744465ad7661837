import { memo, useState, type CSSProperties } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import { assetLabel } from '../../lib/asset-label';
import { openExternal } from '../../lib/open-external';
import { isKnownAndValid } from '../../lib/validity';
import { BalanceText } from './BalanceText';
import { ValidityBadge } from './ValidityBadge';

export interface AssetRowProps {
  asset: AssetSummary;
  now: Date;
  style: CSSProperties;
  position: number;
  total: number;
  selected: boolean;
  busy: boolean;
  error: string | undefined;
  onSelect(assetId: number): void;
  onRefresh(assetId: number): void;
  onSetVisible(assetId: number, visible: boolean): void;
}

/** One asset: issuer domain first (the trust anchor), name, balance, validity, actions. */
function AssetRowView({ asset, now, style, position, total, selected, busy, error, onSelect, onRefresh, onSetVisible }: AssetRowProps) {
  const label = assetLabel(asset);
  const [linkError, setLinkError] = useState<string | null>(null);
  const showRef = !isKnownAndValid(asset) || !asset.name;
  return (
    <li
      className={`asset-row${selected ? ' selected' : ''}${asset.isVisible ? '' : ' hidden-asset'}`}
      style={style}
      aria-setsize={total}
      aria-posinset={position}
      data-testid="asset-row"
      data-asset-id={asset.assetId}
      data-asset-ref={asset.assetRef ?? ''}
    >
      <div className="asset-ident">
        {asset.domain ? (
          asset.homeUrl ? (
            <button
              type="button"
              className="domain"
              data-testid="asset-domain"
              aria-label={`Open ${asset.domain} (issuer’s home page)`}
              onClick={() => openExternal(asset.homeUrl as string).then(setLinkError)}
            >
              {asset.domain}
            </button>
          ) : (
            <span className="domain" data-testid="asset-domain">{asset.domain}</span>
          )
        ) : (
          <span className="domain unknown" data-testid="asset-domain">Unknown issuer</span>
        )}
        <span className="asset-name" data-testid="asset-name" title={asset.name ?? undefined}>
          {asset.name ? (
            <>
              <span className="full-name">{asset.name}</span>
              <span className="short-name">{asset.shortName ?? asset.name}</span>
            </>
          ) : (
            <span className="muted">{asset.loadingText ? 'Name not known yet' : 'No name'}</span>
          )}
          {!asset.isVisible && <span className="tag">hidden</span>}
          {asset.expired && <span className="tag bad">expired</span>}
        </span>
        {showRef && (
          <span className="asset-ref mono" data-testid="asset-ref">
            {asset.assetRef ? `Ref ${asset.assetRef}` : asset.genTxId ? `Genesis ${asset.genTxId.slice(0, 16)}…` : 'Reference not known yet'}
          </span>
        )}
        {(error || linkError) && <span className="row-error" role="alert">{error ?? linkError}</span>}
      </div>
      <BalanceText asset={asset} now={now} />
      <ValidityBadge asset={asset} />
      <div className="asset-actions">
        <button type="button" aria-label={`Refresh ${label}`} title="Check the asset again now" onClick={() => onRefresh(asset.assetId)} disabled={busy}>
          {busy ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" aria-label={`Details of ${label}`} aria-expanded={selected} onClick={() => onSelect(asset.assetId)}>
          Details
        </button>
        <button type="button" aria-label={`${asset.isVisible ? 'Hide' : 'Show'} ${label}`} onClick={() => onSetVisible(asset.assetId, !asset.isVisible)}>
          {asset.isVisible ? 'Hide' : 'Show'}
        </button>
      </div>
    </li>
  );
}

export const AssetRow = memo(AssetRowView);
