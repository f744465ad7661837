// What the node holds between requests: the chain and the wallets (loaded and on "disk").
import { Chain } from './chain.js';
import { Wallet } from './wallet.js';

export class NodeState {
  readonly chain = new Chain();
  /** every wallet ever created, as the wallets directory would hold it */
  readonly walletDir = new Map<string, Wallet>();
  /** loaded wallets, in load order */
  readonly loaded = new Map<string, Wallet>();
  startTime = Math.floor(Date.now() / 1000);
  warmup: string | null = null;
  /** -txindex (getrawtransaction of confirmed transactions without a block hash) */
  txindex = true;

  constructor(readonly dataDir: string) {}

  addWallet(w: Wallet): void {
    this.walletDir.set(w.name, w);
    this.load(w);
  }
  load(w: Wallet): void {
    this.loaded.set(w.name, w);
    this.chain.listeners.add(w);
  }
  unload(w: Wallet): void {
    this.loaded.delete(w.name);
    this.chain.listeners.delete(w);
  }
}
