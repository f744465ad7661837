import type { AssetDetail } from '../../../../shared/model/asset-view';
import { daysUntil, parseIsoDate } from '../../../../shared/format/iso-date';
import { formatDate, formatDateTime } from '../../lib/time';
import { openExternal } from '../../lib/open-external';
import { formatAmount, formatInteger } from '../../lib/number-style';
import { CopyButton } from '../common/CopyButton';
import { JsonFields } from './JsonFields';

function dateText(iso: string | null): string {
  if (!iso) return '—';
  const t = parseIsoDate(iso);
  return t === null ? `${iso} (not a valid date)` : formatDate(t);
}

/** Name, issuer, description, dates, interest, reference, links: what a holder reads, in words. */
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
        <dd>{rate === null || rate === 0 ? 'None' : rate > 0 ? `${rate} % per year, added to the balance shown` : `${-rate} % per year demurrage, taken from the balance shown`}</dd>
        {g && (
          <>
            <dt>Issued quantity</dt>
            <dd>{formatAmount(g.qty, detail.display, new Date(0)).text}</dd>
            <dt>Payment charges</dt>
            <dd>
              {g.chargeFlat === '0' && g.chargeBasisPoints === 0
                ? 'None'
                : `${formatAmount(g.chargeFlat, { ...detail.display, interestRate: null }, now).text} per transfer + ${(g.chargeBasisPoints / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} % of the amount`}
            </dd>
          </>
        )}
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
        <dd>{detail.contract ? `A ${detail.contract.mimeType} file of ${formatInteger(detail.contract.size)} bytes, the copy the wallet checked` : 'No checked copy stored'}</dd>
        <dt>Added to wallet</dt>
        <dd>
          {formatDateTime(detail.whenAdded)} ({detail.fromSource === 'manual' ? 'added by hand' : detail.fromSource === 'genesis' ? 'issued by this wallet' : 'received'})
        </dd>
      </dl>
    </section>
  );
}

/** Hashes, raw units and the page's own fields: behind a disclosure, for who wants to check. */
export function TechnicalFacts({ detail }: { detail: AssetDetail }) {
  const g = detail.genesis;
  return (
    <details className="detail-section disclosure" data-testid="technical-details">
      <summary>Technical details</summary>
      <dl className="facts">
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
            <dt>Issued (raw units)</dt>
            <dd>{formatInteger(g.qty)}</dd>
            <dt>Charges (raw units)</dt>
            <dd>
              {formatInteger(g.chargeFlat)} flat + {g.chargeBasisPoints} basis points
            </dd>
            <dt>Asset hash (genesis)</dt>
            <dd>
              <code>{g.assetHash}</code>
            </dd>
          </>
        )}
        <dt>Display multiple</dt>
        <dd>{detail.display.multiple ?? 1}</dd>
        {detail.contract && (
          <>
            <dt>Contract SHA-256</dt>
            <dd>
              <code>{detail.contract.sha256}</code>
            </dd>
          </>
        )}
        {detail.contractUrl && (
          <>
            <dt>Contract published at</dt>
            <dd>
              <code>{detail.contractUrl}</code>
            </dd>
            <dt>Genesis fee</dt>
            <dd data-testid="genesis-check" data-valid={detail.genesisCheck ? String(detail.genesisCheck.valid) : ''}>
              {detail.genesisCheck
                ? `Paid ${Number(detail.genesisCheck.feeSats).toLocaleString()} satoshis, at least ${Number(detail.genesisCheck.minFeeSats).toLocaleString()} needed: ${detail.genesisCheck.valid ? 'the units exist' : 'genesis invalid — no units exist'} (checked by your node)`
                : 'Not checked by your node yet'}
            </dd>
          </>
        )}
      </dl>
      <JsonFields json={detail.json} />
    </details>
  );
}
