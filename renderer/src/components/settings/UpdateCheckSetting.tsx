import { useState } from 'react';
import { useAppStore } from '../../state/app-store';
import { errorText } from '../../lib/errors';

/** "Check for updates automatically" (ui.checkUpdates): the updates service reads it before each automatic check. */
export function UpdateCheckSetting() {
  const saved = useAppStore((s) => s.settings?.ui.checkUpdates ?? true);
  // The box follows the click at once; the saved value takes over when main has answered.
  const [pending, setPending] = useState<boolean | null>(null);
  const checked = pending ?? saved;
  const loaded = useAppStore((s) => s.settings !== null);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="form-row">
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          disabled={!loaded}
          data-testid="check-updates"
          onChange={(e) => {
            setError(null);
            setPending(e.target.checked);
            updateSettings({ ui: { checkUpdates: e.target.checked } })
              .catch((err: unknown) => setError(errorText(err)))
              .finally(() => setPending(null));
          }}
        />{' '}
        Check for updates automatically
      </label>
      <p className="muted small">At start and once a day, the desktop app asks whether a new version is out. It never downloads or installs one without asking you.</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
