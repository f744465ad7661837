import * as v from 'valibot';

/**
 * The two CoinSpark lists of wallet-behaviour.md §2, as persisted by main in one versioned JSON file
 * (`asset-lists.json` in the wallet's data directory), plus the wallet-sync cursor so that both change together.
 *
 * - Asset Type List (§2.1): one `AssetRow` per asset of interest. `assetId` auto-increments (never reused: the
 *   file keeps `nextAssetId`). At most one row per `genTxId` and one per asset reference (`assetRef`).
 * - Asset Balance List (§2.2): one `BalanceRow` per (asset, unspent output) the wallet can spend.
 *
 * Quantities are raw integer units as decimal strings (they can pass 2^53); times are ISO-8601 strings; txids and
 * hashes are lower-case hex. Bytes (contracts, icons, images) never live in this file: they are content-addressed
 * files beside it (`content/<sha256>`), referenced by `ContentRef`.
 *
 * The schema below is what the file is validated against when it is loaded, and what every row is checked against
 * before the store takes it (one schema for both); main's store (`main/services/assets/asset-lists-store.ts`) is
 * the only writer.
 *
 * Versions: the file carries `version`. A file of an older version is brought up to this one by the steps in
 * `asset-lists-migrations.ts`. **Adding a field?** Add it here, give new rows their value (`newAssetRow` / `newBalanceRow`), and give
 * rows of older files their value in the migration step (see the steps of adding a field there).
 */

/** Version 1: the first format (until 0.1). Version 2: `writtenBy`; the fields added in this session. */
export const ASSET_LISTS_VERSION = 2;

/**
 * The longest page JSON the lists hold: the size limit of an asset web page fetch (1 MiB, validity-checker.ts
 * PAGE_LIMITS), since the JSON is text of the page (at least one byte per character). Under version 1 it was
 * 1,000,000, which a page near the limit could pass: the row was stored, then the whole file refused at load.
 */
export const PAGE_JSON_MAX = 1024 * 1024;

const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const Iso = v.pipe(v.string(), v.maxLength(40));
const U16 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65_535));
const U32 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4_294_967_295));
const AssetIdSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1));
/** Raw units: 0 … 10^14 (ASSET_QTY_MAX) as a decimal string. */
export const QtySchema = v.pipe(v.string(), v.regex(/^(0|[1-9][0-9]{0,14})$/));

export const ValidStateSchema = v.picklist([
  'ASSET_REF_ONLY',
  'BLOCK_NOT_FOUND',
  'TX_NOT_FOUND',
  'GENESIS_NOT_FOUND',
  'NOT_VALIDATED_YET',
  'ASSET_WEB_PAGE_NOT_FOUND',
  'ASSET_SPECS_NOT_FOUND',
  'ASSET_SPECS_NOT_PARSED',
  'REQUIRED_FIELD_MISSING',
  'CONTRACT_NOT_FOUND',
  'CONTRACT_INVALID',
  'HASH_MISMATCH',
  'REFRESH',
  'VALID',
  'DUPLICATE',
]);

export type ValidState = v.InferOutput<typeof ValidStateSchema>;

export const FromSourceSchema = v.picklist(['genesis', 'transfer', 'manual']);

/** Asset reference (protocol §4): block height, byte offset in the block's non-witness serialization, txid prefix. */
export const AssetRefRecordSchema = v.strictObject({
  blockNum: U32,
  txOffset: U32,
  /** First two bytes of the genesis txid in display order, 4 lower-case hex digits. */
  txIDPrefix: v.pipe(v.string(), v.regex(/^[0-9a-f]{4}$/)),
});
export type AssetRefRecord = v.InferOutput<typeof AssetRefRecordSchema>;

