import type { AssetSummary } from '../../../shared/model/asset-view';
import type { SortKey } from '../state/assets-store';
import { validityTone } from './validity';

const TONE_ORDER = { bad: 0, warn: 1, pending: 2, ok: 3 } as const;

function text(value: string | null): string {
  return value ?? '\uffff';
}

function rawBig(raw: string): bigint {
  return /^-?\d+$/.test(raw) ? BigInt(raw) : 0n;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const comparators: Record<SortKey, (a: AssetSummary, b: AssetSummary) => number> = {
  domain: (a, b) => collator.compare(text(a.domain), text(b.domain)) || collator.compare(text(a.name), text(b.name)),
  name: (a, b) => collator.compare(text(a.name), text(b.name)) || collator.compare(text(a.domain), text(b.domain)),
  balance: (a, b) => {
    const x = rawBig(a.balance.confirmedRaw);
    const y = rawBig(b.balance.confirmedRaw);
    return x === y ? 0 : x > y ? -1 : 1;
  },
  status: (a, b) => TONE_ORDER[validityTone(a)] - TONE_ORDER[validityTone(b)],
  added: (a, b) => (a.whenAdded < b.whenAdded ? 1 : a.whenAdded > b.whenAdded ? -1 : 0),
};

function matches(asset: AssetSummary, needle: string): boolean {
  for (const field of [asset.domain, asset.name, asset.shortName, asset.issuer, asset.assetRef, asset.genTxId]) {
    if (field && field.toLowerCase().includes(needle)) return true;
  }
  return false;
}

/** Hidden ones dropped unless asked for, filtered by text, sorted; stable (ties keep main's order). */
export function orderAssets(assets: readonly AssetSummary[], options: { filter: string; sort: SortKey; showHidden: boolean }): AssetSummary[] {
  const needle = options.filter.trim().toLowerCase();
  const kept = assets.filter((a) => (options.showHidden || a.isVisible) && (needle === '' || matches(a, needle)));
  const compare = comparators[options.sort];
  return kept.sort((a, b) => compare(a, b) || a.assetId - b.assetId);
}
