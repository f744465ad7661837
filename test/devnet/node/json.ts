// Bitcoin Core's JSON writer: compact, keys in insertion order, BTC amounts as numbers with exactly
// 8 decimals, and a few numbers written verbatim (difficulty in exponent form). JSON.stringify
// cannot write `0.00000000`, so the node serialises through this module.

/** A BTC amount held in satoshis; written as a JSON number with exactly 8 decimals. */
export class Amount {
  constructor(readonly sats: bigint) {}
  toJSON(): string {
    return formatAmount(this.sats);
  }
}

/** A number written exactly as given (e.g. `4.656542373906925e-10`). */
export class RawNumber {
  constructor(readonly text: string) {}
}

export const amt = (sats: bigint | number): Amount => new Amount(BigInt(sats));

export function formatAmount(sats: bigint): string {
  const neg = sats < 0n;
  const abs = neg ? -sats : sats;
  const whole = abs / 100_000_000n;
  const frac = (abs % 100_000_000n).toString().padStart(8, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** A plain JS number written like Core's UniValue would (integers without decimals). */
function writeNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  // Core writes doubles with 17 significant digits trimmed; JS shortest round-trip form matches
  // for the values the node produces (fee rates are Amounts, not doubles).
  return String(n);
}

function writeString(s: string): string {
  // Core escapes control characters and `"`/`\\` but writes non-ASCII as raw UTF-8, like JSON.stringify.
  return JSON.stringify(s);
}

export function toCoreJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Amount) return formatAmount(v.sats);
  if (v instanceof RawNumber) return v.text;
  switch (typeof v) {
    case 'number':
      return writeNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return writeString(v);
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map(toCoreJson).join(',')}]`;
  if (v instanceof Verbatim) return v.text;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined) continue;
    parts.push(`${writeString(k)}:${toCoreJson(x)}`);
  }
  return `{${parts.join(',')}}`;
}

/** A JSON fragment passed through unchanged (e.g. a request id echoed as the client wrote it). */
export class Verbatim {
  constructor(readonly text: string) {}
}

/**
 * Parses JSON keeping every number's source text, so that ids like `3.5` or `1.0` and amounts like
 * `0.30000000` can be echoed or checked exactly. Numbers come back as `JsonNum`.
 */
export class JsonNum {
  constructor(readonly text: string) {}
  get value(): number {
    return Number(this.text);
  }
}

export type JsonValue = null | boolean | string | JsonNum | JsonValue[] | { [k: string]: JsonValue };

export class JsonParseError extends Error {}

export function parseExact(text: string): JsonValue {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw new JsonParseError('parse');
  };
  const value = (depth: number): JsonValue => {
    if (depth > 512) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: { [k: string]: JsonValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        const v = value(depth + 1);
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return o;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      const a: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        fail();
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
    return new JsonNum(m![0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    let simple = true;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        simple = false;
        i += 2;
      } else {
        if (text.charCodeAt(i) < 0x20) fail();
        i++;
      }
    }
    if (i >= text.length) fail();
    i++;
    const raw = text.slice(start, i);
    if (simple) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return fail();
    }
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail();
  return v;
}

/** Writes a parsed value back in compact form, numbers as they were written. */
export function writeExact(v: JsonValue): string {
  if (v instanceof JsonNum) return v.text;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return writeString(v);
  if (Array.isArray(v)) return `[${v.map(writeExact).join(',')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${writeString(k)}:${writeExact(x)}`)
    .join(',')}}`;
}
