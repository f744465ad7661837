import { useAppStore } from '../../state/app-store';

/**
 * First run on the demo network (`npm run demo`): say so before anything else, and what the sample assets are for.
 * Closing it is remembered in the settings (ui.demoNoticeClosed).
 */
export function DemoNotice() {
  const demo = useAppStore((s) => s.info?.demo);
  const closed = useAppStore((s) => s.settings?.ui.demoNoticeClosed ?? true);
  const updateSettings = useAppStore((s) => s.updateSettings);
  if (!demo || closed) return null;
  return (
    <div className="notice info connection-notice" role="note" data-testid="demo-notice">
      <div>
        <strong>This is a demo network.</strong> The wallet runs on a private test chain on this computer, with sample assets from made-up issuers. Nothing here has any
        value. Some samples are broken on purpose; each says what it shows.
      </div>
      <button type="button" onClick={() => void updateSettings({ ui: { demoNoticeClosed: true } })}>
        Got it
      </button>
    </div>
  );
}
