import qrcode from 'qrcode-generator';

/** An SVG data: URL of a QR code for `text` (byte mode, error correction M, smallest version that fits). */
export function qrDataUrl(text: string, cellSize = 4): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const svg = qr.createSvgTag({ cellSize, margin: cellSize * 4, scalable: true });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
