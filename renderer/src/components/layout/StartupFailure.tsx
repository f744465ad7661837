import { errorText } from '../../lib/errors';

/** Shown instead of the app when the connection to main could not be set up at all. */
export function StartupFailure({ error }: { error: unknown }) {
  return (
    <main className="startup-failure" role="alert">
      <h1>The wallet could not connect to its services</h1>
      <p>{errorText(error)}</p>
      <p>Reload the page, or restart the wallet. If you opened this page by hand, use the full link the wallet printed (it carries an access token).</p>
    </main>
  );
}
