import { useAppStore } from '../../state/app-store';
import { UpdateStatus } from '../updates/UpdateStatus';

/** Name, version and host of the running wallet, plus any problem found at start. */
export function AboutPanel() {
  const info = useAppStore((s) => s.info);
  const reports = useAppStore((s) => s.reports);
  return (
    <section className="panel" aria-labelledby="about-heading">
      <h1 id="about-heading">About</h1>
      {info ? (
        <dl className="facts" data-testid="about-info">
          <dt>Name</dt>
          <dd data-testid="about-name">{info.name}</dd>
          <dt>Version</dt>
          <dd data-testid="about-version">{info.version}</dd>
          <dt>Runs as</dt>
          <dd data-testid="about-host">{info.host === 'electron' ? 'The desktop app' : 'The headless host, shown in your web browser'}</dd>
          <dt>Runs in</dt>
          <dd data-testid="about-runtime">{info.runtime}</dd>
          <UpdateStatus />
        </dl>
      ) : (
        <p className="muted">Loading…</p>
      )}
      {reports.length > 0 && (
        <div className="notice warn" role="status">
          <h2>Problems found at start</h2>
          <ul>
            {reports.map((r, i) => (
              <li key={`${i}:${r.keptAs}`} data-testid="startup-report">
                {r.message}{' '}
                {r.keptAs === r.file ? (
                  <>
                    The file <code>{r.file}</code> was left as it is.
                  </>
                ) : r.kind === 'rows-left-out' ? (
                  <>
                    The file as it was, rows left out included, is kept as <code>{r.keptAs}</code>.
                  </>
                ) : (
                  <>
                    The file <code>{r.file}</code> was kept as <code>{r.keptAs}</code>.
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
