import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import { useAssetDetail } from '../../state/use-asset-detail';
import { useAssetsStore } from '../../state/assets-store';
import { useAppStore } from '../../state/app-store';
import { useHistoryStore } from '../../state/history-store';
import { assetLabel } from '../../lib/asset-label';
import { openExternal } from '../../lib/open-external';
import { usePicture } from '../../lib/pictures';
import { BalanceText } from './BalanceText';
import { ValidityBadge } from './ValidityBadge';
import { AssetFacts, TechnicalFacts } from './AssetFacts';
import { ValidityHistory } from './ValidityHistory';
import { TrackerTable } from './TrackerTable';
import { OutputTable } from './OutputTable';
import { DeleteAssetDialog } from './DeleteAssetDialog';
import { AssetIcon } from './AssetIcon';
import { SwapLabel } from '../common/SwapLabel';
import { ContractViewer } from '../contract/ContractViewer';

/**
 * Everything known about one asset (wallet-behaviour.md §6.3), its actions and its contract. Plain words first;
 * hashes, raw units, tracker URLs and output states behind "details" disclosures. Opening it moves focus to its
 * heading; Escape closes it (the caller returns focus to the row).
 */
export function AssetDetailPanel({ summary, now, onClose, onDeleted }: { summary: AssetSummary; now: Date; onClose(): void; onDeleted(assetId: number, reference: string | null, undoToken: string): void }) {
  const { detail, error } = useAssetDetail(summary);
  const refresh = useAssetsStore((s) => s.refresh);
  const busy = useAssetsStore((s) => s.refreshing.has(summary.assetId)) || summary.refreshing;
  const result = useAssetsStore((s) => s.results.get(summary.assetId));
  const setVisible = useAssetsStore((s) => s.setVisible);
  const demoNote = useAppStore((s) => (summary.genTxId ? s.info?.demo?.notes[summary.genTxId] : undefined));
  const [deleting, setDeleting] = useState(false);
  const [viewing, setViewing] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);
  const image = usePicture(summary.image, 'image');
  const label = assetLabel(summary);
  const pane = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Another asset (or the panel just opened): start at its top, with focus on its heading.
  useEffect(() => {
    pane.current?.scrollTo({ top: 0 });
    heading.current?.focus();
  }, [summary.assetId]);
  // Stable, so the viewer's Escape handler and focus return are set up once.
  const closeViewer = useCallback(() => setViewing(false), []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || deleting || viewing || e.defaultPrevented) return;
    e.preventDefault();
    onClose();
  };

  return (
    <aside className="detail-pane" ref={pane} aria-labelledby="detail-heading" data-testid="asset-detail" onKeyDown={onKeyDown}>
      <header className="detail-header">
        <div className="detail-title">
          {image ? <img className="asset-image" src={image} alt={`Image of ${label}`} data-testid="asset-image" /> : <AssetIcon asset={summary} size={56} />}
          <div>
            {summary.domain &&
              (summary.homeUrl ? (
                <button type="button" className="domain big" aria-label={`Open ${summary.domain} (issuer’s home page)`} onClick={() => openExternal(summary.homeUrl as string).then(setLinkError)}>
                  {summary.domain}
                </button>
              ) : (
                <span className="domain big">{summary.domain}</span>
              ))}
            <h2 id="detail-heading" ref={heading} tabIndex={-1}>
              {summary.name ?? label}
            </h2>
          </div>
        </div>
        <button type="button" className="icon" aria-label="Close details" title="Close (Escape)" onClick={onClose}>
          ✕
        </button>
      </header>
      {linkError && <p className="field-error" role="alert">{linkError}</p>}
      <div className="detail-actions">
        <button type="button" onClick={() => void refresh(summary.assetId)} disabled={busy}>
          <SwapLabel shown={busy ? 1 : 0} labels={['Refresh', 'Refreshing…']} />
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
        <button type="button" onClick={() => void setVisible(summary.assetId, !summary.isVisible).catch(() => undefined)}>
          {summary.isVisible ? 'Hide asset' : 'Show asset'}
        </button>
        {summary.canDelete && (
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete…
          </button>
        )}
      </div>
      {result && (
        <p className={`row-result ${result.ok ? 'ok' : 'problem'}`} role="status">
          {result.text}
        </p>
      )}
      <ValidityBadge asset={summary} showReason={false} />
      {demoNote && (
        <p className="notice info demo-note-full" data-testid="detail-demo-note">
          {demoNote}
        </p>
      )}
      <section aria-labelledby="balance-heading" className="detail-section">
        <h3 id="balance-heading">Balance</h3>
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
          <OutputTable detail={detail} now={now} />
          <TrackerTable detail={detail} />
          <TechnicalFacts detail={detail} />
        </>
      )}
      {deleting && (
        <DeleteAssetDialog
          asset={summary}
          onClose={() => setDeleting(false)}
          onDeleted={(reference, undoToken) => {
            setDeleting(false);
            onDeleted(summary.assetId, reference, undoToken);
          }}
        />
      )}
      {viewing && (
        <ContractViewer
          assetId={summary.assetId}
          title={label}
          problem={summary.validity.state === 'VALID' ? null : (summary.validity.reason ?? summary.validity.text)}
          onClose={closeViewer}
        />
      )}
    </aside>
  );
}
