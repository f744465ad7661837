import fs from 'node:fs';
import path from 'node:path';
import type { StartupReport } from '../../../shared/ipc/channels/app';
import type { FigureSource } from '../../../shared/model/history';
import { removeStaleTemporaries, writeFileAtomicSync } from '../assets/atomic-file';
import type { HistoryLedger, HistoryTx, LedgerIdentity } from './history-ledger';

/**
 * `history.json`: the history ledger (wallet transactions and per-output asset figures) beside the asset lists, in
 * its own file with its own format. It is a cache of what the node and trackers said: a file that cannot be used is
 * kept aside, reported, and the history is read again from the node (nothing in it exists only here).
 *
 * Compact by design (10,000 transactions ≈ 3 MB): transactions and figures are arrays, satoshi values numbers
 * (always < 2^53), unit quantities decimal strings. Checked by hand on load, field by field: valibot over tens of
 * thousands of tuples costs more than the load itself.
 */
export const HISTORY_FILE_VERSION = 1;

type TxTuple = [
  txid: string,
  height: number | null,
  blockIndex: number | null,
  conflicted: 0 | 1,
  time: number,
  amountSats: string,
  feeSats: string | null,
  inputs: string[],
  outputs: [value: number, regular: 0 | 1, ours: 0 | 1, address: string | null][],
  metadataHex: string | null,
];
type FigureTuple = [outKey: string, assetId: number, qty: string | null, source: 'l' | 't'];

interface HistoryFileData {
  version: typeof HISTORY_FILE_VERSION;
  lastBlock: string | null;
  chain: string | null;
  wallet: string | null;
  txs: TxTuple[];
  figures: FigureTuple[];
  evaluated: [number, string][];
}

export interface HistoryFile {
  readonly path: string;
  readonly report: StartupReport | undefined;
  /** Write soon (coalesced). */
  markDirty(): void;
  flushSync(): void;
  close(): void;
}

const HEX64 = /^[0-9a-f]{64}$/;
const OUTKEY = /^[0-9a-f]{64}:\d{1,10}$/;
const INT_TEXT = /^-?(0|[1-9][0-9]{0,17})$/;
const QTY_TEXT = /^(0|[1-9][0-9]{0,17})$/;
const HEX = /^([0-9a-f]{2}){0,4096}$/;
const isInt = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
const isNullableInt = (x: unknown, min: number, max: number): boolean => x === null || isInt(x, min, max);
const isShortText = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;

function checkTx(t: unknown): string | null {
  if (!Array.isArray(t) || t.length !== 10) return 'not a transaction tuple';
  const [txid, height, blockIndex, conflicted, time, amount, fee, inputs, outputs, meta] = t as unknown[];
  if (typeof txid !== 'string' || !HEX64.test(txid)) return 'txid';
  if (!isNullableInt(height, 0, 2 ** 31) || !isNullableInt(blockIndex, 0, 2 ** 31)) return 'block position';
  if (conflicted !== 0 && conflicted !== 1) return 'conflicted';
  if (!isInt(time, 0, 2 ** 40)) return 'time';
  if (typeof amount !== 'string' || !INT_TEXT.test(amount)) return 'amount';
  if (fee !== null && (typeof fee !== 'string' || !INT_TEXT.test(fee))) return 'fee';
  if (!Array.isArray(inputs) || inputs.length > 100_000 || !inputs.every((k) => typeof k === 'string' && OUTKEY.test(k))) return 'inputs';
  if (!Array.isArray(outputs) || outputs.length > 100_000) return 'outputs';
  for (const o of outputs as unknown[]) {
    if (!Array.isArray(o) || o.length !== 4) return 'output';
    const [value, regular, ours, address] = o as unknown[];
    if (!isInt(value, 0, 21e14) || (regular !== 0 && regular !== 1) || (ours !== 0 && ours !== 1) || (address !== null && !isShortText(address, 128))) return 'output';
  }
  if (meta !== null && (typeof meta !== 'string' || !HEX.test(meta))) return 'metadata';
  return null;
}

function checkFile(raw: unknown): { ok: true; value: HistoryFileData } | { ok: false; where: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, where: 'not an object' };
  const r = raw as Record<string, unknown>;
  if (r.version !== HISTORY_FILE_VERSION) return { ok: false, where: 'version' };
  if (r.lastBlock !== null && (typeof r.lastBlock !== 'string' || !HEX64.test(r.lastBlock))) return { ok: false, where: 'lastBlock' };
  if (r.chain !== null && !isShortText(r.chain, 32)) return { ok: false, where: 'chain' };
  if (r.wallet !== null && !isShortText(r.wallet, 256)) return { ok: false, where: 'wallet' };
  if (!Array.isArray(r.txs) || r.txs.length > 5_000_000) return { ok: false, where: 'txs' };
  for (let i = 0; i < r.txs.length; i++) {
    const problem = checkTx(r.txs[i]);
    if (problem) return { ok: false, where: `txs.${i} (${problem})` };
  }
  if (!Array.isArray(r.figures)) return { ok: false, where: 'figures' };
  for (let i = 0; i < r.figures.length; i++) {
    const f = r.figures[i] as unknown;
    if (!Array.isArray(f) || f.length !== 4) return { ok: false, where: `figures.${i}` };
    const [key, id, qty, source] = f as unknown[];
    if (typeof key !== 'string' || !OUTKEY.test(key) || !isInt(id, 1, 2 ** 31 - 1) || (qty !== null && (typeof qty !== 'string' || !QTY_TEXT.test(qty))) || (source !== 'l' && source !== 't')) {
      return { ok: false, where: `figures.${i}` };
    }
  }
  if (!Array.isArray(r.evaluated) || !r.evaluated.every((e) => Array.isArray(e) && e.length === 2 && isInt(e[0], 1, 2 ** 31 - 1) && isShortText(e[1], 400))) return { ok: false, where: 'evaluated' };
  return { ok: true, value: raw as HistoryFileData };
}

