import * as v from 'valibot';
import type { WalletOutput } from '../assets/assets-api';
import type { RpcClient } from '../core/rpc-client';
import { TxOutSchema } from '../core/rpc-schemas';
import type { TxRecord } from './wallet-sync';

export interface ResolveLockedOptions {
  rpc: RpcClient;
  /** Locked outputs `listunspent` did not list (Core hides locked outputs from it). */
  locks: readonly { txid: string; vout: number }[];
  /** The wallet transactions sync has read (the locked outputs' transactions among them). */
  txs: ReadonlyMap<string, TxRecord>;
  /** Outputs spent by a wallet transaction that can still confirm ("txid:vout" → spending txid). */
  spentBy: ReadonlyMap<string, string>;
  tipHeight: number;
  /** Outputs gettxout already confirmed unspent ("txid:vout@block"); filled in here. */
  verified: Set<string>;
  batchSize: number;
}

/**
 * The locked outputs that are the wallet's and unspent, as `WalletOutput`s (`locked: true`). A lock says nothing
 * about ownership (Core locks any output of a wallet transaction, a payment to someone else included) or about
 * being unspent, so each is checked: the output must be one the wallet received or its change, its transaction
 * must still be able to confirm, no wallet transaction may spend it, and gettxout (mempool included) must still
 * find it, asked once per output and block rather than at every poll.
 */
export async function resolveLockedOutputs(options: ResolveLockedOptions): Promise<WalletOutput[]> {
  const { rpc, locks, txs, tipHeight, verified, spentBy } = options;
  if (locks.length === 0) return [];
  const candidates: { txid: string; vout: number; tx: TxRecord; stamp: string }[] = [];
  for (const lock of locks) {
    const tx = txs.get(lock.txid);
    const key = `${lock.txid}:${lock.vout}`;
    if (!tx || tx.confirmations < 0 || !tx.ourVouts.has(lock.vout) || spentBy.has(key)) continue;
    candidates.push({ txid: lock.txid, vout: lock.vout, tx, stamp: `${key}@${tx.blockHash ?? 'mempool'}` });
  }
  const unverified = candidates.filter((c) => !verified.has(c.stamp));
  const gone = new Set<string>();
  for (let i = 0; i < unverified.length; i += options.batchSize) {
    const chunk = unverified.slice(i, i + options.batchSize);
    const results = await rpc.batch(chunk.map((c) => ({ method: 'gettxout', params: [c.txid, c.vout, true] })), false);
    results.forEach((result, j) => {
      const c = chunk[j]!;
      if (!result.ok) throw result.error;
      const parsed = v.safeParse(TxOutSchema, result.result);
      if (!parsed.success) throw new Error(`Bitcoin Core's gettxout answer for ${c.txid}:${c.vout} has an unexpected shape.`);
      if (parsed.output === null) gone.add(c.stamp);
      else verified.add(c.stamp);
    });
  }
  const outputs: WalletOutput[] = [];
  for (const c of candidates) {
    if (gone.has(c.stamp)) continue;
    const value = c.tx.outputValues[c.vout];
    const script = c.tx.outputScripts[c.vout];
    if (value === undefined || script === undefined) continue;
    outputs.push({
      txid: c.txid,
      vout: c.vout,
      confirmations: c.tx.blockHeight !== null ? Math.max(0, tipHeight - c.tx.blockHeight + 1) : 0,
      amountSats: value,
      address: c.tx.outputAddresses.get(c.vout) ?? null,
      scriptPubKey: Buffer.from(script.buffer, script.byteOffset, script.byteLength).toString('hex'),
      locked: true,
    });
  }
  return outputs;
}
