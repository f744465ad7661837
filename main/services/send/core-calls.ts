import * as v from 'valibot';
import type { SigningMode } from '../../../shared/model/send';
import { RpcError, type RpcClient } from '../core/rpc-client';
import { AddressSchema, amountToSats, HexStringSchema } from '../core/rpc-schemas';
import { refuse } from './plan';

/**
 * The Bitcoin Core calls of the send path, each with its answer's shape checked and its failures in words:
 * wallet kind, fee estimate and relay minimum, change address, coin locks, signing (walletprocesspsbt, with the
 * passphrase for seconds on an encrypted wallet), finalizing a PSBT signed elsewhere, broadcasting.
 */

const WalletInfoSchema = v.object({
  walletname: v.pipe(v.string(), v.maxLength(1024)),
  private_keys_enabled: v.optional(v.boolean(), true),
  /** Present only on encrypted wallets: 0 while locked, the relock time while unlocked. */
  unlocked_until: v.optional(v.number()),
});

export interface WalletKind {
  mode: SigningMode;
  /** Encrypted and unlocked right now (by someone else): sign without asking, and leave it as it is. */
  unlocked: boolean;
}

export async function walletKind(rpc: RpcClient, nowSeconds: number): Promise<WalletKind> {
  const info = await rpc.walletCall('getwalletinfo', [], WalletInfoSchema);
  if (!info.private_keys_enabled) return { mode: 'watch-only', unlocked: false };
  if (info.unlocked_until === undefined) return { mode: 'hot', unlocked: true };
  return { mode: 'encrypted', unlocked: info.unlocked_until > nowSeconds + 2 };
}

const MempoolInfoSchema = v.object({ mempoolminfee: v.number(), minrelaytxfee: v.number() });
const SmartFeeSchema = v.object({ feerate: v.optional(v.number()), blocks: v.optional(v.number()), errors: v.optional(v.array(v.string())) });

export interface CoreFees {
  /** sat/kvB, null when Core has no estimate yet. */
  estimate: bigint | null;
  blocks: number | null;
  minRelay: bigint;
}

/** The target of the estimate: about an hour. */
export const FEE_TARGET_BLOCKS = 6;

export async function coreFees(rpc: RpcClient): Promise<CoreFees> {
  const [mempool, smart] = await Promise.all([
    rpc.call('getmempoolinfo', [], MempoolInfoSchema),
    rpc.call('estimatesmartfee', [FEE_TARGET_BLOCKS], SmartFeeSchema),
  ]);
  const relay = amountToSats(mempool.minrelaytxfee);
  const pool = amountToSats(mempool.mempoolminfee);
  return {
    estimate: smart.feerate !== undefined && smart.feerate > 0 ? amountToSats(smart.feerate) : null,
    blocks: smart.feerate !== undefined ? (smart.blocks ?? null) : null,
    minRelay: relay > pool ? relay : pool,
  };
}

export async function changeAddress(rpc: RpcClient): Promise<string> {
  try {
    return await rpc.walletCall('getrawchangeaddress', [], AddressSchema);
  } catch (error) {
    if (error instanceof RpcError && error.code === -4) {
      refuse('no-change-address', `Bitcoin Core cannot give this wallet a change address (${error.message}). A watch-only wallet needs the signer’s change descriptor imported as active and internal.`);
    }
    throw error;
  }
}

const AddressInfoSchema = v.object({ ismine: v.boolean(), iswatchonly: v.optional(v.boolean(), false) });

/** True when the address belongs to this Core wallet (its own, or watched). */
export async function isOwnAddress(rpc: RpcClient, address: string): Promise<boolean> {
  const info = await rpc.walletCall('getaddressinfo', [address], AddressInfoSchema);
  return info.ismine || info.iswatchonly;
}

const LockListSchema = v.pipe(v.array(v.object({ txid: v.string(), vout: v.number() })), v.maxLength(2_000_000));

export async function lockedOutputs(rpc: RpcClient): Promise<Set<string>> {
  const list = await rpc.walletCall('listlockunspent', [], LockListSchema);
  return new Set(list.map((o) => `${o.txid}:${o.vout}`));
}

export async function lockOutputs(rpc: RpcClient, outputs: { txid: string; vout: number }[], persistent: boolean): Promise<void> {
  if (outputs.length === 0) return;
  await rpc.walletCall('lockunspent', [false, outputs.map((o) => ({ txid: o.txid, vout: o.vout })), persistent], v.boolean());
}

