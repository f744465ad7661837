import { WalletLabelForm } from './WalletLabelForm';

/** Wallet preferences and the Bitcoin Core connection. */
export function SettingsScreen() {
  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <WalletLabelForm />
    </section>
  );
}
