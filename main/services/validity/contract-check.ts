/**
 * Whether downloaded contract bytes are acceptable (asset-web-page.md §5): contracts must be self-contained (PDF,
 * UTF-8 text, JPEG, PNG), so anything a viewer would render as an active document — HTML, XHTML, SVG, or XML that
 * loads a stylesheet, an external DTD or entity, or carries a script — is refused, whether the server says so
 * (its Content-Type) or the bytes do (whatever type it claims: XHTML served as application/xml is still HTML).
 */

/** Types that always name an active document. */
const ACTIVE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'application/vnd.wap.xhtml+xml', 'text/xsl', 'application/xslt+xml']);
/** Types that name markup: the content decides whether it is active. */
const isMarkupType = (type: string): boolean => type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml');

/**
 * WHATWG MIME sniffing's HTML signatures ("identifying an unknown MIME type"): a browser renders bytes starting
 * with one of these (after whitespace) as HTML whatever the server said.
 */
const HTML_SIGNATURE = /^<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)(?:[\s>]|$)/i;

/** Inside markup: what makes it active or not self-contained. */
const ACTIVE_MARKUP: [RegExp, string][] = [
  [/http:\/\/www\.w3\.org\/1999\/xhtml/i, 'it is XHTML (the XHTML namespace)'],
  [/http:\/\/www\.w3\.org\/2000\/svg/i, 'it is SVG (the SVG namespace)'],
  [/<(?:[\w.-]+:)?html[\s>/]/i, 'it has an <html> element'],
  [/<(?:[\w.-]+:)?svg[\s>/]/i, 'it has an <svg> element'],
  [/<(?:[\w.-]+:)?script[\s>/]/i, 'it has a <script> element'],
  [/http:\/\/www\.w3\.org\/2001\/XInclude/i, 'it includes other documents (XInclude)'],
];
/** In the prolog (before the root element), where stylesheets, DTDs and entities are declared. */
const ACTIVE_PROLOG: [RegExp, string][] = [
  [/<\?xml-stylesheet/i, 'it loads a stylesheet'],
  [/<!(?:DOCTYPE|ENTITY)\b[^>]*?\s(?:SYSTEM|PUBLIC)[\s"']/i, 'it loads an external DTD or entity'],
];
/** The prolog is searched only this far: a root element starts well before it in any real document. */
const MAX_PROLOG_CHARS = 64 * 1024;

/** Text before the root element's start tag (the XML declaration, processing instructions, comments, DTD). */
function prologOf(text: string): string {
  const root = /<[A-Za-z_]/.exec(text.slice(0, MAX_PROLOG_CHARS));
  return text.slice(0, root ? root.index : MAX_PROLOG_CHARS);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function looksLikePng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

export function looksLikeJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d; // %PDF-
}

/** The bytes as text the way a browser would read them: a UTF-16 byte-order mark wins, UTF-8 otherwise. */
function asText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

export function contractProblem(bytes: Uint8Array, mimeType: string | null): string | null {
  if (bytes.length === 0) return 'the contract is empty';
  const type = (mimeType ?? '').toLowerCase();
  if (ACTIVE_TYPES.has(type)) return `the contract is served as ${type}, an active document (HTML, XHTML or SVG) that is not self-contained`;
  // The binary formats of the list are what their signature says; their own checks are not markup checks.
  if (looksLikePdf(bytes) || looksLikePng(bytes) || looksLikeJpeg(bytes)) return null;
  const text = asText(bytes).replace(/^[\s\uFEFF]+/, '');
  if (HTML_SIGNATURE.test(text)) return `the contract content is HTML${type ? ` (served as ${type})` : ''}, which is not self-contained`;
  const markup = text.startsWith('<') || isMarkupType(type);
  if (!markup) return null; // plain text: a mention of "<script>" in a sentence is just text
  const prolog = prologOf(text);
  for (const [pattern, why] of ACTIVE_PROLOG) {
    if (pattern.test(prolog)) return `the contract is markup that is not self-contained: ${why}${type ? ` (served as ${type})` : ''}`;
  }
  for (const [pattern, why] of ACTIVE_MARKUP) {
    if (pattern.test(text)) return `the contract is markup that a viewer would render as an active document: ${why}${type ? ` (served as ${type})` : ''}`;
  }
  return null;
}
