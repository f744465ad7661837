import path from 'node:path';
import { decodeAssetRefText } from '../../../shared/coinspark/index';
import type { AssetRefRecord } from '../../../shared/model/asset-lists';
import { assetRefKey } from '../../../shared/model/asset-lists';
import type { AssetSummary, AssetsSnapshot } from '../../../shared/model/asset-view';
import { UserFacingError } from '../../../shared/ipc/result';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import { openAssetListsStore, type AssetListsStore } from './asset-lists-store';
import type { AssetsService, AssetTriggerName, AssetTriggers, WalletOutput } from './assets-api';
import { detail, summarize } from './asset-views';
import { openContentStore } from './content-store';

export type { AssetsService } from './assets-api';

/** What the sync service feeds in (unspent outputs and tip) and asks of the assets service (genesis fetching). */
export interface AssetsServiceInternals extends AssetsService {
  setWallet(unspent: ReadonlyMap<string, WalletOutput>, tip: { height: number; hash: string } | null): void;
  /** Set by the sync service: fetch the genesis of these assets now (§4.1). */
  setGenesisFetcher(fetcher: (assetIds: number[]) => Promise<void>): void;
  snapshot(): AssetsSnapshot;
}

type AssetsChannels = 'assets:list' | 'assets:detail' | 'assets:add' | 'assets:setVisible' | 'assets:delete' | 'assets:refresh' | 'assets:refreshAll' | 'assets:contract';

export interface AssetsServiceOptions {
  /** Override where the lists live (default: the wallet data directory). */
  dir?: string;
  coalesceMs?: number;
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

  const snapshot = (): AssetsSnapshot => {
    const now = new Date();
    return { assets: lists.assets().map((row) => summarize(row, lists.balancesOf(row.assetId), unspent, now)), revision: lists.revision };
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
  const summaryOf = (assetId: number): AssetSummary => summarize(requireRow(assetId), lists.balancesOf(assetId), unspent);
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
      'assets:detail': ({ assetId }) => detail(requireRow(assetId), lists.balancesOf(assetId), unspent),
      'assets:add': async ({ reference }) => {
        const text = reference.trim();
        const decoded = decodeAssetRefText(text);
        if (!decoded.ok || decoded.value.blockNum < 0) {
          throw new UserFacingError('bad-reference', `The asset reference “${text.slice(0, 40)}” does not appear to be valid. An asset reference looks like 456789-65432-9599: three numbers separated by hyphens.`);
        }
        const ref: AssetRefRecord = { blockNum: decoded.value.blockNum, txOffset: decoded.value.txOffset, txIDPrefix: decoded.value.txIDPrefix.toLowerCase() };
        const existing = lists.assetByRef(ref);
        if (existing) {
          if (!existing.isVisible) lists.updateAsset(existing.assetId, { isVisible: true });
          await onDisk();
          return summaryOf(existing.assetId);
        }
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
        return summaryOf(after.assetId);
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
        lists.deleteAsset(assetId);
        service.trigger('deleted', assetId);
        await onDisk();
        return { deletedReference: summary.assetRef };
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
    },
    stop() {
      unsubscribeLists();
      lists.close();
    },
  };
}

// Keep the trigger signature type referenced (documentation for dependants).
export type { AssetTriggers };
