import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { AssetQuote, FeeEstimate, SendPreview } from '../../../../shared/model/send';
import { formatSatPerVb } from '../../../../shared/send/amount';
import { checkRecipient } from '../../../../shared/send/recipient';
import { useAppStore } from '../../state/app-store';
import { useAssetsStore } from '../../state/assets-store';
import { useBitcoinFigures } from '../../state/bitcoin-figures';
import { assetLabel } from '../../lib/asset-label';
import { errorReason, errorText } from '../../lib/errors';
import { formatAmount, formatBtc, formatSmallest, formatUnits } from '../../lib/number-style';

export type SendMode = 'asset' | 'bitcoin' | 'migration';

export interface SendFormState {
  mode: SendMode;
  assetId: number | null;
  recipient: string;
  amount: string;
  /** Asset sends with payment charges: what the typed amount means. */
  amountMode: 'receive' | 'send';
  feeMode: 'rate' | 'total';
  feeRate: string;
  feeTotal: string;
  acceptRounding: boolean;
}

export const EMPTY_FORM: SendFormState = { mode: 'asset', assetId: null, recipient: '', amount: '', amountMode: 'receive', feeMode: 'rate', feeRate: '', feeTotal: '', acceptRounding: false };

const MODES: { mode: SendMode; label: string }[] = [
  { mode: 'asset', label: 'Asset' },
  { mode: 'bitcoin', label: 'Bitcoin' },
  { mode: 'migration', label: 'Move everything to another wallet' },
];

