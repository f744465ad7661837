import path from 'node:path';
import { decodeAssetRefText } from '../../../shared/coinspark/index';
import type { AssetRefRecord } from '../../../shared/model/asset-lists';
import { assetRefKey } from '../../../shared/model/asset-lists';
import type { AssetSummary, AssetsSnapshot } from '../../../shared/model/asset-view';
import { UserFacingError } from '../../../shared/ipc/result';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import { openAssetListsStore, type AssetListsStore } from './asset-lists-store';
import type { AssetsService, AssetTriggerName, AssetTriggers, WalletOutput } from './assets-api';
import { randomBytes } from 'node:crypto';
import type { AssetRow, BalanceRow } from '../../../shared/model/asset-lists';
import { checkPicture } from '../../../shared/images/png-header';
import { defaultHomeUrl, detail, summarize, type HomeUrlOf } from './asset-views';
import { openContentStore } from './content-store';
import { policyFromContext } from '../../node/net/context-policy';

export type { AssetsService } from './assets-api';

/** What the sync service feeds in (unspent outputs and tip) and asks of the assets service (genesis fetching). */
export interface AssetsServiceInternals extends AssetsService {
  setWallet(unspent: ReadonlyMap<string, WalletOutput>, tip: { height: number; hash: string } | null): void;
  /** Set by the sync service: fetch the genesis of these assets now (§4.1). */
  setGenesisFetcher(fetcher: (assetIds: number[]) => Promise<void>): void;
  /**
   * Set by the sync service: ask Core whether a typed reference leads to a genesis (null when it does, else the
   * failed check in words). Throws when Core cannot be asked.
   */
  setReferenceChecker(checker: (ref: AssetRefRecord) => Promise<{ reason: string } | null>): void;
  snapshot(): AssetsSnapshot;
}

type AssetsChannels =
  | 'assets:list'
  | 'assets:detail'
  | 'assets:add'
  | 'assets:setVisible'
  | 'assets:delete'
  | 'assets:undoDelete'
  | 'assets:refresh'
  | 'assets:refreshAll'
  | 'assets:contract'
  | 'assets:picture';

/** How long a deleted asset can be put back (the window offers "Undo" for a few seconds of it). */
export const UNDO_DELETE_MS = 60_000;

export interface AssetsServiceOptions {
  /** Override where the lists live (default: the wallet data directory). */
  dir?: string;
  coalesceMs?: number;
  /** The issuer's home page for a domain (the headless host maps demo domains to its issuer host). */
  homeUrlOf?: HomeUrlOf;
}

/**
 * Issuer home pages as the user can open them: on regtest a domain of the host map (`--host-map`, the demo
 * network's issuer host) opens the page it maps to, not a dead `.example` host. A browser cannot send the Host
 * header such a server routes by, so the convention is that it also serves each domain under `/<domain>/`.
 */
export function mappedHomeUrl(ctx: Pick<ServiceContext, 'options' | 'services'>): HomeUrlOf {
  const policy = policyFromContext(ctx as ServiceContext);
  return (domain, useHttps) => {
    const entry = policy.network === 'regtest' ? policy.hostMap?.[domain.toLowerCase()] : undefined;
    if (!entry) return defaultHomeUrl(domain, useHttps);
    const base = (entry.includes('://') ? entry : `http://${entry}`).replace(/\/+$/, '');
    return `${base}/${encodeURIComponent(domain.toLowerCase())}/`;
  };
}

/**
 * The asset lists service: opens `asset-lists.json` and `content/` in the data directory, publishes them as
 * `ctx.services.assets`, serves the `assets:*` channels and pushes `assets:changed` (coalesced) on every change.
 */
