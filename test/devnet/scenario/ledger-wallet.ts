// The scenario's issuer: a single P2WPKH key with its own coin ledger. It builds, signs and broadcasts
// raw transactions through any Core-compatible node (only sendrawtransaction, generatetoaddress,
// getblockhash and getblock are needed), and keeps, for every output it creates, the asset units the
// output holds according to the protocol's "legal definition" (shared/coinspark tx helpers). Those
// book-kept figures are the expected values the tests compare the tracker with.
import * as ecc from '@bitcoinerlab/secp256k1';
import { Block, Transaction, address as baddress, networks, payments, script as bscript } from 'bitcoinjs-lib';
import { ECPairFactory, type ECPairInterface } from 'ecpair';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  applyGenesis,
  applyNoTransfers,
  applyTransfers,
  calcGenesisMinFee,
  calcTransfersMinFee,
  decodeGenesis,
  decodeTransfers,
  metadataToScript,
  scriptsToMetadata,
  type AssetRef,
  type Genesis,
} from '../../../shared/coinspark/index.js';
import { UNCONFIRMED_REF, assetRefOf, outputsRegularOf } from '../tracker/protocol.js';
import type { RpcClient } from '../rpc-client.js';

const ECPair = ECPairFactory(ecc);
export const network = networks.regtest;

export interface Coin {
  txid: string;
  vout: number;
  value: bigint;
  script: Uint8Array;
  /** genesis txid → units (as book-kept by the scenario) */
  assets: Map<string, bigint>;
  mine: boolean;
  /** creating block height, null while in the mempool */
  height: number | null;
  coinbase: boolean;
  spent: boolean;
}

export interface KnownAsset {
  genTxId: string;
  genesis: Genesis;
  ref: AssetRef | null;
  /** false if the genesis fee was below its minimum: the asset does not exist */
  valid: boolean;
}

export type TxOutputSpec = { script: Uint8Array; value: bigint } | { metadata: Uint8Array };

export const coinKey = (txid: string, vout: number): string => `${txid}:${vout}`;

export class LedgerWallet {
  readonly key: ECPairInterface;
  readonly address: string;
  readonly script: Uint8Array;
  readonly coins = new Map<string, Coin>();
  readonly assets = new Map<string, KnownAsset>();
  private tipHeight = -1;

  constructor(
    private readonly rpc: RpcClient,
    seed: string,
  ) {
    this.key = ECPair.fromPrivateKey(sha256(new TextEncoder().encode(`coinspark devnet issuer: ${seed}`)), { network });
    const p = payments.p2wpkh({ pubkey: this.key.publicKey, network });
    this.address = p.address!;
    this.script = p.output!;
  }

  static scriptOf(addr: string): Uint8Array {
    return baddress.toOutputScript(addr, network);
  }

  /** Mine `n` blocks (to our address unless given) and book what they confirm. */
  async mine(n: number, to: string = this.address): Promise<string[]> {
    const hashes = await this.rpc.call<string[]>('generatetoaddress', n, to);
    await this.scanTo(await this.rpc.call<number>('getblockcount'));
    return hashes;
  }

  /** Read blocks up to `height`: our coinbases become coins, our transactions get their heights. */
  async scanTo(height: number): Promise<void> {
    for (let h = this.tipHeight + 1; h <= height; h++) {
      const hash = await this.rpc.call<string>('getblockhash', h);
      const block = Block.fromHex(await this.rpc.call<string>('getblock', hash, 0));
      const txs = block.transactions ?? [];
      let offset = 80 + (txs.length < 0xfd ? 1 : 3);
      for (const tx of txs) {
        const txid = tx.getId();
        if (tx.isCoinbase()) {
          tx.outs.forEach((o, vout) => {
            if (Buffer.from(o.script).equals(Buffer.from(this.script))) {
              this.coins.set(coinKey(txid, vout), {
                txid, vout, value: BigInt(o.value), script: o.script, assets: new Map(), mine: true, height: h, coinbase: true, spent: false,
              });
            }
          });
        }
        for (const c of this.coins.values()) if (c.txid === txid && c.height === null) c.height = h;
        const a = this.assets.get(txid);
        if (a !== undefined && a.ref === null) {
          a.ref = assetRefOf(h, offset, txid);
        }
        offset += tx.byteLength(false);
      }
    }
    this.tipHeight = Math.max(this.tipHeight, height);
  }

  get height(): number {
    return this.tipHeight;
  }

  /** Spendable coins of ours holding no asset units (mature coinbases or our change), largest first. */
  plainCoins(): Coin[] {
    return [...this.coins.values()]
      .filter((c) => c.mine && !c.spent && c.assets.size === 0 && (!c.coinbase || (c.height !== null && this.tipHeight - c.height >= 100)))
      .sort((a, b) => (a.value < b.value ? 1 : a.value > b.value ? -1 : 0));
  }

