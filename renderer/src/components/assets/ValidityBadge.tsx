import type { AssetSummary } from '../../../../shared/model/asset-view';
import { relativeTime } from '../../lib/time';
import { TONE_ICON, validityTone, validityWords } from '../../lib/validity';

/**
 * The state in plain words with an icon, the last and next check. The technical reason (HTTP status, hashes,
 * URLs) is shown only where asked for (`showReason`, the details' disclosure).
 */
export function ValidityBadge({ asset, showReason = true }: { asset: AssetSummary; showReason?: boolean }) {
  const tone = validityTone(asset);
  const words = validityWords(asset);
  const { validity } = asset;
  const reason = asset.dispute?.message ?? validity.reason;
  return (
    <div className={`validity tone-${tone}`} data-testid="asset-validity" data-state={asset.dispute ? 'DISPUTED' : validity.state}>
      <span className="badge" title={words}>
        <span className="badge-icon" aria-hidden="true">{asset.refreshing ? '⟳' : TONE_ICON[tone]}</span>
        <span className="badge-text">{words}</span>
      </span>
      <span className="checks">
        Checked {relativeTime(validity.lastChecked)}
        {validity.nextCheck ? ` · next ${relativeTime(validity.nextCheck)}` : ''}
        {validity.failures > 0 ? ` · ${validity.failures} failed` : ''}
      </span>
      {showReason && reason && tone !== 'ok' && (
        <span className="reason" data-testid="asset-reason" title={reason}>
          {reason}
        </span>
      )}
    </div>
  );
}
