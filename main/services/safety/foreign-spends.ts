import type { AssetRow, BalanceRow } from '../../../shared/model/asset-lists';
import type { AlertAsset, SpendAlert } from '../../../shared/model/safety';
import type { AssetListsStore } from '../assets/asset-lists-store';
import { assetDisplayName } from '../assets/asset-views';
import { fromGenesisRecord } from '../assets/genesis-record';
import type { HistoryLedger } from '../history/history-ledger';
import type { OwnTransactions } from '../history/own-transactions';
import type { RemovedOutput, SyncPass, TxRecord } from '../sync/wallet-sync';
import type { TxFlow } from '../verify/tx-asset-flow';
import { flowWithUnknowns, isVoidRule, txFlowOf, type KnownFlow } from '../history/flow-with-unknowns';
import { rowHolds, type AssetHeight } from './lock-plan';

export interface AnalyseInput {
  pass: SyncPass;
  lists: AssetListsStore;
  ledger: HistoryLedger | undefined;
  assetHeight?: AssetHeight;
  own: OwnTransactions | undefined;
  /** Our locks before this pass ("txid:vout"). */
  ourLocks: ReadonlySet<string>;
  lockingEnabled: boolean;
  now: Date;
}

const key = (txid: string, vout: number): string => `${txid}:${vout}`;
const splitKey = (k: string): [string, number] => [k.slice(0, k.indexOf(':')), Number(k.slice(k.indexOf(':') + 1))];
const sumKnown = (values: readonly (bigint | null)[]): bigint | null => {
  let total = 0n;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
};
const text = (q: bigint | null): string | null => (q === null ? null : q.toString());

/**
 * Outputs that held units (or may have) and left the wallet in a pass, explained. For each transaction that spent
 * some and that this wallet did not build, the legal definition (tx-asset-flow) works out where every unit went: to
 * whom, how many, whether the transfer list was void and everything went to the last output. Outputs whose receipt
 * was removed from the chain (a reorg, a conflicting transaction confirmed) are reported too.
 */
export function analyseRemovedOutputs(input: AnalyseInput): SpendAlert[] {
  const { pass, lists, ledger } = input;
  const holding = pass.removed.filter((r) => r.rows.some((row) => rowHolds(row, ledger, input.assetHeight)));
  if (holding.length === 0) return [];

  const spenders = new Map<string, TxRecord>();
  for (const tx of pass.txs.values()) {
    if (tx.confirmations < 0) continue;
    for (const i of tx.inputs) spenders.set(key(i.txid, i.vout), tx);
  }
  const bySpender = new Map<string, { tx: TxRecord; outputs: RemovedOutput[] }>();
  const byReceipt = new Map<string, RemovedOutput[]>();
  for (const removed of holding) {
    const spender = spenders.get(key(removed.txid, removed.vout));
    if (spender) {
      let group = bySpender.get(spender.txid);
      if (!group) bySpender.set(spender.txid, (group = { tx: spender, outputs: [] }));
      group.outputs.push(removed);
    } else {
      let group = byReceipt.get(removed.txid);
      if (!group) byReceipt.set(removed.txid, (group = []));
      group.push(removed);
    }
  }

  const alerts: SpendAlert[] = [];
  for (const { tx, outputs } of bySpender.values()) {
    if (input.own?.has(tx.txid)) continue; // the wallet's own send: it moved the units on purpose
    alerts.push(foreignSpend(input, tx, outputs));
  }
  for (const [txid, outputs] of byReceipt) alerts.push(removedReceipt(input, txid, outputs));
  return alerts;
}

function valueOf(input: AnalyseInput, k: string): bigint | undefined {
  const unspent = input.pass.previousUnspent.get(k);
  if (unspent) return unspent.amountSats;
  const fromLedger = input.ledger?.outputValue(k);
  if (fromLedger !== undefined) return fromLedger;
  const [txid, vout] = splitKey(k);
  return input.pass.txs.get(txid)?.outputValues[vout];
}

function flowOfTx(input: AnalyseInput, tx: TxRecord): TxFlow {
  return txFlowOf({
    txid: tx.txid,
    inputs: tx.inputs,
    inputValues: tx.inputs.map((i) => valueOf(input, key(i.txid, i.vout)) ?? null),
    outputValues: tx.outputValues,
    outputsRegular: tx.outputsRegular,
    metadata: tx.metadata,
  });
}

/** Units of `assetId` at one of the wallet's outputs: its balance row, else the history's figure, else none. */
function unitsAt(input: AnalyseInput, k: string, assetId: number, row: BalanceRow | undefined): bigint | null {
  const figure = input.ledger?.figure(k, assetId);
  if (row) {
    if (row.qty !== null) return BigInt(row.qty);
    if (figure) return figure.qty;
    return rowHolds(row, input.ledger, input.assetHeight) ? null : 0n;
  }
  return figure ? figure.qty : 0n;
}

