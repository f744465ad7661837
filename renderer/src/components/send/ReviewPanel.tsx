import { useId, useRef, useState, type FormEvent } from 'react';
import type { AssetAmount, PreviewOutput, SendPreview, SendResult, TransferView } from '../../../../shared/model/send';
import { errorReason, errorText } from '../../lib/errors';
import { formatBtc, formatFeeRate, formatInteger, formatUnits } from '../../lib/number-style';
import { downloadPsbt, readPsbtFile } from '../../lib/psbt-file';

const ROLE_TEXT: Record<PreviewOutput['role'], string> = {
  recipient: 'Recipient',
  change: 'Change (this wallet)',
  'bitcoin-change': 'Bitcoin change (this wallet)',
  metadata: 'CoinSpark data (OP_RETURN)',
  other: 'Other output',
};

/** Reasons after which the draft is gone (released, sent or expired): only "back to the form" makes sense. */
const DRAFT_GONE = new Set(['draft-expired', 'not-signed', 'not-the-reviewed-transaction', 'min-fee', 'mempool-full', 'dust', 'missing-inputs', 'conflict', 'fee-too-high', 'bad-signature', 'too-large', 'non-standard', 'refused', 'broadcast-unknown']);

const range = (r: { first: number; count: number }): string => (r.count === 1 ? `${r.first}` : `${r.first}–${r.first + r.count - 1}`);
const plural = (r: { count: number }): string => (r.count === 1 ? '' : 's');

/** One transfer of the OP_RETURN in words, its units formatted as the asset list formats them. */
function transferText(t: TransferView, now: Date): string {
  if (t.kind === 'default-route') return `default route: what is left in input${plural(t.inputs)} ${range(t.inputs)} goes to output ${t.output}`;
  const units = `${formatInteger(t.qtyPerOutput)} units`;
  const qty = t.asset ? `${units} (${formatUnits(t.qtyPerOutput, t.asset.display, now)})` : units;
  const name = t.asset ? t.asset.label : 'an asset this wallet does not know';
  return `transfer ${qty} of ${name} (${t.assetRef ?? '?'}) from input${plural(t.inputs)} ${range(t.inputs)} to output${plural(t.outputs)} ${range(t.outputs)}`;
}

/** "1,000.00 g", or words when the quantity is not known (never a number). */
function amountText(a: AssetAmount, now: Date): string {
  return a.raw === null ? 'an amount not known yet of' : formatUnits(a.raw, a.display, now);
}

