/** Protocol constants (protocol.md §0.3). */
export const SATOSHI_QTY_MAX = 2_100_000_000_000_000n;
export const ASSET_QTY_MAX = 100_000_000_000_000n;
export const ASSET_QTY_MAX_NUM = 100_000_000_000_000;
export const PAYMENT_REF_MAX = 4_503_599_627_370_495n;
export const PAYMENT_REF_MAX_NUM = 4_503_599_627_370_495;

export const GENESIS_QTY_MANTISSA_MIN = 1;
export const GENESIS_QTY_MANTISSA_MAX = 1000;
export const GENESIS_QTY_EXPONENT_MIN = 0;
export const GENESIS_QTY_EXPONENT_MAX = 11;
export const GENESIS_CHARGE_FLAT_MAX = 5000;
export const GENESIS_CHARGE_FLAT_MANTISSA_MIN = 0;
export const GENESIS_CHARGE_FLAT_MANTISSA_MAX = 100;
export const GENESIS_CHARGE_FLAT_MANTISSA_MAX_IF_EXP_MAX = 50;
export const GENESIS_CHARGE_FLAT_EXPONENT_MIN = 0;
export const GENESIS_CHARGE_FLAT_EXPONENT_MAX = 2;
export const GENESIS_CHARGE_BASIS_POINTS_MIN = 0;
export const GENESIS_CHARGE_BASIS_POINTS_MAX = 250;
export const GENESIS_DOMAIN_NAME_MAX_LEN = 32;
export const GENESIS_PAGE_PATH_MAX_LEN = 24;
export const GENESIS_HASH_MIN_LEN = 12;
export const GENESIS_HASH_MAX_LEN = 32;

export const ASSETREF_BLOCK_NUM_MAX = 4_294_967_295;
export const ASSETREF_TX_OFFSET_MAX = 4_294_967_295;
export const ASSETREF_TXID_PREFIX_LEN = 2;
export const TRANSFER_BLOCK_NUM_DEFAULT_ROUTE = -1;
export const IO_INDEX_MAX = 65_535;

export const MESSAGE_SERVER_HOST_MAX_LEN = 32;
export const MESSAGE_SERVER_PATH_MAX_LEN = 24;
export const MESSAGE_HASH_MIN_LEN = 12;
export const MESSAGE_HASH_MAX_LEN = 32;
export const MESSAGE_MAX_IO_RANGES = 16;

export const ADDRESS_FLAG_ASSETS = 1;
export const ADDRESS_FLAG_PAYMENT_REFS = 2;
export const ADDRESS_FLAG_TEXT_MESSAGES = 4;
export const ADDRESS_FLAG_FILE_MESSAGES = 8;
export const ADDRESS_FLAG_MASK = 0x7fffff;

/** `SPK` */
export const METADATA_IDENTIFIER = new Uint8Array([0x53, 0x50, 0x4b]);
export const LENGTH_PREFIX_MAX = 96;
export const GENESIS_PREFIX = 0x67; // 'g'
export const TRANSFERS_PREFIX = 0x74; // 't'
export const PAYMENTREF_PREFIX = 0x72; // 'r'
export const MESSAGE_PREFIX = 0x6d; // 'm'
export const FEE_BASIS_MAX_SATOSHIS = 1000n;

/** Byte budget to target when encoding (Bitcoin Core 0.9 relay limit). Decoders accept up to 75. */
export const RECOMMENDED_METADATA_MAX_LEN = 40;
/** Largest metadata an OP_RETURN direct push can carry. */
export const SCRIPT_METADATA_MAX_LEN = 75;
