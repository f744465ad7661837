import { useCallback, useEffect, useState } from 'react';
import type { ReceiveAddress } from '../../../../shared/model/connection';
import { errorText } from '../../lib/errors';
import { AddressCard } from './AddressCard';

function flagWords(flags: number): string {
  const words: string[] = [];
  if (flags & 1) words.push('assets');
  if (flags & 2) words.push('payment references');
  if (flags & 4) words.push('text messages');
  if (flags & 8) words.push('file messages');
  return words.length ? words.join(', ') : 'bitcoin only';
}

/** wallet-behaviour.md §7.1: the receiving address beside its CoinSpark address, with QR codes. */
export function ReceiveScreen() {
  const [address, setAddress] = useState<ReceiveAddress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (fresh: boolean) => {
    setBusy(true);
    setError(null);
    try {
      setAddress(await window.wallet.wallet.receiveAddress({ fresh }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void load(false);
  }, [load]);

  return (
    <section className="panel" aria-labelledby="receive-heading">
      <div className="section-head">
        <h1 id="receive-heading">Receive</h1>
        <button type="button" onClick={() => void load(true)} disabled={busy}>
          New address
        </button>
      </div>
      <p className="muted">
        Give senders of CoinSpark assets the CoinSpark address: it carries the bitcoin address and tells their wallet what this wallet can receive. Plain bitcoin can be sent
        to either.
      </p>
      {error && (
        <p className="notice error" role="alert">
          Could not get a receiving address: {error}
        </p>
      )}
      {!address && !error && <p className="muted">Asking Bitcoin Core for an address…</p>}
      {address && (
        <div className="address-grid" data-testid="receive-addresses">
          <AddressCard title="CoinSpark address" address={address.coinsparkAddress} note={`Accepts ${flagWords(address.flags)}.`} testId="coinspark-address" />
          <AddressCard title="Bitcoin address" address={address.bitcoinAddress} note="For bitcoin only: assets sent here may not be tracked." testId="bitcoin-address" />
        </div>
      )}
      {address && address.paymentRef !== '0' && (
        <p className="muted">
          Payment reference: <code>{address.paymentRef}</code>
        </p>
      )}
    </section>
  );
}
