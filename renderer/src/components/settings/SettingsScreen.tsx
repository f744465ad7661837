import { useAppStore } from '../../state/app-store';
import { WalletLabelForm } from './WalletLabelForm';
import { ThemeSelect } from './ThemeSelect';
import { UpdateCheckSetting } from './UpdateCheckSetting';
import { ConnectionForm } from './ConnectionForm';
import { TrackerOverrides } from './TrackerOverrides';
import { AssetLockSettings } from './AssetLockSettings';

/** Wallet preferences, the Bitcoin Core connection and tracker overrides. */
export function SettingsScreen() {
  const settings = useAppStore((s) => s.settings);
  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <section className="settings-block" aria-label="This wallet">
        <WalletLabelForm />
        <ThemeSelect />
        <UpdateCheckSetting />
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
