/** Every field of the asset page's JSON, as the issuer wrote it. */
export function JsonFields({ json }: { json: Record<string, unknown> | null }) {
  if (!json) return null;
  const entries = Object.entries(json);
  return (
    <section aria-labelledby="json-heading">
      <h4 id="json-heading">Asset page fields</h4>
      <dl className="facts json-fields">
        {entries.map(([key, value]) => (
          <div key={key} className="json-field">
            <dt>
              <code>{key}</code>
            </dt>
            <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
