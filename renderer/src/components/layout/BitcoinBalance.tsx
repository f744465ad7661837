import { useEffect } from 'react';
import { useBitcoinFigures, useFiguresStore } from '../../state/bitcoin-figures';
import { formatBtc } from '../../lib/number-style';

/**
 * The wallet's bitcoin in the header: confirmed, unconfirmed, what a send may spend, and the reserve kept back to
 * move the assets elsewhere (wallet-behaviour.md §7.3). Unknown until the first sync: never shown as zero.
 */
export function BitcoinBalance() {
  const figures = useBitcoinFigures();
  const start = useFiguresStore((s) => s.start);
  useEffect(() => start(), [start]);
  if (!figures || !figures.known) {
    return (
      <div className="btc-balance" data-testid="header-btc-balance" role="group" aria-label="Bitcoin balance">
        <span className="btc-main muted">Bitcoin: not known yet</span>
      </div>
    );
  }
  const unconfirmed = figures.unconfirmedSats !== '0';
  return (
    <div className="btc-balance" data-testid="header-btc-balance" role="group" aria-label="Bitcoin balance">
      <dl>
      <div className="btc-main">
        <dt>Bitcoin</dt>
        <dd data-testid="header-btc-confirmed">{formatBtc(figures.confirmedSats)}</dd>
      </div>
      <div className="btc-sub">
        {unconfirmed && (
          <>
            <dt>Unconfirmed</dt>
            <dd data-testid="header-btc-unconfirmed">+ {formatBtc(figures.unconfirmedSats)}</dd>
          </>
        )}
        <dt>Spendable</dt>
        <dd data-testid="header-btc-spendable" title="Bitcoin a send may use: in outputs holding no asset, above the reserve">
          {formatBtc(figures.spendableSats)}
        </dd>
        <dt>Reserve</dt>
        <dd data-testid="header-btc-reserve" title={`Kept back to pay for moving your assets elsewhere: ${figures.outputs} output${figures.outputs === 1 ? '' : 's'} (wallet-behaviour §7.3)`}>
          {formatBtc(figures.reserveSats)}
        </dd>
      </div>
      </dl>
    </div>
  );
}
