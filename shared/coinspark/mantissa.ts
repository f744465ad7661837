/** Mantissa/exponent quantities (protocol.md §3.1). Exact integer arithmetic on bigint. */

export interface MantissaExponent {
  mantissa: number;
  exponent: number;
  /** mantissa × 10^exponent */
  value: bigint;
}

/** Rounding for mantissa/exponent helpers: -1 down, 0 nearest (by repeated rounding), +1 up. */
export type Rounding = -1 | 0 | 1;

export function mantissaExponentToQty(mantissa: number, exponent: number): bigint {
  return BigInt(mantissa) * 10n ** BigInt(exponent);
}

/** §3.1: divide by 10 with the rounding offset until the mantissa fits; cap the exponent (mantissa kept). */
export function qtyToMantissaExponent(
  qty: bigint,
  rounding: number,
  mantissaMax: number,
  exponentMax: number,
): MantissaExponent {
  const roundOffset = rounding < 0 ? 0n : rounding > 0 ? 9n : 4n;
  let q = qty < 0n ? 0n : qty;
  const max = BigInt(mantissaMax);
  let e = 0;
  while (q > max) {
    q = (q + roundOffset) / 10n;
    e++;
  }
  e = Math.min(e, exponentMax);
  return { mantissa: Number(q), exponent: e, value: q * 10n ** BigInt(e) };
}
