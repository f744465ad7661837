// Optional persistence of the node to `<dataDir>/regtest/devnet-node.json`: every block (also side
// branches), invalidated blocks, the mempool, the fee estimator's data and the wallets (HD seeds,
// keys, address book, persistent coin locks, passphrase hash, tx times and bumpfee links, their own
// transactions the mempool refused), so that a node started again on the same data directory
// continues the same chain. Like Core, locks made without `persistent` are not written.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bitcoin, fromHex, toHex } from './bitcoin.js';
import { Tx } from './chain.js';
import { NodeState } from './state.js';
import { Wallet, type AddrType, type KeyInfo } from './wallet.js';
import { StoredCrypt } from './wallet-crypt.js';

interface StoredKey {
  gen?: number;
  type: AddrType;
  change: boolean;
  index: number;
  priv: string;
  pub: string;
  script: string;
  address: string;
  redeem?: string;
  tweakedPriv?: string;
  outputKey?: string;
}

interface StoredWallet {
  name: string;
  /** v1: the only seed */
  seed?: string;
  /** v2: every HD seed, the current one last */
  seeds?: string[];
  crypt?: StoredCrypt | null;
  /** the wallet's own transactions in neither the chain nor the mempool */
  inactive?: string[];
  opts: { disablePrivateKeys?: boolean; blank?: boolean };
  birthtime: number;
  loaded: boolean;
  next: [string, number][];
  keys: StoredKey[];
  addressBook: [string, string][];
  locked: [string, number][];
  txs: { txid: string; order: number; time: number; timeReceived: number; comment?: string; to?: string; replacedBy?: string; replaces?: string; abandoned?: boolean }[];
}

interface Stored {
  version: 1 | 2;
  fees?: unknown;
  blocks: string[];
  failed: string[];
  everConnected: string[];
  mempool: string[];
  wallets: StoredWallet[];
}

export const stateFile = (dataDir: string): string => path.join(dataDir, 'regtest', 'devnet-node.json');

export async function saveState(S: NodeState): Promise<void> {
  const C = S.chain;
  const blocks = [...C.blocks.values()].filter((b) => b.height > 0).sort((a, b) => a.seq - b.seq);
  const stored: Stored = {
    version: 2,
    fees: C.fees.toJSON(),
    blocks: blocks.map((b) => toHex(b.raw)),
    failed: blocks.filter((b) => b.failed === 'invalid').map((b) => b.hash),
    everConnected: blocks.filter((b) => b.everConnected).map((b) => b.hash),
    mempool: [...C.mempool.values()].map((e) => e.tx.toHex()),
    wallets: [...S.walletDir.values()].map((w) => ({
      name: w.name,
      seeds: w.keychain.seeds.map((h) => toHex(h.seed)),
      crypt: w.crypt.toJSON(),
      inactive: [...w.txs.values()].filter((t) => !C.txIndex.has(t.txid) && !C.mempool.has(t.txid) && !t.abandoned).map((t) => t.tx.toHex()),
      opts: w.opts,
      birthtime: w.birthtime,
      loaded: S.loaded.has(w.name),
      next: [...w.keychain.next.entries()],
      keys: [...w.keys.values()].map((k) => ({
        gen: k.gen,
        type: k.type, change: k.change, index: k.index, priv: toHex(k.priv), pub: toHex(k.pub), script: toHex(k.script), address: k.address,
        redeem: k.redeem && toHex(k.redeem), tweakedPriv: k.tweakedPriv && toHex(k.tweakedPriv), outputKey: k.outputKey && toHex(k.outputKey),
      })),
      addressBook: [...w.addressBook.entries()],
      locked: [...w.locked.values()].filter((o) => o.persistent).map((o) => [o.txid, o.vout] as [string, number]),
      txs: [...w.txs.values()].map((t) => ({
        txid: t.txid, order: t.order, time: t.time, timeReceived: t.timeReceived, comment: t.comment, to: t.to, replacedBy: t.replacedBy, replaces: t.replaces,
        abandoned: t.abandoned || undefined,
      })),
    })),
  };
  const file = stateFile(S.dataDir);
  await writeFile(`${file}.tmp`, JSON.stringify(stored));
  await rename(`${file}.tmp`, file);
}

