import { createHash } from 'node:crypto';
import { bytesToHex, calcAssetHash, calcAssetURL, genesisHashMatches, type Genesis } from '../../../shared/coinspark';
import { PAGE_JSON_MAX } from '../../../shared/model/asset-lists';
import type { ValidState } from '../../../shared/model/asset-view';
import { HostLimiter } from '../../node/net/host-limiter';
import type { NetPolicy } from '../../node/net/host-policy';
import { linkSignals, safeFetch, type FetchFailure, type FetchLimits } from '../../node/net/safe-fetch';
import { checkPicture, type PictureKind } from '../../../shared/images/png-header';
import { contractProblem } from './contract-check';
import { extractSpecJson } from './page-json';
import { checkSpec, type AssetSpec } from './spec-fields';

/**
 * One validity check of one asset (asset-web-page.md §7), independent of any store: page URL from the genesis
 * (and input 0 when the page path is empty), capped fetches, JSON extraction, required fields, contract with its
 * MIME type, asset hash compared with the genesis. Every outcome is one validity state with a reason in words.
 */
// The page's JSON is stored in the lists: their schema holds up to the page limit (PAGE_JSON_MAX).
export const PAGE_LIMITS: FetchLimits = { maxBytes: PAGE_JSON_MAX, connectTimeoutMs: 15_000, idleTimeoutMs: 15_000, totalTimeoutMs: 30_000 };
export const CONTRACT_LIMITS: FetchLimits = { maxBytes: 16 * 1024 * 1024, connectTimeoutMs: 15_000, idleTimeoutMs: 30_000, totalTimeoutMs: 120_000 };
export const IMAGE_LIMITS: FetchLimits = { maxBytes: 1024 * 1024, connectTimeoutMs: 15_000, idleTimeoutMs: 30_000, totalTimeoutMs: 60_000 };

export type CheckState = Extract<
  ValidState,
  | 'NOT_VALIDATED_YET'
  | 'ASSET_WEB_PAGE_NOT_FOUND'
  | 'ASSET_SPECS_NOT_FOUND'
  | 'ASSET_SPECS_NOT_PARSED'
  | 'REQUIRED_FIELD_MISSING'
  | 'CONTRACT_NOT_FOUND'
  | 'CONTRACT_INVALID'
  | 'HASH_MISMATCH'
  | 'VALID'
>;

export interface ValidityInput {
  genesis: Genesis;
  /** Input 0 of the genesis transaction; only needed when the genesis has no page path. */
  firstSpent: { txid: string; vout: number } | null;
}

export interface FetchedImage {
  bytes: Uint8Array;
  mimeType: string;
}

export interface ValidityOutcome {
  state: CheckState;
  reason: string | null;
  pageUrl: string | null;
  /** The extracted JSON text, when step 3 passed (kept for display even if a later step fails). */
  jsonText: string | null;
  spec: AssetSpec | null;
  contract: { bytes: Uint8Array; mimeType: string; sha256: string } | null;
  icon: FetchedImage | null;
  image: FetchedImage | null;
  /** Computed asset hash (hex), when the contract was downloaded. */
  assetHash: string | null;
}

export interface ValidityCheckerOptions {
  policy: NetPolicy;
  limiter?: HostLimiter;
  /**
   * Contracts downloading at once, all hosts together (one per host, so a host that hangs on its contract holds
   * one slot only): bounds the memory of contract downloads at this × 16 MB.
   */
  maxConcurrentContracts?: number;
  pageLimits?: FetchLimits;
  contractLimits?: FetchLimits;
  imageLimits?: FetchLimits;
  /** Download icon and image (optional; failures never affect validity). */
  fetchImages?: boolean;
}

const ZERO_TXID = '0'.repeat(64);

const hostOf = (url: string): string => new URL(url).host.toLowerCase();

function describeFetchFailure(what: string, f: FetchFailure): string {
  return `${what}: ${f.message}`;
}

export class ValidityChecker {
  private readonly contractSlots: HostLimiter;

  constructor(private readonly opts: ValidityCheckerOptions) {
    this.contractSlots = new HostLimiter(1, opts.maxConcurrentContracts ?? 8);
  }

