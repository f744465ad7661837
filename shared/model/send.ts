import type { QuantityDisplay } from './asset-view';

/**
 * What the send service (main/services/send) tells the renderer. Satoshis and raw asset units are decimal
 * strings (they can pass 2^53); fee rates are satoshis per 1000 virtual bytes (sat/kvB) as decimal strings.
 * Figures go as raw units with the asset's display data: the renderer formats them, in the user's locale, with the
 * same formatter as the asset list (issue #16).
 */

/** The wallet's bitcoin, as the send screen (and the header) shows it. wallet-behaviour.md §7.3. */
export interface BitcoinFigures {
  /** Every unspent output of the wallet, confirmed (≥ 1 confirmation). */
  confirmedSats: string;
  /** Unspent outputs still in the mempool. */
  unconfirmedSats: string;
  /** Bitcoin in outputs that hold no asset, by what the lists know: what a bitcoin send may spend. */
  assetFreeSats: string;
  /** Bitcoin in outputs that hold assets or may hold them (a quantity not known yet): never spent by a bitcoin send. */
  assetBoundSats: string;
  /** Outputs of either kind. */
  outputs: number;
  /** ceil(outputs / 5) × 11,000 sat (at least 11,000): kept back to pay for moving the assets elsewhere. */
  reserveSats: string;
  /** What a bitcoin send could pay at most before its fee: asset-free bitcoin above the reserve, less the smallest change. */
  spendableSats: string;
  /** False until the wallet has synced with Bitcoin Core once (the figures are then all zero). */
  known: boolean;
}

export interface FeeEstimate {
  /** Core's estimate for confirmation within `blocks` (estimatesmartfee), or null when it has none. */
  coreSatPerKvb: string | null;
  blocks: number | null;
  /** What the form starts with: Core's estimate, or the fallback when Core has none. */
  suggestedSatPerKvb: string;
  /** Why the suggestion is what it is, in words. */
  source: string;
  /** The node's relay minimum (max of minrelaytxfee and mempoolminfee). */
  minRelaySatPerKvb: string;
}

/** How the wallet signs: Core with its keys, Core after the passphrase, or elsewhere via a PSBT file. */
export type SigningMode = 'hot' | 'encrypted' | 'watch-only';

export interface AssetAmount {
  assetId: number;
  /** Name or short name, else the asset reference. */
  label: string;
  /** Raw units, or null when not known (a quantity the trackers have not told yet). */
  raw: string | null;
  /** How the asset's units are shown (null: an asset without page data, shown in raw units). */
  display: QuantityDisplay | null;
}

/** One transfer of the OP_RETURN's transfer list, as the review describes it (protocol §7). */
export type TransferView =
  | { kind: 'default-route'; inputs: { first: number; count: number }; output: number }
  | {
      kind: 'transfer';
      /** The asset, when this wallet knows it (its label and display); null for another asset. */
      asset: { assetId: number; label: string; display: QuantityDisplay | null } | null;
      /** The asset reference as text ("123456-789-1234"), or null if it cannot be written. */
      assetRef: string | null;
      /** Raw units per output. */
      qtyPerOutput: string;
      inputs: { first: number; count: number };
      outputs: { first: number; count: number };
    };

/** One output of the transaction to be signed, decoded from its bytes (not from the form). */
export interface PreviewOutput {
  index: number;
  /** `change`: the last output, ours, which keeps every unit not sent; `bitcoin-change`: ours, bitcoin only. */
  role: 'recipient' | 'change' | 'bitcoin-change' | 'metadata' | 'other';
  /** The address paid, null for an OP_RETURN. */
  address: string | null;
  sats: string;
  /** Units of every asset this output receives by `apply` (protocol §7.9), non-zero or unknown only. */
  assets: AssetAmount[];
  /** For the OP_RETURN: what its CoinSpark metadata says, in words. */
  metadata: { paymentRef: string | null; transfers: TransferView[]; bytes: number } | null;
}

export interface SendPreview {
  draftId: string;
  kind: 'asset' | 'bitcoin' | 'migration';
  signing: SigningMode;
  /** Inputs spent (count) and the bitcoin they hold. */
  inputCount: number;
  inputSats: string;
  outputs: PreviewOutput[];
  feeSats: string;
  /** Estimated size after signing, and the resulting rate. */
  vsize: number;
  feeRateSatPerKvb: string;
  /** Why the fee is what it is ("the transfer list's minimum fee of 1000 sat", …). */
  feeNote: string;
  /** For an asset send: gross leaves the inputs, net reaches the recipient, charge vanishes (protocol §5.10). */
  assetSend: { assetId: number; label: string; grossRaw: string; netRaw: string; chargeRaw: string; display: QuantityDisplay | null } | null;
  /** For a migration: every asset and amount that moves (§8.3). */
  migration: AssetAmount[] | null;
  paymentRef: string | null;
  /** Things the user should read before confirming (rounded amount, asset not validated, …). */
  warnings: string[];
  /** The wallet's bitcoin after this send (reserve kept, §7.3). */
  balanceAfterSats: string;
  reserveSats: string;
  /** When the draft (and the coins it holds) is released if not sent. */
  expiresAt: string;
}

export interface SendResult {
  txid: string;
  /** Fee actually paid, and the size of the signed transaction. */
  feeSats: string;
  vsize: number;
}

/** An asset send amount worked out by main: both figures with payment charges (asset-web-page.md §8.3). */
export interface AssetQuote {
  grossRaw: string;
  netRaw: string;
  chargeRaw: string;
  /** How the asset's units are shown (the smallest amount is one raw unit in it). */
  display: QuantityDisplay | null;
  /** The typed amount was rounded down to what raw units can carry; the smallest unit is shown beside it. */
  rounded: boolean;
  /** Units of the asset this wallet can send now (known quantities in unspent outputs). */
  spendableRaw: string;
  /** Payment charges apply to this asset. */
  hasCharges: boolean;
}
