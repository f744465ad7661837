// PHP 8's view of JSON, as coinsparkd's front end (index.php) sees it: json_decode without the assoc flag (objects
// keep their key order and become stdClass, integers stay exact 64-bit ints, other numbers become floats, any
// error gives null) and json_encode with default flags ("/" escaped, non-ASCII as \uXXXX, PHP's float format),
// plus the few implicit conversions index.php relies on (string concatenation, pack("V"), array keys).
// The devnet tracker builds its answers from these values so they come out byte for byte as PHP writes them.

/** A PHP float (a JSON number with a fraction or exponent, or an integer beyond 64 bits). */
export class PhpFloat {
  constructor(readonly value: number) {}
}

/** A stdClass object: properties in insertion order. */
export class PhpObject {
  readonly props = new Map<string, PhpValue>();
  constructor(entries?: Iterable<[string, PhpValue]>) {
    if (entries !== undefined) for (const [k, v] of entries) this.props.set(k, v);
  }
  has(key: string): boolean {
    return this.props.has(key);
  }
  get(key: string): PhpValue | undefined {
    return this.props.get(key);
  }
  set(key: string, value: PhpValue): this {
    this.props.set(key, value);
    return this;
  }
}

/** PHP values: integers are bigint (decoded) or integral JS numbers (built here); lists are arrays. */
export type PhpValue = null | boolean | bigint | number | PhpFloat | string | PhpValue[] | PhpObject;

/** What PHP 8 throws where index.php would stop with a fatal error: the built-in server answers HTTP 500, empty body. */
export class PhpFatal extends Error {}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const MAX_DEPTH = 512;

/** json_decode($text) (objects as stdClass); undefined where PHP returns null for an error. */
export function phpJsonDecode(bytes: Uint8Array): PhpValue | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined; // malformed UTF-8
  }
  const p = new Parser(text);
  try {
    p.ws();
    const v = p.value(0);
    p.ws();
    if (p.i !== text.length) return undefined;
    return v;
  } catch {
    return undefined;
  }
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.i++;
    }
  }

  private fail(): never {
    throw new Error('json');
  }

  value(depth: number): PhpValue {
    const c = this.s[this.i];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail();
  }

  private object(depth: number): PhpObject {
    if (depth > MAX_DEPTH) this.fail();
    this.i++;
    const o = new PhpObject();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return o;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail();
      const key = this.string();
      if (key.startsWith('\0')) this.fail(); // PHP: invalid property name
      this.ws();
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      this.ws();
      o.set(key, this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return o;
      if (c !== ',') this.fail();
    }
  }

  private array(depth: number): PhpValue[] {
    if (depth > MAX_DEPTH) this.fail();
    this.i++;
    const a: PhpValue[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return a;
    }
    for (;;) {
      this.ws();
      a.push(this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return a;
      if (c !== ',') this.fail();
    }
  }

  private string(): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) this.fail();
      if (c === '"') break;
      if (c.charCodeAt(0) < 0x20) this.fail();
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        continue;
      }
      if (e !== 'u') this.fail();
      const unit = this.hex4();
      if (unit >= 0xd800 && unit <= 0xdbff) {
        // a high surrogate must be followed by an escaped low one (PHP: JSON_ERROR_UTF16)
        if (this.s[this.i] !== '\\' || this.s[this.i + 1] !== 'u') this.fail();
        this.i += 2;
        const low = this.hex4();
        if (low < 0xdc00 || low > 0xdfff) this.fail();
        out += String.fromCharCode(unit, low);
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        this.fail();
      } else {
        out += String.fromCharCode(unit);
      }
    }
    return out;
  }

  private hex4(): number {
    const h = this.s.slice(this.i, this.i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail();
    this.i += 4;
    return parseInt(h, 16);
  }

  private number(): bigint | PhpFloat {
    const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i));
    if (m === null) this.fail();
    this.i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = BigInt(m[0]);
      if (n >= INT64_MIN && n <= INT64_MAX) return n;
    }
    return new PhpFloat(Number(m[0]));
  }
}

