import { describe, expect, it } from 'vitest';
import { checkPicture, readPngHeader } from '../../../shared/images/png-header';
import { iconPng } from '../../devnet/issuer/content';

/** A PNG signature and IHDR claiming w×h, followed by `pad` bytes (nothing else needed: no decoder runs). */
function header(w: number, h: number, pad = 0, colourType = 2, depth = 8): Uint8Array {
  const b = new Uint8Array(33 + pad);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, w);
  new DataView(b.buffer).setUint32(20, h);
  b[24] = depth;
  b[25] = colourType;
  return b;
}

describe('PNG header check before any decode (issue #16, asset-web-page.md §6)', () => {
  it('reads the size from the first 33 bytes of a real PNG', () => {
    const read = readPngHeader(iconPng([1, 2, 3], 64));
    expect(read).toEqual({ ok: true, header: { width: 64, height: 64, bitDepth: 8, colourType: 2 } });
    expect(checkPicture(iconPng([1, 2, 3], 64), 'icon').ok).toBe(true);
  });

  it('refuses a 303 KB file claiming 50,000 × 50,000 pixels, as icon and as image', () => {
    const bomb = header(50_000, 50_000, 303_000);
    expect(checkPicture(bomb, 'icon')).toEqual({ ok: false, reason: 'it claims 50000×50000 pixels, more than 2048 on a side' });
    expect(checkPicture(bomb, 'image').ok).toBe(false);
  });

  it('holds icons to ≥ 32×32 and square, images to ≥ 128×128, both to 1 MB and PNG only', () => {
    expect(checkPicture(header(31, 31), 'icon')).toMatchObject({ ok: false, reason: expect.stringContaining('smaller than 32×32') });
    expect(checkPicture(header(32, 40), 'icon')).toMatchObject({ ok: false, reason: expect.stringContaining('not square') });
    expect(checkPicture(header(32, 32), 'icon').ok).toBe(true);
    expect(checkPicture(header(127, 300), 'image')).toMatchObject({ ok: false, reason: expect.stringContaining('smaller than 128×128') });
    expect(checkPicture(header(300, 128), 'image').ok).toBe(true);
    expect(checkPicture(header(64, 64, 1024 * 1024), 'icon')).toMatchObject({ ok: false, reason: expect.stringContaining('limit') });
    const jpeg = new Uint8Array(64).fill(0);
    jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(checkPicture(jpeg, 'image')).toEqual({ ok: false, reason: 'it is not a PNG file' });
    expect(checkPicture(header(64, 64, 0, 2, 4), 'icon')).toMatchObject({ ok: false, reason: expect.stringContaining('colour format') });
    expect(checkPicture(header(0, 64), 'icon').ok).toBe(false);
    expect(checkPicture(new Uint8Array(10), 'icon').ok).toBe(false);
  });
});
