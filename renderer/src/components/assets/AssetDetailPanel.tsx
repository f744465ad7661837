import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import { useAssetDetail } from '../../state/use-asset-detail';
import { useAssetsStore } from '../../state/assets-store';
import { useAppStore } from '../../state/app-store';
import { useHistoryStore } from '../../state/history-store';
import { assetLabel } from '../../lib/asset-label';
import { openExternal } from '../../lib/open-external';
import { BalanceText } from './BalanceText';
import { ValidityBadge } from './ValidityBadge';
import { AssetFacts } from './AssetFacts';
import { ValidityHistory } from './ValidityHistory';
import { TrackerTable } from './TrackerTable';
import { OutputTable } from './OutputTable';
import { JsonFields } from './JsonFields';
import { DeleteAssetDialog } from './DeleteAssetDialog';
import { ContractViewer } from '../contract/ContractViewer';

/** Everything known about one asset (wallet-behaviour.md §6.3), its actions and its contract. */
export function AssetDetailPanel({ summary, now, onClose }: { summary: AssetSummary; now: Date; onClose(): void }) {
  const { detail, error } = useAssetDetail(summary);
  const refresh = useAssetsStore((s) => s.refresh);
  const busy = useAssetsStore((s) => s.refreshing.has(summary.assetId)) || summary.refreshing;
  const setVisible = useAssetsStore((s) => s.setVisible);
  const [deleting, setDeleting] = useState(false);
  const [viewing, setViewing] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);
  const label = assetLabel(summary);
  const pane = useRef<HTMLElement>(null);
  // Another asset: start at its top.
  useEffect(() => {
    pane.current?.scrollTo({ top: 0 });
  }, [summary.assetId]);
  // Stable, so the viewer's Escape handler and focus return are set up once.
  const closeViewer = useCallback(() => setViewing(false), []);

  return (
    <aside className="detail-pane" ref={pane} aria-labelledby="detail-heading" data-testid="asset-detail">
      <header className="detail-header">
        <div>
          {summary.domain &&
            (summary.homeUrl ? (
              <button type="button" className="domain big" aria-label={`Open ${summary.domain} (issuer’s home page)`} onClick={() => openExternal(summary.homeUrl as string).then(setLinkError)}>
                {summary.domain}
              </button>
            ) : (
              <span className="domain big">{summary.domain}</span>
            ))}
          <h2 id="detail-heading">{summary.name ?? label}</h2>
        </div>
        <button type="button" className="icon" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </header>
      {linkError && <p className="field-error" role="alert">{linkError}</p>}
      <div className="detail-actions">
        <button type="button" onClick={() => void refresh(summary.assetId)} disabled={busy}>
          {busy ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" onClick={() => setViewing(true)} disabled={!detail?.contract}>
          View contract
        </button>
        <button
          type="button"
          onClick={() => {
            useHistoryStore.getState().setQuery({ assetId: summary.assetId });
            useAppStore.getState().setScreen('history');
          }}
        >
          History
        </button>
        <button type="button" onClick={() => void setVisible(summary.assetId, !summary.isVisible)}>
          {summary.isVisible ? 'Hide asset' : 'Show asset'}
        </button>
        {summary.canDelete && (
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete…
          </button>
        )}
      </div>
      <ValidityBadge asset={summary} />
      <section aria-label="Balance" className="detail-section">
        <h3>Balance</h3>
        <BalanceText asset={summary} now={now} full />
      </section>
      {error && (
        <p className="notice error" role="alert">
          Could not load the details: {error}
        </p>
      )}
      {!detail && !error && <p className="muted">Loading details…</p>}
      {detail && (
        <>
          <AssetFacts detail={detail} now={now} onLinkError={setLinkError} />
          <ValidityHistory detail={detail} />
          <TrackerTable detail={detail} />
          <OutputTable detail={detail} now={now} />
          <JsonFields json={detail.json} />
        </>
      )}
      {deleting && <DeleteAssetDialog asset={summary} onClose={() => setDeleting(false)} />}
      {viewing && <ContractViewer
          assetId={summary.assetId}
          title={label}
          problem={summary.validity.state === 'VALID' ? null : (summary.validity.reason ?? summary.validity.text)}
          onClose={closeViewer}
        />}
    </aside>
  );
}