  pageUrl(input: ValidityInput): string | null {
    const { genesis, firstSpent } = input;
    if (genesis.pagePath !== '') return calcAssetURL(genesis, ZERO_TXID, 0);
    // A coinbase genesis has no spent txid: asset-web-page.md §1 treats it as 64 zeros / 4294967295.
    if (firstSpent === null) return null;
    return calcAssetURL(genesis, firstSpent.txid.toLowerCase(), firstSpent.vout);
  }

  async check(input: ValidityInput, signal?: AbortSignal): Promise<ValidityOutcome> {
    const out: ValidityOutcome = { state: 'NOT_VALIDATED_YET', reason: null, pageUrl: null, jsonText: null, spec: null, contract: null, icon: null, image: null, assetHash: null };
    const done = (state: CheckState, reason: string | null): ValidityOutcome => Object.assign(out, { state, reason });
    const pageUrl = this.pageUrl(input);
    if (pageUrl === null) return done('NOT_VALIDATED_YET', 'the first input of the genesis transaction is not known yet');
    out.pageUrl = pageUrl;
    const common = { policy: this.opts.policy, limiter: this.opts.limiter, signal };

    const page = await safeFetch({ url: pageUrl, limits: this.opts.pageLimits ?? PAGE_LIMITS, ...common });
    if (!page.ok) return done('ASSET_WEB_PAGE_NOT_FOUND', describeFetchFailure('asset web page', page));
    const html = new TextDecoder('utf-8', { fatal: false }).decode(page.body);
    const extracted = extractSpecJson(html);
    if (!extracted.ok) return done(extracted.state, extracted.reason);
    out.jsonText = extracted.text;
    const checked = checkSpec(extracted.json);
    if (!checked.ok) return done('REQUIRED_FIELD_MISSING', checked.reason);
    const spec = checked.spec;
    out.spec = spec;

    const contract = await this.contractSlots.run(hostOf(spec.contractUrl), async (slot) => {
      const link = linkSignals(signal, slot.signal);
      try {
        return await safeFetch({ url: spec.contractUrl, limits: this.opts.contractLimits ?? CONTRACT_LIMITS, ...common, signal: link.signal, onProgress: slot.progress });
      } finally {
        link.dispose();
      }
    });
    if (!contract.ok) return done('CONTRACT_NOT_FOUND', describeFetchFailure('contract', contract));
    const mimeType = contract.contentType ?? 'application/octet-stream';
    out.contract = { bytes: contract.body, mimeType, sha256: createHash('sha256').update(contract.body).digest('hex') };
    const problem = contractProblem(contract.body, contract.contentType);
    if (problem !== null) return done('CONTRACT_INVALID', problem);

    const hash = calcAssetHash({
      name: spec.name,
      issuer: spec.issuer,
      description: spec.description,
      units: spec.units,
      issueDate: spec.issueDate,
      expiryDate: spec.expiryDate,
      interestRate: spec.interestRate,
      multiple: spec.multiple,
      contractContent: contract.body,
    });
    out.assetHash = bytesToHex(hash);
    if (!genesisHashMatches(input.genesis, hash))
      return done('HASH_MISMATCH', `the page's fixed fields and contract hash to ${out.assetHash.slice(0, input.genesis.assetHashLen * 2)}…, the genesis says ${bytesToHex(input.genesis.assetHash.subarray(0, input.genesis.assetHashLen))}`);

    if (this.opts.fetchImages) {
      const [icon, image] = await Promise.all([
        spec.iconUrl ? this.fetchImage(spec.iconUrl, 'icon', signal) : null,
        spec.imageUrl ? this.fetchImage(spec.imageUrl, 'image', signal) : null,
      ]);
      out.icon = icon;
      out.image = image;
    }
    return done('VALID', null);
  }

  /**
   * Icon or image (asset-web-page.md §6, issue #16): PNG only, its header's size checked before it is kept — a
   * small file claiming 50,000 × 50,000 pixels is refused here and never reaches a decoder.
   */
  private async fetchImage(url: string, kind: PictureKind, signal?: AbortSignal): Promise<FetchedImage | null> {
    const r = await safeFetch({ url, limits: this.opts.imageLimits ?? IMAGE_LIMITS, policy: this.opts.policy, limiter: this.opts.limiter, signal });
    if (!r.ok) return null;
    return checkPicture(r.body, kind).ok ? { bytes: r.body, mimeType: 'image/png' } : null;
  }
}