function OutputRow({ output, now }: { output: PreviewOutput; now: Date }) {
  return (
    <tr data-testid="review-output" data-role={output.role}>
      <td>{output.index}</td>
      <td>{ROLE_TEXT[output.role]}</td>
      <td className="mono" data-testid="review-address">
        {output.address ?? '—'}
      </td>
      <td className="num" data-testid="review-btc">
        {formatBtc(output.sats, { unit: false })}
      </td>
      <td data-testid="review-assets">
        {output.metadata ? (
          <ul className="plain">
            {output.metadata.paymentRef !== null && <li data-testid="review-payment-ref">Payment reference {output.metadata.paymentRef}</li>}
            {output.metadata.transfers.map((t, i) => (
              <li key={i}>{transferText(t, now)}</li>
            ))}
            <li className="muted">{formatInteger(output.metadata.bytes)} bytes of metadata</li>
          </ul>
        ) : output.assets.length === 0 ? (
          <span className="muted">no asset</span>
        ) : (
          <ul className="plain">
            {output.assets.map((a) => (
              <li key={a.assetId} data-testid="review-asset" data-asset-id={a.assetId}>
                {amountText(a, now)} {a.label}
                {a.raw !== null && <span className="muted"> ({formatInteger(a.raw)} units)</span>}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/**
 * The review: every output of the transaction to be signed, decoded by main from that transaction's bytes (address,
 * bitcoin, the units of every asset by `apply`, the OP_RETURN's words), the fee, and the way to sign it.
 */
export function ReviewPanel({ preview, onBack, onSent }: { preview: SendPreview; onBack(): void; onSent(result: SendResult): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [signed, setSigned] = useState('');
  const [exported, setExported] = useState(false);
  const passId = useId();
  const fileId = useId();
  const pasteId = useId();
  const passRef = useRef<HTMLInputElement>(null);
  // One moment for every figure of the review (interest-bearing assets are shown as of now).
  const [now] = useState(() => new Date());

  const run = async (action: () => Promise<SendResult>) => {
    setBusy(true);
    setError(null);
    try {
      onSent(await action());
    } catch (e) {
      setError(errorText(e));
      const reason = errorReason(e);
      if (reason && DRAFT_GONE.has(reason)) setGone(true);
      if (reason === 'wrong-passphrase') passRef.current?.focus();
    } finally {
      setBusy(false);
      setPassphrase('');
    }
  };

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void run(() => window.wallet.send.confirm({ draftId: preview.draftId, ...(preview.signing === 'encrypted' && passphrase !== '' ? { passphrase } : {}) }));
  };

  const exportPsbt = async () => {
    setError(null);
    try {
      const { psbt, fileName } = await window.wallet.send.exportPsbt({ draftId: preview.draftId });
      downloadPsbt(psbt, fileName);
      setExported(true);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    const base64 = await readPsbtFile(file);
    if (!base64) setError('This file is not a PSBT (neither a binary .psbt file nor its base64 text).');
    else {
      setError(null);
      setSigned(base64);
    }
  };

  return (
    <div className="send-review" data-testid="send-review">
      <h2>Review</h2>
      <p className="muted">Every output of the transaction that will be signed, read back from the transaction itself.</p>
      {preview.assetSend && (
        <p data-testid="review-summary">
          The recipient gets <strong>{formatUnits(preview.assetSend.netRaw, preview.assetSend.display, now)}</strong> of {preview.assetSend.label}
          {preview.assetSend.chargeRaw !== '0' && (
            <>
              ; {formatUnits(preview.assetSend.grossRaw, preview.assetSend.display, now)} leaves this wallet and the issuer’s charge is {formatUnits(preview.assetSend.chargeRaw, preview.assetSend.display, now)}
            </>
          )}
          .
        </p>
      )}
      {preview.migration && (
        <div data-testid="review-migration">
          <p>Everything moves to the other wallet, with every asset:</p>
          <ul>
            {preview.migration.map((a) => (
              <li key={a.assetId} data-testid="migration-asset">
                {amountText(a, now)} {a.label}
              </li>
            ))}
          </ul>
        </div>
      )}
      <table className="review-outputs">
        <caption className="visually-hidden">Outputs of the transaction</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Output</th>
            <th scope="col">Address</th>
            <th scope="col">BTC</th>
            <th scope="col">Assets (by apply)</th>
          </tr>
        </thead>
        <tbody>
          {preview.outputs.map((o) => (
            <OutputRow key={o.index} output={o} now={now} />
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <dt>Fee</dt>
        <dd data-testid="review-fee">
          {formatInteger(preview.feeSats)} sat ({formatFeeRate(preview.feeRateSatPerKvb)} sat/vB for about {formatInteger(preview.vsize)} vbytes). <span className="muted">{preview.feeNote}</span>
        </dd>
        <dt>Spends</dt>
        <dd>
          {formatInteger(preview.inputCount)} output{preview.inputCount === 1 ? '' : 's'} of this wallet ({formatBtc(preview.inputSats)})
        </dd>
        <dt>Bitcoin left in the wallet</dt>
        <dd>
          {formatBtc(preview.balanceAfterSats)} <span className="muted">(at least {formatBtc(preview.reserveSats)} is kept for moving assets)</span>
        </dd>
      </dl>
      {preview.warnings.map((w, i) => (
        <p key={i} className="notice warn" data-testid="review-warning">
          {w}
        </p>
      ))}

      {preview.signing === 'watch-only' ? (
        <div className="psbt-round-trip" data-testid="psbt-round-trip">
          <p>This wallet holds no keys. Export the transaction, sign it with the wallet that has the keys, then load the signed file here.</p>
          <button type="button" onClick={() => void exportPsbt()} disabled={busy || gone}>
            Export PSBT
          </button>
          {exported && (
            <span className="field-ok" role="status">
              {' '}
              Saved. Sign it elsewhere, then load the signed PSBT.
            </span>
          )}
          <div className="form-row">
            <label htmlFor={fileId}>Signed PSBT file</label>
            <input id={fileId} type="file" accept=".psbt,.txt,application/octet-stream,text/plain" onChange={(e) => void loadFile(e.target.files?.[0])} disabled={busy || gone} />
          </div>
          <div className="form-row">
            <label htmlFor={pasteId}>…or the signed PSBT as text</label>
            <textarea id={pasteId} value={signed} rows={3} spellCheck={false} onChange={(e) => setSigned(e.target.value)} disabled={busy || gone} />
          </div>
          <div className="form-actions">
            <button type="button" onClick={onBack} disabled={busy}>
              Back
            </button>
            <button type="button" className="primary" disabled={busy || gone || signed.trim() === ''} onClick={() => void run(() => window.wallet.send.broadcastSigned({ draftId: preview.draftId, psbt: signed.trim() }))}>
              {busy ? 'Sending…' : 'Broadcast signed transaction'}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={confirm} aria-label="Sign and send">
          {preview.signing === 'encrypted' && (
            <div className="form-row">
              <label htmlFor={passId}>Wallet passphrase</label>
              <input ref={passRef} id={passId} type="password" value={passphrase} autoComplete="off" onChange={(e) => setPassphrase(e.target.value)} disabled={gone} data-testid="send-passphrase" />
              <p className="muted">It unlocks the wallet in Bitcoin Core for a few seconds to sign, and is not kept.</p>
            </div>
          )}
          <div className="form-actions">
            <button type="button" onClick={onBack} disabled={busy}>
              Back
            </button>
            <button type="submit" className="primary" disabled={busy || gone || (preview.signing === 'encrypted' && passphrase === '')}>
              {busy ? 'Sending…' : preview.signing === 'encrypted' ? 'Sign and send' : 'Send'}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="notice error" role="alert" data-testid="review-error">
          {error}
          {gone && ' Go back to change the send and review it again.'}
        </p>
      )}
    </div>
  );
}
