import * as v from 'valibot';
import { RpcError, type RpcClient } from '../core/rpc-client';

/** Outputs per lockunspent call: 5,000 outputs take 5 calls. */
export const LOCK_CHUNK = 1000;

export interface LockOutcome {
  /** Outputs Core locked (or unlocked). */
  done: string[];
  /** Outputs that are gone (spent, or no longer a wallet transaction's): nothing to lock. */
  gone: string[];
  /** Outputs Core refused for another reason, with its words. */
  failed: { key: string; message: string }[];
  /** JSON-RPC calls made. */
  calls: number;
}

const GONE = /expected unspent output|unknown transaction|vout index out of bounds/i;
const toOutpoint = (key: string): { txid: string; vout: number } => {
  const colon = key.indexOf(':');
  return { txid: key.slice(0, colon), vout: Number(key.slice(colon + 1)) };
};

/**
 * Locks (persistently: `lockunspent false [...] true`, kept by Core across restarts, Core ≥ 23) or unlocks
 * (`lockunspent true [...]`; an unlock always erases the persistent lock too) many outputs in few calls. Core
 * checks every output of a call before changing any, so one bad output (spent meanwhile, already unlocked) fails
 * its whole call: that call is then split in halves until the bad outputs stand alone. Any other refusal (an old
 * Core without the `persistent` argument answers -1 with its help text) is reported for the whole call, not split.
 * Connection failures are thrown.
 */
export async function changeLocks(rpc: RpcClient, keys: readonly string[], action: 'lock' | 'unlock', chunkSize = LOCK_CHUNK): Promise<LockOutcome> {
  const outcome: LockOutcome = { done: [], gone: [], failed: [], calls: 0 };
  const run = async (part: readonly string[]): Promise<void> => {
    if (part.length === 0) return;
    outcome.calls++;
    const outpoints = part.map(toOutpoint);
    try {
      await rpc.walletCall('lockunspent', action === 'lock' ? [false, outpoints, true] : [true, outpoints], v.boolean());
      outcome.done.push(...part);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      if (error.code === -8 && part.length > 1) {
        const half = Math.ceil(part.length / 2);
        await run(part.slice(0, half));
        await run(part.slice(half));
        return;
      }
      if (error.code === -8 && GONE.test(error.message)) {
        outcome.gone.push(...part);
        return;
      }
      if (error.code === -8 && action === 'unlock' && /expected locked output/i.test(error.message)) {
        outcome.gone.push(...part); // already unlocked (by hand): nothing left to release
        return;
      }
      const message = error.code === -1 && action === 'lock' ? `Bitcoin Core refused persistent locks (it needs version 23 or later): ${firstLine(error.message)}` : `Bitcoin Core refused to ${action} (${error.code}): ${firstLine(error.message)}`;
      for (const key of part) outcome.failed.push({ key, message });
    }
  };
  for (let i = 0; i < keys.length; i += chunkSize) await run(keys.slice(i, i + chunkSize));
  return outcome;
}

const firstLine = (text: string): string => text.split('\n')[0]!.slice(0, 300);
