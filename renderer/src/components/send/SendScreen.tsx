import { useEffect, useRef, useState } from 'react';
import type { SendPreview, SendResult } from '../../../../shared/model/send';
import { formatBtc, formatInteger } from '../../lib/number-style';
import { CopyButton } from '../common/CopyButton';
import { useFiguresStore } from '../../state/bitcoin-figures';
import { BitcoinFiguresView } from './BitcoinFiguresView';
import { ReviewPanel } from './ReviewPanel';
import { EMPTY_FORM, SendForm, type SendFormState } from './SendForm';

type Step = { kind: 'form' } | { kind: 'review'; preview: SendPreview } | { kind: 'done'; preview: SendPreview; result: SendResult };

/**
 * Send assets or bitcoin, or move everything to another wallet (wallet-behaviour.md §7.2, §8): form → review of
 * the exact transaction → signed and sent, with the txid.
 */
export function SendScreen() {
  const [form, setForm] = useState<SendFormState>(EMPTY_FORM);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const startFigures = useFiguresStore((s) => s.start);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => startFigures(), [startFigures]);
  // Each step change moves the focus to the section heading, so keyboard and screen-reader users follow along.
  useEffect(() => headingRef.current?.focus(), [step.kind]);
  // A review left open holds coins: release them when the screen goes away.
  const draft = step.kind === 'review' ? step.preview.draftId : null;
  useEffect(() => {
    if (!draft) return;
    return () => void window.wallet.send.cancel({ draftId: draft }).catch(() => undefined);
  }, [draft]);

  return (
    <section className="panel send-screen" aria-labelledby="send-heading">
      <h1 id="send-heading" tabIndex={-1} ref={headingRef}>
        {step.kind === 'form' ? 'Send' : step.kind === 'review' ? 'Send: review' : 'Sent'}
      </h1>
      <BitcoinFiguresView />
      {step.kind === 'form' && <SendForm form={form} setForm={setForm} onReviewed={(preview) => setStep({ kind: 'review', preview })} />}
      {step.kind === 'review' && <ReviewPanel preview={step.preview} onBack={() => setStep({ kind: 'form' })} onSent={(result) => setStep({ kind: 'done', preview: step.preview, result })} />}
      {step.kind === 'done' && (
        <div className="notice ok" role="status" data-testid="send-done">
          <p>
            Sent. Transaction <code data-testid="sent-txid">{step.result.txid}</code> <CopyButton text={step.result.txid} label="Copy transaction id" />
          </p>
          <p>
            Fee {formatBtc(step.result.feeSats)} for {formatInteger(step.result.vsize)} vbytes.{' '}
            {step.preview.kind === 'asset' ? 'The balances show the change as unconfirmed until the next block.' : 'It confirms with the next blocks.'}
          </p>
          <button
            type="button"
            onClick={() => {
              // The fee rate is filled again from Core's estimate of the moment.
              setForm({ ...EMPTY_FORM, mode: form.mode, feeMode: form.feeMode, feeTotal: form.feeTotal });
              setStep({ kind: 'form' });
            }}
          >
            New send
          </button>
        </div>
      )}
    </section>
  );
}
