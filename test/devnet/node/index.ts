// The devnet regtest node: a Bitcoin Core v29–compatible JSON-RPC server over an in-memory chain.
// Other tests start it with startDevnetNode() and talk to it over HTTP like to a real bitcoind.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addressToScript, fromHex, toHex } from './bitcoin.js';
import { BlockEntry, Tx, strippedBytes } from './chain.js';
import { chainMethods } from './methods-chain.js';
import { descriptorMethods } from './methods-descriptors.js';
import { encryptMethods } from './methods-encrypt.js';
import { psbtMethods } from './methods-psbt.js';
import { sendMethods } from './methods-send.js';
import { walletMethods } from './methods-wallet.js';
import { loadState, saveState } from './persist.js';
import { MethodDef } from './rpc.js';
import { RpcServer } from './server.js';
import { NodeState } from './state.js';
import { FALLBACK_FEERATE, Wallet } from './wallet.js';

export interface DevnetNodeOptions {
  /** data directory: `<dataDir>/regtest/.cookie` is written while the node runs */
  dataDir: string;
  /** 0 (default) picks a free port */
  port?: number;
  /** -rpcuser/-rpcpassword (the cookie works as well) */
  rpcUser?: string;
  rpcPassword?: string;
  /** wallets to create and load at start (like -wallet=<name>) */
  wallets?: string[];
  /**
   * The state the Core recorder starts from: wallet `w` with mature coins at height 102
   * (txindex is always on, the fallback fee is always 0.0001 BTC/kvB).
   */
  recorderState?: boolean;
  /**
   * Keep the chain, mempool and wallets in `<dataDir>/regtest/devnet-node.json`: restored at start
   * when the file exists, written at every stop. Off by default (state lives in memory).
   */
  persist?: boolean;
  /**
   * Run with `-txindex` (default true, as the recordings). Without it getrawtransaction finds
   * confirmed transactions only when given their block hash, and getindexinfo is `{}`.
   */
  txindex?: boolean;
}

export interface DevnetNode {
  readonly rpcUrl: string;
  readonly port: number;
  readonly cookieFile: string;
  readonly dataDir: string;
  /** `user:password` of the cookie (changes at every start) */
  readonly cookie: string;
  /** Stops the node: the port refuses connections and the cookie file is removed. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same chain and wallets (a new cookie). */
  restart(opts?: { warmupMs?: number; warmupMessages?: string[]; refuseMs?: number }): Promise<void>;
  /** While set, every RPC answers -28 with this message. */
  setWarmup(message: string | null): void;
  /** Direct access for tests: mine blocks paying `address` (or a fresh address of `wallet`). */
  mine(n: number, address?: string): string[];
  /**
   * Pays many outputs from `wallet` in few transactions (up to `perTx` outputs each) and mines
   * them into blocks; returns the txids. Amounts in satoshis.
   */
  bulkFund(wallet: string, payments: { address: string; sats: bigint }[], opts?: { perTx?: number; mine?: boolean }): string[];
  /** Height of the active chain. */
  height(): number;
  /** Offset of `txid` in the block serialised without witness data (CoinSpark txOffset). */
  txOffset(blockHash: string, txid: string): number;
  /** The node internals (chain, wallets) for white-box tests. */
  readonly state: NodeState;
}

export const DEFAULT_WARMUP_MESSAGES = ['Loading P2P addresses…', 'Loading banlist…', 'Loading block index…', 'Verifying blocks…', 'Loading wallet…'];

/** Offset of a tx inside the non-witness serialisation of a block (header + count varint + txs). */
export function txOffsetInBlock(b: BlockEntry, txid: string): number {
  const idx = b.txids.indexOf(txid);
  if (idx < 0) throw new Error(`tx ${txid} not in block ${b.hash}`);
  let off = 80 + (b.txs.length < 0xfd ? 1 : b.txs.length <= 0xffff ? 3 : 5);
  for (let i = 0; i < idx; i++) off += b.txs[i]!.byteLength(false);
  return off;
}

