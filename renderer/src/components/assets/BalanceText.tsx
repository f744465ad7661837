import type { AssetSummary } from '../../../../shared/model/asset-view';
import { isKnownAndValid } from '../../lib/validity';
import { formatAmount, formatInteger } from '../../lib/number-style';
import { ProvenanceMark } from './ProvenanceMark';

/**
 * wallet-behaviour.md §6.1: confirmed and unconfirmed apart, "(updating…)" while a quantity is unknown,
 * "Loading asset from <domain>…" before the page JSON is known — and what failed once loading has failed. Assets
 * that are not valid show the raw quantity: the units exist on the blockchain whatever the page says.
 *
 * Issue #15: an unknown quantity is never shown as a number — nothing known reads "Unknown", some outputs unknown
 * make the figure "at least …" — and every total carries where it comes from (mark and words). Issue #16: the
 * figures that are shown use the user's locale separators.
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
  const loading = asset.loadingText !== null || asset.loadFailure !== null;
  const raw = (
    <span className="raw" data-testid="asset-balance-raw">
      {nothingKnown ? 'Raw quantity unknown' : `Raw quantity ${atLeast}${formatInteger(balance.confirmedRaw)}`}
      {!nothingKnown && unconfirmed ? ` + ${formatInteger(balance.unconfirmedRaw)} unconfirmed` : ''}
      {loading ? updating : null}
      {loading ? unknownOld : null}
    </span>
  );

  if (loading) {
    return (
      <div className="balance" data-testid="asset-balance">
        {asset.loadFailure !== null ? (
          <span className="load-failure" data-testid="asset-load-failure" title={asset.loadFailure}>
            {asset.loadFailure}
          </span>
        ) : (
          <span className="loading-text">{asset.loadingText}</span>
        )}
        {raw}
        {mark}
      </div>
    );
  }

  const trusted = isKnownAndValid(asset);
  const confirmed = nothingKnown ? 'Unknown' : `${atLeast}${formatAmount(balance.confirmedRaw, asset.display, now).text}`;
  return (
    <div className={trusted ? 'balance' : 'balance untrusted'} data-testid="asset-balance">
      <span className="confirmed" data-testid="asset-balance-confirmed" title={confirmed}>
        {nothingKnown ? <span className="unknown-total">Unknown</span> : confirmed}
        {updating}
      </span>
      {!nothingKnown && unconfirmed && (
        <span className="unconfirmed" data-testid="asset-balance-unconfirmed">
          + {formatAmount(balance.unconfirmedRaw, asset.display, now).text} unconfirmed
        </span>
      )}
      {!trusted && !nothingKnown && raw}
      {unknownOld}
      {mark}
    </div>
  );
}
