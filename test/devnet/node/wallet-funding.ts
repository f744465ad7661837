// Funding a transaction the way Bitcoin Core's CreateTransaction does, in what the RPCs show:
// recipients checked for dust, the wallet's minimum fee rate (unless the caller overrides it),
// pre-selected inputs used first (locked ones too), other coins only when allowed, never locked
// coins, unsafe (untrusted unconfirmed) coins only when asked, change dropped when it would be dust,
// the fee subtracted from chosen outputs, the -maxtxfee ceiling. Coin selection itself is simpler
// than Core's (which is random): the smallest single coin that pays everything with change, else
// the largest coins first; confirmed coins before unconfirmed ones.
import { addressToScript, classify, fromHex, revHex, varint } from './bitcoin.js';
import { Transaction, dustThreshold } from './chain.js';
import type { Wallet, WalletCoin } from './wallet.js';
import type { AddrType } from './wallet-keys.js';

export class WalletError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const FALLBACK_FEERATE = 10_000n; // sat/kvB (-fallbackfee=0.0001)
/** -mintxfee: the wallet never pays less unless the caller insists (fundrawtransaction's fee_rate) */
export const WALLET_MIN_FEERATE = 1_000n;
/** -maxtxfee */
export const MAX_TX_FEE = 10_000_000n;
export const SEQ_RBF = 0xfffffffd;

export const INSUFFICIENT_FUNDS = 'Insufficient funds';
export const PRESELECTED_SHORT =
  'The preselected coins total amount does not cover the transaction target. Please allow other inputs to be automatically selected or include more coins manually';

export interface FundOptions {
  /** sat/kvB: the caller's fee rate, or the wallet's estimate */
  feeRate: bigint;
  /** the caller gave the fee rate (below the wallet minimum it is refused unless overrideMinFee) */
  explicitFeeRate?: boolean;
  /** fundrawtransaction / walletcreatefundedpsbt: a given fee rate is used as it is */
  overrideMinFee?: boolean;
  changePosition?: number;
  lockUnspents?: boolean;
  subtractFeeFrom?: number[];
  changeType?: AddrType;
  changeAddress?: string;
  /** change to this script (bumpfee keeps the original change output's) */
  changeScript?: Uint8Array;
  /** BIP125 signal of the inputs added (default true, as -walletrbf) */
  rbf?: boolean;
  /** select coins besides the pre-selected inputs (default true) */
  addInputs?: boolean;
  includeUnsafe?: boolean;
  minDepth?: number;
  maxDepth?: number;
}

/** CFeeRate::ToString(SAT_VB) */
export const satVb = (satPerKvb: bigint): string => `${satPerKvb / 1000n}.${(satPerKvb % 1000n).toString().padStart(3, '0')} sat/vB`;

/** Core's TransactionChangeType: the first of bech32m/bech32/p2sh-segwit/legacy a recipient uses, else bech32m. */
export function changeTypeFor(outputs: Uint8Array[]): AddrType {
  const types = outputs.map(classify);
  if (types.includes('witness_v1_taproot')) return 'bech32m';
  if (types.includes('witness_v0_keyhash')) return 'bech32';
  if (types.includes('scripthash')) return 'p2sh-segwit';
  if (types.includes('pubkeyhash')) return 'legacy';
  return 'bech32m';
}

/**
 * Weight added by one input spending `script`, with Core's dummy signatures for a wallet that grinds
 * low R: 71 bytes with the sighash byte (P2PKH scriptSig: push(71) push(33) = 106 bytes).
 */
export function inputWeight(script: Uint8Array): number {
  const t = classify(script);
  const base = 32 + 4 + 4;
  if (t === 'pubkeyhash') return (base + 1 + 106) * 4;
  if (t === 'witness_v0_keyhash') return (base + 1) * 4 + 1 + 1 + 71 + 1 + 33;
  if (t === 'scripthash') return (base + 1 + 23) * 4 + 1 + 1 + 71 + 1 + 33;
  if (t === 'witness_v1_taproot') return (base + 1) * 4 + 1 + 1 + 64;
  return (base + 1 + 107) * 4;
}

