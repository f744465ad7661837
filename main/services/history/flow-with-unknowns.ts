import { assetRefsMatch, defaultOutputs, metadataToScript, type AssetRef, type Genesis } from '../../../shared/coinspark/index';
import { TxFlow, type TransferRule } from '../verify/tx-asset-flow';

/**
 * The legal definition (verify/tx-asset-flow's TxFlow) for a wallet that does not know every input: the history and
 * the foreign-spend alerts follow units through transactions paid by others, or whose fee cannot be judged. Unknown
 * stays unknown: an output that could receive units is `null` then, never a guess; an output no rule lets receive
 * units is 0n whatever the inputs held.
 */

export interface FlowAssetInfo {
  /** The asset's genesis transaction (its units are created there), null when not known. */
  genTxId: string | null;
  ref: AssetRef;
  genesis: Genesis;
}

export type FlowRule = TransferRule | 'genesis' | 'genesis-underpaid' | 'no-units';

export interface KnownFlow {
  /** Units per output: 0n where no rule lets units arrive, null where they may but the figure is not known. */
  outputs: (bigint | null)[];
  /** Units the inputs held together; null when one is unknown. */
  inputTotal: bigint | null;
  /** The rule that moved the units; null when it cannot be known (an input or a deciding fee unknown). */
  rule: FlowRule | null;
  /** The transaction's transfer list names this asset. */
  namedByTransfer: boolean;
  /** Units that reached no output (charges, a list that does not fit the transaction); null when unknown. */
  vanished: bigint | null;
}

/** The parts of a transaction a flow needs, as a wallet keeps them (no scripts). */
export interface KeptTx {
  txid: string;
  inputValues: readonly (bigint | null)[];
  inputs: readonly { txid: string; vout: number }[];
  outputValues: readonly bigint[];
  outputsRegular: readonly boolean[];
  /** The first OP_RETURN output's metadata, or null. */
  metadata: Uint8Array | null;
}

const REGULAR_SCRIPT = Uint8Array.of(0x51);
const EMPTY_OP_RETURN = Uint8Array.of(0x6a);

/**
 * A TxFlow from a kept transaction. TxFlow reads only which outputs are regular (not OP_RETURN) and the first
 * OP_RETURN's metadata (protocol §1.3), so stand-in scripts with exactly those properties give the same verdicts.
 */
export function txFlowOf(tx: KeptTx): TxFlow {
  let metadataPlaced = false;
  return new TxFlow({
    txid: tx.txid,
    coinbase: false,
    inputs: tx.inputs.map((input, i) => ({ txid: input.txid, vout: input.vout, value: tx.inputValues[i] ?? null })),
    outputs: tx.outputValues.map((value, o) => {
      if (tx.outputsRegular[o]) return { value, script: REGULAR_SCRIPT };
      let script: Uint8Array = EMPTY_OP_RETURN;
      if (!metadataPlaced) {
        metadataPlaced = true;
        if (tx.metadata) script = metadataToScript(tx.metadata) ?? EMPTY_OP_RETURN;
      }
      return { value, script };
    }),
  });
}

/**
 * The outputs that could receive units of the asset whatever the inputs held and whatever the fee: those its
 * transfers name, the default-route outputs, and the last regular output (where everything goes when there is no
 * valid list).
 */
export function possibleHolders(tx: TxFlow, ref: AssetRef): boolean[] {
  const possible = defaultOutputs(tx.transfers, tx.countInputs, tx.outputsRegular);
  for (let o = tx.outputsRegular.length - 1; o >= 0; o--) {
    if (tx.outputsRegular[o]) {
      possible[o] = true;
      break;
    }
  }
  for (const t of tx.transfers) {
    if (t.assetRef.blockNum < 0 || !assetRefsMatch(t.assetRef, ref)) continue;
    const end = Math.min(t.outputs.first + t.outputs.count, tx.outputsRegular.length);
    for (let o = Math.max(0, t.outputs.first); o < end; o++) if (tx.outputsRegular[o]) possible[o] = true;
  }
  return possible;
}

/** Where the asset's units go in `tx`, given its units in each input (null = not known). */
export function flowWithUnknowns(tx: TxFlow, asset: FlowAssetInfo, inputQty: readonly (bigint | null)[]): KnownFlow {
  const n = tx.outputsRegular.length;
  const namedByTransfer = tx.transfers.some((t) => t.assetRef.blockNum >= 0 && assetRefsMatch(t.assetRef, asset.ref));
  const unknownAtHolders = (inputTotal: bigint | null): KnownFlow => ({
    outputs: possibleHolders(tx, asset.ref).map((p) => (p ? null : 0n)),
    inputTotal,
    rule: null,
    namedByTransfer,
    vanished: null,
  });

  if (asset.genTxId !== null && tx.txid === asset.genTxId) {
    const outcome = tx.genesis();
    if (outcome === null || outcome.valid === false) return { outputs: new Array<bigint>(n).fill(0n), inputTotal: 0n, rule: 'genesis-underpaid', namedByTransfer, vanished: 0n };
    if (outcome.valid === null) return { outputs: outcome.outputs.map((_, o) => (tx.outputsRegular[o] ? null : 0n)), inputTotal: 0n, rule: null, namedByTransfer, vanished: null };
    return { outputs: outcome.outputs, inputTotal: 0n, rule: 'genesis', namedByTransfer, vanished: 0n };
  }

  let inputTotal: bigint | null = 0n;
  for (const q of inputQty) {
    if (q === null) {
      inputTotal = null;
      break;
    }
    inputTotal += q;
  }
  if (inputTotal === 0n) return { outputs: new Array<bigint>(n).fill(0n), inputTotal, rule: 'no-units', namedByTransfer, vanished: 0n };
  if (inputTotal === null) return unknownAtHolders(null);
  const moved = tx.apply({ genesis: asset.genesis, ref: asset.ref }, inputQty as readonly bigint[]);
  if (moved === null) return unknownAtHolders(inputTotal);
  return { outputs: moved.outputs, inputTotal, rule: moved.rule, namedByTransfer, vanished: moved.vanished };
}

/** Every unit went to the last output because the transaction had no valid transfer list for it. */
export function isVoidRule(rule: FlowRule | null): boolean {
  return rule === 'none' || rule === 'unreadable' || rule === 'under-fee' || rule === 'beside-genesis';
}