export function initAssetsService(ctx: ServiceContext, options: AssetsServiceOptions = {}): ServiceModule<AssetsChannels> & { service: AssetsServiceInternals } {
  const dir = options.dir ?? ctx.options.dataDir;
  const lists: AssetListsStore = openAssetListsStore({
    dir,
    appVersion: ctx.options.appVersion,
    log: (message) => ctx.log.info(message),
    ...(ctx.platform.confFactory ? { confFactory: ctx.platform.confFactory } : {}),
    ...(options.coalesceMs !== undefined ? { coalesceMs: options.coalesceMs } : {}),
  });
  for (const report of lists.reports) {
    ctx.reports.push(report);
    ctx.log.warn(report.message);
  }
  const content = openContentStore(path.join(dir, 'content'));
  const listeners = new Map<AssetTriggerName, Set<(...args: never[]) => void>>();
  let unspent: ReadonlyMap<string, WalletOutput> = new Map();
  let tip: { height: number; hash: string } | null = null;
  let genesisFetcher: ((assetIds: number[]) => Promise<void>) | null = null;
  let referenceChecker: ((ref: AssetRefRecord) => Promise<{ reason: string } | null>) | null = null;
  const homeUrlOf = options.homeUrlOf ?? mappedHomeUrl(ctx);
  /** Deleted assets that can still be put back, by undo token. */
  const deleted = new Map<string, { row: AssetRow; balances: BalanceRow[]; timer: ReturnType<typeof setTimeout> }>();

  const snapshot = (): AssetsSnapshot => {
    const now = new Date();
    return { assets: lists.assets().map((row) => summarize(row, lists.balancesOf(row.assetId), unspent, now, homeUrlOf)), revision: lists.revision };
  };
  const changed = (): void => ctx.events.emitCoalesced('assets:changed', snapshot, 250);
  const unsubscribeLists = lists.onChange(changed);

  const service: AssetsServiceInternals = {
    lists,
    content,
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (...args: never[]) => void);
      return () => set.delete(listener as (...args: never[]) => void);
    },
    trigger(name, ...args) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          (listener as unknown as (...a: unknown[]) => void)(...args);
        } catch (error) {
          ctx.log.error(`assets trigger ${name} failed`, error);
        }
      }
    },
    onChange: (listener) => lists.onChange(listener),
    unspent: () => unspent,
    tip: () => tip,
    setProgress(progress) {
      ctx.events.emitCoalesced('assets:progress', () => progress, 250);
    },
    setWallet(nextUnspent, nextTip) {
      const moved = nextUnspent !== unspent;
      unspent = nextUnspent;
      tip = nextTip;
      if (moved) changed(); // confirmations changed: balances move between unconfirmed and confirmed
    },
    setGenesisFetcher(fetcher) {
      genesisFetcher = fetcher;
    },
    setReferenceChecker(checker) {
      referenceChecker = checker;
    },
    snapshot,
  };
  ctx.services.assets = service;
  ctx.services.core?.setNeededGenesisHeight(() => {
    let min: number | null = null;
    for (const row of lists.assets()) if (row.assetRef && (min === null || row.assetRef.blockNum < min)) min = row.assetRef.blockNum;
    return min;
  });

  const requireRow = (assetId: number) => {
    const row = lists.asset(assetId);
    if (!row) throw new UserFacingError('not-found', `There is no asset ${assetId} in this wallet.`);
    return row;
  };
  /**
   * A user action is acknowledged only once it is on disk: the reply waits for the write (background changes stay
   * coalesced). When the disk refuses, the user is told; the change stays in memory and the next save retries it.
   */
  const onDisk = async (): Promise<void> => {
    try {
      await lists.flush();
    } catch (error) {
      throw new UserFacingError('not-saved', `The change was made but could not be saved to disk (${error instanceof Error ? error.message : String(error)}). The wallet keeps trying; if it closes first, the change is lost.`);
    }
  };
  const summaryOf = (assetId: number): AssetSummary => summarize(requireRow(assetId), lists.balancesOf(assetId), unspent, new Date(), homeUrlOf);
  const hasListeners = (name: AssetTriggerName): boolean => (listeners.get(name)?.size ?? 0) > 0;

  const fetchGenesis = async (ids: number[]): Promise<void> => {
    if (!genesisFetcher) return;
    try {
      await genesisFetcher(ids);
    } catch (error) {
      // Not connected, or Core failed: the scheduled fetch retries later.
      ctx.log.warn('genesis fetching deferred', error instanceof Error ? error.message : error);
    }
  };

  /** §5: REFRESH state, every balance row reset, both tasks triggered. */
  const refresh = async (ids: number[]): Promise<void> => {
    lists.batch(() => {
      for (const id of ids) {
        const row = requireRow(id);
        lists.updateAsset(id, {
          previousState: row.validState === 'REFRESH' ? row.previousState : row.validState,
          validState: 'REFRESH',
          refreshing: true,
          nextCheck: null,
        });
        for (const balance of lists.balancesOf(id)) lists.updateBalance(id, balance.txid, balance.vout, { qtyChecked: null, qtyFailures: 0, state: 'REFRESH' });
      }
    });
    const missing = ids.filter((id) => !lists.asset(id)?.genesis);
    if (missing.length > 0) await fetchGenesis(missing);
    if (hasListeners('refresh')) {
      service.trigger('refresh', ids);
      return;
    }
    // Nobody checks validity in this host: end the refresh at once, back to the previous state.
    lists.batch(() => {
      for (const id of ids) {
        const row = lists.asset(id);
        if (row && row.validState === 'REFRESH') lists.updateAsset(id, { validState: row.previousState ?? 'NOT_VALIDATED_YET', previousState: null, refreshing: false });
      }
    });
  };

  return {
    service,
    handlers: {
      'assets:list': () => snapshot(),
      'assets:detail': ({ assetId }) => detail(requireRow(assetId), lists.balancesOf(assetId), unspent, new Date(), homeUrlOf),
      'assets:add': async ({ reference }) => {
        const text = reference.trim();
        const decoded = decodeAssetRefText(text);
        if (!decoded.ok || decoded.value.blockNum < 0) {
          throw new UserFacingError('bad-reference', `The asset reference “${text.slice(0, 40)}” does not appear to be valid. An asset reference looks like 456789-65432-9599: three numbers separated by hyphens.`);
        }
        const ref: AssetRefRecord = { blockNum: decoded.value.blockNum, txOffset: decoded.value.txOffset, txIDPrefix: decoded.value.txIDPrefix.toLowerCase() };
        const existing = lists.assetByRef(ref);
        if (existing) {
          const wasHidden = !existing.isVisible;
          if (wasHidden) lists.updateAsset(existing.assetId, { isVisible: true });
          await onDisk();
          return { asset: summaryOf(existing.assetId), outcome: wasHidden ? 'shown' : 'already' };
        }
        // Ask Core at once (issue #16): a reference that leads nowhere is refused with the check that failed,
        // rather than kept and retried. Without an answer (not connected) it is added and located later.
        let problem: { reason: string } | null = null;
        if (referenceChecker) {
          try {
            problem = await referenceChecker(ref);
          } catch (error) {
            ctx.log.warn('reference not checked now', error instanceof Error ? error.message : error);
          }
        }
        if (problem) throw new UserFacingError('bad-reference', `Asset reference ${assetRefKey(ref)} was not added. ${problem.reason}`);
        const row = lists.batch(() => {
          const added = lists.addAsset({ fromSource: 'manual', assetRef: ref });
          for (const output of unspent.values()) lists.addBalance(added.assetId, output.txid, output.vout);
          return added;
        });
        // The asset is the user's from here on, whatever the genesis fetch below takes or does.
        await onDisk();
        await fetchGenesis([row.assetId]);
        const after = lists.asset(row.assetId) ?? lists.assetByRef(ref);
        if (!after) throw new UserFacingError('bad-reference', `Asset reference ${assetRefKey(ref)} could not be added.`);
        if (unspent.size > 0) service.trigger('balancesAdded', [after.assetId]);
        return { asset: summaryOf(after.assetId), outcome: 'added' };
      },
      'assets:setVisible': async ({ assetId, visible }) => {
        requireRow(assetId);
        lists.updateAsset(assetId, { isVisible: visible });
        await onDisk();
        return summaryOf(assetId);
      },
      'assets:delete': async ({ assetId }) => {
        const summary = summaryOf(assetId);
        if (!summary.canDelete) {
          throw new UserFacingError('not-deletable', 'This asset still has a balance in this wallet. Only assets with a zero balance, or invalid assets, can be deleted.');
        }
        const kept = { row: structuredClone(requireRow(assetId)) as AssetRow, balances: lists.balancesOf(assetId).map((b) => ({ ...b })) };
        lists.deleteAsset(assetId);
        service.trigger('deleted', assetId);
        await onDisk();
        const undoToken = randomBytes(16).toString('hex');
        const timer = setTimeout(() => deleted.delete(undoToken), UNDO_DELETE_MS);
        timer.unref?.();
        deleted.set(undoToken, { ...kept, timer });
        return { deletedReference: summary.assetRef, undoToken };
      },
      'assets:undoDelete': async ({ undoToken }) => {
        const kept = deleted.get(undoToken);
        if (!kept) throw new UserFacingError('undo-expired', 'It is too late to undo this delete. Add the asset again by its reference.');
        const { assetId: _old, ...fields } = kept.row;
        // Something may have brought the asset back meanwhile (a transfer, the same reference added): then it stays.
        const again = (fields.genTxId && lists.assetByGenTxId(fields.genTxId)) || (fields.assetRef && lists.assetByRef(fields.assetRef));
        if (again) {
          deleted.delete(undoToken);
          clearTimeout(kept.timer);
          return summaryOf(again.assetId);
        }
        const restored = lists.batch(() => {
          const row = lists.addAsset(fields);
          for (const b of kept.balances) {
            // Only outputs still unspent come back: a spent one would be removed by the next sync anyway.
            if (!unspent.has(`${b.txid}:${b.vout}`)) continue;
            lists.addBalance(row.assetId, b.txid, b.vout, { qty: b.qty, qtyChecked: b.qtyChecked, qtyFailures: b.qtyFailures, state: b.state });
          }
          return row;
        });
        deleted.delete(undoToken);
        clearTimeout(kept.timer);
        await onDisk();
        return summaryOf(restored.assetId);
      },
      'assets:refresh': async ({ assetId }) => {
        requireRow(assetId);
        await refresh([assetId]);
        return summaryOf(assetId);
      },
      'assets:refreshAll': async () => {
        const ids = lists.assets().filter((row) => row.isVisible).map((row) => row.assetId);
        if (ids.length > 0) await refresh(ids);
        return { assets: ids.length };
      },
      'assets:contract': ({ assetId }) => {
        const row = requireRow(assetId);
        const ref = row.contract ?? row.lastValidContract;
        if (!ref) return null;
        const bytes = content.get(ref);
        if (!bytes) return null;
        return {
          info: { mimeType: ref.mimeType, size: ref.size, sha256: ref.sha256, isLastValidCopy: !row.contract },
          base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
        };
      },
      'assets:picture': ({ sha256 }) => {
        // Only bytes some asset names as its icon or image, and only a PNG whose header passes (checked again).
        let kind: 'icon' | 'image' | null = null;
        for (const row of lists.assets()) {
          if (row.icon?.sha256 === sha256) kind = 'icon';
          else if (row.image?.sha256 === sha256) kind ??= 'image';
          if (kind === 'icon') break;
        }
        if (!kind) return null;
        const bytes = content.get({ sha256 });
        if (!bytes || !checkPicture(bytes, kind).ok) return null;
        return { sha256, mimeType: 'image/png', base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
      },
    },
    stop() {
      for (const kept of deleted.values()) clearTimeout(kept.timer);
      deleted.clear();
      unsubscribeLists();
      lists.close();
    },
  };
}

// Keep the trigger signature type referenced (documentation for dependants).
export type { AssetTriggers };
