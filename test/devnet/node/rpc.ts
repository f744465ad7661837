// JSON-RPC request handling as Bitcoin Core v29 does it: 1.0 vs 2.0 replies, named params (with
// the `args` key), the declared-type check (-3 "Wrong type passed"), the help text as the -1 message
// for a wrong param count, and the -28/-18/-19 routing errors.
import { HELP_TEXTS } from './help-texts.js';
import { Amount, JsonNum, JsonValue, RawNumber, Verbatim, toCoreJson, writeExact } from './json.js';

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type ArgType = 'num' | 'str' | 'bool' | 'arr' | 'obj' | 'amount' | 'any';
export interface ArgSpec {
  name: string;
  type: ArgType;
  required?: boolean;
}

export interface MethodContext {
  /** the wallet name from the `/wallet/<name>` path, or null on `/` */
  walletPath: string | null;
}

export interface MethodDef {
  args: ArgSpec[];
  /** needs a wallet (routing errors -18/-19 apply) */
  wallet?: boolean;
  run(p: Params, ctx: MethodContext): unknown;
}

/** UniValue's type name of a JSON value (as Core's type errors say it). */
export const typeName = (v: JsonValue | undefined): string => {
  if (v === null || v === undefined) return 'null';
  if (v instanceof JsonNum) return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
};

const expectedName: Record<ArgType, string> = {
  num: 'number', str: 'string', bool: 'bool', arr: 'array', obj: 'object', amount: 'number', any: '',
};

/** Typed access to one call's positional params. */
export class Params {
  constructor(
    readonly values: (JsonValue | undefined)[],
    readonly specs: ArgSpec[],
  ) {}
  has(i: number): boolean {
    const v = this.values[i];
    return v !== undefined && v !== null;
  }
  raw(i: number): JsonValue | undefined {
    return this.values[i] ?? undefined;
  }
  str(i: number, dflt?: string): string {
    const v = this.values[i];
    if (v === undefined || v === null) {
      if (dflt !== undefined) return dflt;
      throw new RpcError(-3, 'JSON value of type null is not of expected type string');
    }
    if (typeof v !== 'string') throw new RpcError(-3, `JSON value of type ${typeName(v)} is not of expected type string`);
    return v;
  }
  int(i: number, dflt?: number): number {
    const v = this.values[i];
    if (v === undefined || v === null) {
      if (dflt !== undefined) return dflt;
      throw new RpcError(-3, 'JSON value of type null is not of expected type number');
    }
    if (!(v instanceof JsonNum)) throw new RpcError(-3, `JSON value of type ${typeName(v)} is not of expected type number`);
    if (!/^-?\d+$/.test(v.text)) throw new RpcError(-1, 'JSON integer out of range');
    const n = Number(v.text);
    if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 31 * 2 ** 22) throw new RpcError(-1, 'JSON integer out of range');
    return n;
  }
  bool(i: number, dflt?: boolean): boolean {
    const v = this.values[i];
    if (v === undefined || v === null) {
      if (dflt !== undefined) return dflt;
      throw new RpcError(-3, 'JSON value of type null is not of expected type bool');
    }
    if (typeof v !== 'boolean') throw new RpcError(-3, `JSON value of type ${typeName(v)} is not of expected type bool`);
    return v;
  }
  /** Core's AmountFromValue: a number or numeric string, at most 8 decimals, 0..21e6 BTC. */
  amount(i: number): bigint {
    return parseAmount(this.values[i]);
  }
  arr(i: number): JsonValue[] {
    const v = this.values[i];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new RpcError(-3, `JSON value of type ${typeName(v)} is not of expected type array`);
    return v;
  }
  obj(i: number): Record<string, JsonValue> {
    const v = this.values[i];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v) || v instanceof JsonNum)
      throw new RpcError(-3, `JSON value of type ${typeName(v)} is not of expected type object`);
    return v as Record<string, JsonValue>;
  }
}

