import { ASSET_QTY_MAX, readTransactionMetadata, type AssetRef, type Genesis, type TxCoinSparkData } from '../../../shared/coinspark/index';
import { parseTxAt, type ParsedTx } from '../core/raw-tx';
import { TxFlow, type TransferRule } from '../verify/tx-asset-flow';
import { refuse, sumSats, type TxPlan } from './plan';
import { serializeUnsigned, type UnsignedTx } from './tx-bytes';

/** What the check needs to know of each asset found in the inputs. */
export interface AssetFacts {
  label: string;
  /** Null when the wallet has not read the genesis: no charges can apply to units no transfer names. */
  genesis: Genesis | null;
  /** Null when unconfirmed: no transfer can name the asset. */
  assetRef: AssetRef | null;
}

/** Units of each asset an output receives: known quantities (non-zero) and assets whose share is not known. */
export interface OutputUnits {
  known: Map<number, bigint>;
  unknown: Set<number>;
}

export interface CheckedTx {
  unsigned: UnsignedTx;
  /** The exact bytes to be signed (legacy serialization, empty scriptSigs). */
  bytes: Uint8Array;
  parsed: ParsedTx;
  data: TxCoinSparkData;
  units: OutputUnits[];
  /** Units of each asset in the inputs (known total; `unknown` when some input's share is not known). */
  inputs: Map<number, { known: bigint; unknown: boolean }>;
  /** The rule that moves the units (a paid-for transfer list, or none). */
  rule: TransferRule | null;
}

// Stand-in genesis for an asset the wallet has not read: no transfer names an asset without a reference (TxFlow
// then uses a reference no list can carry), so no charge applies and its units follow the default route.
const NO_CHARGES: Genesis = {
  qtyMantissa: 1, qtyExponent: 0, chargeFlatMantissa: 0, chargeFlatExponent: 0, chargeBasisPoints: 0,
  useHttps: false, domainName: '', usePrefix: false, pagePath: '', assetHash: new Uint8Array(0), assetHashLen: 0,
};

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Serializes the plan and reads the bytes back as anyone would (protocol §7.10, the "legal definition": the
 * metadata of the first OP_RETURN, its transfer list, the fee against the list's minimum, then `apply` per asset
 * with the input balances the wallet knows). Then checks that the outcome is the one intended:
 *
 * - asset send: the recipient (output 0) nets exactly the intended units and nothing else; every other unit of
 *   every asset in the inputs (the rest of the sent asset, all of the others) lands in the change, the last output;
 * - bitcoin send: no input holds or may hold an asset;
 * - migration: every unit of every asset lands in output 0.
 *
 * Anything else refuses the send with the reason in words. Units of an input whose quantity is not known are
 * followed with a probe: they must all go where the known units of that asset go.
 */
