// What each sample asset of the demo network is there to show, in words for the wallet's window (issue #16:
// "each sample asset's fault is explained where it is shown"). Keyed by genesis txid, as AppInfo.demo carries it.
import { sampleAssets, type AssetPlan } from './sample-assets.js';

function noteFor(plan: AssetPlan): string | null {
  switch (plan.expect) {
    case 'hashMismatch':
      return 'Demo: the issuer edited this asset’s page after issuing it, so the page no longer matches what the issue fixed. The wallet must call it invalid.';
    case 'pageNotFound':
      return 'Demo: the issuer’s web page for this asset is missing on purpose (the demo issuer answers “not found”).';
    case 'contractInvalid':
      return 'Demo: this asset’s contract is published as an HTML page, which wallets must refuse: such a page can change what it shows.';
    case 'genesisInvalid':
      return 'Demo: this asset’s issue paid less than the minimum fee, so no units ever came into existence.';
    case 'valid':
      return plan.trackers === 'liar' ? 'Demo: one of this asset’s two trackers lies about quantities on purpose; the wallet notices they disagree.' : null;
  }
}

/** genesis txid → note, for the sample assets of a devnet world that have something to explain. */
export function demoNotes(assets: readonly { key: string; genTxId: string }[]): Record<string, string> {
  const plans = new Map(sampleAssets().map((p) => [p.key, p]));
  const notes: Record<string, string> = {};
  for (const a of assets) {
    const plan = plans.get(a.key);
    const note = plan ? noteFor(plan) : null;
    if (note) notes[a.genTxId] = note;
  }
  return notes;
}
