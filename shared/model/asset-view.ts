/**
 * What the renderer is shown about assets: computed by main from the Asset Type List and Asset Balance List
 * (wallet-behaviour.md §2, §6) and sent over IPC. Quantities are raw integer units as decimal strings; the
 * renderer formats them with `shared/format` using `display`.
 */

import type { ValidState } from './asset-lists';

/**
 * Validity states of wallet-behaviour.md §2.3 / asset-web-page.md §7: one list, the persisted schema's
 * (`shared/model/asset-lists.ts`). A dispute between trackers is shown beside the state (`DisputeView`).
 */
export type { ValidState };

/**
 * What the validity badge shows: a persisted validity state, or `GENESIS_INVALID` when the local verifier found
 * that the genesis paid less than its minimum fee (no unit exists, whatever the page says).
 */
export type ValidityState = ValidState | 'GENESIS_INVALID';

export type FromSource = 'genesis' | 'transfer' | 'manual';

/** The page-JSON fields that drive quantity display (asset-web-page.md §8). */
export interface QuantityDisplay {
  multiple: number | null;
  units: string | null;
  format: string | null;
  format1: string | null;
  /** Percent per year, negative for demurrage. */
  interestRate: number | null;
  /** ISO date from which interest accrues (the issue date). */
  issueDate: string | null;
}

export interface ValidityView {
  state: ValidityState;
  /** The state in plain words for the user ("Asset changed since it was issued"). */
  text: string;
  /** Why the last check failed, in plain words (HTTP status, which field, sizes…). */
  reason: string | null;
  lastChecked: string | null;
  nextCheck: string | null;
  failures: number;
  /** State shown while a refresh runs (the previous one). */
  previousState: ValidState | null;
}

export interface TrackerView {
  url: string;
  /** Plain-http trackers are marked: their answers can be altered on the way. */
  plainHttp: boolean;
  /** Blocks behind our node (from ?m=getlastblock), null when unknown. */
  lagBlocks: number | null;
  reachable: boolean | null;
  lastError: string | null;
}

export interface DisputeView {
  /** The trackers whose answers differed, and what each said for the asset's total. */
  answers: { url: string; confirmedRaw: string }[];
  message: string;
}

/**
 * Where a figure comes from (issue #15), worst first: `unknown` (no figure), `disputed` (trackers disagree, no
 * figure), `one-tracker` (one tracker's word while the asset lists more), `trackers` (several trackers agree, or
 * the asset's only tracker), `computed` (by this wallet for its own transaction), `verified` (computed from the
 * chain with the user's own node). A verified figure may still name trackers that said otherwise (`disputedBy`):
 * the node's figure is the one shown.
 */
export type ProvenanceKind = 'verified' | 'computed' | 'trackers' | 'one-tracker' | 'disputed' | 'unknown';

export interface TrackerClaimView {
  url: string;
  /** The tracker's host, for naming it. */
  host: string;
  /** Its figure (raw units) when it gave one; null with `spent` or when its figures differ across outputs. */
  qty: string | null;
  /** It said the output is spent (Bitcoin Core decides that: nothing was deleted). */
  spent: boolean;
  /** Outputs it disagrees about (totals). */
  outputs: number;
}

export interface ProvenanceView {
  kind: ProvenanceKind;
  /** Hosts of the trackers whose figure is the one shown. */
  agree: string[];
  /** Trackers that said something else, named. */
  disputedBy: TrackerClaimView[];
  /** The one-step check of a tracker figure (past the verification budget). */
  step: 'ok' | 'failed' | null;
  /** The kind in a few words: "Verified by your node", "2 trackers agree", "One tracker only"… */
  label: string;
  /** One sentence more: who said what, why the node could not verify. Null when the label says it all. */
  detail: string | null;
}

