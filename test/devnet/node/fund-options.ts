// The options object of fundrawtransaction, walletcreatefundedpsbt and send, read as Core's
// FundTransaction (rpc/spend.cpp) reads it: the strict type check (sorted keys, "Unexpected key"),
// then each option in Core's order with its error, then SetFeeEstimateMode. Also the wallet's fee
// rate when the caller gives none (estimatesmartfee at -txconfirmtarget=6, else -fallbackfee).
import { addressToScript } from './bitcoin.js';
import { Chain } from './chain.js';
import { MAX_TARGET } from './fees.js';
import { JsonNum, JsonValue } from './json.js';
import { RpcError, parseAmount, typeName } from './rpc.js';
import { FALLBACK_FEERATE, FundOptions } from './wallet-funding.js';
import { ADDR_TYPES, type AddrType } from './wallet-keys.js';

type Kind = 'bool' | 'number' | 'string' | 'array' | 'object' | 'any';

/** Every key FundTransaction accepts, with its type (Core's RPCTypeCheckObj table). */
const OPTION_TYPES: Record<string, Kind> = {
  add_inputs: 'bool', include_unsafe: 'bool', add_to_wallet: 'bool', changeAddress: 'string', change_address: 'string',
  changePosition: 'number', change_position: 'number', change_type: 'string', includeWatching: 'bool', include_watching: 'bool',
  inputs: 'array', lockUnspents: 'bool', lock_unspents: 'bool', locktime: 'number', fee_rate: 'any', feeRate: 'any', psbt: 'bool',
  solving_data: 'object', subtractFeeFromOutputs: 'array', subtract_fee_from_outputs: 'array', replaceable: 'bool',
  conf_target: 'number', estimate_mode: 'string', minconf: 'number', maxconf: 'number', input_weights: 'array', max_tx_weight: 'number',
};

export const kindOf = typeName;

/** Core's RPCTypeCheckObj(o, types, fAllowNull=true, fStrict=true). */
export function typeCheckObject(o: Record<string, JsonValue>, types: Record<string, Kind>): void {
  for (const k of Object.keys(types).sort()) {
    const v = o[k];
    if (v === undefined || v === null || types[k] === 'any') continue;
    if (kindOf(v) !== types[k]) throw new RpcError(-3, `JSON value of type ${kindOf(v)} for field ${k} is not of expected type ${types[k]}`);
  }
  for (const k of Object.keys(o)) if (!(k in types)) throw new RpcError(-3, `Unexpected key ${k}`);
}

