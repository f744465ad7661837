import { base64ToBytes, bytesToBase64 } from './base64';

const MAGIC = [0x70, 0x73, 0x62, 0x74, 0xff]; // "psbt" 0xff (BIP 174)

/** Offers the PSBT (base64 from main) as a binary .psbt file, the form hardware wallets and Core's GUI read. */
export function downloadPsbt(base64: string, fileName: string): void {
  const bytes = base64ToBytes(base64);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A signed PSBT as loaded by the user: a binary .psbt file or its base64 text. Returns base64, or null. */
export async function readPsbtFile(file: File): Promise<string | null> {
  if (file.size > 12 * 1024 * 1024) return null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (MAGIC.every((b, i) => bytes[i] === b)) return bytesToBase64(bytes);
  const text = new TextDecoder().decode(bytes).trim();
  return /^cHNidP8[A-Za-z0-9+/=\s]*$/.test(text) ? text.replace(/\s+/g, '') : null;
}