/** A decoded genesis (protocol §5) in storable form; `assetHash` is hex of the stored leading bytes. */
export const GenesisRecordSchema = v.strictObject({
  qtyMantissa: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)),
  qtyExponent: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(11)),
  chargeFlatMantissa: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  chargeFlatExponent: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2)),
  chargeBasisPoints: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(250)),
  useHttps: v.boolean(),
  domainName: v.pipe(v.string(), v.maxLength(255)),
  usePrefix: v.boolean(),
  pagePath: v.pipe(v.string(), v.maxLength(64)),
  assetHash: v.pipe(v.string(), v.regex(/^[0-9a-f]{0,64}$/)),
  assetHashLen: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(32)),
  /** The raw metadata the genesis was decoded from (hex), kept for re-decoding with a newer library. */
  metadataHex: v.pipe(v.string(), v.regex(/^[0-9a-f]{0,160}$/)),
});
export type GenesisRecord = v.InferOutput<typeof GenesisRecordSchema>;

/** Bytes kept beside the lists: `content/<sha256>`. */
export const ContentRefSchema = v.strictObject({
  sha256: Hex64,
  mimeType: v.pipe(v.string(), v.maxLength(200)),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type ContentRef = v.InferOutput<typeof ContentRefSchema>;

/** What one tracker said about an asset, kept for display (balances service writes it). */
export const TrackerInfoSchema = v.strictObject({
  url: v.pipe(v.string(), v.maxLength(2048)),
  plainHttp: v.boolean(),
  lagBlocks: v.nullable(v.number()),
  reachable: v.nullable(v.boolean()),
  lastError: v.nullable(v.pipe(v.string(), v.maxLength(1000))),
});
export type TrackerInfo = v.InferOutput<typeof TrackerInfoSchema>;

export const DisputeSchema = v.strictObject({
  answers: v.array(v.strictObject({ url: v.pipe(v.string(), v.maxLength(2048)), confirmedRaw: v.pipe(v.string(), v.maxLength(40)) })),
  message: v.pipe(v.string(), v.maxLength(2000)),
});
export type Dispute = v.InferOutput<typeof DisputeSchema>;

/**
 * The local verifier's check of an asset's genesis (protocol.md §5.9): a genesis that paid less than its minimum
 * fee created no units at all, whatever its page or any tracker says.
 */
export const GenesisCheckSchema = v.strictObject({
  /** Paid at least its minimum fee: the units exist. */
  valid: v.boolean(),
  feeSats: v.pipe(v.string(), v.regex(/^-?(0|[1-9][0-9]{0,17})$/)),
  minFeeSats: v.pipe(v.string(), v.regex(/^(0|[1-9][0-9]{0,17})$/)),
  checked: Iso,
});
export type GenesisCheck = v.InferOutput<typeof GenesisCheckSchema>;

export const AssetRowSchema = v.strictObject({
  assetId: AssetIdSchema,
  whenAdded: Iso,
  fromSource: FromSourceSchema,
  isVisible: v.boolean(),
  genTxId: v.nullable(Hex64),
  genesis: v.nullable(GenesisRecordSchema),
  assetRef: v.nullable(AssetRefRecordSchema),
  /** Block holding the genesis when assetRef was computed: a reorg that moves the genesis is detected by it. */
  genBlockHash: v.nullable(Hex64),
  firstSpentTxId: v.nullable(Hex64),
  firstSpentVout: v.nullable(U32),

  // Validity (§4.2) — written by the validity service.
  validState: ValidStateSchema,
  /** The state before a refresh started (shown while REFRESH). */
  previousState: v.nullable(ValidStateSchema),
  validChecked: v.nullable(Iso),
  validFailures: U16,
  /** Why the last check (or genesis fetch) failed, in plain words. */
  validReason: v.nullable(v.pipe(v.string(), v.maxLength(2000))),
  /** When the next validity check / genesis fetch is due (null = now / on trigger). */
  nextCheck: v.nullable(Iso),
  /** JSON text extracted from the asset web page at the last check (at most the page's size: PAGE_JSON_MAX). */
  webPageJSON: v.nullable(v.pipe(v.string(), v.maxLength(PAGE_JSON_MAX))),
  contract: v.nullable(ContentRefSchema),
  /** Copies from the last successful validation. */
  lastValidJSON: v.nullable(v.pipe(v.string(), v.maxLength(PAGE_JSON_MAX))),
  lastValidContract: v.nullable(ContentRefSchema),
  icon: v.nullable(ContentRefSchema),
  image: v.nullable(ContentRefSchema),

  // Trackers (§4.3) — written by the balances service.
  trackers: v.array(TrackerInfoSchema),
  dispute: v.nullable(DisputeSchema),
  /** The refresh button was pressed and its tasks have not finished. */
  refreshing: v.boolean(),

  // Local verification (issue #15) — written by the verify service. Null until the genesis was checked.
  genesisCheck: v.nullable(GenesisCheckSchema),
});
export type AssetRow = v.InferOutput<typeof AssetRowSchema>;

/** SparkBit's balance row states (§2.2). */
export const BalanceStateSchema = v.picklist(['NEVERCHECKED', 'REFRESH', 'UNKNOWN', 'VALID', 'ZERO', 'SPENT', 'SELF', 'DELETED']);
export type BalanceState = v.InferOutput<typeof BalanceStateSchema>;

const TrackerUrlSchema = v.pipe(v.string(), v.maxLength(2048));

/**
 * Where a balance row's quantity comes from (issue #15):
 * - `verified`: computed from the chain by this wallet, with the user's own node (the legal definition);
 * - `computed`: computed by this wallet for its own transaction from the input quantities it held (§3.2);
 * - `tracker`: said by trackers — `agree` lists those that gave this very figure (one, or several agreeing);
 * - `unknown`: no figure (never answered, or the trackers disagree: `disagree` then holds their answers).
 */
export const QtySourceSchema = v.picklist(['unknown', 'tracker', 'computed', 'verified']);
export type QtySource = v.InferOutput<typeof QtySourceSchema>;

/** What one tracker last said about an output, when it differs from the row's figure. */
export const TrackerClaimSchema = v.strictObject({
  url: TrackerUrlSchema,
  /** Its figure (raw units), or null when it gave none. */
  qty: v.nullable(QtySchema),
  /** It said the output is spent (Bitcoin Core, not a tracker, decides that: the claim is only recorded). */
  spent: v.boolean(),
});
export type TrackerClaim = v.InferOutput<typeof TrackerClaimSchema>;

export const ProvenanceSchema = v.strictObject({
  source: QtySourceSchema,
  /** Trackers whose last answer is the row's figure. */
  agree: v.pipe(v.array(TrackerUrlSchema), v.maxLength(32)),
  /** Trackers whose last answer differs from the row's figure (or, while it is unknown, conflicting answers). */
  disagree: v.pipe(v.array(TrackerClaimSchema), v.maxLength(32)),
  /**
   * The one-step check of a tracker figure (used when verification went past its budget): the tracker's figures
   * for the transaction's inputs, applied here, gave its figure for this output (`ok`) or not (`failed`).
   */
  step: v.nullable(v.picklist(['ok', 'failed'])),
  /** Why this wallet could not verify the figure from the node (null when it did or has not tried yet). */
  note: v.nullable(v.pipe(v.string(), v.maxLength(500))),
});
export type Provenance = v.InferOutput<typeof ProvenanceSchema>;

/** A row nobody has said anything about. */
export function unknownProvenance(): Provenance {
  return { source: 'unknown', agree: [], disagree: [], step: null, note: null };
}

/**
 * The same, one frozen object shared by every new row: rows are replaced, never changed in place, and the sync adds
 * tens of thousands of them at once (three objects fewer each for the collector to copy and keep).
 */
const UNKNOWN_PROVENANCE: Provenance = Object.freeze({ source: 'unknown', agree: Object.freeze([]) as unknown as string[], disagree: Object.freeze([]) as unknown as Provenance['disagree'], step: null, note: null });

export const BalanceRowSchema = v.strictObject({
  assetId: AssetIdSchema,
  txid: Hex64,
  vout: U32,
  /** Units in this output; null = not yet known. */
  qty: v.nullable(QtySchema),
  qtyChecked: v.nullable(Iso),
  qtyFailures: U16,
  state: BalanceStateSchema,
  /** Where `qty` comes from, and what trackers said. */
  provenance: ProvenanceSchema,
});
export type BalanceRow = v.InferOutput<typeof BalanceRowSchema>;

/** Where wallet sync stopped: the last block fully processed (listsinceblock cursor). */
export const SyncCursorSchema = v.strictObject({
  blockHash: v.nullable(Hex64),
  height: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Node/wallet identity the lists were built from; a change means a different wallet. */
  chain: v.nullable(v.pipe(v.string(), v.maxLength(32))),
  wallet: v.nullable(v.pipe(v.string(), v.maxLength(256))),
});
export type SyncCursor = v.InferOutput<typeof SyncCursorSchema>;

export const AssetListsFileSchema = v.strictObject({
  version: v.literal(ASSET_LISTS_VERSION),
  /** The program that wrote the file last ("CoinSpark Wallet 0.2.0"): named to the user who opens it with an older one. */
  writtenBy: v.pipe(v.string(), v.maxLength(100)),
  nextAssetId: AssetIdSchema,
  assets: v.array(AssetRowSchema),
  balances: v.array(BalanceRowSchema),
  cursor: SyncCursorSchema,
});
export type AssetListsFile = v.InferOutput<typeof AssetListsFileSchema>;

export function emptyAssetLists(writtenBy = 'CoinSpark Wallet'): AssetListsFile {
  return { version: ASSET_LISTS_VERSION, writtenBy, nextAssetId: 1, assets: [], balances: [], cursor: { blockHash: null, height: null, chain: null, wallet: null } };
}

/** Fields a new asset row may be created with; the rest take their §2.1 defaults (null / 0 / false). */
export type NewAssetRow = Pick<AssetRow, 'fromSource'> & Partial<Omit<AssetRow, 'assetId' | 'fromSource'>>;

export function newAssetRow(assetId: number, init: NewAssetRow, now: Date): AssetRow {
  return {
    assetId,
    whenAdded: now.toISOString(),
    isVisible: true,
    genTxId: null,
    genesis: null,
    assetRef: null,
    genBlockHash: null,
    firstSpentTxId: null,
    firstSpentVout: null,
    validState: init.genesis ? 'NOT_VALIDATED_YET' : 'ASSET_REF_ONLY',
    previousState: null,
    validChecked: null,
    validFailures: 0,
    validReason: null,
    nextCheck: null,
    webPageJSON: null,
    contract: null,
    lastValidJSON: null,
    lastValidContract: null,
    icon: null,
    image: null,
    trackers: [],
    dispute: null,
    refreshing: false,
    genesisCheck: null,
    ...init,
  };
}

/** A new balance row (§2.2): quantity not yet known, never checked; `init` sets any other field. */
export function newBalanceRow(assetId: number, txid: string, vout: number, init: BalancePatch = {}): BalanceRow {
  return { assetId, txid, vout, qty: null, qtyChecked: null, qtyFailures: 0, state: 'NEVERCHECKED', provenance: UNKNOWN_PROVENANCE, ...init };
}

/** The fields of a balance row other services may change. */
export type BalancePatch = Partial<Pick<BalanceRow, 'qty' | 'qtyChecked' | 'qtyFailures' | 'state' | 'provenance'>>;
/** The fields of an asset row other services may change (identity fields go through the store's merge rules). */
export type AssetPatch = Partial<Omit<AssetRow, 'assetId' | 'whenAdded'>>;

/** Text form of an asset reference ("blockNum-txOffset-prefixInt"), protocol §4.2. */
export function assetRefKey(ref: AssetRefRecord): string {
  return `${ref.blockNum}-${ref.txOffset}-${parseInt(ref.txIDPrefix.slice(2, 4) + ref.txIDPrefix.slice(0, 2), 16)}`;
}
