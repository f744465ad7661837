/**
 * Asset safety in a shared Bitcoin Core wallet, as the renderer sees it (`safety:*` channels): the locks that keep
 * Core's own sends away from outputs holding assets, and the alerts raised when units left the wallet anyway.
 * Quantities are raw units as decimal strings; null = not known (never shown as a number).
 */

export interface LockStatus {
  /** The setting: lock outputs that hold assets (or may: quantity not known yet). On by default. */
  enabled: boolean;
  /** The user has read the first-run explanation. */
  explained: boolean;
  /** Outputs this wallet locked in Core that are still locked. */
  lockedByWallet: number;
  /** Outputs locked in Core by someone else (the user, another program): respected, never unlocked by us. */
  lockedByOthers: number;
  /** Unspent outputs that hold units of an asset, or may (figure not known yet). */
  holdingOutputs: number;
  /** Holding outputs that are not locked in Core (a lock failed, or locking is off). */
  unprotected: number;
  /** The last lock or unlock Core refused, in words; null once a later one succeeded. */
  lastError: { message: string; at: string; outputs: number } | null;
  /** When locks were last compared with Core (ISO); null before the first sync. */
  lastChecked: string | null;
}

/** What happened to one asset's units in the transaction an alert is about. */
export interface AlertAsset {
  assetId: number;
  /** Name, short name or reference, for display. */
  label: string;
  /** Units in the wallet's outputs that the transaction spent (or the receipt brought); null = not known. */
  before: string | null;
  /** Units that went to outputs that are not this wallet's. */
  lost: string | null;
  /** Units that came back to this wallet's own outputs (e.g. Core's change). */
  kept: string | null;
  /** Units that reached no output (a transfer list that does not fit the transaction destroys them). */
  destroyed: string | null;
  /** Every output that received units (or may have), with its owner. */
  outputs: { vout: number; address: string | null; ours: boolean; qty: string | null }[];
  /** The rule that decided (protocol §7.10), in words. */
  rule: string;
}

export type AlertKind =
  /** an output holding assets was spent by a transaction this wallet did not build */
  | 'foreign-spend'
  /** a transaction that brought units was removed from the chain (reorg, replaced by a conflict) */
  | 'receipt-removed';

export interface SpendAlert {
  id: string;
  kind: AlertKind;
  /** The spending transaction, or the receipt that was removed. */
  txid: string;
  detectedAt: string;
  /** The wallet's outputs involved ("txid:vout"). */
  outputs: string[];
  assets: AlertAsset[];
  /** Every unit went to the last output because the transaction had no (valid) transfer list for them. */
  voidTransfer: boolean;
  /** The likely cause, in plain words. */
  cause: string;
  dismissedAt: string | null;
}

export interface UnlockAllResult {
  unlocked: number;
  failed: number;
  /** Locking is off after this (it would lock them again otherwise). */
  enabled: boolean;
}
