/**
 * Whether downloaded contract bytes are acceptable (asset-web-page.md §5): contracts must be self-contained, so
 * HTML — declared or sniffed — is refused: an HTML page can pull in external resources that change its meaning.
 */
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const HTML_START = /^(?:\s|\uFEFF)*<(?:!doctype\s+html|html|head|body|script|iframe|!--)/i;

export function contractProblem(bytes: Uint8Array, mimeType: string | null): string | null {
  if (bytes.length === 0) return 'the contract is empty';
  if (mimeType !== null && HTML_TYPES.has(mimeType)) return `the contract is an HTML page (${mimeType}), which is not self-contained`;
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512));
  if (HTML_START.test(head)) return 'the contract content is HTML, which is not self-contained';
  return null;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function looksLikePng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

export function looksLikeJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}
