import { formatBtc, formatInteger } from '../../lib/number-style';
import { useBitcoinFigures } from '../../state/bitcoin-figures';

/** The wallet's bitcoin as the send screen needs it (wallet-behaviour.md §7.3), each figure named. */
export function BitcoinFiguresView() {
  const f = useBitcoinFigures();
  if (!f || !f.known) return <p className="muted">Reading the wallet’s bitcoin from Bitcoin Core…</p>;
  return (
    <dl className="facts send-figures" data-testid="bitcoin-figures">
      <dt>Bitcoin confirmed</dt>
      <dd data-testid="btc-confirmed">{formatBtc(f.confirmedSats)}</dd>
      <dt>Unconfirmed</dt>
      <dd data-testid="btc-unconfirmed">{formatBtc(f.unconfirmedSats)}</dd>
      <dt>Free of assets</dt>
      <dd data-testid="btc-free">
        {formatBtc(f.assetFreeSats)} <span className="muted">(what a bitcoin send may spend; {formatBtc(f.assetBoundSats)} sits in outputs that hold assets)</span>
      </dd>
      <dt>Kept back for moving assets</dt>
      <dd data-testid="btc-reserve">
        {formatBtc(f.reserveSats)} <span className="muted">({formatInteger(f.outputs)} outputs: ⌈{formatInteger(f.outputs)} ÷ 5⌉ × {formatInteger(11_000)} sat)</span>
      </dd>
    </dl>
  );
}
