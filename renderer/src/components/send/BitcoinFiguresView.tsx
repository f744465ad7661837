import { formatBtc } from '../../../../shared/send/amount';
import { useBitcoinFigures } from '../../state/bitcoin-figures';

/** The wallet's bitcoin as the send screen needs it (wallet-behaviour.md §7.3), each figure named. */
export function BitcoinFiguresView() {
  const f = useBitcoinFigures();
  if (!f || !f.known) return <p className="muted">Reading the wallet’s bitcoin from Bitcoin Core…</p>;
  return (
    <dl className="facts send-figures" data-testid="bitcoin-figures">
      <dt>Bitcoin confirmed</dt>
      <dd data-testid="btc-confirmed">{formatBtc(f.confirmedSats)} BTC</dd>
      <dt>Unconfirmed</dt>
      <dd data-testid="btc-unconfirmed">{formatBtc(f.unconfirmedSats)} BTC</dd>
      <dt>Free of assets</dt>
      <dd data-testid="btc-free">
        {formatBtc(f.assetFreeSats)} BTC <span className="muted">(what a bitcoin send may spend; {formatBtc(f.assetBoundSats)} BTC sits in outputs that hold assets)</span>
      </dd>
      <dt>Kept back for moving assets</dt>
      <dd data-testid="btc-reserve">
        {formatBtc(f.reserveSats)} BTC <span className="muted">({f.outputs} outputs: ⌈{f.outputs} ÷ 5⌉ × 11,000 sat)</span>
      </dd>
    </dl>
  );
}
