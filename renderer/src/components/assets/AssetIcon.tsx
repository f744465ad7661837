import { memo } from 'react';
import type { AssetSummary } from '../../../../shared/model/asset-view';
import { usePicture } from '../../lib/pictures';

/** A stable hue per issuer domain (or reference), so a placeholder looks the same every time. */
function hueOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h % 360;
}

/** Up to two letters from the short name, the name or the domain. */
function initialsOf(asset: Pick<AssetSummary, 'shortName' | 'name' | 'domain'>): string {
  const source = asset.shortName ?? asset.name ?? asset.domain ?? '?';
  const letters = source.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ');
  const first = letters[0] ?? '?';
  return (letters.length > 1 ? first.charAt(0) + (letters[1] ?? '').charAt(0) : first.slice(0, 2)).toUpperCase() || '?';
}

/**
 * The asset's icon (a checked PNG, asset-web-page.md §6), or a generated placeholder: initials on a colour taken
 * from the issuer's domain. Decorative: the name beside it says what it is.
 */
function AssetIconView({ asset, size = 32 }: { asset: Pick<AssetSummary, 'icon' | 'shortName' | 'name' | 'domain' | 'assetRef' | 'assetId'>; size?: number }) {
  const url = usePicture(asset.icon, 'icon');
  if (url) return <img className="asset-icon" src={url} width={size} height={size} alt="" data-testid="asset-icon" />;
  const hue = hueOf(asset.domain ?? asset.assetRef ?? String(asset.assetId));
  return (
    <span className="asset-icon placeholder" aria-hidden="true" data-testid="asset-icon-placeholder" style={{ width: size, height: size, ['--hue' as string]: hue }}>
      {initialsOf(asset)}
    </span>
  );
}

export const AssetIcon = memo(AssetIconView);