function fromTuple(t: TxTuple): HistoryTx {
  const [txid, height, blockIndex, conflicted, time, amount, fee, inputs, outputs, meta] = t;
  return {
    txid,
    height,
    blockIndex,
    conflicted: conflicted === 1,
    time,
    amountSats: BigInt(amount),
    feeSats: fee === null ? null : BigInt(fee),
    inputs,
    outputValues: outputs.map((o) => BigInt(o[0])),
    outputsRegular: outputs.map((o) => o[1] === 1),
    ours: outputs.map((o) => o[2] === 1),
    outputAddresses: outputs.map((o) => o[3]),
    metadata: meta === null ? null : Uint8Array.from(Buffer.from(meta, 'hex')),
  };
}

function toTuple(tx: HistoryTx): TxTuple {
  return [
    tx.txid,
    tx.height,
    tx.blockIndex,
    tx.conflicted ? 1 : 0,
    tx.time,
    tx.amountSats.toString(),
    tx.feeSats === null ? null : tx.feeSats.toString(),
    tx.inputs,
    tx.outputValues.map((value, o) => [Number(value), tx.outputsRegular[o] ? 1 : 0, tx.ours[o] ? 1 : 0, tx.outputAddresses[o] ?? null]),
    tx.metadata === null ? null : Buffer.from(tx.metadata).toString('hex'),
  ];
}

/** Opens (or creates) `history.json` in `dir` into `ledger`, and saves the ledger back when told it changed. */
export function openHistoryFile(options: { dir: string; ledger: HistoryLedger; coalesceMs?: number; now?: () => Date; name?: string }): HistoryFile {
  const name = options.name ?? 'history';
  const file = path.join(options.dir, `${name}.json`);
  const now = options.now ?? (() => new Date());
  const coalesceMs = options.coalesceMs ?? 1000;
  fs.mkdirSync(options.dir, { recursive: true });
  removeStaleTemporaries(file);
  let report: StartupReport | undefined;
  const keepAside = (kind: StartupReport['kind'], why: string): void => {
    const keptAs = path.join(options.dir, `${name}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.renameSync(file, keptAs);
    report = { kind, file, keptAs, message: `${name}.json ${why}. It was kept aside; the transaction history is read again from Bitcoin Core.` };
  };

  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    let raw: unknown;
    let parsed = true;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      parsed = false;
      keepAside('corrupt-file', `could not be read (${error instanceof Error ? error.message : String(error)})`);
    }
    if (parsed) {
      const checked = checkFile(raw);
      if (!checked.ok) keepAside('invalid-file', `does not match the expected format (${checked.where})`);
      else {
        const data = checked.value;
        options.ledger.importState({
          txs: data.txs.map(fromTuple),
          figures: data.figures.map(([key, id, qty, source]) => [key, id, qty === null ? null : BigInt(qty), source === 'l' ? 'local' : 'tracker'] as [string, number, bigint | null, FigureSource]),
          evaluated: data.evaluated,
          lastBlock: data.lastBlock,
          identity: { chain: data.chain, wallet: data.wallet },
        });
      }
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let closed = false;
  const save = (): void => {
    if (!dirty) return;
    dirty = false;
    const state = options.ledger.exportState();
    const identity: LedgerIdentity = options.ledger.identity;
    const data: HistoryFileData = {
      version: HISTORY_FILE_VERSION,
      lastBlock: options.ledger.lastBlock,
      chain: identity.chain,
      wallet: identity.wallet,
      txs: state.txs.map(toTuple),
      figures: state.figures.map(([key, id, qty, source]) => [key, id, qty === null ? null : qty.toString(), source === 'local' ? 'l' : 't']),
      evaluated: state.evaluated,
    };
    writeFileAtomicSync(file, JSON.stringify(data));
  };
  return {
    path: file,
    report,
    markDirty() {
      if (closed) return;
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        try {
          save();
        } catch (error) {
          dirty = true;
          console.error('[wallet] saving the history failed:', error);
        }
      }, coalesceMs);
      timer.unref?.();
    },
    flushSync() {
      clearTimeout(timer);
      timer = undefined;
      save();
    },
    close() {
      if (closed) return;
      this.flushSync();
      closed = true;
    },
  };
}
