import type { AssetSummary } from '../../../../shared/model/asset-view';
import { formatQuantity } from '../../../../shared/format/quantity';
import { isKnownAndValid } from '../../lib/validity';

/**
 * wallet-behaviour.md §6.1: confirmed and unconfirmed apart, "(updating…)" while a quantity is unknown,
 * "Loading asset from <domain>…" before the page JSON is known. Assets that are not valid also show the raw
 * quantity: the units exist on the blockchain whatever the page says.
 */
export function BalanceText({ asset, now }: { asset: AssetSummary; now: Date }) {
  const { balance } = asset;
  const unconfirmed = balance.unconfirmedRaw !== '0' && balance.unconfirmedRaw !== '';
  const updating = balance.updating ? <span className="updating"> (updating…)</span> : null;
  const unknownOld = balance.unknownOld > 0 ? <span className="unknown-old"> · {balance.unknownOld} output{balance.unknownOld === 1 ? '' : 's'} of unknown quantity</span> : null;

  if (asset.loadingText !== null) {
    return (
      <div className="balance" data-testid="asset-balance">
        <span className="loading-text">{asset.loadingText}</span>
        <span className="raw">
          Raw quantity {balance.confirmedRaw}
          {unconfirmed ? ` + ${balance.unconfirmedRaw} unconfirmed` : ''}
          {updating}
          {unknownOld}
        </span>
      </div>
    );
  }

  const trusted = isKnownAndValid(asset);
  const confirmed = formatQuantity(balance.confirmedRaw, asset.display, now).text;
  return (
    <div className={trusted ? 'balance' : 'balance untrusted'} data-testid="asset-balance">
      <span className="confirmed" data-testid="asset-balance-confirmed">
        {confirmed}
        {updating}
      </span>
      {unconfirmed && (
        <span className="unconfirmed" data-testid="asset-balance-unconfirmed">
          + {formatQuantity(balance.unconfirmedRaw, asset.display, now).text} unconfirmed
        </span>
      )}
      {!trusted && (
        <span className="raw">
          Raw quantity {balance.confirmedRaw}
          {unconfirmed ? ` + ${balance.unconfirmedRaw} unconfirmed` : ''}
        </span>
      )}
      {unknownOld}
    </div>
  );
}
