import type { LockStatus } from '../../../../shared/model/safety';
import { useAppStore } from '../../state/app-store';

/** First run: what the wallet locks in Bitcoin Core, why, and how to release the locks if the user leaves the app. */
export function LockExplanation({ status, busy, onAcknowledge }: { status: LockStatus; busy: boolean; onAcknowledge(): void }) {
  const setScreen = useAppStore((s) => s.setScreen);
  // The wallet actually in use (Core's answer), else the saved setting, else a placeholder to fill in.
  const wallet = useAppStore((s) => s.connection?.diagnosis?.node?.wallet || s.settings?.rpc.wallet) || '<wallet>';
  return (
    <section className="notice info lock-explanation" aria-labelledby="lock-explanation-heading" data-testid="lock-explanation">
      <h2 id="lock-explanation-heading">This wallet locks the outputs that hold assets in Bitcoin Core</h2>
      <p>
        Your Bitcoin Core wallet can also be spent from Bitcoin Core’s own window, from <code>bitcoin-cli</code> or by other programs. They know nothing about CoinSpark: if one of them spent an output holding assets, every unit would go to that transaction’s last output — usually someone else’s.
      </p>
      <ul>
        <li>
          {status.enabled ? 'Locked' : 'When locking is on, locked'}: every output holding units of an asset, and every output whose units are not known yet. Outputs that hold only bitcoin stay spendable. {status.enabled ? `Now ${status.lockedByWallet} output${status.lockedByWallet === 1 ? '' : 's'} locked by this wallet.` : 'Locking is off.'}
        </li>
        <li>The locks are persistent: Bitcoin Core keeps them across restarts. This wallet’s own sends use the locked outputs on purpose. Locks you made yourself are never released by this wallet.</li>
        <li>
          If you stop using this wallet, release the locks first: “Unlock everything” in Settings, or in Bitcoin Core <code>bitcoin-cli -rpcwallet={wallet} lockunspent true</code> (releases every lock; <code>listlockunspent</code> lists them). Spending those outputs outside a CoinSpark wallet loses the assets they hold.
        </li>
      </ul>
      <div className="alert-actions">
        <button type="button" onClick={() => setScreen('settings')}>
          Locking options
        </button>
        <button type="button" className="primary" onClick={onAcknowledge} disabled={busy}>
          I understand
        </button>
      </div>
    </section>
  );
}
