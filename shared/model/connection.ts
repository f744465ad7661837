/** What main tells the renderer about its Bitcoin Core connection and the wallet's sync. */

/** Every way the connection can fail, each with its own message (main/services/core builds them). */
export type DiagnosisCode =
  | 'OK'
  | 'NOT_CONFIGURED'
  | 'CONNECTION_REFUSED'
  | 'TIMEOUT'
  | 'HOST_NOT_FOUND'
  | 'AUTH_FAILED'
  | 'COOKIE_NOT_FOUND'
  | 'RPC_DISABLED'
  | 'WALLET_NOT_LOADED'
  | 'WALLET_NOT_SPECIFIED'
  | 'WALLET_NOT_FOUND'
  | 'CORE_TOO_OLD'
  | 'INITIAL_BLOCK_DOWNLOAD'
  | 'WARMING_UP'
  | 'PRUNED'
  | 'TXINDEX_OFF'
  | 'WRONG_NETWORK'
  | 'NOT_BITCOIN_CORE'
  | 'UNEXPECTED';

export interface Diagnosis {
  code: DiagnosisCode;
  /** Short headline ("Bitcoin Core refused the password"). */
  title: string;
  /** What happened and what to do about it, in plain words. */
  message: string;
  /** Non-fatal remarks (e.g. txindex off: what then does not work). */
  warnings: string[];
  /** Filled when connected. */
  node?: { version: number; subversion: string; chain: string; blocks: number; headers: number; pruned: boolean; pruneHeight: number | null; txindex: boolean | null; wallet: string };
}

/** Why the last sync pass failed, while the connection itself may still work (a bad or slow answer). */
export interface SyncError {
  title: string;
  message: string;
  /** When the first of these consecutive failures happened (ISO). */
  since: string;
  failures: number;
  /** When the sync is tried again (ISO); null when not scheduled. */
  retryAt: string | null;
}

export interface ConnectionStatus {
  state: 'idle' | 'connecting' | 'connected' | 'error';
  diagnosis: Diagnosis | null;
  network: 'mainnet' | 'testnet' | 'regtest';
  blockHeight: number | null;
  syncing: boolean;
  lastSync: string | null;
  /** The last sync pass failed (null once one succeeds). */
  syncError: SyncError | null;
  /** A call to Bitcoin Core has been waiting for its answer for a few seconds or more: which one, since when (ISO). */
  waitingFor: { method: string; since: string } | null;
  trackersReachable: number;
  trackersTotal: number;
}

export interface ReceiveAddress {
  bitcoinAddress: string;
  coinsparkAddress: string;
  /** Address flags advertised (assets = 1, payment references = 2). */
  flags: number;
  paymentRef: string;
}
