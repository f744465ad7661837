// Files an issuer publishes, built by hand so the devnet needs no binary fixtures: asset web pages with
// the embedded JSON (asset-web-page.md §3.1), a minimal but valid PDF contract with readable text, and
// PNG icons.
import { deflateSync } from 'node:zlib';

/** The asset JSON as it goes into the page: `(`, `)`, `<`, `>` become \u escapes (asset-web-page.md §3.1). */
export function embedJson(spec: unknown): string {
  return JSON.stringify(spec, null, 1).replace(/[()<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An asset web page: a human-readable part and the `_bitcoin_asset_specification_` script block. */
export function assetPageHtml(spec: Record<string, unknown>, jsonText: string = embedJson(spec)): string {
  const name = typeof spec['name'] === 'string' ? spec['name'] : 'Asset';
  const desc = typeof spec['description'] === 'string' ? spec['description'] : '';
  const issuer = typeof spec['issuer'] === 'string' ? spec['issuer'] : '';
  const contract = typeof spec['contract_url'] === 'string' ? spec['contract_url'] : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(name)}</title>
<script>
if (typeof _bitcoin_asset_specification_ === "function")
    _bitcoin_asset_specification_(${jsonText});
</script>
</head>
<body>
<h1>${escapeHtml(name)}</h1>
<p>Issued by ${escapeHtml(issuer)}.</p>
<p>${escapeHtml(desc)}</p>
<p><a href="${escapeHtml(contract)}">Contract</a></p>
</body>
</html>
`;
}

/** A one-page PDF 1.4 with the given lines in Helvetica, with a correct xref table. */
export function minimalPdf(title: string, lines: string[]): Uint8Array {
  const esc = (s: string): string => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const text = [`BT /F1 18 Tf 72 740 Td (${esc(title)}) Tj ET`, 'BT /F1 11 Tf 14 TL 72 710 Td'];
  for (const l of lines) text.push(`(${esc(l)}) Tj T*`);
  text.push('ET');
  const stream = text.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Title (${esc(title)}) /Producer (CoinSpark devnet) >>`,
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A square RGB PNG icon: a coloured disc with a lighter ring on a transparent-looking white ground. */
export function iconPng(rgb: [number, number, number], size = 64): Uint8Array {
  const rows: number[] = [];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c) / (size / 2);
      const px: [number, number, number] =
        d > 0.95 ? [255, 255, 255] : d > 0.8 ? rgb.map((v) => Math.min(255, v + 70)) as [number, number, number] : rgb;
      rows.push(...px);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(Buffer.from(rows))),
      pngChunk('IEND', new Uint8Array(0)),
    ]),
  );
}
