/**
 * Depth and size bounds for JSON taken from servers (issuer pages above all) and for values handed to a
 * transport. Serialisers and structured clone recurse: a value nested a few thousand levels deep makes
 * `JSON.stringify` throw "Maximum call stack size exceeded" wherever it is sent, so deep values are refused where
 * they enter, and again before anything is sent. Both checks are iterative: they cannot overflow themselves.
 */

/**
 * What an asset web page's embedded JSON may be (asset-web-page.md §3): 64 KiB, and nested at most 16 deep (the
 * fields of §4 need 2: the object and the tracker list). Applied when it is taken from the page and again when a
 * stored copy is read back.
 */
export const PAGE_JSON_LIMITS = { maxBytes: 64 * 1024, maxDepth: 16 } as const;

/** Deepest nesting of `[`/`{` in JSON text, counted outside strings; stops counting once above `limit`. */
export function jsonTextDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

export type BoundedParse = { ok: true; value: unknown } | { ok: false; reason: string };

/** JSON.parse, refused above `maxBytes` (UTF-8) or nested deeper than `maxDepth`. */
export function parseBoundedJson(text: string, limits: { maxDepth: number; maxBytes: number }): BoundedParse {
  // A UTF-16 unit is at least one UTF-8 byte: compare the cheap length first.
  if (text.length > limits.maxBytes || Buffer.byteLength(text, 'utf8') > limits.maxBytes)
    return { ok: false, reason: `the JSON is above the ${limits.maxBytes}-byte limit` };
  if (jsonTextDepth(text, limits.maxDepth) > limits.maxDepth)
    return { ok: false, reason: `the JSON nests deeper than ${limits.maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, reason: `the JSON cannot be parsed: ${(e as Error).message.slice(0, 160)}` };
  }
}

/**
 * Whether a value can be serialised safely: no object or array nested deeper than `maxDepth`, at most
 * `maxNodes` objects, arrays and values in all (which also stops a cycle or a widely shared sub-tree). Returns
 * null when it can, or why not.
 */
export function unsafeValueReason(value: unknown, maxDepth: number, maxNodes: number): string | null {
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (++nodes > maxNodes) return `more than ${maxNodes} values`;
    if (v === null || typeof v !== 'object') continue;
    if (d >= maxDepth) return `nested deeper than ${maxDepth} levels`;
    if (ArrayBuffer.isView(v)) continue; // byte arrays are flat
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const child of children) stack.push({ v: child, d: d + 1 });
  }
  return null;
}