export function parseAmount(v: JsonValue | undefined, allowNegative = false): bigint {
  let text: string;
  if (v instanceof JsonNum) text = v.text;
  else if (typeof v === 'string') text = v;
  else throw new RpcError(-3, 'Amount is not a number or string');
  const m = /^(-)?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new RpcError(-3, 'Invalid amount');
  const [, neg, whole, fracRaw = '', expRaw] = m;
  let digits = whole! + fracRaw;
  let scale = fracRaw.length - Number(expRaw ?? 0);
  // value = digits * 10^-scale; we need satoshis = value * 1e8
  digits = digits.replace(/^0+(?=\d)/, '');
  let sats: bigint;
  const shift = 8 - scale;
  if (shift >= 0) sats = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    const d = BigInt(digits);
    if (d % div !== 0n) throw new RpcError(-3, 'Invalid amount');
    sats = d / div;
  }
  if (sats > 10n ** 18n) throw new RpcError(-3, 'Invalid amount');
  if (neg) sats = -sats;
  if ((!allowNegative && sats < 0n) || sats > 21_000_000n * 100_000_000n) throw new RpcError(-3, 'Amount out of range');
  return sats;
}

export function helpText(method: string, def: MethodDef): string {
  const known = HELP_TEXTS[method];
  if (known) return known;
  const args = def.args.map((a) => (a.type === 'str' ? `"${a.name.split('|')[0]}"` : a.name.split('|')[0]));
  const req = def.args.filter((a) => a.required).length;
  const usage = [method, ...args.slice(0, req), ...(args.length > req ? [`( ${args.slice(req).join(' ')} )`] : [])].join(' ');
  return `${usage}\n`;
}

/** Turns named params (with the optional `args` key) into positional ones. */
export function toPositional(method: string, def: MethodDef, params: JsonValue | undefined): (JsonValue | undefined)[] {
  if (params === undefined || params === null) return [];
  if (Array.isArray(params)) return params;
  const obj = params as Record<string, JsonValue>;
  const out: (JsonValue | undefined)[] = [];
  const positional = Array.isArray(obj.args) ? obj.args : [];
  positional.forEach((v, i) => (out[i] = v));
  const known = new Set<string>();
  def.args.forEach((a, i) => {
    for (const alias of a.name.split('|')) {
      known.add(alias);
      if (Object.prototype.hasOwnProperty.call(obj, alias)) {
        if (i < positional.length)
          throw new RpcError(-8, `Parameter ${a.name} specified twice both as positional and named argument`);
        out[i] = obj[alias];
      }
    }
  });
  for (const k of Object.keys(obj)) if (k !== 'args' && !known.has(k)) throw new RpcError(-8, `Unknown named parameter ${k}`);
  void method;
  // trailing holes become "not given"
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out;
}

export function checkArgs(method: string, def: MethodDef, values: (JsonValue | undefined)[]): void {
  const required = def.args.filter((a) => a.required).length;
  const given = values.length;
  const missingRequired = def.args.some((a, i) => a.required && values[i] === undefined);
  if (given > def.args.length || given < required || missingRequired) throw new RpcError(-1, helpText(method, def));
  const wrong: string[] = [];
  def.args.forEach((a, i) => {
    const v = values[i];
    if (a.type === 'any' || v === undefined) return;
    if (v === null && !a.required) return;
    const t = typeName(v);
    const ok =
      a.type === 'amount' ? t === 'number' || t === 'string' : t === expectedName[a.type];
    if (!ok)
      wrong.push(`    "Position ${i + 1} (${a.name})": "JSON value of type ${t} is not of expected type ${a.type === 'amount' ? 'number or string' : expectedName[a.type]}"`);
  });
  if (wrong.length) throw new RpcError(-3, `Wrong type passed:\n{\n${wrong.join(',\n')}\n}`);
}

// ------------------------------------------------------------------------ reply framing

export type ReplyStyle = '1.0' | '2.0';

export function replyBody(style: ReplyStyle, id: JsonValue | undefined, hasId: boolean, result: unknown, error: RpcError | null): string {
  const idText = hasId ? writeExact(id ?? null) : undefined;
  const idPart = idText === undefined ? '' : `,"id":${idText}`;
  const err = error ? `{"code":${error.code},"message":${JSON.stringify(error.message)}}` : null;
  if (style === '2.0') return err ? `{"jsonrpc":"2.0","error":${err}${idPart}}` : `{"jsonrpc":"2.0","result":${toCoreJson(result)}${idPart}}`;
  return err ? `{"result":null,"error":${err}${idPart}}` : `{"result":${toCoreJson(result)},"error":null${idPart}}`;
}

export { Amount, RawNumber, Verbatim };
