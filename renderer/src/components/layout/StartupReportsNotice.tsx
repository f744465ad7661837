import { useAppStore } from '../../state/app-store';

/**
 * Problems main found at start (a lists file kept aside, rows left out, a file of a newer version left untouched):
 * shown on every screen until the user has read them on the About screen, where they are listed in full.
 */
export function StartupReportsNotice() {
  const reports = useAppStore((s) => s.reports);
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  if (reports.length === 0 || screen === 'about') return null;
  const first = reports[0]!;
  return (
    <div className="notice warn connection-notice" role="status" data-testid="startup-reports-notice">
      <div>
        <strong>{reports.length === 1 ? 'A problem was found at start.' : `${reports.length} problems were found at start.`}</strong> {first.message}
      </div>
      <button type="button" onClick={() => setScreen('about')}>
        Details
      </button>
    </div>
  );
}
