/**
 * Base-40 triplet packing and the domain + path field shared by genesis and message metadata
 * (protocol.md §3.2–§3.4).
 */

import * as bytesModule from './bytes.js';

// Named imports are read once into local constants: under tsx (scripts, bench, vector runner) these modules
// run as CommonJS, where each use of a named import is a getter call on the exporting module's exports
// object, a measurable cost in the decode and apply hot paths. (Bundled or native ESM: no difference.)
const { codeArray, codesToString } = bytesModule;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz-.<>';
const ALPHABET_CODES = new Uint8Array(40);
for (let i = 0; i < 40; i++) ALPHABET_CODES[i] = ALPHABET.charCodeAt(i);
// Symbols of the text being unpacked (reused; at most 3 per byte pair of the field).
let symbols = new Uint8Array(256);
const END_FALSE = 38; // '<'
const END_TRUE = 39; // '>'

// char code -> alphabet index, 255 = not encodable
const CHAR_INDEX = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) CHAR_INDEX[ALPHABET.charCodeAt(i)] = i;

const DOMAIN_PREFIXES = ['', 'www.'];
const DOMAIN_SUFFIXES = [
  '', '.at', '.au', '.be', '.biz', '.br', '.ca', '.ch', '.cn', '.co.jp', '.co.kr', '.co.uk', '.co.za', '.co',
  '.com.ar', '.com.au', '.com.br', '.com.cn', '.com.mx', '.com.tr', '.com.tw', '.com.ua', '.com', '.cz',
  '.de', '.dk', '.edu', '.es', '.eu', '.fr', '.gov', '.gr', '.hk', '.hu', '.il', '.in', '.info', '.ir',
  '.it', '.jp', '.kr', '.me', '.mx', '.net', '.nl', '.no', '.org', '.pl', '.ps', '.ro', '.ru', '.se',
  '.sg', '.tr', '.tv', '.tw', '.ua', '.uk', '.us', '.vn',
];
const SUFFIX_IPV4 = 63;
const SUFFIX_IPV4_NO_PATH = 62; // messages only

/**
 * IPv4 detection of the domain encoder, exactly as the reference libraries' readIPv4Address: four parts
 * separated by dots, each one or more ASCII digits read in decimal — leading zeros allowed ("010.001.2.3" is
 * 10.1.2.3, any number of them) — with a value of at most 255. Anything else is a domain name.
 * The three libraries agree on every such spelling except an empty part ("1..2.3", ".1.2.3", "1.2.3."): C reads
 * it as 0, Python and JavaScript refuse it; the vectors were computed by Python, so it is a domain here.
 * (Python also "accepts" parts like "+1" or "1_0" through int(), and throws on letters after a first digit;
 * those characters are not in the domain alphabet, and JavaScript and C treat them as domain text, as we do.)
 * Decoding prints the canonical form, so "010.1.2.3" decodes as "10.1.2.3".
 */
export function parseIPv4(domain: string): number[] | null {
  const parts = domain.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) return null;
    const digits = part.replace(/^0+(?=[0-9])/, ''); // value-preserving: "000" -> "0"
    if (digits.length > 3) return null;
    const value = Number(digits);
    if (value > 255) return null;
    octets.push(value);
  }
  return octets;
}

/**
 * Removes the longest known prefix and suffix (§3.3). Returns null for an empty domain.
 * Decision (vectors README, not pinned): a domain that shrinks to nothing ("www.", ".com") is encoded
 * with empty text, as Python does (C fails). Decoders must accept such metadata (the vectors pin
 * "www."), and encoding it too keeps decode → encode → decode a round trip.
 */
export function shrinkDomain(domain: string): { text: string; packing: number } | null {
  if (domain === '') return null;
  let d = domain.toLowerCase();
  let prefixIndex = 0;
  for (let i = 1; i < DOMAIN_PREFIXES.length; i++) {
    const p = DOMAIN_PREFIXES[i]!;
    if (p.length > DOMAIN_PREFIXES[prefixIndex]!.length && d.startsWith(p)) prefixIndex = i;
  }
  d = d.slice(DOMAIN_PREFIXES[prefixIndex]!.length);
  let suffixIndex = 0;
  for (let i = 1; i < DOMAIN_SUFFIXES.length; i++) {
    const s = DOMAIN_SUFFIXES[i]!;
    if (s.length > DOMAIN_SUFFIXES[suffixIndex]!.length && d.endsWith(s)) suffixIndex = i;
  }
  d = d.slice(0, d.length - DOMAIN_SUFFIXES[suffixIndex]!.length);
  return { text: d, packing: (prefixIndex << 6) | suffixIndex };
}

