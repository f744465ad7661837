// The shared/coinspark calls the devnet (tracker indexer and scenario builder) needs, in one place, so
// that the rest of the devnet does not depend on the library's exact helper names.
import {
  applyGenesis,
  applyNoTransfers,
  applyTransfers,
  assetRefFromGenesisTx,
  calcGenesisMinFee,
  calcTransfersMinFee,
  decodeGenesis as libDecodeGenesis,
  decodeTransfers as libDecodeTransfers,
  outputsRegularFromScripts as libOutputsRegular,
  defaultRouteRef,
  scriptsToMetadata as libScriptsToMetadata,
  type AssetRef,
  type Genesis,
  type Transfer,
} from '../../../shared/coinspark/index.js';

export type { Genesis };
export type TransferList = Transfer[];

export const outputsRegularOf = (scripts: Uint8Array[]): boolean[] => libOutputsRegular(scripts);
export const scriptsToMetadata = (scripts: Uint8Array[]): Uint8Array | null => libScriptsToMetadata(scripts);

export function decodeGenesis(metadata: Uint8Array): Genesis | null {
  const g = libDecodeGenesis(metadata);
  return g.ok ? g.value : null;
}

export function genesisMinFee(_g: Genesis, outputsSatoshis: bigint[], outputsRegular: boolean[]): bigint {
  return calcGenesisMinFee(outputsSatoshis, outputsRegular);
}

export function genesisApply(g: Genesis, outputsRegular: boolean[]): bigint[] {
  return applyGenesis(g, outputsRegular);
}

export function decodeTransfers(metadata: Uint8Array, countInputs: number, countOutputs: number): TransferList | null {
  const t = libDecodeTransfers(metadata, countInputs, countOutputs);
  return t.ok ? t.value : null;
}

export function transfersMinFee(tl: TransferList, countInputs: number, outputsSatoshis: bigint[], outputsRegular: boolean[]): bigint {
  return calcTransfersMinFee(tl, countInputs, outputsSatoshis, outputsRegular);
}

/** A reference no decoded transfer can name (decoded blockNums are ≥ −1): for unconfirmed assets. */
export const UNCONFIRMED_REF: AssetRef = { blockNum: -2, txOffset: 0, txIDPrefix: '0000' };

export const defaultRoute = (): AssetRef => defaultRouteRef();

export function transfersApply(tl: TransferList, ref: AssetRef | null, g: Genesis, inputBalances: bigint[], outputsRegular: boolean[]): bigint[] {
  return applyTransfers(tl, ref ?? UNCONFIRMED_REF, g, inputBalances, outputsRegular);
}

export function transfersApplyNone(_g: Genesis, inputBalances: bigint[], outputsRegular: boolean[]): bigint[] {
  return applyNoTransfers(inputBalances, outputsRegular);
}

export function assetRefOf(block: number, offset: number, genTxId: string): AssetRef | null {
  return assetRefFromGenesisTx(block, offset, genTxId);
}
