import { readTransactionMetadata } from '../../../shared/coinspark/index';
import type { AssetRow, AssetRefRecord } from '../../../shared/model/asset-lists';
import type { AssetListsStore } from '../assets/asset-lists-store';
import type { AssetTriggers } from '../assets/assets-api';
import { toGenesisRecord } from '../assets/genesis-record';
import { parseBlockHex, type ParsedBlock } from '../core/raw-tx';
import { RpcError, type RpcClient } from '../core/rpc-client';
import { Hex64Schema, HexStringSchema } from '../core/rpc-schemas';

type Trigger = <K extends keyof AssetTriggers>(name: K, ...args: Parameters<AssetTriggers[K]>) => void;

/**
 * SparkBit's retry schedule for a genesis that could not be found (wallet-behaviour.md §4.1): at once while fewer
 * than 10 failures, every 600 s while fewer than 20, then daily. A missing block follows it too: retried on every
 * sync pass it would be asked for every few seconds for ever (issue #16), and such a row can be deleted.
 */
export function nextGenesisAttempt(_state: AssetRow['validState'], failures: number, now: Date): string | null {
  if (failures < 10) return null;
  return new Date(now.getTime() + (failures < 20 ? 600 : 86_400) * 1000).toISOString();
}

/** Rows §4.1 selects: no genesis yet, an asset reference, visible — or hidden manual/transfer rows still retried. */
export function wantsGenesis(row: Readonly<AssetRow>, now: Date): boolean {
  if (row.genTxId && row.genesis) return false;
  if (!row.isVisible && row.fromSource === 'genesis') return false;
  if (row.nextCheck && Date.parse(row.nextCheck) > now.getTime()) return false;
  return true;
}

export interface GenesisFetchOutcome {
  assetId: number;
  state: AssetRow['validState'];
}

/**
 * Genesis fetching for assets added by reference or by transfer (§4.1): the block at assetRef.blockNum, the
 * transaction starting at assetRef.txOffset in its non-witness serialization, its txid prefix, its genesis.
 * Idempotent: rows that are not due are skipped.
 */
export async function fetchGeneses(rpc: RpcClient, lists: AssetListsStore, trigger: Trigger, now: () => Date = () => new Date(), only?: Set<number>): Promise<GenesisFetchOutcome[]> {
  const outcomes: GenesisFetchOutcome[] = [];
  const blocks = new Map<number, ParsedBlock | { error: string }>();
  for (const row of [...lists.assets()]) {
    if (only && !only.has(row.assetId)) continue;
    if (!wantsGenesis(row, now())) continue;
    const ref = row.assetRef;
    if (!ref) {
      // "Should never happen" (§4.1 step 1): say so and hide the row.
      lists.updateAsset(row.assetId, { isVisible: false, validReason: 'This asset has neither a genesis transaction nor an asset reference.' });
      continue;
    }
    let block = blocks.get(ref.blockNum);
    if (!block) {
      block = await loadBlock(rpc, ref.blockNum);
      blocks.set(ref.blockNum, block);
    }
    const outcome = applyBlock(lists, row, ref, block, now());
    outcomes.push({ assetId: row.assetId, state: outcome.state });
    if (outcome.found) trigger('genesisKnown', outcome.assetId);
  }
  return outcomes;
}

async function loadBlock(rpc: RpcClient, height: number): Promise<ParsedBlock | { error: string }> {
  let hash: string;
  try {
    hash = await rpc.call('getblockhash', [height], Hex64Schema);
  } catch (error) {
    if (error instanceof RpcError && error.code === -8) return { error: `Block ${height} does not exist yet on this node.` };
    throw error;
  }
  let hex: string;
  try {
    hex = await rpc.call('getblock', [hash, 0], HexStringSchema);
  } catch (error) {
    if (error instanceof RpcError) return { error: `Block ${height} cannot be read from Bitcoin Core (${error.message}).` };
    throw error;
  }
  return parseBlockHex(hex) ?? { error: `Block ${height} from Bitcoin Core could not be parsed.` };
}

type Located =
  | { ok: true; tx: ParsedBlock['txs'][number]; data: ReturnType<typeof readTransactionMetadata> & { genesis: object; metadata: object } }
  | { ok: false; state: 'BLOCK_NOT_FOUND' | 'TX_NOT_FOUND' | 'GENESIS_NOT_FOUND'; reason: string };