/** The send form: what, to whom, how much, which fee. Checked as the user types; main builds and checks the rest. */
export function SendForm({ form, setForm, onReviewed }: { form: SendFormState; setForm(next: SendFormState): void; onReviewed(preview: SendPreview): void }) {
  const network = useAppStore((s) => s.connection?.network ?? s.settings?.network ?? 'mainnet');
  const assets = useAssetsStore((s) => s.assets);
  const figures = useBitcoinFigures();
  const [fee, setFee] = useState<FeeEstimate | null>(null);
  const [feeError, setFeeError] = useState<string | null>(null);
  const [quote, setQuote] = useState<AssetQuote | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const ids = { mode: useId(), asset: useId(), recipient: useId(), recipientMsg: useId(), amount: useId(), amountMsg: useId(), feeRate: useId(), feeTotal: useId(), feeMsg: useId() };
  const update = (patch: Partial<SendFormState>) => {
    setError(null);
    setForm({ ...form, ...patch });
  };

  // Every visible asset with a reference is offered, also those whose balance is not known or zero: choosing one
  // then says in words why it cannot be sent, rather than hiding it.
  const sendable = useMemo(() => assets.filter((a) => a.isVisible && a.assetRef !== null).sort((a, b) => assetLabel(a).localeCompare(assetLabel(b))), [assets]);
  const asset = sendable.find((a) => a.assetId === form.assetId) ?? null;

  // Core's fee estimate fills the rate once (the user's own rate is never overwritten).
  useEffect(() => {
    let live = true;
    window.wallet.send.feeEstimate().then(
      (estimate) => {
        if (!live) return;
        setFee(estimate);
        setFeeError(null);
      },
      (e: unknown) => live && setFeeError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (fee && form.feeRate === '') setForm({ ...form, feeRate: formatSatPerVb(fee.suggestedSatPerKvb) });
  }, [fee]); // eslint-disable-line react-hooks/exhaustive-deps

  // Both figures of an asset amount (charges, rounding) from main, a moment after typing stops.
  useEffect(() => {
    setQuote(null);
    setQuoteError(null);
    if (form.mode !== 'asset' || form.assetId === null || form.amount.trim() === '') return;
    const timer = setTimeout(() => {
      window.wallet.send.quote({ assetId: form.assetId!, amount: form.amount.trim(), mode: form.amountMode }).then(setQuote, (e: unknown) => setQuoteError(errorText(e)));
    }, 200);
    return () => clearTimeout(timer);
  }, [form.mode, form.assetId, form.amount, form.amountMode]);

  const recipientCheck = form.recipient.trim() === '' ? null : checkRecipient(form.recipient, network, form.mode);
  const recipientProblem = recipientCheck && !recipientCheck.ok ? recipientCheck.message : null;
  const paymentRef = recipientCheck?.ok && recipientCheck.coinspark && recipientCheck.coinspark.paymentRef > 0n ? recipientCheck.coinspark.paymentRef.toString() : null;

  async function review(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    setError(null);
    const feeChoice = form.feeMode === 'rate' ? { mode: 'rate' as const, satPerVb: form.feeRate.trim() } : { mode: 'total' as const, sats: form.feeTotal.trim() };
    let request: Parameters<typeof window.wallet.send.prepare>[0];
    if (form.mode === 'asset') {
      if (form.assetId === null) {
        setError('Choose the asset to send.');
        return;
      }
      request = { kind: 'asset', assetId: form.assetId, amount: form.amount.trim(), mode: form.amountMode, recipient: form.recipient, fee: feeChoice, acceptRounding: form.acceptRounding };
    } else if (form.mode === 'bitcoin') {
      request = { kind: 'bitcoin', amount: form.amount.trim(), recipient: form.recipient, fee: feeChoice };
    } else {
      request = { kind: 'migration', recipient: form.recipient, fee: feeChoice };
    }
    setBusy(true);
    try {
      onReviewed(await window.wallet.send.prepare(request));
    } catch (e) {
      setError(errorText(e));
      if (errorReason(e) === 'rounded') setQuote((q) => q && { ...q, rounded: true });
    } finally {
      setBusy(false);
    }
  }

  // The quote's figures, formatted here as the asset list formats them (the user's locale, interest as of now).
  const units = (raw: string): string => formatUnits(raw, quote?.display ?? null, new Date());

  const assetBalance = (a: (typeof sendable)[number]) => {
    const known = BigInt(a.balance.confirmedRaw) + BigInt(a.balance.unconfirmedRaw);
    if (known === 0n && (a.balance.unknownOutputs > 0 || a.balance.updating || a.balance.unknownOld > 0 || a.dispute)) return 'balance not known yet';
    // Some outputs not counted yet: the figure is a lower bound, never the balance (issue #15).
    const text = formatAmount(known, a.display, new Date()).text;
    return a.balance.unknownOutputs > 0 ? `at least ${text}` : text;
  };

  return (
    <form className="send-form" onSubmit={review} aria-label="Send" noValidate>
      <fieldset className="send-modes">
        <legend>What to send</legend>
        {MODES.map((m) => (
          <label key={m.mode} className="radio">
            <input type="radio" name={ids.mode} value={m.mode} checked={form.mode === m.mode} onChange={() => update({ mode: m.mode, amount: '', acceptRounding: false })} />
            {m.label}
          </label>
        ))}
      </fieldset>

      {form.mode === 'asset' && (
        <div className="form-row">
          <label htmlFor={ids.asset}>Asset</label>
          <select id={ids.asset} value={form.assetId ?? ''} onChange={(e) => update({ assetId: e.target.value === '' ? null : Number(e.target.value), amount: '', acceptRounding: false })}>
            <option value="">Choose an asset…</option>
            {sendable.map((a) => (
              <option key={a.assetId} value={a.assetId}>
                {assetLabel(a)} — {assetBalance(a)}
                {a.domain ? ` (${a.domain})` : ''}
              </option>
            ))}
          </select>
          {sendable.length === 0 && <p className="muted">This wallet holds no asset yet.</p>}
          {asset?.dispute && (
            <p className="field-error" role="alert">
              The trackers of this asset disagree about its balance: it cannot be sent until they agree.
            </p>
          )}
        </div>
      )}

      <div className="form-row">
        <label htmlFor={ids.recipient}>{form.mode === 'bitcoin' ? 'Bitcoin or CoinSpark address' : 'CoinSpark address of the recipient'}</label>
        <input
          id={ids.recipient}
          value={form.recipient}
          autoComplete="off"
          spellCheck={false}
          placeholder={form.mode === 'bitcoin' ? '1…, bc1…, or s…' : 's…'}
          aria-invalid={recipientProblem ? true : undefined}
          aria-describedby={ids.recipientMsg}
          onChange={(e) => update({ recipient: e.target.value })}
          data-testid="send-recipient"
        />
        <p id={ids.recipientMsg} className={recipientProblem ? 'field-error' : 'muted'} role={recipientProblem ? 'alert' : undefined} data-testid="recipient-check">
          {recipientProblem ??
            (recipientCheck?.ok
              ? `${recipientCheck.coinspark ? 'CoinSpark address' : 'Bitcoin address'} for ${recipientCheck.bitcoinAddress}${paymentRef ? `, payment reference ${paymentRef}` : ''}.`
              : form.mode === 'bitcoin'
                ? 'Plain bitcoin addresses and CoinSpark addresses both work.'
                : 'Assets go only to a CoinSpark address whose assets flag is set.')}
        </p>
      </div>

      {form.mode !== 'migration' && (
        <div className="form-row">
          <label htmlFor={ids.amount}>{form.mode === 'bitcoin' ? 'Amount (BTC)' : 'Amount'}</label>
          <input
            id={ids.amount}
            value={form.amount}
            inputMode="decimal"
            autoComplete="off"
            aria-describedby={ids.amountMsg}
            aria-invalid={quoteError ? true : undefined}
            onChange={(e) => update({ amount: e.target.value, acceptRounding: false })}
            data-testid="send-amount"
          />
          <button type="button" onClick={() => update({ amount: 'max', acceptRounding: false })} aria-label={form.mode === 'bitcoin' ? 'Max: all the bitcoin the wallet can send' : 'Max: every unit of this asset'}>
            Max
          </button>
          <div id={ids.amountMsg} className="amount-notes">
            {form.mode === 'asset' && quote?.hasCharges && (
              <fieldset className="inline">
                <legend>The amount is</legend>
                <label className="radio">
                  <input type="radio" name={`${ids.amount}-mode`} checked={form.amountMode === 'receive'} onChange={() => update({ amountMode: 'receive', acceptRounding: false })} />
                  what the recipient gets
                </label>
                <label className="radio">
                  <input type="radio" name={`${ids.amount}-mode`} checked={form.amountMode === 'send'} onChange={() => update({ amountMode: 'send', acceptRounding: false })} />
                  what leaves this wallet
                </label>
              </fieldset>
            )}
            {quoteError && (
              <p className="field-error" role="alert">
                {quoteError}
              </p>
            )}
            {quote && (
              <p className="muted" data-testid="send-quote">
                {quote.hasCharges ? (
                  <>
                    Recipient gets <strong data-testid="quote-net">{units(quote.netRaw)}</strong>; <strong data-testid="quote-gross">{units(quote.grossRaw)}</strong> leaves this wallet; the issuer’s charge is {units(quote.chargeRaw)}.
                  </>
                ) : (
                  <>
                    Sends <strong data-testid="quote-gross">{units(quote.grossRaw)}</strong>.
                  </>
                )}{' '}
                This wallet can send up to {units(quote.spendableRaw)}.
              </p>
            )}
            {quote?.rounded && (
              <div className="notice warn" role="status">
                The amount was rounded down to {units(form.amountMode === 'receive' && quote.hasCharges ? quote.netRaw : quote.grossRaw)}: the smallest amount of this asset is {formatSmallest(quote.display)}.
                <label className="radio">
                  <input type="checkbox" checked={form.acceptRounding} onChange={(e) => update({ acceptRounding: e.target.checked })} />
                  Send the rounded amount
                </label>
              </div>
            )}
            {form.mode === 'bitcoin' && figures?.known && (
              <p className="muted">
                Up to {formatBtc(figures.spendableSats)} before the fee: outputs that hold assets are never spent, and {formatBtc(figures.reserveSats)} stays for moving the assets later.
              </p>
            )}
          </div>
        </div>
      )}

      <fieldset className="send-fee">
        <legend>Fee</legend>
        <label className="radio">
          <input type="radio" name={`${ids.feeRate}-mode`} checked={form.feeMode === 'rate'} onChange={() => update({ feeMode: 'rate' })} />
          Rate
        </label>
        <label className="radio">
          <input type="radio" name={`${ids.feeRate}-mode`} checked={form.feeMode === 'total'} onChange={() => update({ feeMode: 'total' })} />
          Total
        </label>
        {form.feeMode === 'rate' ? (
          <span className="fee-input">
            <label htmlFor={ids.feeRate}>Fee rate (sat/vB)</label>
            <input id={ids.feeRate} value={form.feeRate} inputMode="decimal" autoComplete="off" aria-describedby={ids.feeMsg} onChange={(e) => update({ feeRate: e.target.value })} data-testid="send-fee-rate" />
          </span>
        ) : (
          <span className="fee-input">
            <label htmlFor={ids.feeTotal}>Total fee (sat)</label>
            <input id={ids.feeTotal} value={form.feeTotal} inputMode="numeric" autoComplete="off" aria-describedby={ids.feeMsg} onChange={(e) => update({ feeTotal: e.target.value })} data-testid="send-fee-total" />
          </span>
        )}
        <p id={ids.feeMsg} className="muted" data-testid="fee-estimate">
          {feeError
            ? `Bitcoin Core’s fee estimate could not be read: ${feeError}`
            : fee
              ? `${fee.source} Asset sends pay at least the transfer’s minimum fee.`
              : 'Asking Bitcoin Core for a fee estimate…'}
        </p>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || (touched && !!recipientProblem)}>
          {busy ? 'Building…' : 'Review'}
        </button>
      </div>
      {error && (
        <p className="notice error" role="alert" data-testid="send-error">
          {error}
        </p>
      )}
    </form>
  );
}
