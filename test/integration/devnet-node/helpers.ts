// Shared set-up of the devnet node behaviour tests: a node in a temporary data directory, a
// bitcoin-cli-like caller, and a helper that expects an RPC error.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevnetNode, DevnetNodeOptions, startDevnetNode } from '../../devnet/node/index.js';
import { RpcCallError, cli } from './rpc-client.js';

export type Rpc = ReturnType<typeof cli>;

export interface TestNode {
  node: DevnetNode;
  rpc: Rpc;
  dataDir: string;
  /** a mining address of wallet `w` */
  mineTo: string;
  close(): Promise<void>;
}

/** A node with wallet `w` holding mature coins (101 blocks mined to it, plus `extraBlocks`). */
export async function startTestNode(opts: Partial<DevnetNodeOptions> = {}, extraBlocks = 0): Promise<TestNode> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'devnet-test-'));
  const node = await startDevnetNode({ wallets: ['w'], ...opts, dataDir });
  const rpc = cli(node.rpcUrl, { cookieFile: node.cookieFile });
  const mineTo = await rpc<string>('getnewaddress', ['mining'], 'w');
  await rpc('generatetoaddress', [101 + extraBlocks, mineTo]);
  return {
    node,
    rpc,
    dataDir,
    mineTo,
    close: async () => {
      await node.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function rpcError(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcCallError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an RPC error');
}

export interface Utxo {
  txid: string;
  vout: number;
  amount: number;
  address: string;
  confirmations: number;
  safe: boolean;
}

export const outpoint = (u: { txid: string; vout: number }): { txid: string; vout: number } => ({ txid: u.txid, vout: u.vout });

/** Core's order of outpoints: the txid's bytes as stored (reversed hex), then the index. */
export const coreOrder = (a: { txid: string; vout: number }, b: { txid: string; vout: number }): number => {
  const ra = Buffer.from(a.txid, 'hex').reverse().toString('hex');
  const rb = Buffer.from(b.txid, 'hex').reverse().toString('hex');
  return ra < rb ? -1 : ra > rb ? 1 : a.vout - b.vout;
};

export const sats = (btc: number): bigint => BigInt(Math.round(btc * 1e8));