export async function startDevnetNode(opts: DevnetNodeOptions): Promise<DevnetNode> {
  const dataDir = path.resolve(opts.dataDir);
  const netDir = path.join(dataDir, 'regtest');
  const cookieFile = path.join(netDir, '.cookie');
  await mkdir(path.join(netDir, 'wallets'), { recursive: true });
  const S = new NodeState(dataDir);
  S.txindex = opts.txindex !== false;
  let cookie = '';
  let stopRequested: Promise<void> | null = null;

  const methods: Record<string, MethodDef> = {
    ...chainMethods(S),
    ...walletMethods(S),
    ...psbtMethods(S),
    ...sendMethods(S),
    ...encryptMethods(S),
    ...descriptorMethods(S),
    stop: { args: [{ name: 'wait', type: 'num' }], run: () => 'Bitcoin Core stopping' },
  };
  const server = new RpcServer({
    methods,
    warmup: () => S.warmup,
    credentials: () => [cookie, ...(opts.rpcUser !== undefined && opts.rpcPassword !== undefined ? [`${opts.rpcUser}:${opts.rpcPassword}`] : [])],
    onStopRequested: () => {
      stopRequested = (async () => {
        server.setStopping();
        await new Promise((r) => setTimeout(r, 50));
        await shutdown();
      })();
    },
  });

  const writeCookie = async (): Promise<void> => {
    cookie = `__cookie__:${randomBytes(32).toString('hex')}`;
    await writeFile(cookieFile, cookie, { mode: 0o600 });
  };
  const shutdown = async (): Promise<void> => {
    await server.close();
    if (opts.persist) await saveState(S);
    await rm(cookieFile, { force: true });
    running = false;
  };

  let running = false;
  await writeCookie();
  const port = await server.listen(opts.port ?? 0);
  running = true;
  S.startTime = Math.floor(Date.now() / 1000);

  const restored = opts.persist ? await loadState(S) : false;
  for (const name of opts.wallets ?? []) {
    const known = S.walletDir.get(name);
    if (!known) S.addWallet(new Wallet(name, S.chain));
    else if (!S.loaded.has(name)) {
      S.load(known);
      for (const b of S.chain.active) b.txs.forEach((t, i) => known.syncTx(t, b.txids[i]!, b));
      for (const e of S.chain.mempool.values()) known.syncTx(e.tx, e.txid);
    }
  }
  if (opts.recorderState && !restored) setupRecorderState(S);

  const bulkFund: DevnetNode['bulkFund'] = (walletName, payments, o = {}) => {
    const w = S.loaded.get(walletName);
    if (!w) throw new Error(`wallet ${walletName} not loaded`);
    const perTx = o.perTx ?? 500;
    const txids: string[] = [];
    // Each tx spends the previous one's change when it can (no coin selection over a growing
    // wallet); a block is mined every 20 txs so that unconfirmed chains stay short.
    let change: { txid: string; vout: number; value: bigint } | null = null;
    for (let i = 0, n = 0; i < payments.length; i += perTx, n++) {
      const tx = new Tx();
      tx.version = 2;
      tx.locktime = S.chain.height;
      let outSum = 0n;
      for (const p of payments.slice(i, i + perTx)) {
        const s = addressToScript(p.address);
        if (!s) throw new Error(`bad address ${p.address}`);
        tx.addOutput(s, p.sats);
        outSum += p.sats;
      }
      let funded = false;
      if (change && change.value > outSum + 100_000n && S.chain.getCoin(change.txid, change.vout, true)) {
        const probe = tx.clone();
        probe.addInput(fromHex(change.txid).reverse(), change.vout, 0xfffffffd);
        try {
          const r = w.fund(probe, { feeRate: FALLBACK_FEERATE, addInputs: false });
          tx.ins = probe.ins;
          tx.outs = probe.outs;
          change = r.changepos >= 0 ? { txid: '', vout: r.changepos, value: tx.outs[r.changepos]!.value } : null;
          funded = true;
        } catch {
          funded = false;
        }
      }
      if (!funded) {
        const r = w.fund(tx, { feeRate: FALLBACK_FEERATE });
        change = r.changepos >= 0 ? { txid: '', vout: r.changepos, value: tx.outs[r.changepos]!.value } : null;
      }
      const r = w.sign(tx);
      if (!r.complete) throw new Error('bulkFund: could not sign');
      const txid = S.chain.acceptToMempool(tx).txid;
      txids.push(txid);
      if (change) change.txid = txid;
      if (o.mine !== false && n % 20 === 19) mineTo(1);
    }
    if (o.mine !== false) while (S.chain.mempool.size > 0) mineTo(1);
    return txids;
  };
  const mineTo = (n: number, address?: string): string[] => {
    let script: Uint8Array;
    if (address) {
      const s = addressToScript(address);
      if (!s) throw new Error(`bad address ${address}`);
      script = s;
    } else script = fromHex('0014' + '00'.repeat(19) + '01');
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(S.chain.mine(script).hash);
    return out;
  };

  const node: DevnetNode = {
    rpcUrl: `http://127.0.0.1:${port}`,
    port,
    cookieFile,
    dataDir,
    get cookie() {
      return cookie;
    },
    state: S,
    async stop() {
      if (stopRequested) await stopRequested;
      if (running) await shutdown();
    },
    async restart(r = {}) {
      if (stopRequested) await stopRequested;
      stopRequested = null;
      if (running) await shutdown();
      // like bitcoind: the port refuses connections until the RPC server is up
      if (r.refuseMs) await new Promise((res) => setTimeout(res, r.refuseMs));
      // what a restart of bitcoind forgets: in-memory coin locks, unlocked wallets, the fee
      // estimator's current span (its data stays, as fee_estimates.dat)
      for (const w of S.walletDir.values()) w.reloaded();
      S.chain.fees.restart();
      await writeCookie();
      const msgs = r.warmupMessages ?? DEFAULT_WARMUP_MESSAGES;
      const ms = r.warmupMs ?? 0;
      if (ms > 0) S.warmup = msgs[0] ?? 'Loading…';
      await server.listen(port);
      running = true;
      S.startTime = Math.floor(Date.now() / 1000);
      if (ms > 0) {
        msgs.forEach((m, i) => setTimeout(() => (S.warmup = m), (ms * i) / msgs.length));
        setTimeout(() => (S.warmup = null), ms);
      }
    },
    setWarmup(message) {
      S.warmup = message;
    },
    mine: (n, address) => {
      if (!address) {
        const w = [...S.loaded.values()][0];
        if (w) address = w.newAddress('', 'bech32');
      }
      return mineTo(n, address);
    },
    bulkFund,
    height: () => S.chain.height,
    txOffset: (blockHash, txid) => {
      const b = S.chain.blocks.get(blockHash);
      if (!b) throw new Error('unknown block');
      return txOffsetInBlock(b, txid);
    },
  };
  return node;
}

/** Regtest, wallet `w` with mature coins at height 102 — what record-core.py expects. */
function setupRecorderState(S: NodeState): void {
  let w = S.loaded.get('w');
  if (!w) {
    w = new Wallet('w', S.chain);
    S.addWallet(w);
  }
  const a = w.newAddress('', 'bech32');
  const script = addressToScript(a)!;
  for (let i = 0; i < 101; i++) S.chain.mine(script);
  // one spend so the wallet has a history beyond coinbases, as the recorded node had
  const tx = new Tx();
  tx.version = 2;
  tx.locktime = S.chain.height;
  tx.addOutput(addressToScript(w.newAddress('', 'bech32'))!, 100_000_000n);
  w.fund(tx, { feeRate: FALLBACK_FEERATE });
  w.sign(tx);
  S.chain.acceptToMempool(tx);
  S.chain.mine(script);
  // the recorded node had been stopped and started again in this state
  S.chain.fees.restart();
}

export { strippedBytes, toHex };
export type { AddrType } from './wallet-keys.js';
