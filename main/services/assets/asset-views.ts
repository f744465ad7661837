import { calcAssetURL, genesisQty, genesisChargeFlat } from '../../../shared/coinspark/index';
import type { AssetRow, BalanceRow, ValidState } from '../../../shared/model/asset-lists';
import { assetRefKey } from '../../../shared/model/asset-lists';
import type { AssetDetail, AssetSummary, BalanceRowView, BalanceView, ProvenanceView, QuantityDisplay, ValidityState } from '../../../shared/model/asset-view';
import { PAGE_JSON_LIMITS, parseBoundedJson } from '../../node/bounded-json';
import type { WalletOutput } from './assets-api';
import { fromGenesisRecord } from './genesis-record';
import { rowProvenance, totalProvenance } from './provenance-view';

/**
 * Words for each validity state (wallet-behaviour.md §2.3, asset-web-page.md §7), plain first: the technical reason
 * (HTTP status, hashes, URLs) is in `validReason`, shown behind "details".
 */
export const VALID_STATE_TEXT: Record<ValidState, string> = {
  ASSET_REF_ONLY: 'Looking for the asset',
  BLOCK_NOT_FOUND: 'Its block does not exist yet',
  TX_NOT_FOUND: 'Its reference leads nowhere',
  GENESIS_NOT_FOUND: 'Its reference is not an asset',
  NOT_VALIDATED_YET: 'Not checked yet',
  ASSET_WEB_PAGE_NOT_FOUND: 'Issuer’s page not found',
  ASSET_SPECS_NOT_FOUND: 'Not described on its page',
  ASSET_SPECS_NOT_PARSED: 'Its description is unreadable',
  REQUIRED_FIELD_MISSING: 'Its description is incomplete',
  CONTRACT_NOT_FOUND: 'Contract not found',
  CONTRACT_INVALID: 'Contract refused (unsafe type)',
  HASH_MISMATCH: 'Asset changed since it was issued',
  REFRESH: 'Checking again…',
  VALID: 'Valid',
  DUPLICATE: 'Listed twice',
};

export const GENESIS_INVALID_TEXT = 'Genesis invalid — no units exist';

const sats = (text: string): string => `${BigInt(text).toLocaleString('en-US')} satoshis`;

/** States in which the asset is known not to be valid (§6.4): it can be deleted whatever its balance (§6.6). */
export const INVALID_STATES: ReadonlySet<ValidState> = new Set([
  'TX_NOT_FOUND',
  'GENESIS_NOT_FOUND',
  'ASSET_WEB_PAGE_NOT_FOUND',
  'ASSET_SPECS_NOT_FOUND',
  'ASSET_SPECS_NOT_PARSED',
  'REQUIRED_FIELD_MISSING',
  'CONTRACT_NOT_FOUND',
  'CONTRACT_INVALID',
  'HASH_MISMATCH',
  'DUPLICATE',
]);

/** A name for the asset in messages: its page's name, short name, reference, or its id. */
export function assetDisplayName(row: Readonly<AssetRow>): string {
  const json = parsePageJson(row);
  return str(json, 'name') ?? str(json, 'name_short') ?? (row.assetRef ? `asset ${assetRefKey(row.assetRef)}` : `asset #${row.assetId}`);
}

/** Rows unknown this many confirmations after they appeared are shown as unknown, never silently zero (§6.1). */
export const UNKNOWN_AFTER_CONFIRMATIONS = 5000;

/**
 * The stored page JSON, bounded as when it was taken from the page: rows written before that bound (or by a
 * hand-edited file) must not reach the transport with a value nested too deep to serialise.
 */
