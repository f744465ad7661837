import { useUpdatesStore } from '../../state/updates-store';

/** One line for the About panel: what the updater is doing, or why this copy does not update itself. */
export function UpdateStatus() {
  const update = useUpdatesStore((s) => s.update);
  const check = useUpdatesStore((s) => s.check);
  if (!update) return null;
  const busy = update.kind === 'checking' || update.kind === 'downloading' || update.kind === 'verifying' || update.kind === 'installing';
  const text =
    update.kind === 'unsupported'
      ? update.reason
      : update.kind === 'up-to-date'
        ? 'This is the latest version.'
        : update.kind === 'available' || update.kind === 'downloaded'
          ? `Version ${update.version} is ${update.kind === 'available' ? 'available' : 'ready to install'}.`
          : update.kind === 'failed'
            ? update.message
            : busy
              ? 'Working on an update…'
              : 'Checks for updates at start and daily, unless turned off in Settings.';
  return (
    <>
      <dt>Updates</dt>
      <dd data-testid="about-updates">
        {text}{' '}
        {update.kind !== 'unsupported' && !busy ? (
          <button type="button" onClick={() => void check()}>
            Check for updates
          </button>
        ) : null}
      </dd>
    </>
  );
}
