import { useAppStore } from '../../state/app-store';
import { UpdateStatus } from '../updates/UpdateStatus';

/** Name, version and host of the running wallet, plus any problem found at start. */
export function AboutPanel() {
  const info = useAppStore((s) => s.info);
  const reports = useAppStore((s) => s.reports);
  return (
    <section className="panel" aria-labelledby="about-heading">
      <h2 id="about-heading">About</h2>
      {info ? (
        <dl className="facts" data-testid="about-info">
          <dt>Name</dt>
          <dd data-testid="about-name">{info.name}</dd>
          <dt>Version</dt>
          <dd data-testid="about-version">{info.version}</dd>
          <dt>Host</dt>
          <dd data-testid="about-host">{info.host === 'electron' ? 'Desktop app (electron)' : 'Headless host (headless)'}</dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
          <UpdateStatus />
        </dl>
      ) : (
        <p className="muted">Loading…</p>
      )}
      {reports.length > 0 && (
        <div className="notice warn" role="status">
          <h3>Problems found at start</h3>
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