function ruleWords(flow: KnownFlow | null, fee: bigint | null): string {
  if (!flow || flow.rule === null) return 'Could not be worked out: the units in an input, or the fee, are not known.';
  switch (flow.rule) {
    case 'applied':
      return flow.namedByTransfer ? 'Its transfer list names this asset: the units went where the list says, the rest by default route.' : 'Its transfer list does not name this asset: the units followed the default route.';
    case 'none':
      return 'No CoinSpark transfer list: every unit went to the last output.';
    case 'unreadable':
      return 'Its transfer list cannot be read, so it counts as none: every unit went to the last output.';
    case 'under-fee':
      return `Its transfer list is void (the fee${fee === null ? '' : ` of ${fee} satoshis`} is below the list's minimum): every unit went to the last output.`;
    case 'beside-genesis':
      return 'It carries a genesis beside its transfer list, so the list counts as none (as trackers read it): every unit went to the last output.';
    case 'count-mismatch':
      return 'Its transfer list does not fit its inputs and outputs: by the CoinSpark rules every unit was destroyed.';
    case 'no-units':
      return 'The spent outputs held none of this asset.';
    case 'genesis':
    case 'genesis-underpaid':
      return 'This is the asset’s genesis transaction.';
  }
}

function foreignSpend(input: AnalyseInput, tx: TxRecord, outputs: RemovedOutput[]): SpendAlert {
  const { lists } = input;
  const rowsAt = new Map<string, Map<number, BalanceRow>>();
  const assetIds = new Set<number>();
  for (const out of outputs) {
    const perAsset = new Map<number, BalanceRow>();
    for (const row of out.rows) {
      perAsset.set(row.assetId, row);
      if (rowHolds(row, input.ledger, input.assetHeight)) assetIds.add(row.assetId);
    }
    rowsAt.set(key(out.txid, out.vout), perAsset);
  }
  const flowTx = flowOfTx(input, tx);
  const ours = (o: number): boolean => tx.ourVouts.has(o);
  const assets: AlertAsset[] = [];
  let allVoid = true;
  let anyFlow = false;
  for (const assetId of [...assetIds].sort((a, b) => a - b)) {
    const row = lists.asset(assetId);
    const inputQty = tx.inputs.map((i) => {
      const k = key(i.txid, i.vout);
      const spent = rowsAt.get(k);
      if (spent) return unitsAt(input, k, assetId, spent.get(assetId));
      if (input.pass.previousUnspent.has(k) || input.ledger?.isOurOutput(k)) return unitsAt(input, k, assetId, undefined);
      return null; // someone else's output
    });
    const ourInputs = tx.inputs.map((i, n) => (rowsAt.has(key(i.txid, i.vout)) ? inputQty[n]! : 0n));
    const flow = row ? flowOf(row, flowTx, inputQty) : null;
    const perOutput = flow?.outputs ?? tx.outputsRegular.map((regular) => (regular ? null : 0n));
    const listed: AlertAsset['outputs'] = [];
    const lost: (bigint | null)[] = [];
    const kept: (bigint | null)[] = [];
    perOutput.forEach((qty, o) => {
      if (qty === 0n) return;
      listed.push({ vout: o, address: tx.outputAddresses.get(o) ?? null, ours: ours(o), qty: text(qty) });
      (ours(o) ? kept : lost).push(qty);
    });
    if (flow && flow.rule !== null) {
      anyFlow = true;
      if (flow.namedByTransfer || !isVoidRule(flow.rule)) allVoid = false;
    }
    assets.push({
      assetId,
      label: row ? assetDisplayName(row) : `asset #${assetId}`,
      before: text(sumKnown(ourInputs)),
      lost: text(sumKnown(lost)),
      kept: text(sumKnown(kept)),
      destroyed: text(flow?.vanished ?? null),
      outputs: listed,
      rule: ruleWords(flow, flowTx.fee),
    });
  }
  const voidTransfer = anyFlow && allVoid;
  const spentKeys = outputs.map((o) => key(o.txid, o.vout));
  return {
    id: `foreign-spend:${tx.txid}`,
    kind: 'foreign-spend',
    txid: tx.txid,
    detectedAt: input.now.toISOString(),
    outputs: spentKeys,
    assets,
    voidTransfer,
    cause: spendCause(input, tx, spentKeys, voidTransfer),
    dismissedAt: null,
  };
}

