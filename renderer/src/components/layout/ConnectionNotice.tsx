import { useAppStore } from '../../state/app-store';

/** When main cannot reach Bitcoin Core, say why (main's diagnosis) and lead to the connection settings. */
export function ConnectionNotice() {
  const status = useAppStore((s) => s.connection);
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  if (!status || status.state !== 'error' || !status.diagnosis || screen === 'settings') return null;
  return (
    <div className="notice error connection-notice" role="alert" data-testid="connection-notice">
      <div>
        <strong>{status.diagnosis.title}</strong> {status.diagnosis.message}
      </div>
      <button type="button" onClick={() => setScreen('settings')}>
        Set up the connection
      </button>
    </div>
  );
}
