/** Asset references (protocol.md §4). */
import * as constantsModule from './constants.js';
import * as bytesModule from './bytes.js';
import * as resultModule from './result.js';
import type { Decoded } from './result.js';

// Named imports are read once into local constants: under tsx (scripts, bench, vector runner) these modules
// run as CommonJS, where each use of a named import is a getter call on the exporting module's exports
// object, a measurable cost in the decode and apply hot paths. (Bundled or native ESM: no difference.)
const { ASSETREF_BLOCK_NUM_MAX, ASSETREF_TX_OFFSET_MAX, TRANSFER_BLOCK_NUM_DEFAULT_ROUTE } = constantsModule;
const { byteToHex } = bytesModule;
const { fail, ok } = resultModule;

/**
 * Identifies an asset by its genesis transaction. `blockNum` and `txOffset` are 0..2^32-1 (exact as
 * numbers); `blockNum` = -1 marks a default route inside a transfer list. `txIDPrefix` is the first two
 * bytes of the genesis txid in display order, as 4 hex digits (lower case from every decoder; matching
 * ignores case), e.g. "7f25" for txid 7f25b380…. Plain data: safe to send through JSON/IPC.
 */
export interface AssetRef {
  blockNum: number;
  txOffset: number;
  txIDPrefix: string;
}

/** The asset reference carried by default routes (blockNum -1). */
export const DEFAULT_ROUTE_ASSET_REF: AssetRef = Object.freeze({
  blockNum: TRANSFER_BLOCK_NUM_DEFAULT_ROUTE,
  txOffset: 0,
  txIDPrefix: '0000',
});

export function defaultRouteRef(): AssetRef {
  return DEFAULT_ROUTE_ASSET_REF;
}

/** Value of one hex digit's char code (either case), −1 if it is none. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * `prefixInt = txIDPrefix[0] + 256 × txIDPrefix[1]` (the third number of the text form), −1 if
 * `txIDPrefix` is not 4 hex digits (either case). Read char by char: transfer lists compare prefixes as
 * these numbers in their apply loop.
 */
export function prefixInt(ref: AssetRef): number {
  const p = ref.txIDPrefix;
  if (typeof p !== 'string' || p.length !== 4) return -1;
  const a = hexDigit(p.charCodeAt(0));
  const b = hexDigit(p.charCodeAt(1));
  const c = hexDigit(p.charCodeAt(2));
  const d = hexDigit(p.charCodeAt(3));
  if ((a | b | c | d) < 0) return -1;
  return ((a << 4) | b) + 256 * ((c << 4) | d);
}

/** The 4 lower-case hex digits of a prefix given as prefixInt (0 … 65535). */
export function prefixText(p: number): string {
  return byteToHex(p & 0xff) + byteToHex(p >> 8);
}

/** The two prefix bytes of a reference (null if `txIDPrefix` is not 4 hex digits). */
export function prefixBytes(ref: AssetRef): [number, number] | null {
  const p = prefixInt(ref);
  return p < 0 ? null : [p & 0xff, p >> 8];
}

export function isDefaultRoute(ref: AssetRef): boolean {
  return ref.blockNum === TRANSFER_BLOCK_NUM_DEFAULT_ROUTE;
}

/** A real (non default-route) asset reference with every field in range. */
export function isValidAssetRef(ref: AssetRef): boolean {
  return (
    Number.isInteger(ref.blockNum) &&
    ref.blockNum >= 0 &&
    ref.blockNum <= ASSETREF_BLOCK_NUM_MAX &&
    Number.isInteger(ref.txOffset) &&
    ref.txOffset >= 0 &&
    ref.txOffset <= ASSETREF_TX_OFFSET_MAX &&
    prefixInt(ref) >= 0
  );
}

/** Builds a reference from the genesis block height, offset and txid (hex, display order). */
export function assetRefFromGenesisTx(blockNum: number, txOffset: number, genesisTxId: string): AssetRef | null {
  if (!/^[0-9a-fA-F]{4}/.test(genesisTxId)) return null;
  return { blockNum, txOffset, txIDPrefix: genesisTxId.slice(0, 4).toLowerCase() };
}

/** Text form `block-offset-prefixInt` (§4.2); fails if the reference is not valid. */
export function encodeAssetRefText(ref: AssetRef): Decoded<string> {
  if (!isValidAssetRef(ref)) return fail('asset reference out of range');
  return ok(`${ref.blockNum}-${ref.txOffset}-${prefixInt(ref)}`);
}

// Decision (vectors README, "not covered"): the text form is parsed strictly: exactly three runs of
// ASCII digits separated by single hyphens, nothing else: no sign, no surrounding whitespace, no trailing
// characters, no empty component. The C library's sscanf accepts more (e.g. "-1-0-0", " 1-2-3",
// "1-2-3x"); we reject all of that. Leading zeros are accepted ("1-2-03"): the three reference
// libraries agree on that case and the vectors pin it. UI code reading user input should trim it first.
const ASSETREF_TEXT = /^([0-9]+)-([0-9]+)-([0-9]+)$/;

/** Parses the text form strictly (§4.2). */
export function decodeAssetRefText(text: string): Decoded<AssetRef> {
  const m = ASSETREF_TEXT.exec(text);
  if (m === null) return fail('malformed asset reference text');
  const blockNum = Number(m[1]);
  const txOffset = Number(m[2]);
  const p = Number(m[3]);
  if (blockNum > ASSETREF_BLOCK_NUM_MAX) return fail('block number out of range');
  if (txOffset > ASSETREF_TX_OFFSET_MAX) return fail('transaction offset out of range');
  if (p > 0xffff) return fail('txid prefix out of range');
  return ok({ blockNum, txOffset, txIDPrefix: prefixText(p) });
}

/** Same asset: blockNum, txOffset and both prefix bytes equal (§4.3). */
export function assetRefsMatch(a: AssetRef, b: AssetRef): boolean {
  return (
    a.blockNum === b.blockNum &&
    a.txOffset === b.txOffset &&
    (a.txIDPrefix === b.txIDPrefix || samePrefixIgnoringCase(a.txIDPrefix, b.txIDPrefix))
  );
}

function lowerHexCode(c: number): number {
  return c >= 65 && c <= 70 ? c + 32 : c;
}

/** Hex prefixes equal ignoring case (without allocating lower-cased copies). */
function samePrefixIgnoringCase(x: string, y: string): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (lowerHexCode(x.charCodeAt(i)) !== lowerHexCode(y.charCodeAt(i))) return false;
  return true;
}

/** Ordering used by the transfer-list encoder: blockNum, txOffset, then prefix bytes (§4.3). */
export function compareAssetRefs(a: AssetRef, b: AssetRef): number {
  if (a.blockNum === -1 && b.blockNum === -1) return 0; // default routes compare equal
  if (a.blockNum !== b.blockNum) return a.blockNum < b.blockNum ? -1 : 1;
  if (a.txOffset !== b.txOffset) return a.txOffset < b.txOffset ? -1 : 1;
  // Lower-case hex strings of equal length sort like their bytes.
  const x = a.txIDPrefix.toLowerCase();
  const y = b.txIDPrefix.toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Asset reference as a text-form string key (handy for maps), e.g. "456789-65432-9599". */
export function assetRefKey(ref: AssetRef): string {
  return `${ref.blockNum}-${ref.txOffset}-${prefixInt(ref)}`;
}
