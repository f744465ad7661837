import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { encodeGenesis, encodeTransfers, type Genesis, type Transfer } from '../../../shared/coinspark/index';
import { startDevnetNode, type DevnetNode } from '../../devnet/node/index';
import { RpcClient } from '../../../main/services/core/rpc-client';
import { openAssetListsStore, type AssetListsStore } from '../../../main/services/assets/asset-lists-store';
import type { AssetTriggers } from '../../../main/services/assets/assets-api';
import { WalletSync } from '../../../main/services/sync/wallet-sync';
import { makeTempDir } from '../../support/temp-dir';

/** A devnet node with wallets, our RPC client on each (cookie auth over real HTTP), and a fresh lists file. */
export interface WalletWorld {
  node: DevnetNode;
  dir: string;
  rpc: (wallet: string) => RpcClient;
  lists: AssetListsStore;
  sync: WalletSync;
  triggers: { name: keyof AssetTriggers; args: unknown[] }[];
  close(): Promise<void>;
}

/** A temporary folder `coinspark-<prefix>-…`, removed when the test file is done (test/support/temp-dir.ts). */
export function tempDir(prefix: string): string {
  return makeTempDir(`coinspark-${prefix}-`);
}

export async function startWalletWorld(wallets: string[] = ['w', 'issuer']): Promise<WalletWorld> {
  const dir = tempDir('wallet');
  const node = await startDevnetNode({ dataDir: path.join(dir, 'core'), wallets });
  const clients = new Map<string, RpcClient>();
  const rpc = (wallet: string): RpcClient => {
    let client = clients.get(wallet);
    if (!client) {
      client = new RpcClient({ url: node.rpcUrl, auth: { kind: 'cookie', file: node.cookieFile }, wallet, warmupWaitMs: 0 });
      clients.set(wallet, client);
    }
    return client;
  };
  // Coins for everyone: 101 blocks to the first wallet, then some to the others.
  const first = await newAddress(rpc(wallets[0]!));
  node.mine(101, first);
  for (const w of wallets.slice(1)) {
    node.mine(1, await newAddress(rpc(w)));
  }
  node.mine(100, first);
  const lists = openAssetListsStore({ dir: path.join(dir, 'wallet') });
  const triggers: WalletWorld['triggers'] = [];
  const sync = new WalletSync({ rpc: rpc(wallets[0]!), lists, trigger: (name, ...args) => triggers.push({ name, args }) });
  return {
    node,
    dir,
    rpc,
    lists,
    sync,
    triggers,
    async close() {
      lists.close();
      for (const client of clients.values()) client.close();
      await node.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const newAddress = (rpc: RpcClient, type = 'bech32'): Promise<string> => rpc.walletCall('getnewaddress', ['', type], v.string());

export const sampleGenesis = (domain = 'assets.example.com', qtyMantissa = 100, qtyExponent = 2): Genesis => ({
  qtyMantissa,
  qtyExponent,
  chargeFlatMantissa: 0,
  chargeFlatExponent: 0,
  chargeBasisPoints: 0,
  useHttps: true,
  domainName: domain,
  usePrefix: true,
  pagePath: '',
  assetHash: new Uint8Array(12).fill(7),
  assetHashLen: 12,
});

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Builds, funds, signs and sends a transaction from `wallet` with explicit outputs and a CoinSpark data output
 * (metadata from shared/coinspark), change at `changePosition` (default last, wallet-behaviour.md §1).
 */
export async function sendWithMetadata(
  rpc: RpcClient,
  opts: { inputs?: { txid: string; vout: number }[]; outputs: { address: string; btc: number }[]; metadata: Uint8Array | null; changePosition?: number },
): Promise<string> {
  const outputs: Record<string, number | string>[] = opts.outputs.map((o) => ({ [o.address]: o.btc }));
  if (opts.metadata) outputs.push({ data: hex(opts.metadata) });
  const raw = await rpc.walletCall('createrawtransaction', [opts.inputs ?? [], outputs], v.string());
  const changePosition = opts.changePosition ?? outputs.length;
  const funded = await rpc.walletCall('fundrawtransaction', [raw, { changePosition, add_inputs: true }], v.object({ hex: v.string(), changepos: v.number() }));
  const signed = await rpc.walletCall('signrawtransactionwithwallet', [funded.hex], v.object({ hex: v.string(), complete: v.boolean() }));
  if (!signed.complete) throw new Error('signing incomplete');
  return rpc.call('sendrawtransaction', [signed.hex], v.string());
}

export function genesisMetadata(genesis: Genesis): Uint8Array {
  const encoded = encodeGenesis(genesis, 40);
  if (!encoded.ok) throw new Error(encoded.error);
  return encoded.value;
}

export function transferMetadata(transfers: Transfer[], countInputs: number, countOutputs: number): Uint8Array {
  const encoded = encodeTransfers(transfers, countInputs, countOutputs, 40);
  if (!encoded.ok) throw new Error(encoded.error);
  return encoded.value;
}

export const TxSchema = v.object({
  confirmations: v.number(),
  blockhash: v.optional(v.string()),
  blockheight: v.optional(v.number()),
  hex: v.string(),
});