/** Shortest round-trip digits and decimal point position of a finite non-zero |x|: x = 0.d1d2… × 10^decpt. */
function shortestDigits(x: number): { digits: string; decpt: number } {
  const [mant, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  return { digits: mant.replace('.', ''), decpt: Number(exp) + 1 };
}

/** zend_gcvt: fixed notation while -3 <= decpt <= ndigit, else d.ddd{e}±X ("1.0e+25" for a single digit). */
function gcvt(x: number, digits: string, decpt: number, ndigit: number, expChar: string): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (decpt < -3 || decpt > ndigit) {
    const e = decpt - 1;
    return `${sign}${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}${expChar}${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return sign + digits + '0'.repeat(decpt - digits.length);
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** A float as json_encode writes it (serialize_precision -1). */
export function phpJsonFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { digits, decpt } = shortestDigits(x);
  return gcvt(x, digits, decpt, 17, 'e');
}

/** A float as string conversion writes it (precision 14, %.14G with ".0" added to a bare exponent mantissa). */
export function phpFloatString(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, exp] = Math.abs(x).toExponential(13).split('e') as [string, string];
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  const decpt = Number(exp) + 1;
  // %G: exponent form when the exponent is < -4 or >= the precision
  if (decpt - 1 < -4 || decpt - 1 >= 14) return gcvt(x, digits, decpt, -100, 'E');
  return gcvt(x, digits, decpt, 1000, 'E');
}

function escapeString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x2f) out += '\\/';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return out + '"';
}

/** json_encode($value) with default flags. */
export function phpJsonEncode(v: PhpValue): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : phpJsonFloat(v);
  if (v instanceof PhpFloat) return phpJsonFloat(v.value);
  if (typeof v === 'string') return escapeString(v);
  if (Array.isArray(v)) return `[${v.map(phpJsonEncode).join(',')}]`;
  return `{${[...v.props].map(([k, x]) => `${escapeString(k)}:${phpJsonEncode(x)}`).join(',')}}`;
}

/** "..." . $v — string conversion (arrays read "Array" with a warning; objects are a fatal error). */
export function phpString(v: PhpValue | undefined): string {
  if (v === undefined || v === null || v === false) return '';
  if (v === true) return '1';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : phpFloatString(v);
  if (v instanceof PhpFloat) return phpFloatString(v.value);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return 'Array';
  throw new PhpFatal('object to string');
}

/** The leading integer of a numeric-prefix string, as PHP 8 reads "12abc" or " 12" (0 when there is none). */
function leadingInt(s: string): bigint {
  const m = /^[ \t\n\r\v\f]*([+-]?)([0-9]+)(\.[0-9]*)?([eE][+-]?[0-9]+)?/.exec(s);
  if (m === null) return 0n;
  if (m[3] !== undefined || m[4] !== undefined) return BigInt(Math.trunc(Number(m[0].trim())));
  return BigInt(`${m[1]}${m[2]}`);
}

/** zval_get_long: what pack("V", $v) and intval() see. */
export function phpLong(v: PhpValue | undefined): bigint {
  if (v === undefined || v === null || v === false) return 0n;
  if (v === true) return 1n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (v instanceof PhpFloat) return Number.isFinite(v.value) ? BigInt(Math.trunc(v.value)) : 0n;
  if (typeof v === 'string') return leadingInt(v);
  if (Array.isArray(v)) return v.length > 0 ? 1n : 0n;
  return 1n; // an object, with a warning
}

/** pack("V", $v): the low 32 bits. */
export function phpPackV(v: PhpValue | undefined): number {
  return Number(BigInt.asUintN(32, phpLong(v)));
}

/** strtolower($v) as hex_to_bin does: scalars as strings, arrays and objects a TypeError. */
export function phpScalarString(v: PhpValue | undefined): string {
  if (Array.isArray(v) || v instanceof PhpObject) throw new PhpFatal('strtolower(): argument must be of type string');
  return phpString(v);
}

/** $array[$v]: the key PHP stores (floats truncated, booleans 0/1, null ""), arrays and objects a TypeError. */
export function phpKey(v: PhpValue | undefined): string {
  if (Array.isArray(v) || v instanceof PhpObject) throw new PhpFatal('Illegal offset type');
  if (v === true) return '1';
  if (v === false) return '0';
  if (v instanceof PhpFloat) return String(Math.trunc(v.value));
  if (typeof v === 'number') return String(Math.trunc(v));
  return phpString(v);
}

/** property_exists($v, $name): false for a string (read as a class name), a TypeError for other non-objects. */
export function phpPropertyExists(v: PhpValue | undefined, name: string): boolean {
  if (v instanceof PhpObject) return v.has(name);
  if (typeof v === 'string') return false;
  throw new PhpFatal('property_exists(): Argument #1 must be of type object|string');
}

/** $obj->name on any value: the property, or null (with a warning) when there is none. */
export function phpProp(v: PhpValue | undefined, name: string): PhpValue {
  return v instanceof PhpObject ? (v.get(name) ?? null) : null;
}
