import { useAppStore } from '../../state/app-store';
import { WalletLabelForm } from './WalletLabelForm';
import { ThemeSelect } from './ThemeSelect';
import { ConnectionForm } from './ConnectionForm';
import { TrackerOverrides } from './TrackerOverrides';
import { AssetLockSettings } from './AssetLockSettings';

/** Wallet preferences, the Bitcoin Core connection and tracker overrides. */
export function SettingsScreen() {
  const settings = useAppStore((s) => s.settings);
  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <section className="settings-block" aria-label="This wallet">
        <WalletLabelForm />
        <ThemeSelect />
      </section>
      {settings ? (
        <>
          <ConnectionForm settings={settings} />
          <TrackerOverrides trackers={settings.trackerOverrides} />
          <AssetLockSettings />
        </>
      ) : (
        <p className="muted">Loading settings…</p>
      )}
    </section>
  );
}