/** Restores a saved node into a fresh state; false when there is nothing saved. */
export async function loadState(S: NodeState): Promise<boolean> {
  const file = stateFile(S.dataDir);
  if (!existsSync(file)) return false;
  const stored = JSON.parse(await readFile(file, 'utf8')) as Stored;
  if (stored.version !== 1 && stored.version !== 2) throw new Error(`${file}: unknown version`);
  const C = S.chain;
  const wallets: Wallet[] = [];
  for (const sw of stored.wallets) {
    const seeds = sw.seeds ?? [sw.seed!];
    const w = new Wallet(sw.name, C, sw.opts, fromHex(seeds[0]!));
    for (const extra of seeds.slice(1)) w.keychain.newSeed(fromHex(extra));
    w.crypt.load(sw.crypt);
    w.birthtime = sw.birthtime;
    for (const [slot, n] of sw.next) w.keychain.next.set(slot, n);
    for (const k of sw.keys) {
      const info: KeyInfo = {
        gen: k.gen ?? 0,
        type: k.type, change: k.change, index: k.index, priv: fromHex(k.priv), pub: fromHex(k.pub), script: fromHex(k.script), address: k.address,
        redeem: k.redeem ? fromHex(k.redeem) : undefined, tweakedPriv: k.tweakedPriv ? fromHex(k.tweakedPriv) : undefined,
        outputKey: k.outputKey ? fromHex(k.outputKey) : undefined,
      };
      w.keys.set(k.script, info);
    }
    for (const [a, l] of sw.addressBook) w.addressBook.set(a, l);
    S.addWallet(w); // every wallet watches the chain while it is rebuilt
    wallets.push(w);
  }
  const failed = new Set(stored.failed);
  const connected = new Set(stored.everConnected);
  for (const hex of stored.blocks) {
    const blk = bitcoin.Block.fromHex(hex);
    const b = C.addStoredBlock(
      { version: blk.version, prev: toHex(Uint8Array.from(blk.prevHash!).reverse()), time: blk.timestamp, bits: blk.bits, nonce: blk.nonce },
      blk.transactions!.map((t) => Tx.fromBuffer(t.toBuffer())),
    );
    if (failed.has(b.hash)) b.failed = 'invalid';
    else if (b.parent && b.parent.failed !== 'no') b.failed = 'child';
  }
  C.activateBestChain();
  for (const b of C.blocks.values()) if (connected.has(b.hash)) b.everConnected = true;
  // the wallets' own transactions the mempool had refused, before the mempool comes back
  stored.wallets.forEach((sw, i) => {
    for (const hex of sw.inactive ?? []) {
      const tx = Tx.fromHex(hex);
      wallets[i]!.syncTx(tx, tx.getId());
    }
  });
  for (const hex of stored.mempool) {
    try {
      C.acceptToMempool(Tx.fromHex(hex), { bypassLimits: true });
    } catch {
      /* no longer valid */
    }
  }
  stored.wallets.forEach((sw, i) => {
    const w = wallets[i]!;
    for (const t of sw.txs) {
      const wt = w.txs.get(t.txid);
      if (!wt) continue;
      wt.order = t.order;
      wt.time = t.time;
      wt.timeReceived = t.timeReceived;
      wt.comment = t.comment;
      wt.to = t.to;
      wt.replacedBy = t.replacedBy;
      wt.replaces = t.replaces;
      if (t.abandoned) wt.abandoned = true;
    }
    w.orderCounter = Math.max(w.orderCounter, ...sw.txs.map((t) => t.order + 1));
    // after the chain is rebuilt (the wallet unlocks coins it sees spent): only persistent locks were written
    for (const [txid, vout] of sw.locked) w.lockCoin(txid, vout, true);
    if (!sw.loaded) S.unload(w);
  });
  C.fees.load(stored.fees);
  C.fees.restart();
  return true;
}
