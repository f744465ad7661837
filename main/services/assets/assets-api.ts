import type { AssetListsStore, ListsChange } from './asset-lists-store';
import type { ContentStore } from './content-store';

/** One of the wallet's unspent outputs as last seen by sync (`listunspent 0`, plus the locked ones). */
export interface WalletOutput {
  txid: string;
  vout: number;
  /** 0 while unconfirmed. */
  confirmations: number;
  amountSats: bigint;
  address: string | null;
  scriptPubKey: string;
  /**
   * Locked in Core (`listlockunspent`): Core's own sends leave it alone and `listunspent` hides it, but it is the
   * wallet's and unspent. The wallet's own sends may use it on purpose (as a pre-selected input).
   */
  locked?: boolean;
}

/** Signals the sync service raises and the validity / balances services react to (wallet-behaviour.md §3–§5). */
export interface AssetTriggers {
  /** New balance rows (qty null) exist for these assets: run balance checking (§4.3). */
  balancesAdded: (assetIds: number[]) => void;
  /** The genesis of this asset became known (from the wallet's own tx or by fetching, §4.1): check validity (§4.2). */
  genesisKnown: (assetId: number) => void;
  /** The asset reference of this asset was set or moved by a reorg (§3.3, §3.5). */
  assetRefChanged: (assetId: number) => void;
  /** A new tip: re-check what waits on blocks (§3.4). */
  newBlock: (tip: { height: number; hash: string }) => void;
  /** The user pressed refresh on these assets (§5): rows are already reset; run validity + balances now. */
  refresh: (assetIds: number[]) => void;
  /** The asset was deleted by the user: drop any task state for it. */
  deleted: (assetId: number) => void;
}
export type AssetTriggerName = keyof AssetTriggers;

/**
 * `ctx.services.assets`: what other main-process services use of the asset lists.
 *
 * - Read and change the lists through `lists` (see AssetListsStore: iterate `assets()` / `balances()` /
 *   `balancesOf(id)`, `updateAsset(id, { validState, validChecked, validFailures, validReason, nextCheck,
 *   webPageJSON, contract, lastValidJSON, lastValidContract, icon, image, trackers, dispute, refreshing, … })`,
 *   `updateBalance(id, txid, vout, { qty, qtyChecked, qtyFailures, state })`). Saves are coalesced and atomic;
 *   the renderer is told (coalesced) after every change. A handler of a user action awaits `lists.flush()` before
 *   it replies (the acknowledgement means "on disk"). A row that would not match the lists schema is refused
 *   (InvalidListsRowError): bound what you store from outside (the schema's limits in shared/model/asset-lists.ts).
 * - Keep contracts, icons and images with `content.put(bytes, mime)` → ContentRef (stored in the asset row) and
 *   `content.get(ref)` → bytes verified against their SHA-256.
 * - React to `on('balancesAdded' | 'genesisKnown' | 'assetRefChanged' | 'newBlock' | 'refresh' | 'deleted', …)`.
 * - Report the work still queued with `setProgress` (sent to the renderer as `assets:progress`).
 * - `unspent()` is the wallet's unspent outputs with confirmations, as of the last sync; `tip()` the last block.
 */
export interface AssetsService {
  readonly lists: AssetListsStore;
  readonly content: ContentStore;
  on<K extends AssetTriggerName>(name: K, listener: AssetTriggers[K]): () => void;
  /** Raise a trigger (the sync service does; others may, e.g. validity raising balancesAdded after a merge). */
  trigger<K extends AssetTriggerName>(name: K, ...args: Parameters<AssetTriggers[K]>): void;
  onChange(listener: (change: ListsChange) => void): () => void;
  unspent(): ReadonlyMap<string, WalletOutput>;
  tip(): { height: number; hash: string } | null;
  setProgress(progress: { validityPending: number; balancesPending: number }): void;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    assets: AssetsService;
  }
}
