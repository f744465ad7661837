import { useEffect, useState } from 'react';
import { checkPicture, type PictureKind } from '../../../shared/images/png-header';
import { base64ToBytes } from './base64';

/**
 * Icons and images by SHA-256, fetched once from main and kept as blob: URLs for the life of the window (the same
 * bytes are the same picture). The PNG header is checked again here, before the browser decodes anything: a
 * picture that claims too many pixels never becomes an <img>.
 */
const cache = new Map<string, Promise<string | null>>();

function load(sha256: string, kind: PictureKind): Promise<string | null> {
  const key = `${kind}:${sha256}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = window.wallet.assets.picture({ sha256 }).then(
      (picture) => {
        if (!picture || picture.mimeType !== 'image/png') return null;
        const bytes = base64ToBytes(picture.base64);
        if (!checkPicture(bytes, kind).ok) return null;
        return URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
      },
      () => {
        cache.delete(key); // a failed fetch may work next time
        return null;
      },
    );
    cache.set(key, entry);
  }
  return entry;
}

/** The picture's URL once loaded and checked; null while loading, when absent, or when refused. */
export function usePicture(sha256: string | null, kind: PictureKind): string | null {
  const [url, setUrl] = useState<{ sha: string; url: string | null } | null>(null);
  useEffect(() => {
    if (!sha256) return;
    let live = true;
    void load(sha256, kind).then((u) => live && setUrl({ sha: sha256, url: u }));
    return () => {
      live = false;
    };
  }, [sha256, kind]);
  return sha256 && url?.sha === sha256 ? url.url : null;
}