const has = (o: Record<string, JsonValue>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const present = (v: JsonValue | undefined): v is Exclude<JsonValue, null> => v !== undefined && v !== null;

/** UniValue::getInt<int>: a whole number or -1 "JSON integer out of range". */
export function intOf(v: JsonValue): number {
  if (!(v instanceof JsonNum)) throw new RpcError(-3, `JSON value of type ${kindOf(v)} is not of expected type number`);
  if (!/^-?\d+$/.test(v.text)) throw new RpcError(-1, 'JSON integer out of range');
  return Number(v.text);
}

export const ESTIMATE_MODE_ERROR = 'Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"';

/** Core's ParseConfirmTarget. */
export function confTarget(v: JsonValue): number {
  const t = intOf(v);
  if (t < 1 || t > MAX_TARGET) throw new RpcError(-8, `Invalid conf_target, must be between 1 and ${MAX_TARGET}`);
  return t;
}

export interface FeeMode {
  /** the caller's fee rate (sat/kvB) */
  feeRate?: bigint;
  confTarget?: number;
}

/** Core's SetFeeEstimateMode (fee_rate in sat/vB with at most 3 decimals). */
export function feeEstimateMode(conf: JsonValue | undefined, mode: JsonValue | undefined, feeRate: JsonValue | undefined): FeeMode {
  if (present(feeRate)) {
    if (present(conf))
      throw new RpcError(-8, 'Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.');
    if (present(mode) && mode !== 'unset') throw new RpcError(-8, 'Cannot specify both estimate_mode and fee_rate');
    return { feeRate: parseFeeRateSatVb(feeRate) };
  }
  if (present(mode)) {
    if (typeof mode !== 'string' || !['unset', 'economical', 'conservative'].includes(mode.toLowerCase())) throw new RpcError(-8, ESTIMATE_MODE_ERROR);
  }
  return present(conf) ? { confTarget: confTarget(conf) } : {};
}

/** AmountFromValue(v, 3): a sat/vB figure with at most 3 decimals, returned in sat/kvB. */
export function parseFeeRateSatVb(v: JsonValue): bigint {
  const text = v instanceof JsonNum ? v.text : typeof v === 'string' ? v : null;
  if (text === null) throw new RpcError(-3, 'Amount is not a number or string');
  // parseAmount works in 8 decimals: a value with more than 3 decimals leaves a remainder
  const sats8 = parseAmount(v);
  if (sats8 % 100_000n !== 0n) throw new RpcError(-3, 'Invalid amount');
  return sats8 / 100_000n;
}

/** The wallet's fee rate when the caller gives none: the estimate for the target, else the fallback fee. */
export function walletFeeRate(C: Chain, target = 6): { feeRate: bigint; reason: string } {
  const e = C.fees.estimate(target);
  if (e.feeRate !== null) return { feeRate: e.feeRate < 100n ? 100n : e.feeRate, reason: 'Target 85% Threshold' };
  return { feeRate: FALLBACK_FEERATE, reason: 'Fallback fee' };
}

export interface ParsedFunding {
  fund: FundOptions;
}

/**
 * Reads the options as FundTransaction does. `nRecipients` bounds changePosition; `addInputsDefault`
 * is true for fundrawtransaction, and for send/walletcreatefundedpsbt only when no input was given.
 */
export function parseFundingOptions(C: Chain, raw: JsonValue | undefined, nRecipients: number, addInputsDefault: boolean, overrideMinFee: boolean): ParsedFunding {
  const fund: FundOptions = { feeRate: FALLBACK_FEERATE, addInputs: addInputsDefault, overrideMinFee };
  let lockUnspents = false;
  let mode: FeeMode = {};
  if (present(raw) && typeof raw === 'object' && !(raw instanceof JsonNum) && !Array.isArray(raw)) {
    const o = raw as Record<string, JsonValue>;
    typeCheckObject(o, OPTION_TYPES);
    if (present(o.add_inputs)) fund.addInputs = o.add_inputs as boolean;
    const changeAddr = present(o.change_address) ? o.change_address : o.changeAddress;
    if (present(changeAddr)) {
      if (!addressToScript(changeAddr as string)) throw new RpcError(-5, 'Change address must be a valid bitcoin address');
      fund.changeAddress = changeAddr as string;
    }
    const pos = has(o, 'change_position') ? o.change_position : o.changePosition;
    if (present(pos)) {
      const n = intOf(pos);
      if (n < 0 || n > nRecipients) throw new RpcError(-8, 'changePosition out of bounds');
      fund.changePosition = n;
    }
    if (present(o.change_type)) {
      if (present(changeAddr)) throw new RpcError(-8, 'Cannot specify both change address and address type options');
      if (!ADDR_TYPES.includes(o.change_type as AddrType)) throw new RpcError(-5, `Unknown change type '${o.change_type as string}'`);
      fund.changeType = o.change_type as AddrType;
    }
    const lu = has(o, 'lock_unspents') ? o.lock_unspents : o.lockUnspents;
    if (present(lu)) lockUnspents = lu as boolean;
    if (present(o.include_unsafe)) fund.includeUnsafe = o.include_unsafe as boolean;
    if (present(o.feeRate)) {
      if (present(o.fee_rate)) throw new RpcError(-8, 'Cannot specify both fee_rate (sat/vB) and feeRate (BTC/kvB)');
      if (present(o.conf_target))
        throw new RpcError(-8, 'Cannot specify both conf_target and feeRate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.');
      if (present(o.estimate_mode)) throw new RpcError(-8, 'Cannot specify both estimate_mode and feeRate');
      fund.feeRate = parseAmount(o.feeRate);
      fund.explicitFeeRate = true;
      fund.overrideMinFee = true;
    }
    if (present(o.minconf)) {
      fund.minDepth = intOf(o.minconf);
      if (fund.minDepth < 0) throw new RpcError(-8, 'Negative minconf');
    }
    if (present(o.maxconf)) {
      fund.maxDepth = intOf(o.maxconf);
      if (fund.maxDepth < (fund.minDepth ?? 0)) throw new RpcError(-8, `maxconf can't be lower than minconf: ${fund.maxDepth} < ${fund.minDepth ?? 0}`);
    }
    if (!present(o.feeRate)) mode = feeEstimateMode(o.conf_target, o.estimate_mode, o.fee_rate);
  }
  if (mode.feeRate !== undefined) {
    fund.feeRate = mode.feeRate;
    fund.explicitFeeRate = true;
  } else if (!fund.explicitFeeRate) fund.feeRate = walletFeeRate(C, mode.confTarget).feeRate;
  fund.lockUnspents = lockUnspents;
  return { fund };
}

/** Core's InterpretSubtractFeeFromOutputInstructions (positions, or addresses for `send`). */
export function subtractFeeFrom(v: JsonValue | undefined, destinations: string[]): number[] {
  if (!present(v)) return [];
  if (!Array.isArray(v)) throw new RpcError(-3, `JSON value of type ${kindOf(v)} is not of expected type array`);
  const out: number[] = [];
  for (const x of v) {
    let pos: number;
    if (typeof x === 'string') {
      pos = destinations.indexOf(x);
      if (pos < 0) throw new RpcError(-8, `Invalid parameter 'subtract fee from output', destination ${x} not found in tx outputs`);
    } else if (x instanceof JsonNum) pos = intOf(x);
    else throw new RpcError(-8, `Invalid parameter 'subtract fee from output', invalid value type: ${kindOf(x)}`);
    if (out.includes(pos)) throw new RpcError(-8, `Invalid parameter 'subtract fee from output', duplicated position: ${pos}`);
    if (pos < 0) throw new RpcError(-8, `Invalid parameter 'subtract fee from output', negative position: ${pos}`);
    if (pos >= destinations.length) throw new RpcError(-8, `Invalid parameter 'subtract fee from output', position too large: ${pos}`);
    out.push(pos);
  }
  return out;
}