export async function unlockOutputs(rpc: RpcClient, outputs: { txid: string; vout: number }[]): Promise<void> {
  if (outputs.length === 0) return;
  try {
    await rpc.walletCall('lockunspent', [true, outputs.map((o) => ({ txid: o.txid, vout: o.vout }))], v.boolean());
  } catch (error) {
    // -8: one of them is no longer locked (spent, or unlocked meanwhile): release the others one by one.
    if (!(error instanceof RpcError) || error.code !== -8 || outputs.length === 1) throw error;
    for (const o of outputs) await unlockOutputs(rpc, [o]).catch(() => undefined);
  }
}

const ProcessedSchema = v.object({ psbt: v.pipe(v.string(), v.maxLength(64 * 1024 * 1024)), complete: v.boolean(), hex: v.optional(HexStringSchema) });

/** Fills in the UTXO data and derivation paths of a PSBT without signing (for a signer elsewhere). */
export async function fillPsbt(rpc: RpcClient, psbt: string): Promise<string> {
  return (await rpc.walletCall('walletprocesspsbt', [psbt, false, 'ALL', true, false], ProcessedSchema)).psbt;
}

const PASSPHRASE_SECONDS = 10;

/**
 * Signs with the wallet's keys and finalizes. For an encrypted, locked wallet the passphrase unlocks it for at
 * most 10 seconds and the wallet is locked again right after signing, whatever happened. The passphrase is only
 * passed on to Core, never kept.
 */
export async function signWithCore(rpc: RpcClient, psbt: string, kind: WalletKind, passphrase: string | undefined): Promise<{ hex: string } | { incomplete: string }> {
  let unlockedHere = false;
  if (kind.mode === 'encrypted' && !kind.unlocked) {
    if (!passphrase) refuse('passphrase-needed', 'This wallet is encrypted: enter its passphrase to sign.');
    try {
      await rpc.walletCall('walletpassphrase', [passphrase, PASSPHRASE_SECONDS], v.null());
      unlockedHere = true;
    } catch (error) {
      if (error instanceof RpcError && error.code === -14) refuse('wrong-passphrase', 'That passphrase is not the wallet’s passphrase. Nothing was signed or sent; try again.');
      if (error instanceof RpcError && error.code === -8) refuse('wrong-passphrase', `Bitcoin Core refused the passphrase (${error.message}). Nothing was signed or sent.`);
      throw error;
    }
  }
  try {
    const result = await rpc.walletCall('walletprocesspsbt', [psbt, true, 'ALL', true, true], ProcessedSchema);
    if (!result.complete || !result.hex) return { incomplete: result.psbt };
    return { hex: result.hex };
  } catch (error) {
    if (error instanceof RpcError && error.code === -13) refuse('wallet-locked', 'The wallet locked itself again before it could sign. Nothing was sent; confirm once more.');
    throw error;
  } finally {
    if (unlockedHere) await rpc.walletCall('walletlock', [], v.null()).catch(() => undefined);
  }
}

const FinalizedSchema = v.object({ hex: v.optional(HexStringSchema), psbt: v.optional(v.string()), complete: v.boolean() });

export async function finalizePsbt(rpc: RpcClient, psbt: string): Promise<{ hex: string } | { incomplete: true }> {
  let result: v.InferOutput<typeof FinalizedSchema>;
  try {
    result = await rpc.call('finalizepsbt', [psbt, true], FinalizedSchema);
  } catch (error) {
    if (error instanceof RpcError && error.code === -22) refuse('bad-psbt', `Bitcoin Core cannot read this PSBT (${error.message}).`);
    throw error;
  }
  if (!result.complete || !result.hex) return { incomplete: true };
  return { hex: result.hex };
}

export async function broadcast(rpc: RpcClient, hex: string): Promise<string> {
  return rpc.call('sendrawtransaction', [hex], HexStringSchema);
}

const MempoolEntrySchema = v.object({ vsize: v.optional(v.number()) });

/** After a broadcast whose answer was lost: is the transaction in the mempool (or the wallet) after all? */
export async function isKnownToNode(rpc: RpcClient, txid: string): Promise<boolean> {
  try {
    await rpc.call('getmempoolentry', [txid], MempoolEntrySchema);
    return true;
  } catch {
    try {
      await rpc.walletCall('gettransaction', [txid], v.object({ confirmations: v.number() }));
      return true;
    } catch {
      return false;
    }
  }
}
