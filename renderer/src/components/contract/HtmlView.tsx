/**
 * An HTML contract, inert: an iframe with an empty sandbox (no scripts, no same-origin, no forms, no popups),
 * and a CSP at the top of the document that forbids every fetch except inline styles and data: images, so the
 * page can neither run code nor reach the network (the app's own CSP applies on top).
 */
const INERT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export function inertHtml(html: string): string {
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="${INERT_CSP}"><base target="_blank">${html}`;
}

export function HtmlView({ html, title }: { html: string; title: string }) {
  return <iframe className="contract-frame" sandbox="" referrerPolicy="no-referrer" srcDoc={inertHtml(html)} title={`Contract of ${title} (HTML, scripts disabled)`} data-testid="contract-html" />;
}
