import * as v from 'valibot';
import type { SpendAlert } from '../../../shared/model/safety';
import { openValidatedStore, type ValidatedStore } from '../../node/validated-store';
import type { StoreBackendFactory } from '../../node/store-backend';

/**
 * The two files of the asset-safety service, each with its own schema, beside the asset lists:
 * - `asset-locks.json`: the locking setting, whether the first-run explanation was read, and which Core locks
 *   are this wallet's (so it never releases a lock the user or another program made);
 * - `alerts.json`: foreign spends and removed receipts, kept until the user dismisses them (and after, marked).
 */
const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const OutKey = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}:\d{1,10}$/));
const Iso = v.pipe(v.string(), v.maxLength(40));
const Qty = v.nullable(v.pipe(v.string(), v.regex(/^(0|[1-9][0-9]{0,19})$/)));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const LOCKS_FILE_VERSION = 1;

export const LocksFileSchema = v.strictObject({
  version: v.literal(LOCKS_FILE_VERSION),
  enabled: v.boolean(),
  explained: v.boolean(),
  /** The node and wallet the locks below were made in. */
  chain: v.nullable(Text(32)),
  wallet: v.nullable(Text(256)),
  /** Outputs this wallet locked in Core ("txid:vout"). */
  ours: v.pipe(v.array(OutKey), v.maxLength(2_000_000)),
  lastError: v.nullable(v.strictObject({ message: Text(2000), at: Iso, outputs: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
});
export type LocksFile = v.InferOutput<typeof LocksFileSchema>;

export const defaultLocksFile = (): LocksFile => ({ version: LOCKS_FILE_VERSION, enabled: true, explained: false, chain: null, wallet: null, ours: [], lastError: null });

const AlertAssetSchema = v.strictObject({
  assetId: v.pipe(v.number(), v.integer(), v.minValue(1)),
  label: Text(300),
  before: Qty,
  lost: Qty,
  kept: Qty,
  destroyed: Qty,
  outputs: v.pipe(v.array(v.strictObject({ vout: v.pipe(v.number(), v.integer(), v.minValue(0)), address: v.nullable(Text(128)), ours: v.boolean(), qty: Qty })), v.maxLength(10_000)),
  rule: Text(1000),
});

export const SpendAlertSchema = v.strictObject({
  id: Text(200),
  kind: v.picklist(['foreign-spend', 'receipt-removed']),
  txid: Hex64,
  detectedAt: Iso,
  outputs: v.pipe(v.array(OutKey), v.maxLength(100_000)),
  assets: v.pipe(v.array(AlertAssetSchema), v.maxLength(10_000)),
  voidTransfer: v.boolean(),
  cause: Text(4000),
  dismissedAt: v.nullable(Iso),
});

export const ALERTS_FILE_VERSION = 1;
/** Dismissed alerts beyond this many are forgotten, oldest first (undismissed ones are always kept). */
export const MAX_DISMISSED_ALERTS = 500;

export const AlertsFileSchema = v.strictObject({
  version: v.literal(ALERTS_FILE_VERSION),
  alerts: v.pipe(v.array(SpendAlertSchema), v.maxLength(100_000)),
});
export type AlertsFile = v.InferOutput<typeof AlertsFileSchema>;

export function openLocksFile(factory: StoreBackendFactory, dir: string): ValidatedStore<LocksFile> {
  return openValidatedStore({ factory, cwd: dir, name: 'asset-locks', schema: LocksFileSchema, defaults: defaultLocksFile });
}

export function openAlertsFile(factory: StoreBackendFactory, dir: string): ValidatedStore<AlertsFile> {
  return openValidatedStore({ factory, cwd: dir, name: 'alerts', schema: AlertsFileSchema, defaults: (): AlertsFile => ({ version: ALERTS_FILE_VERSION, alerts: [] }) });
}

/** Adds alerts not seen before (same id = same event), keeps the file bounded. */
export function mergeAlerts(current: readonly SpendAlert[], added: readonly SpendAlert[]): SpendAlert[] | null {
  const known = new Set(current.map((a) => a.id));
  const fresh = added.filter((a) => !known.has(a.id));
  if (fresh.length === 0) return null;
  const all = [...current, ...fresh];
  const dismissed = all.filter((a) => a.dismissedAt !== null);
  if (dismissed.length <= MAX_DISMISSED_ALERTS) return all;
  const drop = new Set(dismissed.sort((a, b) => a.detectedAt.localeCompare(b.detectedAt)).slice(0, dismissed.length - MAX_DISMISSED_ALERTS).map((a) => a.id));
  return all.filter((a) => !drop.has(a.id));
}
