/**
 * The transaction history as the renderer sees it (`history:*` channels). Quantities are raw units as decimal
 * strings; satoshi amounts are decimal strings (signed where it says so). An unknown figure is `null`, never 0.
 */

/** Where a unit figure comes from: worked out by the wallet from its own node's data, or a tracker's answer. */
export type FigureSource = 'local' | 'tracker';

export interface AssetMovement {
  assetId: number;
  /** Units that reached this wallet's outputs of the transaction; null = not known. */
  in: string | null;
  /** Units that left this wallet's outputs spent by the transaction; null = not known. */
  out: string | null;
  /** in − out (signed decimal); null when either is unknown. */
  net: string | null;
  /** 'local' when every figure used was worked out locally; 'tracker' when one came from a tracker. */
  source: FigureSource;
}

export interface PaymentRefView {
  /** The reference as a decimal number (protocol §9). */
  value: string;
  /** The transaction paid this wallet (an incoming reference). */
  incoming: boolean;
}

export interface MessageView {
  /** The message server's URL (protocol §10), without fetching anything from it. */
  serverUrl: string;
  /** Hex of the message hash bytes the transaction carries. */
  hash: string;
  isPublic: boolean;
}

export interface HistoryRow {
  txid: string;
  /** Unix seconds: when Core first saw it, or its block's time. */
  time: number;
  blockHeight: number | null;
  /** 0 in the mempool; −1 when it can no longer confirm (a conflicting transaction confirmed). */
  confirmations: number;
  /** What the transaction did to the wallet's bitcoin, fee excluded (signed satoshis). */
  amountSats: string;
  /** Fee paid by this wallet (satoshis), null when the wallet paid none. */
  feeSats: string | null;
  /** Built and broadcast by this wallet (the own-transactions record). */
  own: boolean;
  ownNote: string | null;
  /** What the CoinSpark data in it is, in a word. */
  kind: 'genesis' | 'transfer' | 'payment-ref' | 'message' | 'plain';
  /** Assets that moved (or may have: unknown figures) into or out of the wallet. */
  assets: AssetMovement[];
  paymentRef: PaymentRefView | null;
  message: MessageView | null;
  /** A foreign spend or removed receipt was reported for this transaction (alert id). */
  alertId: string | null;
}

export interface HistoryQuery {
  /** Only transactions that moved this asset. */
  assetId?: number;
  /** Matches txids, decoded payment references, message servers and notes (case-insensitive). */
  search?: string;
}

export interface HistorySnapshot {
  rows: HistoryRow[];
  /** Transactions in the wallet's history before filtering. */
  total: number;
  revision: number;
  /** The chain tip the confirmations were counted from. */
  tipHeight: number | null;
}