export interface BalanceView {
  /** Sum of the known figures of confirmed outputs (a lower bound when `unknownOutputs` > 0). */
  confirmedRaw: string;
  unconfirmedRaw: string;
  /** Some quantity of the asset is still unknown (qty or qtyFailures null): show "(updating…)". */
  updating: boolean;
  /** Rows still unknown after 5,000 confirmations: shown as unknown, never silently zero. */
  unknownOld: number;
  /** Unspent outputs whose figure is unknown: the total is then at least the sum shown, never that sum. */
  unknownOutputs: number;
  /** Unspent outputs whose figure is known. */
  knownOutputs: number;
  /** Where the total comes from: the weakest of its outputs. */
  provenance: ProvenanceView;
}

export interface AssetSummary {
  assetId: number;
  assetRef: string | null;
  genTxId: string | null;
  fromSource: FromSource;
  isVisible: boolean;
  /** genesis.domainName: the issuer's domain, the user's main trust anchor. */
  domain: string | null;
  /** http[s]://domain — opened through the external-link helper. */
  homeUrl: string | null;
  name: string | null;
  shortName: string | null;
  issuer: string | null;
  /** "Loading asset from <domain>…" (or "Loading asset…") while the page JSON is unknown; else null. */
  loadingText: string | null;
  /**
   * Set instead of `loadingText` once loading the page has failed and no JSON was ever read: what failed, in
   * plain words ("Could not load the asset from copper.example: its web page cannot be found").
   */
  loadFailure: string | null;
  /** SHA-256 of the stored icon (a checked PNG), fetched with `assets:picture`; null = none (a placeholder is drawn). */
  icon: string | null;
  /** SHA-256 of the stored image (a checked PNG), shown in the details; null = none. */
  image: string | null;
  validity: ValidityView;
  balance: BalanceView;
  display: QuantityDisplay;
  trackers: TrackerView[];
  dispute: DisputeView | null;
  expired: boolean;
  /** §6.6: deletable when the balance is zero, the asset is invalid, or its reference never led to a genesis. */
  canDelete: boolean;
  refreshing: boolean;
  whenAdded: string;
}

export interface BalanceRowView {
  txid: string;
  vout: number;
  qty: string | null;
  confirmations: number;
  qtyChecked: string | null;
  qtyFailures: number;
  /** NEVERCHECKED, UNKNOWN, VALID, ZERO, SPENT, SELF… (SparkBit row states). */
  state: string;
  provenance: ProvenanceView;
}

/** The local verifier's check of the genesis fee (protocol.md §5.9). */
export interface GenesisCheckView {
  valid: boolean;
  feeSats: string;
  minFeeSats: string;
  checked: string;
}

export interface ContractInfo {
  mimeType: string;
  size: number;
  /** SHA-256 of the stored bytes (hex): also their content address. */
  sha256: string;
  /** True when the current check failed and this is the copy from the last successful one. */
  isLastValidCopy: boolean;
}

export interface GenesisView {
  qty: string;
  chargeFlat: string;
  chargeBasisPoints: number;
  useHttps: boolean;
  usePrefix: boolean;
  domainName: string;
  pagePath: string;
  assetHash: string;
  pageUrl: string | null;
}

export interface AssetDetail extends AssetSummary {
  genesis: GenesisView | null;
  /** Null until the local verifier has read the genesis transaction. */
  genesisCheck: GenesisCheckView | null;
  /** The whole JSON from the asset web page (current, or last valid when the current check failed). */
  json: Record<string, unknown> | null;
  description: string | null;
  issueDate: string | null;
  expiryDate: string | null;
  contractUrl: string | null;
  contract: ContractInfo | null;
  balanceRows: BalanceRowView[];
  firstSpent: { txid: string; vout: number } | null;
}

export interface AssetsSnapshot {
  assets: AssetSummary[];
  /** Bumped on every change, so the renderer can drop stale snapshots. */
  revision: number;
}

/** `assets:add`: the asset, and whether it was new, already listed, or listed but hidden (now shown again). */
export interface AddAssetResult {
  asset: AssetSummary;
  outcome: 'added' | 'already' | 'shown';
}

/** An icon or image as stored (checked by main, checked again by the renderer before display). */
export interface PictureBytes {
  sha256: string;
  mimeType: string;
  base64: string;
}

export interface ContractBytes {
  info: ContractInfo;
  /** Base64: the exact bytes the wallet verified against the asset hash. */
  base64: string;
}
