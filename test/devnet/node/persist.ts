// Optional persistence of the node to `<dataDir>/regtest/devnet-node.json`: every block (also side
// branches), invalidated blocks, the mempool and the wallets (keys, address book, locks, tx times),
// so that a node started again on the same data directory continues the same chain.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bitcoin, fromHex, toHex } from './bitcoin.js';
import { Tx } from './chain.js';
import { NodeState } from './state.js';
import { AddrType, KeyInfo, Wallet } from './wallet.js';

interface StoredKey {
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
  seed: string;
  opts: { disablePrivateKeys?: boolean; blank?: boolean };
  birthtime: number;
  loaded: boolean;
  next: [string, number][];
  keys: StoredKey[];
  addressBook: [string, string][];
  locked: [string, number][];
  txs: { txid: string; order: number; time: number; timeReceived: number; comment?: string; to?: string }[];
}

interface Stored {
  version: 1;
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
    version: 1,
    blocks: blocks.map((b) => toHex(b.raw)),
    failed: blocks.filter((b) => b.failed === 'invalid').map((b) => b.hash),
    everConnected: blocks.filter((b) => b.everConnected).map((b) => b.hash),
    mempool: [...C.mempool.values()].map((e) => e.tx.toHex()),
    wallets: [...S.walletDir.values()].map((w) => ({
      name: w.name,
      seed: toHex(w.seed),
      opts: w.opts,
      birthtime: w.birthtime,
      loaded: S.loaded.has(w.name),
      next: [...w.next.entries()],
      keys: [...w.keys.values()].map((k) => ({
        type: k.type, change: k.change, index: k.index, priv: toHex(k.priv), pub: toHex(k.pub), script: toHex(k.script), address: k.address,
        redeem: k.redeem && toHex(k.redeem), tweakedPriv: k.tweakedPriv && toHex(k.tweakedPriv), outputKey: k.outputKey && toHex(k.outputKey),
      })),
      addressBook: [...w.addressBook.entries()],
      locked: [...w.locked.values()].map((o) => [o.txid, o.vout] as [string, number]),
      txs: [...w.txs.values()].map((t) => ({ txid: t.txid, order: t.order, time: t.time, timeReceived: t.timeReceived, comment: t.comment, to: t.to })),
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
  if (stored.version !== 1) throw new Error(`${file}: unknown version`);
  const C = S.chain;
  const wallets: Wallet[] = [];
  for (const sw of stored.wallets) {
    const w = new Wallet(sw.name, C, sw.opts, fromHex(sw.seed));
    w.birthtime = sw.birthtime;
    for (const [slot, n] of sw.next) w.next.set(slot, n);
    for (const k of sw.keys) {
      const info: KeyInfo = {
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
    }
    w.orderCounter = Math.max(w.orderCounter, ...sw.txs.map((t) => t.order + 1));
    for (const [txid, vout] of sw.locked) w.locked.set(`${txid}:${vout}`, { txid, vout });
    if (!sw.loaded) S.unload(w);
  });
  return true;
}