/** Inverse of shrink; null if either table index is undefined. */
export function expandDomain(text: string, packing: number): string | null {
  const prefix = DOMAIN_PREFIXES[(packing >> 6) & 3];
  const suffix = DOMAIN_SUFFIXES[packing & 0x3f];
  if (prefix === undefined || suffix === undefined) return null;
  return prefix + text + suffix;
}

/** Appends the triplet packing of `text`; false if a character is outside the alphabet. */
function packTriplets(text: string, out: number[]): boolean {
  const n = text.length;
  for (let i = 0; i < n; i += 3) {
    let v = 0;
    let mul = 1;
    for (let j = i; j < i + 3 && j < n; j++) {
      const c = text.charCodeAt(j);
      const idx = c < 128 ? CHAR_INDEX[c]! : 255;
      if (idx === 255) return false;
      v += idx * mul;
      mul *= 40;
    }
    out.push(v & 0xff, v >> 8);
  }
  return true;
}

/** Number of characters of `text` that packTriplets will emit bytes for: 2 × ceil(n/3). */
export function tripletBytes(chars: number): number {
  return 2 * Math.floor((chars + 2) / 3);
}

export interface DomainPath {
  domainName: string;
  useHttps: boolean;
  pagePath: string;
  usePrefix: boolean;
}

/**
 * Encodes the domain + path field (§3.4) onto `out`. Returns false if it cannot be encoded.
 * Decision: upper-case characters in the path are rejected (as Python and JavaScript do); domain names
 * are lower-cased (all libraries).
 */
export function encodeDomainPath(dp: DomainPath, forMessages: boolean, out: number[]): boolean {
  // '<' and '>' inside the domain or path are encoded as they are (all reference libraries do so; the
  // vectors pin it), although the result does not decode back to the same text. Never put them there.
  const octets = parseIPv4(dp.domainName);
  let text: string;
  let encodePath = true;
  if (octets !== null) {
    let packing: number;
    if (forMessages && dp.pagePath === '') {
      packing = SUFFIX_IPV4_NO_PATH | (dp.usePrefix ? 0x80 : 0);
      encodePath = false;
    } else {
      packing = SUFFIX_IPV4;
    }
    if (dp.useHttps) packing |= 0x40;
    out.push(packing, octets[0]!, octets[1]!, octets[2]!, octets[3]!);
    text = '';
  } else {
    const s = shrinkDomain(dp.domainName);
    if (s === null) return false;
    out.push(s.packing);
    text = s.text + (dp.useHttps ? '>' : '<');
  }
  if (encodePath) text += dp.pagePath + (dp.usePrefix ? '>' : '<');
  if (text !== '') {
    if (!packTriplets(text, out)) return false;
  }
  return true;
}

/** Bytes the encoded domain + path field will take, or -1 if it cannot be encoded. */
export function domainPathEncodedLen(dp: DomainPath, forMessages: boolean): number {
  if (parseIPv4(dp.domainName) !== null) {
    if (forMessages && dp.pagePath === '') return 5;
    return 5 + tripletBytes(dp.pagePath.length + 1);
  }
  const s = shrinkDomain(dp.domainName);
  if (s === null) return -1;
  return 1 + tripletBytes(s.text.length + 1 + dp.pagePath.length + 1);
}

function symbolsToString(start: number, end: number): string {
  const n = end - start;
  if (n <= 0) return '';
  const a = codeArray(n);
  for (let i = 0; i < n; i++) a[i] = ALPHABET_CODES[symbols[start + i]!]!;
  return codesToString(a);
}

// Char codes of each domain prefix and suffix, for building the whole domain name in one string.
const PREFIX_CODES = DOMAIN_PREFIXES.map((t) => Array.from(t, (c) => c.charCodeAt(0)));
const SUFFIX_CODES = DOMAIN_SUFFIXES.map((t) => Array.from(t, (c) => c.charCodeAt(0)));

/**
 * expandDomain(symbols[start … end) as text, packing) in one string, or null if the packing names no
 * known prefix or suffix (one string built instead of the text and then prefix + text + suffix).
 */
