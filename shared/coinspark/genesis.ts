/** Genesis metadata, quantities, charges, minimum fee and distribution of new units (protocol.md §5). */
import * as bytesModule from './bytes.js';
import * as constantsModule from './constants.js';
import * as domainModule from './domain.js';
import * as mantissaModule from './mantissa.js';
import * as metadataModule from './metadata.js';
import * as resultModule from './result.js';
import type { MantissaExponent } from './mantissa.js';
import type { Decoded } from './result.js';

// Named imports are read once into local constants: under tsx (scripts, bench, vector runner) these modules
// run as CommonJS, where each use of a named import is a getter call on the exporting module's exports
// object, a measurable cost in the decode and apply hot paths. (Bundled or native ESM: no difference.)
const { bytesToHex, copyBytes } = bytesModule;
const { FEE_BASIS_MAX_SATOSHIS, GENESIS_CHARGE_BASIS_POINTS_MAX, GENESIS_CHARGE_FLAT_EXPONENT_MAX, GENESIS_CHARGE_FLAT_MANTISSA_MAX, GENESIS_CHARGE_FLAT_MANTISSA_MAX_IF_EXP_MAX, GENESIS_DOMAIN_NAME_MAX_LEN, GENESIS_HASH_MAX_LEN, GENESIS_HASH_MIN_LEN, GENESIS_PAGE_PATH_MAX_LEN, GENESIS_PREFIX, GENESIS_QTY_EXPONENT_MAX, GENESIS_QTY_MANTISSA_MAX, GENESIS_QTY_MANTISSA_MIN } = constantsModule;
const { decodeDomainPathInto, domainPathResult, encodeDomainPath, parseIPv4, shrinkDomain, tripletBytes } = domainModule;
const { qtyToMantissaExponent } = mantissaModule;
const { locateField } = metadataModule;
const { fail, ok } = resultModule;

export interface Genesis {
  qtyMantissa: number;
  qtyExponent: number;
  chargeFlatMantissa: number;
  chargeFlatExponent: number;
  chargeBasisPoints: number;
  useHttps: boolean;
  domainName: string;
  usePrefix: boolean;
  pagePath: string;
  /** The stored leading bytes of the asset hash (at least `assetHashLen` bytes). */
  assetHash: Uint8Array;
  assetHashLen: number;
}

const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 20; i++, p *= 10n) POW10.push(p);

