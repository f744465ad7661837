/** The codes of a transfer's packing and extend bytes (protocol.md §7.2–§7.3), shared by encoder and decoder. */

// Packing byte (§7.2): asset-reference bits, range bits, quantity bits
export const REF_MASK = 0xc0;
export const REF_PREV = 0x00;
export const REF_3_3 = 0x40;
export const REF_3_4 = 0x80;
export const REF_4_4 = 0xc0;
export const RANGES_MASK = 0x38;
export const RANGES_EXTEND = 0x38;
export const QTY_MASK = 0x07;
export const QTY_1P = 0;
export const QTY_6_BYTES = 5;
export const QTY_FLOAT = 6;
export const QTY_MAX = 7;

// Range codes (§7.3)
export const R_0P = 0;
export const R_1S = 1;
export const R_1_0_BYTE = 2;
export const R_2_0_BYTES = 3;
export const R_1_1_BYTES = 4;
export const R_2_1_BYTES = 5;
export const R_2_2_BYTES = 6;
export const R_ALL = 7;

/** Packing-byte range values (0 … 6) -> input code << 3 | output code; 7 (0x38) is EXTEND. */
export const PACKED_RANGE_CODES = new Uint8Array([
  (R_0P << 3) | R_0P,
  (R_0P << 3) | R_1S,
  (R_0P << 3) | R_ALL,
  (R_1S << 3) | R_0P,
  (R_ALL << 3) | R_0P,
  (R_ALL << 3) | R_1S,
  (R_ALL << 3) | R_ALL,
]);

/** Bytes of [first, count] stored for each range code, and of the quantity for each quantity code. */
export const FIRST_BYTES = [0, 0, 1, 2, 1, 2, 2, 0];
export const COUNT_BYTES = [0, 0, 0, 0, 1, 1, 2, 0];
export const QTY_BYTES = [0, 1, 2, 3, 4, 6, 2, 0];