  takePlainCoin(minValue: bigint): Coin {
    const c = this.plainCoins().find((x) => x.value >= minValue);
    if (c === undefined) throw new Error(`scenario wallet: no spendable coin of ${minValue} sat (mine more blocks)`);
    return c;
  }

  /**
   * Build, sign, broadcast. Every input must be one of our coins. The output at `changeIndex` gets
   * whatever is left after the other outputs and `fee`. Returns the txid; the outputs are booked.
   */
  async send(inputs: Coin[], outputs: TxOutputSpec[], changeIndex: number, fee: bigint): Promise<string> {
    const tx = new Transaction();
    tx.version = 2;
    for (const c of inputs) {
      if (!c.mine || c.spent) throw new Error(`scenario wallet: coin ${c.txid}:${c.vout} is not spendable by us`);
      tx.addInput(Buffer.from(c.txid, 'hex').reverse(), c.vout, 0xfffffffd);
    }
    const inValue = inputs.reduce((a, c) => a + c.value, 0n);
    const fixed = outputs.reduce((a, o, i) => a + (i === changeIndex || 'metadata' in o ? 0n : o.value), 0n);
    const change = inValue - fixed - fee;
    if (change < 0n) throw new Error('scenario wallet: inputs do not cover outputs and fee');
    const scripts: Uint8Array[] = [];
    const values: bigint[] = [];
    outputs.forEach((o, i) => {
      let s: Uint8Array;
      let v: bigint;
      if ('metadata' in o) {
        const ms = metadataToScript(o.metadata);
        if (ms === null) throw new Error('scenario wallet: metadata does not fit in an OP_RETURN');
        s = ms;
        v = 0n;
      } else {
        s = o.script;
        v = i === changeIndex ? change : o.value;
      }
      scripts.push(s);
      values.push(v);
      tx.addOutput(s, v);
    });
    const scriptCode = payments.p2pkh({ pubkey: this.key.publicKey, network }).output!;
    inputs.forEach((c, i) => {
      const sighash = tx.hashForWitnessV0(i, scriptCode, c.value, Transaction.SIGHASH_ALL);
      tx.setWitness(i, [bscript.signature.encode(this.key.sign(sighash), Transaction.SIGHASH_ALL), this.key.publicKey]);
    });
    const txid = await this.rpc.call<string>('sendrawtransaction', tx.toHex());
    for (const c of inputs) c.spent = true;
    this.book(txid, inputs, scripts, values, inValue);
    return txid;
  }

  /** Units per output by the protocol's legal definition (protocol.md §5.9, §7.10). */
  private book(txid: string, inputs: Coin[], scripts: Uint8Array[], values: bigint[], inValue: bigint): void {
    const fee = inValue - values.reduce((a, b) => a + b, 0n);
    const regular = outputsRegularOf(scripts);
    const outAssets: Array<Map<string, bigint>> = scripts.map(() => new Map());
    const metadata = scriptsToMetadata(scripts);
    const g = metadata === null ? null : decodeGenesis(metadata);
    if (g !== null && g.ok) {
      const valid = fee >= calcGenesisMinFee(values, regular);
      this.assets.set(txid, { genTxId: txid, genesis: g.value, ref: null, valid });
      if (valid) applyGenesis(g.value, regular).forEach((q, o) => q > 0n && outAssets[o]!.set(txid, q));
    }
    const tl = metadata === null || (g !== null && g.ok) ? null : decodeTransfers(metadata, inputs.length, scripts.length);
    const held = new Set<string>();
    for (const c of inputs) for (const a of c.assets.keys()) held.add(a);
    for (const assetId of held) {
      const asset = this.assets.get(assetId)!;
      const balances = inputs.map((c) => c.assets.get(assetId) ?? 0n);
      const ref = asset.ref ?? UNCONFIRMED_REF;
      const transfers = tl !== null && tl.ok ? tl.value : [];
      const paid = fee >= calcTransfersMinFee(transfers, inputs.length, values, regular);
      const out = paid ? applyTransfers(transfers, ref, asset.genesis, balances, regular) : applyNoTransfers(balances, regular);
      out.forEach((q, o) => q > 0n && outAssets[o]!.set(assetId, (outAssets[o]!.get(assetId) ?? 0n) + q));
    }
    scripts.forEach((s, vout) => {
      this.coins.set(coinKey(txid, vout), {
        txid, vout, value: values[vout]!, script: s, assets: outAssets[vout]!, mine: Buffer.from(s).equals(Buffer.from(this.script)),
        height: null, coinbase: false, spent: false,
      });
    });
  }
}
