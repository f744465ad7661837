import type { AssetSummary, ValidityState } from '../../../shared/model/asset-view';

/** How a validity state looks: ok (valid), pending (being worked out), bad (invalid), warn (needs attention). */
export type Tone = 'ok' | 'pending' | 'bad' | 'warn';

const PENDING: ReadonlySet<ValidityState> = new Set(['ASSET_REF_ONLY', 'NOT_VALIDATED_YET', 'REFRESH']);

export function validityTone(asset: Pick<AssetSummary, 'validity' | 'dispute'>): Tone {
  if (asset.dispute) return 'warn';
  const state = asset.validity.state;
  if (state === 'VALID') return 'ok';
  if (state === 'DUPLICATE') return 'warn';
  if (PENDING.has(state)) return 'pending';
  return 'bad';
}

export const TONE_ICON: Record<Tone, string> = { ok: '✓', pending: '…', bad: '✕', warn: '!' };
export const TONE_WORD: Record<Tone, string> = { ok: 'Valid', pending: 'Checking', bad: 'Invalid', warn: 'Attention' };

/** The state in words: main's text, or "Disputed" when trackers disagree. */
export function validityWords(asset: Pick<AssetSummary, 'validity' | 'dispute'>): string {
  if (asset.dispute) return 'Disputed: trackers disagree';
  return asset.validity.text;
}

/** Whether the page JSON is trusted enough to format quantities with it. */
export function isKnownAndValid(asset: Pick<AssetSummary, 'validity' | 'dispute' | 'loadingText'>): boolean {
  return asset.loadingText === null && asset.validity.state === 'VALID' && !asset.dispute;
}