export function checkPlan(plan: TxPlan, facts: (assetId: number) => AssetFacts): CheckedTx {
  const unsigned: UnsignedTx = {
    version: 2,
    inputs: plan.inputs.map((c) => ({ txid: c.txid, vout: c.vout })),
    outputs: plan.outputs.map((o) => ({ script: o.script, sats: o.sats })),
    locktime: 0,
  };
  const bytes = serializeUnsigned(unsigned);
  const parsed = parseTxAt(bytes, 0);
  if (!parsed || parsed.size !== bytes.length) refuse('self-check', 'The transaction the wallet built could not be read back. Nothing was signed.');
  if (parsed.inputs.length !== plan.inputs.length || parsed.inputs.some((i, k) => i.txid !== plan.inputs[k]!.txid || i.vout !== plan.inputs[k]!.vout)) {
    refuse('self-check', 'The transaction read back spends other outputs than the ones chosen. Nothing was signed.');
  }
  if (parsed.outputs.length !== plan.outputs.length || parsed.outputs.some((o, k) => o.value !== plan.outputs[k]!.sats || !sameBytes(o.script, plan.outputs[k]!.script))) {
    refuse('self-check', 'The transaction read back has other outputs than the ones built. Nothing was signed.');
  }
  const scripts = parsed.outputs.map((o) => o.script);
  const sats = parsed.outputs.map((o) => o.value);
  const fee = sumSats(plan.inputs) - sats.reduce((s, v) => s + v, 0n);
  if (fee !== plan.fee) refuse('self-check', `The transaction read back pays a fee of ${fee} sat instead of ${plan.fee}. Nothing was signed.`);
  const data = readTransactionMetadata(scripts, parsed.inputs.length);
  const flow = new TxFlow({
    txid: parsed.txid,
    coinbase: false,
    inputs: plan.inputs.map((c) => ({ txid: c.txid, vout: c.vout, value: c.sats })),
    outputs: parsed.outputs.map((o) => ({ value: o.value, script: o.script })),
  });
  const applyTo = (asset: { genesis: Genesis; ref: AssetRef | null }, qty: bigint[]): bigint[] => flow.apply(asset, qty)?.outputs ?? scripts.map(() => 0n);

  const units: OutputUnits[] = scripts.map(() => ({ known: new Map(), unknown: new Set() }));
  const inputs = new Map<number, { known: bigint; unknown: boolean }>();
  const assetIds = new Set<number>();
  for (const coin of plan.inputs) {
    for (const id of coin.known.keys()) assetIds.add(id);
    for (const id of coin.unknown) assetIds.add(id);
  }
  for (const id of assetIds) {
    const f = facts(id);
    const asset = { genesis: f.genesis ?? NO_CHARGES, ref: f.assetRef };
    const balances = plan.inputs.map((c) => c.known.get(id) ?? 0n);
    const unknownInputs = plan.inputs.map((c) => c.unknown.has(id));
    const known = balances.reduce((s, v) => s + v, 0n);
    const anyUnknown = unknownInputs.some(Boolean);
    inputs.set(id, { known, unknown: anyUnknown });
    const out = known > 0n ? applyTo(asset, balances) : scripts.map(() => 0n);
    out.forEach((q, o) => q > 0n && units[o]!.known.set(id, q));
    if (anyUnknown) {
      const probe = applyTo(asset, unknownInputs.map((u) => (u ? ASSET_QTY_MAX : 0n)));
      probe.forEach((q, o) => q > 0n && units[o]!.unknown.add(id));
    }
  }
  verify(plan, facts, units, inputs);
  return { unsigned, bytes, parsed, data, units, inputs, rule: flow.rule() };
}

function verify(plan: TxPlan, facts: (assetId: number) => AssetFacts, units: OutputUnits[], inputs: Map<number, { known: bigint; unknown: boolean }>): void {
  const fail = (what: string): never =>
    refuse('self-check', `The check of the exact transaction by the CoinSpark rules (apply) failed: ${what} Nothing was signed or sent.`);
  const last = plan.outputs.length - 1;
  const changeIndex = plan.outputs[last]?.role === 'change' ? last : -1;
  if (plan.kind !== 'migration' && changeIndex < 0) fail('the change is not the last output.');

  if (plan.kind === 'bitcoin') {
    for (const [id, held] of inputs) fail(`an input holds ${held.unknown ? 'an unknown quantity of' : `${held.known} units of`} ${facts(id).label}, and bitcoin sends never spend asset outputs.`);
    return;
  }
  // Where every unit of each asset must end up: the receiving output.
  const home = plan.kind === 'migration' ? 0 : changeIndex;
  for (const [id, held] of inputs) {
    const label = facts(id).label;
    const sent = plan.asset && plan.asset.assetId === id ? plan.asset : null;
    if (sent) {
      const got = units[0]!.known.get(id) ?? 0n;
      if (got !== sent.net) fail(`the recipient would receive ${got} units of ${label} instead of ${sent.net}.`);
      if (units[0]!.unknown.has(id)) fail(`the recipient would receive units of ${label} of unknown quantity.`);
    }
    const expectedHome = held.known - (sent ? sent.gross : 0n);
    const gotHome = units[home]!.known.get(id) ?? 0n;
    if (gotHome !== expectedHome) {
      fail(plan.kind === 'migration' ? `${gotHome} units of ${label} would reach the other wallet instead of all ${held.known}.` : `${gotHome} units of ${label} would come back as change instead of ${expectedHome}.`);
    }
    if (held.unknown && !units[home]!.unknown.has(id)) fail(`the units of ${label} whose quantity is not known yet would not follow the others.`);
    units.forEach((u, o) => {
      if (o === home || (sent && o === 0)) return;
      if ((u.known.get(id) ?? 0n) > 0n || u.unknown.has(id)) fail(`output ${o} would receive units of ${label}.`);
    });
    if (!sent && plan.kind === 'asset' && ((units[0]!.known.get(id) ?? 0n) > 0n || units[0]!.unknown.has(id))) fail(`the recipient would receive units of ${label}, which this send does not move.`);
  }
  if (plan.asset && !inputs.has(plan.asset.assetId)) fail('the inputs hold none of the asset being sent.');
}
