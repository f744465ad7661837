/** How the contract viewer shows a MIME type. */
export type ContractKind = 'pdf' | 'html' | 'text' | 'image' | 'other';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);

export function essence(mimeType: string): string {
  return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

/** The charset parameter, when the type names one. */
export function charset(mimeType: string): string | undefined {
  const m = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(mimeType);
  return m?.[1];
}

export function contractKind(mimeType: string): ContractKind {
  const type = essence(mimeType);
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type.startsWith('text/') || type === 'application/json' || type === 'application/xml') return 'text';
  // SVG can carry scripts and is not on the list: it is offered for saving rather than shown.
  if (IMAGE_TYPES.has(type)) return 'image';
  return 'other';
}

/** A file name extension for "Save a copy". */
export function extensionFor(mimeType: string): string {
  const type = essence(mimeType);
  const known: Record<string, string> = {
    'application/pdf': 'pdf',
    'text/html': 'html',
    'text/plain': 'txt',
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/gif': 'gif',
    'application/json': 'json',
  };
  return known[type] ?? 'bin';
}

export function decodeText(bytes: Uint8Array, mimeType: string): string {
  try {
    return new TextDecoder(charset(mimeType) ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
