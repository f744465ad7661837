import * as v from 'valibot';

/**
 * The shapes of the Bitcoin Core answers the wallet relies on (checked against the v29 recordings). Only the
 * fields we read are required; everything else may come and go between Core versions. Sizes are capped.
 */
const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const Hex = v.pipe(v.string(), v.regex(/^[0-9a-fA-F]*$/), v.maxLength(8 * 1024 * 1024));
const Int = v.pipe(v.number(), v.integer());
const Name = v.pipe(v.string(), v.maxLength(1024));

export const NetworkInfoSchema = v.object({ version: Int, subversion: v.pipe(v.string(), v.maxLength(256)) });
export type NetworkInfo = v.InferOutput<typeof NetworkInfoSchema>;

export const BlockchainInfoSchema = v.object({
  chain: v.pipe(v.string(), v.maxLength(32)),
  blocks: Int,
  headers: Int,
  bestblockhash: Hex64,
  initialblockdownload: v.optional(v.boolean(), false),
  verificationprogress: v.optional(v.number(), 1),
  pruned: v.boolean(),
  pruneheight: v.optional(Int),
});
export type BlockchainInfo = v.InferOutput<typeof BlockchainInfoSchema>;

export const IndexInfoSchema = v.record(v.string(), v.object({ synced: v.boolean(), best_block_height: Int }));

export const WalletListSchema = v.pipe(v.array(Name), v.maxLength(10_000));
export const WalletDirSchema = v.object({ wallets: v.pipe(v.array(v.object({ name: Name })), v.maxLength(10_000)) });

export const BlockHeaderSchema = v.object({
  hash: Hex64,
  confirmations: Int,
  height: Int,
  previousblockhash: v.optional(Hex64),
});
export type BlockHeader = v.InferOutput<typeof BlockHeaderSchema>;

const SinceBlockEntry = v.object({
  txid: Hex64,
  category: v.pipe(v.string(), v.maxLength(32)),
  vout: v.optional(Int),
  confirmations: Int,
  blockhash: v.optional(Hex64),
  blockheight: v.optional(Int),
  blockindex: v.optional(Int),
  abandoned: v.optional(v.boolean()),
});
export type SinceBlockEntry = v.InferOutput<typeof SinceBlockEntry>;

export const ListSinceBlockSchema = v.object({
  transactions: v.pipe(v.array(SinceBlockEntry), v.maxLength(2_000_000)),
  removed: v.optional(v.pipe(v.array(SinceBlockEntry), v.maxLength(2_000_000)), []),
  lastblock: Hex64,
});
export type ListSinceBlock = v.InferOutput<typeof ListSinceBlockSchema>;

/** Amounts are read as numbers with 8 decimals; converted to satoshis exactly via their decimal text. */
export const UnspentSchema = v.pipe(
  v.array(
    v.object({
      txid: Hex64,
      vout: Int,
      address: v.optional(v.pipe(v.string(), v.maxLength(128))),
      scriptPubKey: Hex,
      amount: v.number(),
      confirmations: Int,
      spendable: v.optional(v.boolean(), true),
    }),
  ),
  v.maxLength(2_000_000),
);
export type Unspent = v.InferOutput<typeof UnspentSchema>[number];

export const WalletTransactionSchema = v.object({
  /** Net effect on the wallet's balance, fee excluded (negative for a send). */
  amount: v.optional(v.number()),
  /** Present (negative) only when the wallet paid into the transaction. */
  fee: v.optional(v.number()),
  txid: Hex64,
  confirmations: Int,
  blockhash: v.optional(Hex64),
  blockheight: v.optional(Int),
  blockindex: v.optional(Int),
  details: v.pipe(v.array(v.object({ category: v.string(), vout: v.optional(Int), address: v.optional(v.string()) })), v.maxLength(100_000)),
  walletconflicts: v.optional(v.pipe(v.array(Hex64), v.maxLength(10_000)), []),
  time: v.optional(Int),
  blocktime: v.optional(Int),
  hex: Hex,
});
export type WalletTransaction = v.InferOutput<typeof WalletTransactionSchema>;

export const HexStringSchema = Hex;
export const Hex64Schema = Hex64;
export const AddressSchema = v.pipe(v.string(), v.minLength(14), v.maxLength(128));
export const AddressInfoSchema = v.object({ address: v.string(), ismine: v.boolean() });

/** listlockunspent: the outputs locked in the wallet, whoever locked them. */
export const LockedOutputsSchema = v.pipe(v.array(v.object({ txid: Hex64, vout: v.pipe(Int, v.minValue(0)) })), v.maxLength(2_000_000));

/** gettxout: null when spent (also by a mempool transaction, with include_mempool), unknown or OP_RETURN. */
export const TxOutSchema = v.nullable(v.object({ confirmations: Int, value: v.number(), scriptPubKey: v.object({ hex: Hex, address: v.optional(v.pipe(v.string(), v.maxLength(128))) }) }));

/** Satoshis from a JSON amount (a number with ≤ 8 decimals) without floating-point error. */
export function amountToSats(amount: number): bigint {
  const text = amount.toFixed(8);
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const sats = BigInt(whole!) * 100_000_000n + BigInt(frac.padEnd(8, '0'));
  return negative ? -sats : sats;
}
