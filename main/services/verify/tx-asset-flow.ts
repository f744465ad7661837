import {
  applyGenesis,
  applyNoTransfers,
  applyTransfers,
  calcGenesisMinFee,
  calcTransfersMinFee,
  decodeGenesis,
  decodeTransfers,
  firstOpReturnIndex,
  genesisSetsAsideTransfers,
  IO_INDEX_MAX,
  locateField,
  outputsRegularFromScripts,
  scriptToMetadata,
  type AssetRef,
  type Genesis,
  type Transfer,
} from '../../../shared/coinspark/index';

/**
 * What one transaction does to the units of an asset, by the protocol's legal definition (protocol.md §7.10, the C
 * library's CoinSparkGetGenesisOutputQty / CoinSparkGetTransferOutputQty, whose results `genesisTxOutputQty` and
 * `transferTxOutputQty` of shared/coinspark give one asset and one output at a time). Here a transaction is read
 * once (metadata, transfer list, fee) and then applied to as many assets as needed, with the reason its units went
 * where they went: the local verifier walks thousands of transactions with it, and a history screen shows per
 * transaction which rule moved the units. One departure from the C library, shared with the protocol library: a
 * transfer list beside a genesis is set aside (protocol.md §2.4, `genesisSetsAsideTransfers`), as trackers do.
 *
 * Pure: no Node, no I/O. Quantities are bigint raw units; satoshis bigint.
 */

/** One input: the output it spends and, when known, that output's satoshis (needed only to judge a fee). */
export interface FlowInput {
  txid: string;
  vout: number;
  /** Satoshis of the spent output; null when unknown (a fee that matters then cannot be judged). */
  value: bigint | null;
}

export interface FlowOutput {
  value: bigint;
  script: Uint8Array;
}

export interface FlowTx {
  txid: string;
  coinbase: boolean;
  inputs: readonly FlowInput[];
  outputs: readonly FlowOutput[];
}

/** The asset whose units are followed: its genesis (payment charges) and its reference (named by transfers). */
export interface FlowAsset {
  genesis: Genesis;
  /** null while the genesis is unconfirmed: then no explicit transfer can name the asset. */
  ref: AssetRef | null;
}

/**
 * Why the units of a transaction went where they went:
 * - `none`: no transfer list (no metadata, or metadata without one): every unit to the last regular output;
 * - `unreadable`: a transfer list that cannot be decoded counts as none;
 * - `applied`: the list was paid for and applied (explicit transfers, charges, then default routes);
 * - `under-fee`: the fee is below the list's minimum: the list is void, units go as with no list;
 * - `count-mismatch`: the list decodes to a different number of transfers with the transaction's real input and
 *   output counts than with the maximum counts; the legal definition then gives every output zero (C library);
 * - `beside-genesis`: the metadata holds a genesis and a transfer list; the list is set aside (protocol.md §2.4, as
 *   the tracker does, not the C library) and every unit goes to the last regular output.
 */
export type TransferRule = 'none' | 'unreadable' | 'applied' | 'under-fee' | 'count-mismatch' | 'beside-genesis';

export interface AssetMovement {
  /** Units of the asset in each output. */
  outputs: bigint[];
  /** null: the rule depends on a fee that cannot be judged, which did not matter because no unit came in. */
  rule: TransferRule | null;
  inputTotal: bigint;
  outputTotal: bigint;
  /** Units that left circulation here: payment charges, units sent to non-regular outputs or to no output. */
  vanished: bigint;
}

export interface GenesisOutcome {
  genesis: Genesis;
  /** Satoshis the genesis had to pay (§5.9). */
  minFee: bigint;
  /** Satoshis it paid; null when an input's value is unknown. */
  fee: bigint | null;
  /** True when paid for; false: no unit was ever created; null: the fee is unknown. */
  valid: boolean | null;
  /** Units created in each output (all zero unless valid). */
  outputs: bigint[];
}

/** A reference no decoded transfer can carry (decoded blockNums are ≥ −1): for assets not yet confirmed. */
const UNCONFIRMED_REF: AssetRef = Object.freeze({ blockNum: -2, txOffset: 0, txIDPrefix: '0000' });

/** A transaction read once for the legal definition. */
export class TxFlow {
  readonly txid: string;
  readonly coinbase: boolean;
  readonly countInputs: number;
  readonly outputsRegular: boolean[];
  readonly outputsSatoshis: bigint[];
  /** Inputs minus outputs in satoshis; null when an input's value is unknown. */
  readonly fee: bigint | null;
  /** Metadata of the first OP_RETURN output, or null. */
  readonly metadata: Uint8Array | null;
  /** The transfer list the legal definition applies (empty: none or unreadable). */
  readonly transfers: Transfer[];
  /** The list's minimum fee (§7.8); 0 without a list. */
  readonly transfersMinFee: bigint;
  private readonly readRule: 'none' | 'unreadable' | 'list' | 'count-mismatch' | 'beside-genesis';
  private readonly scripts: readonly Uint8Array[];

