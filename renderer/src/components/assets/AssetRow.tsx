import { memo, useEffect, useRef, useState, type CSSProperties } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import { assetLabel } from '../../lib/asset-label';
import { openExternal } from '../../lib/open-external';
import { isKnownAndValid } from '../../lib/validity';
import { interestMark } from '../../lib/number-style';
import type { FocusRequest } from '../../state/assets-store';
import { BalanceText } from './BalanceText';
import { ValidityBadge } from './ValidityBadge';
import { AssetIcon } from './AssetIcon';
import { SwapLabel } from '../common/SwapLabel';

export interface AssetRowProps {
  asset: AssetSummary;
  now: Date;
  style: CSSProperties;
  position: number;
  total: number;
  selected: boolean;
  busy: boolean;
  error: string | undefined;
  /** How the user's last refresh of this asset ended (shown for a few seconds). */
  result: { text: string; ok: boolean } | undefined;
  /** What the demo network planted in this asset, when it runs on it. */
  demoNote: string | undefined;
  focusRequest: FocusRequest | null;
  onFocused(): void;
  onSelect(assetId: number): void;
  onRefresh(assetId: number): void;
  onSetVisible(assetId: number, visible: boolean): void;
}

/** One asset: icon, issuer domain first (the trust anchor), name, balance, validity, actions. */
function AssetRowView({ asset, now, style, position, total, selected, busy, error, result, demoNote, focusRequest, onFocused, onSelect, onRefresh, onSetVisible }: AssetRowProps) {
  const label = assetLabel(asset);
  const [linkError, setLinkError] = useState<string | null>(null);
  const showRef = !isKnownAndValid(asset) || !asset.name;
  const detailsButton = useRef<HTMLButtonElement>(null);
  const rowRef = useRef<HTMLLIElement>(null);
  const interest = interestMark(asset.display.interestRate);

  // Focus asked for this row (Details closed, the row before it hidden or deleted): take it once.
  const wanted = focusRequest?.assetId === asset.assetId ? focusRequest.target : null;
  useEffect(() => {
    if (!wanted) return;
    (wanted === 'details' ? detailsButton.current : (rowRef.current?.querySelector<HTMLElement>('button') ?? null))?.focus();
    onFocused();
  }, [wanted, onFocused]);

  return (
    <li
      ref={rowRef}
      className={`asset-row${selected ? ' selected' : ''}${asset.isVisible ? '' : ' hidden-asset'}`}
      style={style}
      aria-setsize={total}
      aria-posinset={position}
      data-testid="asset-row"
      data-asset-id={asset.assetId}
      data-asset-ref={asset.assetRef ?? ''}
    >
      <AssetIcon asset={asset} />
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
            <span className="muted">{asset.loadingText ? 'Name not known yet' : asset.loadFailure ? 'Name not known' : 'No name'}</span>
          )}
          {interest && (
            <span className="tag interest" data-testid="asset-interest" title={asset.display.interestRate! > 0 ? 'Interest: the balance grows each year by this rate' : 'Demurrage: the balance shrinks each year by this rate'}>
              {interest}
            </span>
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
      <div className="asset-state">
        <ValidityBadge asset={asset} showReason={false} />
        {result ? (
          <span className={`row-result ${result.ok ? 'ok' : 'problem'}`} role="status" data-testid="refresh-result">
            {result.text}
          </span>
        ) : demoNote ? (
          <span className="demo-note" data-testid="demo-note" title={demoNote}>
            {demoNote}
          </span>
        ) : null}
      </div>
      <div className="asset-actions">
        <button type="button" aria-label={`Refresh ${label}`} title="Check the asset again now" onClick={() => onRefresh(asset.assetId)} disabled={busy} data-testid="row-refresh">
          <SwapLabel shown={busy ? 1 : 0} labels={['Refresh', 'Refreshing…']} />
        </button>
        <button ref={detailsButton} type="button" aria-label={`Details of ${label}`} aria-expanded={selected} onClick={() => onSelect(asset.assetId)}>
          Details
        </button>
        <button type="button" aria-label={`${asset.isVisible ? 'Hide' : 'Show'} ${label}`} onClick={() => onSetVisible(asset.assetId, !asset.isVisible)}>
          <SwapLabel shown={asset.isVisible ? 0 : 1} labels={['Hide', 'Show']} />
        </button>
      </div>
    </li>
  );
}

export const AssetRow = memo(AssetRowView);
