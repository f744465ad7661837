import { useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../../state/app-store';
import { errorText } from '../../lib/errors';

function urlProblem(text: string): string | null {
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'A tracker URL must start with http:// or https://.';
    return null;
  } catch {
    return `“${text}” is not a URL (for example https://tracker.example.com/).`;
  }
}

/** Tracker URLs asked before (or instead of) the ones the asset pages name. */
export function TrackerOverrides({ trackers }: { trackers: string[] }) {
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  async function save(next: string[]) {
    setError(null);
    try {
      await updateSettings({ trackerOverrides: next });
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const url = draft.trim();
    const problem = urlProblem(url);
    if (problem) return setError(problem);
    if (trackers.includes(url)) return setError('That tracker is already in the list.');
    if (await save([...trackers, url])) setDraft('');
  }

  return (
    <section className="settings-block" aria-labelledby="trackers-settings-heading">
      <h2 id="trackers-settings-heading">Tracker overrides</h2>
      <p className="muted">These trackers are asked about every asset before those named on the asset pages.</p>
      {trackers.length === 0 ? (
        <p className="muted">None: the trackers of each asset page are used.</p>
      ) : (
        <ul className="plain-list">
          {trackers.map((t) => (
            <li key={t}>
              <code>{t}</code>
              {t.startsWith('http:') && <span className="tag warn">plain http</span>}{' '}
              <button type="button" className="icon" aria-label={`Remove tracker ${t}`} onClick={() => void save(trackers.filter((x) => x !== t))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form-row" onSubmit={add}>
        <label htmlFor={inputId}>Add tracker URL</label>
        <input id={inputId} type="url" value={draft} placeholder="https://tracker.example.com/" onChange={(e) => setDraft(e.target.value)} aria-invalid={error ? true : undefined} />
        <button type="submit">Add tracker</button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
