/** Asset references (protocol.md §4). */
import { ASSETREF_BLOCK_NUM_MAX, ASSETREF_TX_OFFSET_MAX, TRANSFER_BLOCK_NUM_DEFAULT_ROUTE } from './constants.js';
import { fail, ok, type Decoded } from './result.js';

/**
 * Identifies an asset by its genesis transaction. `blockNum` and `txOffset` are 0..2^32-1 (exact as
 * numbers); `blockNum` = -1 marks a default route inside a transfer list. `txIDPrefix` is the first two
 * bytes of the genesis txid in display order.
 */
export interface AssetRef {
  blockNum: number;
  txOffset: number;
  txIDPrefix: Uint8Array;
}

export function defaultRouteRef(): AssetRef {
  return { blockNum: TRANSFER_BLOCK_NUM_DEFAULT_ROUTE, txOffset: 0, txIDPrefix: new Uint8Array(2) };
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
    ref.txIDPrefix.length === 2
  );
}

/** Builds a reference from the genesis block height, offset and txid (hex, display order). */
export function assetRefFromGenesisTx(blockNum: number, txOffset: number, genesisTxId: string): AssetRef | null {
  if (!/^[0-9a-fA-F]{4}/.test(genesisTxId)) return null;
  const p = new Uint8Array([parseInt(genesisTxId.slice(0, 2), 16), parseInt(genesisTxId.slice(2, 4), 16)]);
  return { blockNum, txOffset, txIDPrefix: p };
}

/** `prefixInt = txIDPrefix[0] + 256 × txIDPrefix[1]` (the third number of the text form). */
export function prefixInt(ref: AssetRef): number {
  return ref.txIDPrefix[0]! + 256 * ref.txIDPrefix[1]!;
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
  return ok({ blockNum, txOffset, txIDPrefix: new Uint8Array([p & 0xff, p >> 8]) });
}

/** Same asset: blockNum, txOffset and both prefix bytes equal (§4.3). */
export function assetRefsMatch(a: AssetRef, b: AssetRef): boolean {
  return (
    a.blockNum === b.blockNum &&
    a.txOffset === b.txOffset &&
    a.txIDPrefix[0] === b.txIDPrefix[0] &&
    a.txIDPrefix[1] === b.txIDPrefix[1]
  );
}

/** Ordering used by the transfer-list encoder: blockNum, txOffset, then prefix bytes (§4.3). */
export function compareAssetRefs(a: AssetRef, b: AssetRef): number {
  if (a.blockNum === -1 && b.blockNum === -1) return 0; // default routes compare equal
  if (a.blockNum !== b.blockNum) return a.blockNum < b.blockNum ? -1 : 1;
  if (a.txOffset !== b.txOffset) return a.txOffset < b.txOffset ? -1 : 1;
  for (let i = 0; i < 2; i++) {
    const x = a.txIDPrefix[i]!;
    const y = b.txIDPrefix[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Asset reference as a text-form string key (handy for maps), e.g. "456789-65432-9599". */
export function assetRefKey(ref: AssetRef): string {
  return `${ref.blockNum}-${ref.txOffset}-${prefixInt(ref)}`;
}