function parsePageJson(row: Readonly<AssetRow>): Record<string, unknown> | null {
  const text = row.webPageJSON ?? row.lastValidJSON;
  if (!text) return null;
  const parsed = parseBoundedJson(text, PAGE_JSON_LIMITS);
  if (!parsed.ok) return null;
  const value = parsed.value;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

const str = (json: Record<string, unknown> | null, key: string): string | null => {
  const value = json?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};
const num = (json: Record<string, unknown> | null, key: string): number | null => {
  const value = json?.[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
};

export function effectiveState(row: Readonly<AssetRow>): ValidState {
  return row.validState === 'REFRESH' ? (row.previousState ?? 'NOT_VALIDATED_YET') : row.validState;
}

export function balanceView(
  rows: readonly Readonly<BalanceRow>[],
  unspent: ReadonlyMap<string, WalletOutput>,
  opts: { listedTrackers?: number; genesisInvalid?: boolean } = {},
): BalanceView {
  let confirmed = 0n;
  let unconfirmed = 0n;
  let updating = false;
  let unknownOld = 0;
  let unknownOutputs = 0;
  let knownOutputs = 0;
  const listedTrackers = opts.listedTrackers ?? 0;
  const provenances: ProvenanceView[] = [];
  for (const row of rows) {
    const output = unspent.get(`${row.txid}:${row.vout}`);
    if (!output) continue; // only outputs still unspent count (§6.1)
    provenances.push(rowProvenance(row, listedTrackers));
    // An underpaid genesis created nothing: every output holds 0 of it, proven, whatever a row still waits for.
    if (opts.genesisInvalid) {
      knownOutputs++;
      continue;
    }
    if (row.qty === null) {
      unknownOutputs++;
      if (output.confirmations > UNKNOWN_AFTER_CONFIRMATIONS) unknownOld++;
      else updating = true;
      continue;
    }
    knownOutputs++;
    if (output.confirmations > 0) confirmed += BigInt(row.qty);
    else unconfirmed += BigInt(row.qty);
  }
  return {
    confirmedRaw: confirmed.toString(),
    unconfirmedRaw: unconfirmed.toString(),
    updating,
    unknownOld,
    unknownOutputs,
    knownOutputs,
    provenance: totalProvenance(provenances, { genesisInvalid: opts.genesisInvalid === true, listedTrackers }),
  };
}

function isZeroBalance(rows: readonly Readonly<BalanceRow>[], unspent: ReadonlyMap<string, WalletOutput>): boolean {
  return rows.every((row) => !unspent.has(`${row.txid}:${row.vout}`) || row.qty === '0');
}

/** States in which the asset's reference never led to a genesis: nothing to lose by deleting it (issue #16). */
const NO_GENESIS_STATES: ReadonlySet<ValidState> = new Set(['ASSET_REF_ONLY', 'BLOCK_NOT_FOUND', 'TX_NOT_FOUND', 'GENESIS_NOT_FOUND']);

/** The issuer's home page for a domain; the host may map it (the demo network's issuer host on regtest). */
export type HomeUrlOf = (domain: string, useHttps: boolean) => string;
export const defaultHomeUrl: HomeUrlOf = (domain, useHttps) => `${useHttps ? 'https' : 'http'}://${domain}`;

/** "its web page cannot be found": the state's words, as the end of a sentence. */
function failureWords(state: ValidState): string {
  const text = VALID_STATE_TEXT[state];
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function summarize(row: Readonly<AssetRow>, rows: readonly Readonly<BalanceRow>[], unspent: ReadonlyMap<string, WalletOutput>, now: Date = new Date(), homeUrlOf: HomeUrlOf = defaultHomeUrl): AssetSummary {
  const json = parsePageJson(row);
  const state = effectiveState(row);
  const genesisInvalid = row.genesisCheck?.valid === false;
  const balance = balanceView(rows, unspent, { listedTrackers: row.trackers.length, genesisInvalid });
  const domain = row.genesis?.domainName ?? null;
  // Loading has failed (and nothing was ever read): say what failed instead of "Loading…" for ever.
  const failed = json === null && (INVALID_STATES.has(state) || state === 'BLOCK_NOT_FOUND') && row.validState !== 'REFRESH';
  const expiry = str(json, 'expiry_date');
  const expiryTime = expiry ? Date.parse(expiry) : NaN;
  const display: QuantityDisplay = {
    multiple: num(json, 'multiple'),
    units: str(json, 'units'),
    format: str(json, 'format'),
    format1: str(json, 'format_1'),
    interestRate: num(json, 'interest_rate'),
    issueDate: str(json, 'issue_date'),
  };
  return {
    assetId: row.assetId,
    assetRef: row.assetRef ? assetRefKey(row.assetRef) : null,
    genTxId: row.genTxId,
    fromSource: row.fromSource,
    isVisible: row.isVisible,
    domain,
    homeUrl: row.genesis ? homeUrlOf(row.genesis.domainName, row.genesis.useHttps) : null,
    name: str(json, 'name'),
    shortName: str(json, 'name_short'),
    issuer: str(json, 'issuer'),
    loadingText: json || failed ? null : domain ? `Loading asset from ${domain}…` : 'Loading asset…',
    loadFailure: failed ? `Could not load the asset${domain ? ` from ${domain}` : ''}: ${failureWords(state)}.` : null,
    icon: row.icon && row.icon.mimeType === 'image/png' ? row.icon.sha256 : null,
    image: row.image && row.image.mimeType === 'image/png' ? row.image.sha256 : null,
    validity: genesisInvalid
      ? {
          // Whatever the page says: the genesis paid less than its minimum fee, so no unit exists (§5.9).
          state: 'GENESIS_INVALID' satisfies ValidityState,
          text: GENESIS_INVALID_TEXT,
          reason: `The genesis transaction paid ${sats(row.genesisCheck!.feeSats)} in fees where it had to pay at least ${sats(row.genesisCheck!.minFeeSats)}, so it created no units. Checked by your node.`,
          lastChecked: row.genesisCheck!.checked,
          nextCheck: row.nextCheck,
          failures: 0,
          previousState: null,
        }
      : {
      state: row.validState,
      text: VALID_STATE_TEXT[row.validState],
      reason: row.validReason,
      lastChecked: row.validChecked,
      nextCheck: row.nextCheck,
      failures: row.validFailures,
      previousState: row.validState === 'REFRESH' ? row.previousState : null,
    },
    balance,
    display,
    trackers: row.trackers.map((t) => ({ ...t })),
    dispute: row.dispute
      ? {
          answers: row.dispute.answers.map((a) => ({ ...a })),
          // The trackers' disagreement stands, but the node has settled the figures: say which ones are shown.
          message: balance.provenance.kind === 'verified' ? `${row.dispute.message.replace(/ Neither figure is used until they agree\.$/, '')} Your node has verified the figures: they are the ones shown.` : row.dispute.message,
        }
      : null,
    expired: Number.isFinite(expiryTime) && expiryTime < now.getTime(),
    canDelete: genesisInvalid || INVALID_STATES.has(state) || (row.genesis === null && NO_GENESIS_STATES.has(state)) || isZeroBalance(rows, unspent),
    refreshing: row.refreshing,
    whenAdded: row.whenAdded,
  };
}

export function detail(row: Readonly<AssetRow>, rows: readonly Readonly<BalanceRow>[], unspent: ReadonlyMap<string, WalletOutput>, now: Date = new Date(), homeUrlOf: HomeUrlOf = defaultHomeUrl): AssetDetail {
  const summary = summarize(row, rows, unspent, now, homeUrlOf);
  const json = parsePageJson(row);
  const genesis = row.genesis ? fromGenesisRecord(row.genesis) : null;
  const pageUrl = genesis && row.firstSpentTxId !== null && row.firstSpentVout !== null ? calcAssetURL(genesis, row.firstSpentTxId, row.firstSpentVout) : null;
  const usingLastValid = !row.webPageJSON && !!row.lastValidJSON;
  const contract = row.contract ?? row.lastValidContract;
  const balanceRows: BalanceRowView[] = rows.map((r) => {
    const output = unspent.get(`${r.txid}:${r.vout}`);
    return {
      txid: r.txid, vout: r.vout, qty: r.qty, confirmations: output?.confirmations ?? -1, qtyChecked: r.qtyChecked, qtyFailures: r.qtyFailures, state: output ? r.state : 'SPENT',
      provenance: rowProvenance(r, row.trackers.length),
    };
  });
  return {
    ...summary,
    genesisCheck: row.genesisCheck ? { ...row.genesisCheck } : null,
    genesis:
      row.genesis && genesis
        ? {
            qty: genesisQty(genesis).toString(),
            chargeFlat: genesisChargeFlat(genesis).toString(),
            chargeBasisPoints: row.genesis.chargeBasisPoints,
            useHttps: row.genesis.useHttps,
            usePrefix: row.genesis.usePrefix,
            domainName: row.genesis.domainName,
            pagePath: row.genesis.pagePath,
            assetHash: row.genesis.assetHash,
            pageUrl,
          }
        : null,
    json,
    description: str(json, 'description'),
    issueDate: str(json, 'issue_date'),
    expiryDate: str(json, 'expiry_date'),
    contractUrl: str(json, 'contract_url'),
    contract: contract ? { mimeType: contract.mimeType, size: contract.size, sha256: contract.sha256, isLastValidCopy: !row.contract || usingLastValid } : null,
    balanceRows,
    firstSpent: row.firstSpentTxId !== null && row.firstSpentVout !== null ? { txid: row.firstSpentTxId, vout: row.firstSpentVout } : null,
  };
}
