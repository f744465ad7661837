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

/**
 * "Held first": raw units of unrelated assets cannot be compared (250,000 raw grams of gold vs 300 shares), so the
 * balance sort only ranks what is held (any units) before what may be (quantities still unknown) before nothing,
 * and orders each group by domain and name.
 */
function holdingRank(a: AssetSummary): number {
  if (rawBig(a.balance.confirmedRaw) + rawBig(a.balance.unconfirmedRaw) > 0n) return 0;
  if (a.balance.unknownOutputs > 0 || a.balance.updating || a.balance.unknownOld > 0) return 1;
  return 2;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const comparators: Record<SortKey, (a: AssetSummary, b: AssetSummary) => number> = {
  domain: (a, b) => collator.compare(text(a.domain), text(b.domain)) || collator.compare(text(a.name), text(b.name)),
  name: (a, b) => collator.compare(text(a.name), text(b.name)) || collator.compare(text(a.domain), text(b.domain)),
  balance: (a, b) => holdingRank(a) - holdingRank(b) || comparators.domain(a, b),
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
