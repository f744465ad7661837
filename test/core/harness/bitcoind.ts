// A throwaway real Bitcoin Core v29 on regtest: its own data folder and ports, RPC by cookie, P2P on loopback
// with bloom service so coinsparkd can follow it (coinsparkd/README.md), a wallet with mature coins.
import path from 'node:path';
import { RpcClient, RpcError } from '../../devnet/rpc-client.js';
import type { CoreBinaries } from './binaries.js';
import { freePort, startChild, stopChild, waitFor, type Child, type Cleanup } from './processes.js';

export interface RealBitcoind {
  dataDir: string;
  rpcUrl: string;
  cookieFile: string;
  rpcPort: number;
  p2pPort: number;
  /** node-level RPC (wallet calls: `rpc.wallet(name)`) */
  rpc: RpcClient;
  /** the wallet created at start, holding at least 50 BTC of mature coins */
  walletName: string;
  child: Child;
  /** mine `n` blocks to the start wallet */
  mine(n: number): Promise<string[]>;
  stop(): Promise<void>;
}

export interface BitcoindOptions {
  /** wallet to create and fund (default "w") */
  walletName?: string;
  /** blocks to mine to it at start (default 101: one mature coinbase) */
  blocks?: number;
  /** run with -txindex (default true); false runs as most users' nodes do */
  txindex?: boolean;
}

export async function startBitcoind(bin: CoreBinaries, cleanup: Cleanup, opts: BitcoindOptions = {}): Promise<RealBitcoind> {
  const dataDir = cleanup.tempDir('bitcoind');
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const args = [
    '-regtest',
    `-datadir=${dataDir}`,
    `-txindex=${opts.txindex === false ? 0 : 1}`,
    '-fallbackfee=0.0001',
    '-server=1',
    '-rpcbind=127.0.0.1',
    '-rpcallowip=127.0.0.1',
    `-rpcport=${rpcPort}`,
    '-listen=1',
    `-bind=127.0.0.1:${p2pPort}`,
    `-port=${p2pPort}`,
    '-whitelist=127.0.0.1',
    '-peerbloomfilters=1', // coinsparkd announces relay=0: without bloom service Core ignores its `mempool` request
    '-dnsseed=0',
    '-fixedseeds=0',
    '-listenonion=0',
    '-discover=0',
    '-natpmp=0',
    '-printtoconsole=0',
  ];
  const child = startChild(cleanup, bin.bitcoind, args, path.join(dataDir, 'stdout.log'));
  const cookieFile = path.join(dataDir, 'regtest', '.cookie');
  const rpcUrl = `http://127.0.0.1:${rpcPort}/`;
  const rpc = new RpcClient({ url: rpcUrl, cookieFile, timeoutMs: 60_000 });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await rpc.call('stop').catch(() => undefined);
    rpc.close();
    const timer = setTimeout(() => child.proc.kill('SIGKILL'), 30_000);
    await child.exited;
    clearTimeout(timer);
  };
  cleanup.add(`stop bitcoind ${child.pid}`, async () => {
    await stop();
    await stopChild(child, 1000);
  });
  await waitFor(`bitcoind RPC on ${rpcPort} (${child.tail(5)})`, async () => {
    if (child.proc.exitCode !== null) throw new Error(`bitcoind exited: ${child.tail()}`);
    try {
      await rpc.call('getblockchaininfo');
      return true;
    } catch (err) {
      if (err instanceof RpcError && err.code === -28) return undefined; // warming up
      throw err;
    }
  });
  const walletName = opts.walletName ?? 'w';
  await rpc.call('createwallet', walletName);
  const wallet = rpc.wallet(walletName);
  const address = await wallet.call<string>('getnewaddress');
  wallet.close();
  const mine = (n: number): Promise<string[]> => rpc.call<string[]>('generatetoaddress', n, address);
  await mine(opts.blocks ?? 101);
  return { dataDir, rpcUrl, cookieFile, rpcPort, p2pPort, rpc, walletName, child, mine, stop };
}
