import type { AssetDetail } from '../../../../shared/model/asset-view';
import { daysUntil, parseIsoDate } from '../../../../shared/format/iso-date';
import { formatDate, formatDateTime } from '../../lib/time';
import { openExternal } from '../../lib/open-external';
import { CopyButton } from '../common/CopyButton';

function dateText(iso: string | null): string {
  if (!iso) return '—';
  const t = parseIsoDate(iso);
  return t === null ? `${iso} (not a valid date)` : formatDate(t);
}

/** Name, issuer, description, dates, interest, reference, genesis, links. */
export function AssetFacts({ detail, now, onLinkError }: { detail: AssetDetail; now: Date; onLinkError(message: string | null): void }) {
  const expiresIn = daysUntil(detail.expiryDate, now);
  const g = detail.genesis;
  const rate = detail.display.interestRate;
  return (
    <section className="detail-section" aria-labelledby="facts-heading">
      <h3 id="facts-heading">Asset</h3>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{detail.name ?? '—'}{detail.shortName && detail.shortName !== detail.name ? ` (${detail.shortName})` : ''}</dd>
        <dt>Issuer</dt>
        <dd>{detail.issuer ?? '—'}</dd>
        <dt>Description</dt>
        <dd className="description">{detail.description ?? '—'}</dd>
        <dt>Value per unit</dt>
        <dd>{detail.display.units ?? '—'}</dd>
        <dt>Issue date</dt>
        <dd>{dateText(detail.issueDate)}</dd>
        <dt>Expiry date</dt>
        <dd data-testid="asset-expiry">
          {dateText(detail.expiryDate)}
          {detail.expired || (expiresIn !== null && expiresIn < 0) ? (
            <span className="tag bad">expired: no longer redeemable</span>
          ) : expiresIn !== null && expiresIn <= 30 ? (
            <span className="tag warn">expires in {expiresIn} day{expiresIn === 1 ? '' : 's'}</span>
          ) : null}
        </dd>
        <dt>Interest rate</dt>
        <dd>{rate === null || rate === 0 ? 'None' : rate > 0 ? `${rate} % per year` : `${-rate} % per year demurrage`}</dd>
        <dt>Display multiple</dt>
        <dd>{detail.display.multiple ?? 1}</dd>
        <dt>Asset reference</dt>
        <dd>
          {detail.assetRef ? (
            <>
              <code data-testid="detail-asset-ref">{detail.assetRef}</code> <CopyButton text={detail.assetRef} label="Copy asset reference" />
            </>
          ) : (
            'Not known yet (the genesis is not confirmed)'
          )}
        </dd>
        <dt>Genesis transaction</dt>
        <dd>
          {detail.genTxId ? (
            <>
              <code>{detail.genTxId}</code> <CopyButton text={detail.genTxId} label="Copy genesis transaction id" />
            </>
          ) : (
            '—'
          )}
        </dd>
        {g && (
          <>
            <dt>Issued quantity</dt>
            <dd>{g.qty} raw units</dd>
            <dt>Payment charges</dt>
            <dd>
              {g.chargeFlat} raw units flat + {(g.chargeBasisPoints / 100).toFixed(2)} %
            </dd>
            <dt>Genesis fee</dt>
            <dd data-testid="genesis-check" data-valid={detail.genesisCheck ? String(detail.genesisCheck.valid) : ''}>
              {detail.genesisCheck
                ? `Paid ${Number(detail.genesisCheck.feeSats).toLocaleString()} satoshis, at least ${Number(detail.genesisCheck.minFeeSats).toLocaleString()} needed: ${detail.genesisCheck.valid ? 'the units exist' : 'genesis invalid — no units exist'} (checked by your node)`
                : 'Not checked by your node yet'}
            </dd>
          </>
        )}
        <dt>Asset web page</dt>
        <dd>
          {g?.pageUrl ? (
            <button type="button" className="link" onClick={() => openExternal(g.pageUrl as string).then(onLinkError)}>
              {g.pageUrl}
            </button>
          ) : (
            '—'
          )}
        </dd>
        <dt>Contract</dt>
        <dd>
          {detail.contract ? `${detail.contract.mimeType}, ${detail.contract.size.toLocaleString()} bytes (stored copy)` : 'No verified copy stored'}
          {detail.contractUrl && <div className="muted small">Published at {detail.contractUrl}</div>}
        </dd>
        <dt>Added to wallet</dt>
        <dd>
          {formatDateTime(detail.whenAdded)} ({detail.fromSource === 'manual' ? 'added by hand' : detail.fromSource === 'genesis' ? 'issued to this wallet' : 'received'})
        </dd>
      </dl>
    </section>
  );
}