/** The three checks of an asset reference against its block (§4.1), each failure in words. */
function locateGenesis(ref: AssetRefRecord, block: ParsedBlock | { error: string }): Located {
  if ('error' in block) return { ok: false, state: 'BLOCK_NOT_FOUND', reason: block.error };
  const tx = block.txs.find((t) => t.offset === ref.txOffset);
  if (!tx) return { ok: false, state: 'TX_NOT_FOUND', reason: `No transaction starts at byte ${ref.txOffset} of block ${ref.blockNum}: the asset reference is not valid.` };
  if (!tx.txid.startsWith(ref.txIDPrefix)) return { ok: false, state: 'TX_NOT_FOUND', reason: `The transaction at byte ${ref.txOffset} of block ${ref.blockNum} is ${tx.txid}, whose first bytes are not ${ref.txIDPrefix}: the asset reference is not valid.` };
  const data = readTransactionMetadata(tx.outputs.map((o) => o.script), tx.inputs.length);
  if (!data.genesis || !data.metadata) return { ok: false, state: 'GENESIS_NOT_FOUND', reason: `Transaction ${tx.txid} exists but holds no CoinSpark genesis: the asset reference does not identify an asset.` };
  return { ok: true, tx, data: data as Extract<Located, { ok: true }>['data'] };
}

/**
 * Checks a reference the user typed before it is added (issue #16): whether its block exists, holds a transaction
 * at that offset with that prefix, and that transaction is a genesis. Null when it does; else the failed check.
 * Throws when Core cannot be asked (the caller decides what to do without an answer).
 */
export async function checkReference(rpc: RpcClient, ref: AssetRefRecord): Promise<{ state: 'BLOCK_NOT_FOUND' | 'TX_NOT_FOUND' | 'GENESIS_NOT_FOUND'; reason: string } | null> {
  const located = locateGenesis(ref, await loadBlock(rpc, ref.blockNum));
  return located.ok ? null : { state: located.state, reason: located.reason };
}

function applyBlock(lists: AssetListsStore, row: Readonly<AssetRow>, ref: AssetRefRecord, block: ParsedBlock | { error: string }, now: Date): { state: AssetRow['validState']; found: boolean; assetId: number } {
  const fail = (state: 'BLOCK_NOT_FOUND' | 'TX_NOT_FOUND' | 'GENESIS_NOT_FOUND', reason: string): { state: AssetRow['validState']; found: false; assetId: number } => {
    const failures = Math.min(row.validFailures + 1, 65_535);
    lists.updateAsset(row.assetId, {
      validState: state,
      validReason: reason,
      validFailures: failures,
      validChecked: now.toISOString(),
      nextCheck: nextGenesisAttempt(state, failures, now),
      // The guide hides the asset; we keep retrying manual/transfer rows and show them again on success.
      ...(state === 'BLOCK_NOT_FOUND' ? {} : { isVisible: false }),
    });
    return { state, found: false, assetId: row.assetId };
  };
  const located = locateGenesis(ref, block);
  if (!located.ok) return fail(located.state, located.reason);
  if ('error' in block) return fail('BLOCK_NOT_FOUND', block.error); // not reached: a located genesis was read from the block
  const { tx, data } = located;

  const patch = {
    genTxId: tx.txid,
    genesis: toGenesisRecord(data.genesis, data.metadata),
    genBlockHash: block.hash,
    firstSpentTxId: tx.inputs[0]?.txid ?? null,
    firstSpentVout: tx.inputs[0]?.vout ?? null,
    validState: 'NOT_VALIDATED_YET' as const,
    validReason: null,
    validFailures: 0,
    validChecked: null,
    nextCheck: null,
    isVisible: true,
  };
  const existing = lists.assetByGenTxId(tx.txid);
  if (existing && existing.assetId !== row.assetId) {
    // The wallet already has this asset from its genesis: one row only (§2.1).
    const kept = lists.mergeAssets(existing.assetId, row.assetId, { assetRef: existing.assetRef ?? { ...ref }, genBlockHash: existing.genBlockHash ?? block.hash, isVisible: true });
    return { state: kept.validState, found: true, assetId: kept.assetId };
  }
  lists.updateAsset(row.assetId, patch);
  return { state: 'NOT_VALIDATED_YET', found: true, assetId: row.assetId };
}
