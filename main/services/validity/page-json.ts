import { PAGE_JSON_LIMITS, parseBoundedJson } from '../../node/bounded-json';

/**
 * Cutting the asset specification JSON out of an asset web page (asset-web-page.md §3.2): no DOM parsing, a
 * scanner that tracks JSON string state and parenthesis depth so that issuers who forgot to escape parentheses
 * inside strings are still read, and the first occurrence wins.
 */
export const SPEC_MARKER = '_bitcoin_asset_specification_';
/** Embedded JSON larger than this is refused (the page itself is capped separately). */
export const MAX_SPEC_JSON_BYTES = PAGE_JSON_LIMITS.maxBytes;
/** Deeper JSON would be kept for display and later break whatever serialises it: refused here. */
export const MAX_SPEC_JSON_DEPTH = PAGE_JSON_LIMITS.maxDepth;

export type ExtractResult =
  | { ok: true; text: string; json: Record<string, unknown> }
  | { ok: false; state: 'ASSET_SPECS_NOT_FOUND' | 'ASSET_SPECS_NOT_PARSED'; reason: string };

/** Index just after the `(` of the first `_bitcoin_asset_specification_(` (whitespace allowed before `(`), or -1. */
function findCallStart(page: string): number {
  let from = 0;
  for (;;) {
    const at = page.indexOf(SPEC_MARKER, from);
    if (at < 0) return -1;
    let i = at + SPEC_MARKER.length;
    while (i < page.length && /\s/.test(page[i] ?? '')) i++;
    if (page[i] === '(') return i + 1;
    from = at + SPEC_MARKER.length; // e.g. the `typeof _bitcoin_asset_specification_ ===` occurrence
  }
}

export function extractSpecJson(page: string): ExtractResult {
  const start = findCallStart(page);
  if (start < 0) return { ok: false, state: 'ASSET_SPECS_NOT_FOUND', reason: 'the page has no _bitcoin_asset_specification_(…) block' };
  let depth = 1;
  let inString = false;
  let end = -1;
  for (let i = start; i < page.length; i++) {
    const c = page[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) {
        end = i;
        break;
      }
    }
    // A char is at least one UTF-8 byte: past the limit in chars, the JSON is too large whatever follows.
    if (i - start > MAX_SPEC_JSON_BYTES)
      return { ok: false, state: 'ASSET_SPECS_NOT_PARSED', reason: `the specification JSON is above the ${MAX_SPEC_JSON_BYTES}-byte limit` };
  }
  if (end < 0) return { ok: false, state: 'ASSET_SPECS_NOT_FOUND', reason: 'the specification block is not closed' };
  const text = page.slice(start, end).trim();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_JSON_BYTES)
    return { ok: false, state: 'ASSET_SPECS_NOT_PARSED', reason: `the specification JSON is ${bytes} bytes, above the ${MAX_SPEC_JSON_BYTES}-byte limit` };
  const bounded = parseBoundedJson(text, PAGE_JSON_LIMITS);
  if (!bounded.ok) return { ok: false, state: 'ASSET_SPECS_NOT_PARSED', reason: bounded.reason.replace(/^the JSON/, 'the specification JSON') };
  const parsed = bounded.value;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { ok: false, state: 'ASSET_SPECS_NOT_PARSED', reason: 'the specification JSON is not an object' };
  return { ok: true, text, json: parsed as Record<string, unknown> };
}
