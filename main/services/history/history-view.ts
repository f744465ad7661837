import {
  bytesToHex,
  decodeGenesis,
  decodeMessage,
  decodePaymentRef,
  messageServerURL,
} from '../../../shared/coinspark/index';
import type { AssetMovement, FigureSource, HistoryQuery, HistoryRow, HistorySnapshot, MessageView } from '../../../shared/model/history';
import type { OwnTransactions } from './own-transactions';
import type { HistoryLedger, HistoryTx } from './history-ledger';

/** What a transaction's metadata says, decoded once per transaction. */
interface Decoded {
  kind: HistoryRow['kind'];
  paymentRef: string | null;
  message: MessageView | null;
}

const decodedCache = new WeakMap<HistoryTx, Decoded>();

function decodeMetadata(ledger: HistoryLedger, tx: HistoryTx): Decoded {
  let decoded = decodedCache.get(tx);
  if (decoded) return decoded;
  decoded = { kind: 'plain', paymentRef: null, message: null };
  const metadata = tx.metadata;
  if (metadata) {
    const ref = decodePaymentRef(metadata);
    if (ref.ok) decoded.paymentRef = ref.value.toString();
    const message = decodeMessage(metadata, tx.outputValues.length);
    if (message.ok) {
      const m = message.value;
      decoded.message = { serverUrl: messageServerURL(m), hash: bytesToHex(m.hash.subarray(0, m.hashLen)), isPublic: m.isPublic };
    }
    if (decodeGenesis(metadata).ok) decoded.kind = 'genesis';
    else if (ledger.txFlow(tx).transfers.length > 0) decoded.kind = 'transfer';
    else if (decoded.paymentRef !== null) decoded.kind = 'payment-ref';
    else if (decoded.message) decoded.kind = 'message';
  }
  decodedCache.set(tx, decoded);
  return decoded;
}

interface Tally {
  in: bigint | null;
  out: bigint | null;
  tracker: boolean;
}

/** Units of each asset into the wallet's outputs and out of the wallet's inputs of one transaction. */
export function movementsOf(ledger: HistoryLedger, tx: HistoryTx): AssetMovement[] {
  const tallies = new Map<number, Tally>();
  const add = (assetId: number, side: 'in' | 'out', qty: bigint | null, source: FigureSource): void => {
    let tally = tallies.get(assetId);
    if (!tally) tallies.set(assetId, (tally = { in: 0n, out: 0n, tracker: false }));
    const current = tally[side];
    tally[side] = current === null || qty === null ? null : current + qty;
    if (source === 'tracker') tally.tracker = true;
  };
  for (let o = 0; o < tx.ours.length; o++) {
    if (!tx.ours[o]) continue;
    const figures = ledger.figuresAt(`${tx.txid}:${o}`);
    if (figures) for (const [id, f] of figures) add(id, 'in', f.qty, f.source);
  }
  for (const key of tx.inputs) {
    if (!ledger.isOurOutput(key)) continue;
    const figures = ledger.figuresAt(key);
    if (figures) for (const [id, f] of figures) add(id, 'out', f.qty, f.source);
  }
  const movements: AssetMovement[] = [];
  for (const [assetId, t] of tallies) {
    if (t.in === 0n && t.out === 0n) continue;
    movements.push({
      assetId,
      in: t.in === null ? null : t.in.toString(),
      out: t.out === null ? null : t.out.toString(),
      net: t.in === null || t.out === null ? null : (t.in - t.out).toString(),
      source: t.tracker ? 'tracker' : 'local',
    });
  }
  return movements.sort((a, b) => a.assetId - b.assetId);
}

export interface HistoryViewContext {
  tipHeight: number | null;
  own: OwnTransactions | undefined;
  /** The alert raised for a transaction, if any. */
  alertFor(txid: string): string | null;
}

export function historyRow(ledger: HistoryLedger, tx: HistoryTx, context: HistoryViewContext): HistoryRow {
  const decoded = decodeMetadata(ledger, tx);
  const own = context.own?.get(tx.txid);
  const paysUs = tx.ours.some(Boolean);
  return {
    txid: tx.txid,
    time: tx.time,
    blockHeight: tx.height,
    confirmations: tx.conflicted ? -1 : tx.height !== null && context.tipHeight !== null ? Math.max(1, context.tipHeight - tx.height + 1) : 0,
    amountSats: tx.amountSats.toString(),
    feeSats: tx.feeSats === null ? null : tx.feeSats.toString(),
    own: own !== undefined,
    ownNote: own?.note ?? null,
    kind: decoded.kind,
    assets: movementsOf(ledger, tx),
    paymentRef: decoded.paymentRef === null ? null : { value: decoded.paymentRef, incoming: paysUs && tx.feeSats === null },
    message: decoded.message,
    alertId: context.alertFor(tx.txid),
  };
}

/** The history, newest first, filtered by asset and search text. */
export function historySnapshot(ledger: HistoryLedger, context: HistoryViewContext, query: HistoryQuery = {}): HistorySnapshot {
  const ordered = ledger.orderedTxs();
  const search = query.search?.trim().toLowerCase() ?? '';
  const rows: HistoryRow[] = [];
  for (let i = ordered.length - 1; i >= 0; i--) {
    const tx = ordered[i]!;
    const row = historyRow(ledger, tx, context);
    if (query.assetId !== undefined && !row.assets.some((a) => a.assetId === query.assetId)) continue;
    if (search && !matches(row, search)) continue;
    rows.push(row);
  }
  return { rows, total: ordered.length, revision: ledger.revision, tipHeight: context.tipHeight };
}

function matches(row: HistoryRow, search: string): boolean {
  return (
    row.txid.includes(search) ||
    (row.paymentRef !== null && row.paymentRef.value.includes(search)) ||
    (row.message !== null && row.message.serverUrl.toLowerCase().includes(search)) ||
    (row.ownNote !== null && row.ownNote.toLowerCase().includes(search))
  );
}