const PROBE: Record<AddrType, string> = {
  legacy: '76a914' + '00'.repeat(20) + '88ac',
  'p2sh-segwit': 'a914' + '00'.repeat(20) + '87',
  bech32: '0014' + '00'.repeat(20),
  bech32m: '5120' + '00'.repeat(32),
};

/** Weight of tx with its existing inputs signed by dummies (no witness marker: added by the caller). */
export function txWeightEstimate(tx: Transaction, prevScript: (i: number) => Uint8Array | null): number {
  let base = 4 + 4 + varint(tx.ins.length).length + varint(tx.outs.length).length;
  for (const o of tx.outs) base += 8 + varint(o.script.length).length + o.script.length;
  let w = base * 4;
  tx.ins.forEach((_inp, i) => {
    const s = prevScript(i);
    w += s ? inputWeight(s) : (32 + 4 + 4 + 1 + 107) * 4;
  });
  return w;
}

const outPointText = (txid: string, n: number): string => `COutPoint(${txid.slice(0, 10)}, ${n})`;

/**
 * Adds inputs and a change output so that `tx` pays the fee rate. Returns the fee and the change
 * position (-1 without change). Throws WalletError(-4, …) with Core's messages.
 */
export function fundTransaction(w: Wallet, tx: Transaction, o: FundOptions): { fee: bigint; changepos: number } {
  // recipients: dust is refused before anything else
  for (const out of tx.outs) if (out.value < dustThreshold(out.script)) throw new WalletError(-4, 'Transaction amount too small');
  let feeRate = o.feeRate;
  const minRate = WALLET_MIN_FEERATE;
  if (o.explicitFeeRate && !o.overrideMinFee && feeRate < minRate)
    throw new WalletError(-4, `Fee rate (${satVb(feeRate)}) is lower than the minimum fee rate setting (${satVb(minRate)})`);
  if (!o.explicitFeeRate && feeRate < minRate) feeRate = minRate;

  // pre-selected inputs: the wallet's own outputs (locked or not); others cannot be solved here
  const presets = tx.ins.map((inp) => {
    const txid = revHex(inp.hash);
    const p = w.walletOutput(txid, inp.index);
    if (p) return p;
    if (w.chain.getCoin(txid, inp.index, true)) throw new WalletError(-4, `Not solvable pre-selected input ${outPointText(txid, inp.index)}`);
    throw new WalletError(-4, `Not found pre-selected input ${outPointText(txid, inp.index)}`);
  });
  const presetValue = presets.reduce((s, p) => s + p.value, 0n);
  const outValue = tx.outs.reduce((s, x) => s + x.value, 0n);
  const sffo = [...(o.subtractFeeFrom ?? [])].sort((a, b) => a - b);
  const used = new Set(tx.ins.map((inp) => `${revHex(inp.hash)}:${inp.index}`));
  const allowOther = o.addInputs !== false;
  const candidates = !allowOther
    ? []
    : w
        .coins({ minconf: o.minDepth ?? 0, maxconf: o.maxDepth })
        .filter((c) => (c.safe || o.includeUnsafe) && !w.isLockedCoin(c.txid, c.vout) && !used.has(`${c.txid}:${c.vout}`))
        .sort((a, b) => (b.value > a.value ? 1 : b.value < a.value ? -1 : 0));
  const changeScript = o.changeScript ?? (o.changeAddress ? addressToScript(o.changeAddress)! : null);
  const changeType = o.changeType ?? changeTypeFor(tx.outs.map((x) => x.script));
  const probe = changeScript ?? fromHex(PROBE[changeType]);
  const changeOutSize = 8 + varint(probe.length).length + probe.length;
  let weight = txWeightEstimate(tx, (i) => presets[i]!.script);
  let hasWitness = presets.some((p) => classify(p.script) !== 'pubkeyhash');
  let inValue = presetValue;
  const chosen: WalletCoin[] = [];
  const feeFor = (wt: number, wit: boolean): bigint => {
    const vsize = Math.ceil((wt + (wit ? 2 : 0)) / 4);
    return (feeRate * BigInt(vsize) + 999n) / 1000n;
  };
  if (outValue === 0n && feeRate === 0n && tx.ins.length === 0)
    throw new WalletError(-4, 'Transaction requires one destination of non-0 value, a non-0 feerate, or a pre-selected input');
  const nInBefore = tx.ins.length;
  const addWeight = (c: WalletCoin, count: number): number =>
    inputWeight(c.script) + (varint(nInBefore + count).length - varint(nInBefore + count - 1).length) * 4;
  const covered = (): boolean => {
    const fee = feeFor(weight, hasWitness);
    const need = sffo.length ? outValue : outValue + fee;
    return inValue >= need && tx.ins.length + chosen.length > 0;
  };
  const take = (c: WalletCoin): void => {
    chosen.push(c);
    inValue += c.value;
    weight += addWeight(c, chosen.length);
    if (classify(c.script) !== 'pubkeyhash') hasWitness = true;
  };
  if (!covered()) {
    if (!allowOther) throw new WalletError(-4, PRESELECTED_SHORT);
    // Like Core: confirmed coins first, then unconfirmed ones. Within a tier, the smallest single
    // coin that pays everything including a change output (Knapsack's "lowest larger"), else the
    // largest coins until the target is reached.
    const tiers = [candidates.filter((c) => c.confirmations > 0), candidates.filter((c) => c.confirmations === 0)];
    let done = false;
    for (let t = 0; t < tiers.length && !done; t++) {
      const tier = tiers[t]!;
      let best: WalletCoin | null = null;
      for (const c of tier) {
        const w2 = weight + addWeight(c, chosen.length + 1) + changeOutSize * 4;
        const fee = feeFor(w2, hasWitness || classify(c.script) !== 'pubkeyhash');
        const need = (sffo.length ? outValue : outValue + fee) - inValue + 1000n;
        if (c.value >= need && (!best || c.value < best.value)) best = c;
      }
      if (best) {
        take(best);
        done = covered();
        if (done) break;
      }
      for (const c of tier) {
        if (chosen.includes(c)) continue;
        take(c);
        if (covered()) {
          done = true;
          break;
        }
      }
    }
    if (!done) throw new WalletError(-4, INSUFFICIENT_FUNDS);
  }
  if (weight > 400_000)
    throw new WalletError(-4, "The inputs size exceeds the maximum weight. Please try sending a smaller amount or manually consolidating your wallet's UTXOs");
  for (const c of chosen) tx.addInput(fromHex(c.txid).reverse(), c.vout, o.rbf === false ? 0xfffffffe : SEQ_RBF);
  const feeNoChange = feeFor(weight, hasWitness);
  const feeWithChange = feeFor(weight + changeOutSize * 4, hasWitness);
  let changepos = -1;
  let fee: bigint;
  if (sffo.length) {
    // the chosen recipients pay the fee, split evenly, the first one the remainder
    const surplus = inValue - outValue;
    const useChange = surplus > 0n && surplus >= dustThreshold(probe);
    fee = useChange ? feeWithChange : feeNoChange;
    const share = fee / BigInt(sffo.length);
    let rem = fee - share * BigInt(sffo.length);
    for (const idx of sffo) {
      const out = tx.outs[idx]!;
      out.value -= share + rem;
      rem = 0n;
      if (out.value < dustThreshold(out.script))
        throw new WalletError(-4, out.value < 0n ? 'The transaction amount is too small to pay the fee' : 'The transaction amount is too small to send after the fee has been deducted');
    }
    if (useChange) changepos = w.insertChange(tx, surplus, changeScript, changeType, o.changePosition);
  } else {
    const change = inValue - outValue - feeWithChange;
    if (change >= dustThreshold(probe) && change > 0n) {
      fee = feeWithChange;
      changepos = w.insertChange(tx, change, changeScript, changeType, o.changePosition);
    } else fee = inValue - outValue;
  }
  if (fee > MAX_TX_FEE) throw new WalletError(-4, 'Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)');
  if (o.lockUnspents) for (const inp of tx.ins) w.lockCoin(revHex(inp.hash), inp.index, false);
  return { fee, changepos };
}
