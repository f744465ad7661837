import type { AssetSummary } from '../../../../shared/model/asset-view';
import { formatQuantity } from '../../../../shared/format/quantity';
import { isKnownAndValid } from '../../lib/validity';
import { ProvenanceMark } from './ProvenanceMark';

/**
 * wallet-behaviour.md §6.1: confirmed and unconfirmed apart, "(updating…)" while a quantity is unknown,
 * "Loading asset from <domain>…" before the page JSON is known. Assets that are not valid also show the raw
 * quantity: the units exist on the blockchain whatever the page says.
 *
 * Issue #15: an unknown quantity is never shown as a number — nothing known reads "Unknown", some outputs unknown
 * make the figure "at least …" — and every total carries where it comes from (mark and words).
 */
export function BalanceText({ asset, now, full = false }: { asset: AssetSummary; now: Date; full?: boolean }) {
  const { balance } = asset;
  const unconfirmed = balance.unconfirmedRaw !== '0' && balance.unconfirmedRaw !== '';
  const nothingKnown = balance.knownOutputs === 0 && balance.unknownOutputs > 0;
  const partly = balance.knownOutputs > 0 && balance.unknownOutputs > 0;
  const atLeast = partly ? 'at least ' : '';
  const updating = balance.updating ? <span className="updating"> (updating…)</span> : null;
  const unknownOld = balance.unknownOld > 0 ? <span className="unknown-old"> · {balance.unknownOld} output{balance.unknownOld === 1 ? '' : 's'} of unknown quantity</span> : null;
  const mark = <ProvenanceMark provenance={balance.provenance} full={full} testId="asset-provenance" />;

  if (asset.loadingText !== null) {
    return (
      <div className="balance" data-testid="asset-balance">
        <span className="loading-text">{asset.loadingText}</span>
        <span className="raw" data-testid="asset-balance-raw">
          {nothingKnown ? 'Raw quantity unknown' : `Raw quantity ${atLeast}${balance.confirmedRaw}`}
          {!nothingKnown && unconfirmed ? ` + ${balance.unconfirmedRaw} unconfirmed` : ''}
          {updating}
          {unknownOld}
        </span>
        {mark}
      </div>
    );
  }

  const trusted = isKnownAndValid(asset);
  const confirmed = formatQuantity(balance.confirmedRaw, asset.display, now).text;
  return (
    <div className={trusted ? 'balance' : 'balance untrusted'} data-testid="asset-balance">
      <span className="confirmed" data-testid="asset-balance-confirmed">
        {nothingKnown ? <span className="unknown-total">Unknown</span> : `${atLeast}${confirmed}`}
        {updating}
      </span>
      {!nothingKnown && unconfirmed && (
        <span className="unconfirmed" data-testid="asset-balance-unconfirmed">
          + {formatQuantity(balance.unconfirmedRaw, asset.display, now).text} unconfirmed
        </span>
      )}
      {!trusted && !nothingKnown && (
        <span className="raw">
          Raw quantity {atLeast}
          {balance.confirmedRaw}
          {unconfirmed ? ` + ${balance.unconfirmedRaw} unconfirmed` : ''}
        </span>
      )}
      {unknownOld}
      {mark}
    </div>
  );
}
