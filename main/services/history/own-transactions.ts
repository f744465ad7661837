import * as v from 'valibot';
import type { ServiceContext } from '../../node/service-context';
import { openValidatedStore, type ValidatedStore } from '../../node/validated-store';
import type { StoreBackendFactory } from '../../node/store-backend';

/**
 * The transactions this wallet built and broadcast itself. Sync asks `has(txid)` before it calls a spend of an
 * asset-holding output "foreign": a transaction recorded here is never reported as a foreign spend, and the history
 * marks it as the wallet's own. The send path records each transaction it builds BEFORE broadcasting it (the txid
 * is known from the signed transaction): `ctx.services.ownTransactions.record(txid, { kind: 'send', note })`. A
 * record that comes only after a sync pass saw the transaction still withdraws the alert that pass raised.
 *
 * Kept in its own file (`own-transactions.json`, schema-validated, corrupt file kept aside and reported), not in the
 * asset lists: losing it would turn the wallet's own sends into false alarms, never lose units.
 */
export const OwnTxKindSchema = v.picklist(['send', 'genesis', 'other']);
export type OwnTxKind = v.InferOutput<typeof OwnTxKindSchema>;

const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

export const OwnTxRecordSchema = v.strictObject({
  txid: Hex64,
  kind: OwnTxKindSchema,
  /** When the wallet recorded it (ISO-8601). */
  recordedAt: v.pipe(v.string(), v.maxLength(40)),
  /** What the user asked for, in words (shown in the history), e.g. "100 units of dGOLD to s1…". */
  note: v.nullable(v.pipe(v.string(), v.maxLength(500))),
});
export type OwnTxRecord = v.InferOutput<typeof OwnTxRecordSchema>;

export const OWN_TRANSACTIONS_VERSION = 1;

export const OwnTransactionsFileSchema = v.strictObject({
  version: v.literal(OWN_TRANSACTIONS_VERSION),
  transactions: v.pipe(v.array(OwnTxRecordSchema), v.maxLength(1_000_000)),
});
export type OwnTransactionsFile = v.InferOutput<typeof OwnTransactionsFileSchema>;

/** What a caller says about a transaction it built. */
export interface OwnTxInfo {
  kind: OwnTxKind;
  note?: string | null;
}

export interface OwnTransactions {
  readonly path: string;
  /** Remember `txid` as built by this wallet (idempotent: recording twice keeps the first record). */
  record(txid: string, info: OwnTxInfo): OwnTxRecord;
  has(txid: string): boolean;
  get(txid: string): OwnTxRecord | undefined;
  all(): OwnTxRecord[];
  /** Told after every new record (e.g. the history re-labels the transaction). */
  onRecord(listener: (record: OwnTxRecord) => void): () => void;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    ownTransactions: OwnTransactions;
  }
}

export interface OpenOwnTransactionsOptions {
  factory: StoreBackendFactory;
  dir: string;
  now?: () => Date;
}

export function openOwnTransactions(options: OpenOwnTransactionsOptions): OwnTransactions & { report: ValidatedStore<OwnTransactionsFile>['report'] } {
  const now = options.now ?? (() => new Date());
  const store = openValidatedStore({
    factory: options.factory,
    cwd: options.dir,
    name: 'own-transactions',
    schema: OwnTransactionsFileSchema,
    defaults: (): OwnTransactionsFile => ({ version: OWN_TRANSACTIONS_VERSION, transactions: [] }),
  });
  const byTxid = new Map<string, OwnTxRecord>();
  for (const record of store.get().transactions) byTxid.set(record.txid, record);
  const listeners = new Set<(record: OwnTxRecord) => void>();

  return {
    path: store.path,
    report: store.report,
    record(txid, info) {
      const id = txid.toLowerCase();
      const existing = byTxid.get(id);
      if (existing) return existing;
      const record = v.parse(OwnTxRecordSchema, { txid: id, kind: info.kind, recordedAt: now().toISOString(), note: info.note ?? null });
      // Written before it is believed: a crash right after a broadcast must not forget the transaction.
      store.set({ version: OWN_TRANSACTIONS_VERSION, transactions: [...byTxid.values(), record] });
      byTxid.set(id, record);
      for (const listener of listeners) {
        try {
          listener(record);
        } catch {
          // One listener's failure must not undo the record or stop the others.
        }
      }
      return record;
    },
    has: (txid) => byTxid.has(txid.toLowerCase()),
    get: (txid) => byTxid.get(txid.toLowerCase()),
    all: () => [...byTxid.values()],
    onRecord(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Opens `own-transactions.json` in the data directory and publishes it as `ctx.services.ownTransactions`. */
export function initOwnTransactions(ctx: ServiceContext): OwnTransactions {
  const own = openOwnTransactions({ factory: ctx.platform.storeFactory, dir: ctx.options.dataDir });
  if (own.report) {
    ctx.reports.push(own.report);
    ctx.log.warn(own.report.message);
  }
  ctx.services.ownTransactions = own;
  return own;
}