function isInt(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

/** Validity rules of §5.5. */
export function isValidGenesis(g: Genesis): boolean {
  return (
    isInt(g.qtyMantissa, GENESIS_QTY_MANTISSA_MIN, GENESIS_QTY_MANTISSA_MAX) &&
    isInt(g.qtyExponent, 0, GENESIS_QTY_EXPONENT_MAX) &&
    isInt(g.chargeFlatExponent, 0, GENESIS_CHARGE_FLAT_EXPONENT_MAX) &&
    isInt(
      g.chargeFlatMantissa,
      0,
      g.chargeFlatExponent === GENESIS_CHARGE_FLAT_EXPONENT_MAX
        ? GENESIS_CHARGE_FLAT_MANTISSA_MAX_IF_EXP_MAX
        : GENESIS_CHARGE_FLAT_MANTISSA_MAX,
    ) &&
    isInt(g.chargeBasisPoints, 0, GENESIS_CHARGE_BASIS_POINTS_MAX) &&
    g.domainName.length <= GENESIS_DOMAIN_NAME_MAX_LEN &&
    g.pagePath.length <= GENESIS_PAGE_PATH_MAX_LEN &&
    isInt(g.assetHashLen, GENESIS_HASH_MIN_LEN, GENESIS_HASH_MAX_LEN) &&
    g.assetHash.length >= g.assetHashLen
  );
}

/** Units created: qtyMantissa × 10^qtyExponent. */
export function genesisQty(g: Genesis): bigint {
  return BigInt(g.qtyMantissa) * POW10[g.qtyExponent]!;
}

/** Flat payment charge: chargeFlatMantissa × 10^chargeFlatExponent. */
export function genesisChargeFlat(g: Genesis): bigint {
  return BigInt(g.chargeFlatMantissa) * POW10[g.chargeFlatExponent]!;
}

/** setQty (§5.7): mantissa ≤ 1000, exponent ≤ 11. */
export function genesisQtyFor(desiredQty: bigint, rounding: number): MantissaExponent {
  return qtyToMantissaExponent(desiredQty, rounding, GENESIS_QTY_MANTISSA_MAX, GENESIS_QTY_EXPONENT_MAX);
}

/** setChargeFlat (§5.7): mantissa ≤ 100, exponent ≤ 2, mantissa capped at 50 when the exponent is 2. */
export function genesisChargeFlatFor(desiredChargeFlat: bigint, rounding: number): MantissaExponent {
  const r = qtyToMantissaExponent(
    desiredChargeFlat,
    rounding,
    GENESIS_CHARGE_FLAT_MANTISSA_MAX,
    GENESIS_CHARGE_FLAT_EXPONENT_MAX,
  );
  if (r.exponent === GENESIS_CHARGE_FLAT_EXPONENT_MAX && r.mantissa > GENESIS_CHARGE_FLAT_MANTISSA_MAX_IF_EXP_MAX) {
    r.mantissa = GENESIS_CHARGE_FLAT_MANTISSA_MAX_IF_EXP_MAX;
  }
  r.value = BigInt(r.mantissa) * POW10[r.exponent]!;
  return r;
}

/** Encodes `SPKg…` (§5.3). Fails if the genesis is invalid, unencodable or longer than `metadataMaxLen`. */
export function encodeGenesis(g: Genesis, metadataMaxLen: number): Decoded<Uint8Array> {
  if (!isValidGenesis(g)) return fail('invalid genesis');
  const out: number[] = [0x53, 0x50, 0x4b, GENESIS_PREFIX];
  let q = (g.qtyExponent * 1001 + g.qtyMantissa) & 0x3fff;
  if (g.chargeFlatMantissa > 0) q |= 0x4000;
  if (g.chargeBasisPoints > 0) q |= 0x8000;
  out.push(q & 0xff, q >> 8);
  if (g.chargeFlatMantissa > 0) out.push(g.chargeFlatExponent * 101 + g.chargeFlatMantissa);
  if (g.chargeBasisPoints > 0) out.push(g.chargeBasisPoints);
  if (!encodeDomainPath(g, false, out)) return fail('domain name or page path cannot be encoded');
  for (let i = 0; i < g.assetHashLen; i++) out.push(g.assetHash[i]!);
  if (out.length > metadataMaxLen) return fail('genesis does not fit in metadataMaxLen');
  return ok(Uint8Array.from(out));
}

/** Decodes the `g` field of (possibly composite) metadata (§5.4). */
export function decodeGenesis(metadata: Uint8Array): Decoded<Genesis> {
  const range = locateField(metadata, GENESIS_PREFIX);
  if (range === null) return fail('no genesis field');
  const body = metadata;
  const n = range.end;
  let pos = range.start;
  if (pos + 2 > n) return fail('truncated genesis');
  const q = body[pos]! | (body[pos + 1]! << 8);
  const v = q & 0x3fff;
  pos += 2;
  let chargeFlatMantissa = 0;
  let chargeFlatExponent = 0;
  let chargeBasisPoints = 0;
  if (q & 0x4000) {
    if (pos >= n) return fail('truncated genesis');
    const c = body[pos++]!;
    chargeFlatMantissa = c % 101;
    chargeFlatExponent = (c - chargeFlatMantissa) / 101;
  }
  if (q & 0x8000) {
    if (pos >= n) return fail('truncated genesis');
    chargeBasisPoints = body[pos++]!;
  }
  const used = decodeDomainPathInto(body, pos, n, false);
  if (used < 0) return fail('malformed domain name or page path');
  pos += used;
  const dp = domainPathResult; // read at once, before anything else can decode a domain
  const assetHashLen = Math.max(0, Math.min(n - pos, GENESIS_HASH_MAX_LEN));
  // Validity (§5.5) of what was read; the rest holds by construction (byte-sized fields).
  const qtyMantissa = v % 1001;
  const qtyExponent = (v - qtyMantissa) / 1001;
  if (
    qtyMantissa < GENESIS_QTY_MANTISSA_MIN ||
    qtyExponent > GENESIS_QTY_EXPONENT_MAX ||
    chargeFlatExponent > GENESIS_CHARGE_FLAT_EXPONENT_MAX ||
    (chargeFlatExponent === GENESIS_CHARGE_FLAT_EXPONENT_MAX &&
      chargeFlatMantissa > GENESIS_CHARGE_FLAT_MANTISSA_MAX_IF_EXP_MAX) ||
    chargeBasisPoints > GENESIS_CHARGE_BASIS_POINTS_MAX ||
    dp.domainName.length > GENESIS_DOMAIN_NAME_MAX_LEN ||
    dp.pagePath.length > GENESIS_PAGE_PATH_MAX_LEN ||
    assetHashLen < GENESIS_HASH_MIN_LEN
  ) {
    return fail('invalid genesis values');
  }
  const assetHash = copyBytes(body, pos, assetHashLen);
  return ok({
    qtyMantissa,
    qtyExponent,
    chargeFlatMantissa,
    chargeFlatExponent,
    chargeBasisPoints,
    useHttps: dp.useHttps,
    domainName: dp.domainName,
    usePrefix: dp.usePrefix,
    pagePath: dp.pagePath,
    assetHash,
    assetHashLen,
  });
}

/**
 * The asset-hash length that makes the encoded genesis fill `metadataMaxLen` (§5.6), capped at 32 and
 * clamped at 0 (decision: as C; Python returns negative numbers). Below 12 means "does not fit".
 */
export function calcGenesisHashLen(g: Omit<Genesis, 'assetHash' | 'assetHashLen'>, metadataMaxLen: number): number {
  let n = metadataMaxLen - 3 - 1 - 2;
  if (g.chargeFlatMantissa > 0) n -= 1;
  if (g.chargeBasisPoints > 0) n -= 1;
  let pathChars = g.pagePath.length + 1;
  if (parseIPv4(g.domainName) !== null) {
    n -= 5;
  } else {
    n -= 1;
    const s = shrinkDomain(g.domainName);
    pathChars += (s === null ? g.domainName.length : s.text.length) + 1;
  }
  n -= tripletBytes(pathChars);
  return Math.min(Math.max(n, 0), GENESIS_HASH_MAX_LEN);
}

/** Payment charge on `gross` units: min(gross, flat + round-half-up(gross × bp / 10000)) (§5.10). */
export function calcCharge(g: Genesis, gross: bigint): bigint {
  const charge = genesisChargeFlat(g) + (gross * BigInt(g.chargeBasisPoints) + 5000n) / 10000n;
  return charge < gross ? charge : gross;
}

/** Units received when `gross` units are sent (§5.10). */
export function calcNet(g: Genesis, gross: bigint): bigint {
  if (g.chargeFlatMantissa === 0 && g.chargeBasisPoints === 0) return gross;
  return gross - calcCharge(g, gross);
}

/**
 * calcNet on a number (0 ≤ gross ≤ 2^53 − 1), exact: gross × basisPoints can pass 2^53, so the product
 * is split as gross = hi × 10000 + lo and rounded in two exact parts. Used by the fast apply path.
 */
export function calcNetNumber(g: Genesis, gross: number): number {
  const bp = g.chargeBasisPoints;
  if (g.chargeFlatMantissa === 0 && bp === 0) return gross;
  let hi = Math.floor(gross / 10000);
  let lo = gross - hi * 10000;
  if (lo < 0) { hi--; lo += 10000; } else if (lo >= 10000) { hi++; lo -= 10000; }
  // floor((gross × bp + 5000) / 10000) = hi × bp + floor((lo × bp + 5000) / 10000)
  const charge = g.chargeFlatMantissa * FLAT_POW10[g.chargeFlatExponent]! + hi * bp + Math.floor((lo * bp + 5000) / 10000);
  return charge < gross ? gross - charge : 0;
}
const FLAT_POW10 = [1, 10, 100];

/** Smallest amount to send so that the recipient nets at least `net` (§5.10). */
export function calcGross(g: Genesis, net: bigint): bigint {
  if (net <= 0n) return 0n;
  const lower = ((net + genesisChargeFlat(g)) * 10000n) / BigInt(10000 - g.chargeBasisPoints);
  return calcNet(g, lower) >= net ? lower : lower + 1n;
}

/** min(1000, smallest satoshi value among regular outputs); 1000 if there is none (§5.9). */
export function minFeeBasis(outputsSatoshis: readonly bigint[], outputsRegular: readonly boolean[]): bigint {
  let basis = FEE_BASIS_MAX_SATOSHIS;
  const n = outputsRegular.length;
  for (let i = 0; i < n; i++) {
    if (outputsRegular[i]) {
      const s = outputsSatoshis[i]!;
      if (s < basis) basis = s;
    }
  }
  return basis;
}

function countRegular(outputsRegular: readonly boolean[]): number {
  let c = 0;
  for (let i = 0; i < outputsRegular.length; i++) if (outputsRegular[i]) c++;
  return c;
}

/** Minimum fee (satoshis) for the genesis transaction to be valid (§5.9). */
export function calcGenesisMinFee(outputsSatoshis: readonly bigint[], outputsRegular: readonly boolean[]): bigint {
  const c = countRegular(outputsRegular);
  return c > 1 ? BigInt(c - 1) * minFeeBasis(outputsSatoshis, outputsRegular) : 0n;
}

/**
 * Distribution of the new units over the outputs (§5.9): shared by all regular outputs except the last
 * (remainder to the first of them). Unconditional: check the fee first with calcGenesisMinFee.
 */
export function applyGenesis(g: Genesis, outputsRegular: readonly boolean[]): bigint[] {
  const n = outputsRegular.length;
  const out = new Array<bigint>(n).fill(0n);
  let last = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (outputsRegular[i]) {
      last = i;
      break;
    }
  }
  if (last < 0) return out;
  const d = countRegular(outputsRegular) - 1;
  if (d <= 0) return out;
  const total = genesisQty(g);
  const dd = BigInt(d);
  const per = total / dd;
  let extra = total - per * dd;
  for (let i = 0; i < n; i++) {
    if (outputsRegular[i] && i !== last) {
      out[i] = per + extra;
      extra = 0n;
    }
  }
  return out;
}