  constructor(tx: FlowTx) {
    this.txid = tx.txid;
    this.coinbase = tx.coinbase;
    this.countInputs = tx.inputs.length;
    this.scripts = tx.outputs.map((o) => o.script);
    this.outputsRegular = outputsRegularFromScripts(this.scripts);
    this.outputsSatoshis = tx.outputs.map((o) => o.value);
    let fee: bigint | null = 0n;
    if (tx.coinbase) fee = null;
    else {
      for (const i of tx.inputs) {
        if (i.value === null) {
          fee = null;
          break;
        }
        fee += i.value;
      }
      if (fee !== null) for (const o of tx.outputs) fee -= o.value;
    }
    this.fee = fee;
    const at = firstOpReturnIndex(this.scripts);
    this.metadata = at < 0 ? null : scriptToMetadata(this.scripts[at]!);
    let transfers: Transfer[] = [];
    let rule: TxFlow['readRule'] = 'none';
    if (this.metadata !== null && genesisSetsAsideTransfers(this.metadata)) {
      // The tracker's rule, shared with the protocol library (readTransactionMetadata, transferTxOutputQty).
      if (hasTransferField(this.metadata)) rule = 'beside-genesis';
    } else if (this.metadata !== null) {
      // As the C helper: count the list with the largest counts, then decode it with the real ones; a different
      // number of transfers (a range that only exists with more inputs or outputs) voids every output.
      const counted = decodeTransfers(this.metadata, IO_INDEX_MAX, IO_INDEX_MAX);
      const real = decodeTransfers(this.metadata, this.countInputs, this.scripts.length);
      const c1 = counted.ok ? counted.value.length : 0;
      const c2 = real.ok ? real.value.length : 0;
      if (c1 !== c2) rule = 'count-mismatch';
      else if (real.ok && real.value.length > 0) {
        transfers = real.value;
        rule = 'list';
      } else if (!real.ok && hasTransferField(this.metadata)) rule = 'unreadable';
    }
    this.transfers = transfers;
    this.readRule = rule;
    this.transfersMinFee = transfers.length === 0 ? 0n : calcTransfersMinFee(transfers, this.countInputs, this.outputsSatoshis, this.outputsRegular);
  }

  /**
   * The rule that moves units here, or null when it depends on a fee that cannot be judged (an input's value
   * unknown while the list has a minimum fee).
   */
  rule(): TransferRule | null {
    if (this.readRule !== 'list') return this.readRule;
    if (this.transfersMinFee === 0n) return 'applied';
    if (this.fee === null) return null;
    return this.fee >= this.transfersMinFee ? 'applied' : 'under-fee';
  }

  /** True when the asset's units in the inputs (whatever they are) may depend on an unknown fee. */
  needsFee(): boolean {
    return this.rule() === null;
  }

  /**
   * Units of `asset` in each output given its units in each input (§7.10 steps 4–6); null when units come in and
   * the rule depends on a fee that cannot be judged. A coinbase carries no units.
   */
  apply(asset: FlowAsset, inputQty: readonly bigint[]): AssetMovement | null {
    if (inputQty.length !== this.countInputs) throw new Error(`${this.countInputs} input quantities expected, ${inputQty.length} given`);
    const n = this.outputsRegular.length;
    let inputTotal = 0n;
    for (const q of inputQty) inputTotal += q;
    const rule = this.coinbase ? 'none' : this.rule();
    let outputs: bigint[];
    if (inputTotal === 0n || this.coinbase || rule === 'count-mismatch') outputs = new Array<bigint>(n).fill(0n);
    else if (rule === null) return null;
    else if (rule === 'applied') outputs = applyTransfers(this.transfers, asset.ref ?? UNCONFIRMED_REF, asset.genesis, inputQty, this.outputsRegular);
    else outputs = applyNoTransfers(inputQty, this.outputsRegular);
    let outputTotal = 0n;
    for (const q of outputs) outputTotal += q;
    return { outputs, rule, inputTotal, outputTotal, vanished: inputTotal - outputTotal };
  }

  /** This transaction as a genesis (§5.9): null when it carries no genesis. */
  genesis(): GenesisOutcome | null {
    if (this.metadata === null || this.coinbase) return null;
    const d = decodeGenesis(this.metadata);
    if (!d.ok) return null;
    const minFee = calcGenesisMinFee(this.outputsSatoshis, this.outputsRegular);
    const valid = this.fee === null ? (minFee === 0n ? true : null) : this.fee >= minFee;
    return {
      genesis: d.value,
      minFee,
      fee: this.fee,
      valid,
      outputs: valid === true ? applyGenesis(d.value, this.outputsRegular) : new Array<bigint>(this.outputsRegular.length).fill(0n),
    };
  }
}

/** Does the metadata hold a transfer-list field at all (so a failed decode is "unreadable", not "none")? */
function hasTransferField(metadata: Uint8Array): boolean {
  return locateField(metadata, 0x74) !== null; // 't'
}

/** Units of the asset in every output of its own genesis transaction (0 everywhere when underpaid or unknown). */
export function genesisOutputs(tx: TxFlow): bigint[] {
  const g = tx.genesis();
  return g?.outputs ?? new Array<bigint>(tx.outputsRegular.length).fill(0n);
}