function flowOf(row: Readonly<AssetRow>, tx: TxFlow, inputQty: (bigint | null)[]): KnownFlow | null {
  if (!row.genesis || !row.assetRef) return null;
  return flowWithUnknowns(tx, { genTxId: row.genTxId, ref: row.assetRef, genesis: fromGenesisRecord(row.genesis) }, inputQty);
}

function lastRegularIndex(tx: TxRecord): number {
  for (let o = tx.outputsRegular.length - 1; o >= 0; o--) if (tx.outputsRegular[o]) return o;
  return -1;
}

function spendCause(input: AnalyseInput, tx: TxRecord, spent: string[], voidTransfer: boolean): string {
  const parts: string[] = [];
  const hasMetadata = tx.metadata !== null && tx.metadata.length >= 3 && tx.metadata[0] === 0x53 && tx.metadata[1] === 0x50 && tx.metadata[2] === 0x4b;
  parts.push(`Transaction ${tx.txid} spent ${spent.length === 1 ? 'an output' : `${spent.length} outputs`} of this wallet holding assets, and this wallet did not build it.`);
  if (voidTransfer) {
    const last = lastRegularIndex(tx);
    const owner = last >= 0 && tx.ourVouts.has(last) ? 'an output of this wallet (probably Core’s change)' : 'an output that is not this wallet’s';
    parts.push(
      hasMetadata
        ? `Its CoinSpark transfer list was void, so by the CoinSpark rules every unit went to its last output (#${last}, ${owner}).`
        : `It carries no CoinSpark transfer list, so by the CoinSpark rules every unit went to its last output (#${last}, ${owner}).`,
    );
    parts.push('This is what happens when Bitcoin Core itself (its window, sendtoaddress, sendmany) or another program using the same Core wallet spends an output that holds assets: they do not know about CoinSpark.');
  } else if (hasMetadata) {
    parts.push('It carries CoinSpark metadata: another CoinSpark wallet sharing this Bitcoin Core wallet probably built it.');
  }
  const wereOurs = spent.filter((k) => input.ourLocks.has(k)).length;
  if (wereOurs > 0) parts.push('This wallet had locked the output in Bitcoin Core, so it was unlocked first (by hand, with lockunspent, or by another program).');
  else if (!input.lockingEnabled) parts.push('Asset locking is switched off, so Bitcoin Core was free to spend it.');
  else parts.push('The output was not locked in Bitcoin Core at the time (it had just arrived, or the lock had failed).');
  return parts.join(' ');
}

function removedReceipt(input: AnalyseInput, txid: string, outputs: RemovedOutput[]): SpendAlert {
  const { lists, pass } = input;
  const record = pass.txs.get(txid);
  const assetIds = new Set<number>();
  for (const out of outputs) for (const row of out.rows) if (rowHolds(row, input.ledger, input.assetHeight)) assetIds.add(row.assetId);
  const assets: AlertAsset[] = [...assetIds].sort((a, b) => a - b).map((assetId) => {
    const qty = outputs.map((out) => unitsAt(input, key(out.txid, out.vout), assetId, out.rows.find((r) => r.assetId === assetId)));
    const row = lists.asset(assetId);
    const total = sumKnown(qty);
    return {
      assetId,
      label: row ? assetDisplayName(row) : `asset #${assetId}`,
      before: text(total),
      lost: text(total),
      kept: '0',
      destroyed: '0',
      outputs: outputs.map((out, n) => ({ vout: out.vout, address: record?.outputAddresses.get(out.vout) ?? null, ours: true, qty: text(qty[n]!) })).filter((o) => o.qty !== '0'),
      rule: 'The transaction that brought these units is no longer in the chain.',
    };
  });
  const conflicted = record !== undefined && record.confirmations < 0;
  const reorged = pass.removedTxids.has(txid);
  const cause = conflicted
    ? `Transaction ${txid}, which brought these units, can no longer confirm: a conflicting transaction spending the same inputs was confirmed instead${reorged ? ' after a chain reorganisation removed its block' : ''}. The units it brought are not in this wallet.`
    : reorged
      ? `Transaction ${txid}, which brought these units, was removed from the chain by a reorganisation and is no longer in Bitcoin Core’s mempool. Until it confirms again, the units it brought are not in this wallet.`
      : `The outputs of transaction ${txid} left this wallet without a wallet transaction spending them (Bitcoin Core no longer lists them: the transaction was dropped, or the wallet was changed). The units they held are not in this wallet.`;
  return {
    id: `receipt-removed:${txid}:${input.now.getTime()}`,
    kind: 'receipt-removed',
    txid,
    detectedAt: input.now.toISOString(),
    outputs: outputs.map((o) => key(o.txid, o.vout)),
    assets,
    voidTransfer: false,
    cause,
    dismissedAt: null,
  };
}