const TXID_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Asset web page URL (§5.8). `firstSpentTxId` is the txid (display order, 64 hex chars) spent by input 0
 * of the genesis transaction and `firstSpentVout` its output index. Null if the txid is malformed.
 */
export function calcAssetURL(g: Genesis, firstSpentTxId: string, firstSpentVout: number): string | null {
  if (!TXID_HEX.test(firstSpentTxId) || !Number.isInteger(firstSpentVout) || firstSpentVout < 0) return null;
  let last: string;
  if (g.pagePath !== '') {
    last = g.pagePath;
  } else {
    const k = firstSpentVout % 64;
    last = (firstSpentTxId + firstSpentTxId).slice(k, k + 16);
  }
  const url = `${g.useHttps ? 'https' : 'http'}://${g.domainName}/${g.usePrefix ? 'coinspark/' : ''}${last}/`;
  return url.toLowerCase();
}

/** Issuer home page: scheme + "://" + domainName. */
export function calcIssuerURL(g: Genesis): string {
  return `${g.useHttps ? 'https' : 'http'}://${g.domainName}`.toLowerCase();
}

/** First `assetHashLen` bytes of a computed asset hash equal the stored ones (§6.2). */
export function genesisHashMatches(g: Genesis, assetHash: Uint8Array): boolean {
  if (assetHash.length < g.assetHashLen) return false;
  for (let i = 0; i < g.assetHashLen; i++) if (assetHash[i] !== g.assetHash[i]) return false;
  return true;
}

/** Debug text of a genesis (hash in hex). */
export function genesisToString(g: Genesis): string {
  return `${genesisQty(g)} units, charge ${genesisChargeFlat(g)} + ${g.chargeBasisPoints}bp, ${calcIssuerURL(g)}, hash ${bytesToHex(g.assetHash, 0, g.assetHashLen)}`;
}
