import { useEffect, useMemo, useRef, useState } from 'react';
import type { ContractBytes } from '../../../../shared/model/asset-view';
import { base64ToBytes } from '../../lib/base64';
import { contractKind, decodeText, essence, extensionFor } from '../../lib/mime';
import { errorText } from '../../lib/errors';
import { useModal } from '../../lib/use-modal';
import { useBlobUrl } from '../../lib/use-blob-url';
import { HtmlView } from './HtmlView';
import { PdfView } from './PdfView';

/**
 * The contract exactly as the wallet verified it against the asset hash — the stored bytes, never the live URL.
 * PDF drawn in the app, HTML inert, text as text, images as images, anything else offered for saving.
 */
export function ContractViewer({ assetId, title, problem, onClose }: {
  assetId: number;
  title: string;
  /** Why the asset's last check failed, when it did (null when valid). */
  problem: string | null;
  onClose(): void;
}) {
  const [contract, setContract] = useState<ContractBytes | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    window.wallet.assets.contract({ assetId }).then(
      (c) => live && setContract(c),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [assetId]);

  const dialogRef = useRef<HTMLDivElement>(null);
  useModal(dialogRef, closeRef, onClose);

  const bytes = useMemo(() => (contract ? base64ToBytes(contract.base64) : null), [contract]);
  const type = contract ? essence(contract.info.mimeType) : 'application/octet-stream';
  const blobUrl = useBlobUrl(bytes, type);

  return (
    <div className="dialog-backdrop">
      <div className="dialog contract-dialog" ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby="contract-heading" data-testid="contract-viewer">
        <header className="detail-header">
          <h2 id="contract-heading">Contract of {title}</h2>
          <button type="button" ref={closeRef} className="icon" aria-label="Close contract" onClick={onClose}>
            ✕
          </button>
        </header>
        {error && <p className="notice error" role="alert">Could not load the contract: {error}</p>}
        {contract === undefined && !error && <p className="muted">Loading the stored contract…</p>}
        {contract === null && <p className="notice info">No verified copy of this contract is stored yet.</p>}
        {contract && bytes && (
          <>
            {contract.info.isLastValidCopy && (
              <p className="notice warn" role="alert" data-testid="contract-last-valid">
                The latest check of this asset failed. This is the last copy that matched the asset hash; the issuer’s current contract could not be verified.
              </p>
            )}
            {!contract.info.isLastValidCopy && problem && (
              <p className="notice error" role="alert" data-testid="contract-not-valid">
                This copy was stored by the latest check, which did not pass: {problem}
              </p>
            )}
            <dl className="facts contract-info">
              <dt>Type</dt>
              <dd data-testid="contract-mime">{contract.info.mimeType}</dd>
              <dt>Size</dt>
              <dd>{contract.info.size.toLocaleString()} bytes</dd>
              <dt>SHA-256</dt>
              <dd>
                <code data-testid="contract-sha256">{contract.info.sha256}</code>
              </dd>
              <dt>Source</dt>
              <dd>{problem && !contract.info.isLastValidCopy ? 'The copy stored by the latest check (not the live web page)' : 'The copy verified against the asset hash (not the live web page)'}</dd>
            </dl>
            <div className="contract-actions">
              {blobUrl && (
                <a className="button" href={blobUrl} download={`contract-${assetId}.${extensionFor(contract.info.mimeType)}`}>
                  Save a copy
                </a>
              )}
            </div>
            <div className="contract-body">
              <ContractBody bytes={bytes} mimeType={contract.info.mimeType} blobUrl={blobUrl} title={title} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function ContractBody({ bytes, mimeType, blobUrl, title }: { bytes: Uint8Array<ArrayBuffer>; mimeType: string; blobUrl: string | null; title: string }) {
  switch (contractKind(mimeType)) {
    case 'pdf':
      return <PdfView bytes={bytes} />;
    case 'html':
      return <HtmlView html={decodeText(bytes, mimeType)} title={title} />;
    case 'text':
      return (
        <pre className="contract-text" data-testid="contract-text" tabIndex={0}>
          {decodeText(bytes, mimeType)}
        </pre>
      );
    case 'image':
      return blobUrl ? <img className="contract-image" src={blobUrl} alt={`Contract of ${title}`} data-testid="contract-image" /> : null;
    default:
      return <p className="notice info">The wallet cannot show {essence(mimeType) || 'this type of file'}. Use “Save a copy” to open it with another program.</p>;
  }
}