function domainFromSymbols(start: number, end: number, packing: number): string | null {
  const prefix = PREFIX_CODES[(packing >> 6) & 3];
  const suffix = SUFFIX_CODES[packing & 0x3f];
  if (prefix === undefined || suffix === undefined) return null;
  const t = end - start;
  const len = prefix.length + t + suffix.length;
  if (len === 0) return '';
  const a = codeArray(len);
  let j = 0;
  for (let i = 0; i < prefix.length; i++) a[j++] = prefix[i]!;
  for (let i = 0; i < t; i++) a[j++] = ALPHABET_CODES[symbols[start + i]!]!;
  for (let i = 0; i < suffix.length; i++) a[j++] = suffix[i]!;
  return codesToString(a);
}

/** Result of decoding the domain + path field: the values and the bytes consumed. */
export interface DecodedDomainPath extends DomainPath {
  bytesUsed: number;
}

/**
 * The values of the last successful decodeDomainPathInto call. Reused (single-threaded; callers copy the
 * fields they keep at once), so that decoders do not allocate a result object per field.
 */
export const domainPathResult: DomainPath = { domainName: '', useHttps: false, pagePath: '', usePrefix: false };

/** Decodes the domain + path field starting at `pos` (§3.4). Null on any malformation. */
export function decodeDomainPath(
  bytes: Uint8Array,
  pos: number,
  end: number,
  forMessages: boolean,
): DecodedDomainPath | null {
  const used = decodeDomainPathInto(bytes, pos, end, forMessages);
  if (used < 0) return null;
  const r = domainPathResult;
  return { domainName: r.domainName, useHttps: r.useHttps, pagePath: r.pagePath, usePrefix: r.usePrefix, bytesUsed: used };
}

/**
 * decodeDomainPath writing its values into domainPathResult; returns the bytes consumed, or -1 on any
 * malformation (domainPathResult is then unchanged).
 */
export function decodeDomainPathInto(bytes: Uint8Array, pos: number, end: number, forMessages: boolean): number {
  const start = pos;
  const n = end;
  if (pos >= n) return -1;
  const packing = bytes[pos++]!;
  const suffix = packing & 0x3f;
  const isIPv4 = suffix === SUFFIX_IPV4 || (forMessages && suffix === SUFFIX_IPV4_NO_PATH);
  let domainName = '';
  let useHttps = false;
  let pagePath = '';
  let usePrefix = false;
  let pathFollows = true;
  if (isIPv4) {
    useHttps = (packing & 0x40) !== 0;
    if (pos + 4 > n) return -1;
    domainName = `${bytes[pos]}.${bytes[pos + 1]}.${bytes[pos + 2]}.${bytes[pos + 3]}`;
    pos += 4;
    if (forMessages && suffix === SUFFIX_IPV4_NO_PATH) {
      usePrefix = (packing & 0x80) !== 0;
      pathFollows = false;
    }
  }
  const parts = (isIPv4 ? 0 : 1) + (pathFollows ? 1 : 0);
  if (parts > 0) {
    // Unpack triplets until `parts` end markers have been seen: symbols first, strings after.
    if (3 * ((n - pos) >> 1) > symbols.length) symbols = new Uint8Array(3 * ((n - pos) >> 1));
    const sym = symbols;
    let count = 0;
    let markers = 0;
    let firstEnd = -1; // index of the first end marker
    let secondEnd = -1;
    while (markers < parts) {
      if (pos + 2 > n) return -1;
      let v = bytes[pos]! | (bytes[pos + 1]! << 8);
      pos += 2;
      if (v >= 64000) return -1;
      for (let k = 0; k < 3 && markers < parts; k++) {
        const q = (v / 40) | 0;
        const idx = v - q * 40;
        v = q;
        if (idx >= END_FALSE) {
          if (markers === 0) firstEnd = count;
          else secondEnd = count;
          markers++;
        }
        sym[count++] = idx;
      }
    }
    if (isIPv4) {
      pagePath = symbolsToString(0, firstEnd);
      usePrefix = sym[firstEnd] === END_TRUE;
    } else {
      // Decision (not pinned by the vectors): no prefix, no suffix and no text is no domain at all; it
      // cannot be encoded either, so it is rejected here too.
      const d = domainFromSymbols(0, firstEnd, packing);
      if (d === null || d === '') return -1;
      domainName = d;
      useHttps = sym[firstEnd] === END_TRUE;
      if (secondEnd >= 0) {
        pagePath = symbolsToString(firstEnd + 1, secondEnd);
        usePrefix = sym[secondEnd] === END_TRUE;
      }
    }
  }
  const r = domainPathResult;
  r.domainName = domainName;
  r.useHttps = useHttps;
  r.pagePath = pagePath;
  r.usePrefix = usePrefix;
  return pos - start;
}
