/**
 * What a PNG says about itself before anything decodes it: the signature and the IHDR chunk (always first) give
 * width, height, bit depth and colour type in the first 33 bytes. A file can claim 50,000 × 50,000 pixels in
 * 300 KB; whoever decodes it then allocates gigabytes. So main checks this header before it stores an icon or
 * image, and the renderer checks it again before it hands the bytes to the browser's decoder.
 */

export type PictureKind = 'icon' | 'image';

/** asset-web-page.md §6 and issue #16: PNG only, at least 32×32 (icon) / 128×128 (image), at most 1 MB. */
export const PICTURE_RULES: Record<PictureKind, { minSide: number; maxSide: number; maxBytes: number; square: boolean }> = {
  // The upper bound is ours: no icon needs more, and it keeps a decoded icon under 16 MB of RGBA.
  icon: { minSide: 32, maxSide: 2048, maxBytes: 1024 * 1024, square: true },
  image: { minSide: 128, maxSide: 4096, maxBytes: 1024 * 1024, square: false },
};

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const VALID_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

/** The header of a PNG, or the reason these bytes are not one. Reads at most the first 33 bytes. */
export function readPngHeader(bytes: Uint8Array): { ok: true; header: PngHeader } | { ok: false; reason: string } {
  if (bytes.length < 33) return { ok: false, reason: 'it is too short to be a PNG' };
  for (let i = 0; i < SIGNATURE.length; i++) if (bytes[i] !== SIGNATURE[i]) return { ok: false, reason: 'it is not a PNG file' };
  const length = u32(bytes, 8);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (type !== 'IHDR' || length !== 13) return { ok: false, reason: 'its PNG header is damaged' };
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const bitDepth = bytes[24]!;
  const colourType = bytes[25]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return { ok: false, reason: 'its PNG header gives an impossible size' };
  if (!VALID_DEPTHS[colourType]?.includes(bitDepth)) return { ok: false, reason: 'its PNG header gives an impossible colour format' };
  return { ok: true, header: { width, height, bitDepth, colourType } };
}

/** Whether bytes may be shown as the asset's icon or image; the reason in words when not. */
export function checkPicture(bytes: Uint8Array, kind: PictureKind): { ok: true; header: PngHeader } | { ok: false; reason: string } {
  const rules = PICTURE_RULES[kind];
  if (bytes.length > rules.maxBytes) return { ok: false, reason: `it is ${bytes.length.toLocaleString('en')} bytes, more than the ${rules.maxBytes.toLocaleString('en')}-byte limit` };
  const read = readPngHeader(bytes);
  if (!read.ok) return read;
  const { width, height } = read.header;
  const size = `${width}×${height}`;
  if (width < rules.minSide || height < rules.minSide) return { ok: false, reason: `it is ${size} pixels, smaller than ${rules.minSide}×${rules.minSide}` };
  if (width > rules.maxSide || height > rules.maxSide) return { ok: false, reason: `it claims ${size} pixels, more than ${rules.maxSide} on a side` };
  if (rules.square && width !== height) return { ok: false, reason: `it is ${size} pixels, not square` };
  return read;
}
