/**
 * The send path (issue #13, "Speed"). `npm run bench -- send` or `npx tsx bench/send.bench.ts`.
 *
 * 1. Preparing an asset send in a wallet with 5,000 unspent outputs and 50 assets, every asset with a balance row
 *    at every output (what the "new asset" rule of sync leaves: 250,000 rows, most of them 0): reading the coins
 *    from the lists, coin selection, encoding the transfer list, the fee, serializing the transaction, the check
 *    by apply over it and the decoded review. Main-process CPU (process.cpuUsage), no RPC in it. Goal ≤ 50 ms.
 *    The same for a bitcoin send and for the bitcoin figures the UI is pushed on every change.
 * 2. Review to broadcast on the devnet (the sample world with the whole main process): `send:confirm` of a
 *    reviewed asset send, i.e. signing by Core (walletprocesspsbt), the check that the signed transaction is the
 *    reviewed one, sendrawtransaction, the change's quantities and a sync pass. Wall clock. Goal ≤ 500 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeAddress, encodeGenesis, type AssetRef } from '../shared/coinspark/index';
import { openAssetListsStore } from '../main/services/assets/asset-lists-store';
import type { WalletOutput } from '../main/services/assets/assets-api';
import { toGenesisRecord } from '../main/services/assets/genesis-record';
import { buildAssetSend } from '../main/services/send/build-asset-send';
import { buildBitcoinSend } from '../main/services/send/build-bitcoin-send';
import { checkPlan } from '../main/services/send/check-tx';
import { previewOutputs } from '../main/services/send/preview';
import { barePsbt } from '../main/services/send/tx-bytes';
import { classifyCoins, migrationReserve } from '../main/services/send/wallet-coins';
import { fromGenesisRecord } from '../main/services/assets/genesis-record';
import { startSendWorld, until } from '../test/integration/send/world';

const OUTPUTS = 5_000;
const ASSETS = 50;
const RUNS = 15;
const txid = (i: number): string => i.toString(16).padStart(64, '0');
const script = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

function cpuMs<T>(fn: () => T): { ms: number; value: T } {
  const start = process.cpuUsage();
  const value = fn();
  const d = process.cpuUsage(start);
  return { ms: (d.user + d.system) / 1000, value };
}

const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, best ${s[0]!.toFixed(1)} ms, worst ${s[s.length - 1]!.toFixed(1)} ms (${s.length} runs)`;
};

// ── 1. preparing, in memory ──
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-send-'));
  const lists = openAssetListsStore({ dir, coalesceMs: 3_600_000 });
  const unspent = new Map<string, WalletOutput>();
  for (let i = 0; i < OUTPUTS; i++) {
    unspent.set(`${txid(i + 1)}:0`, { txid: txid(i + 1), vout: 0, confirmations: 10, amountSats: i % 10 === 0 ? 5_000_000n : 10_000n, address: null, scriptPubKey: `0014${(i + 1).toString(16).padStart(40, '0')}` });
  }
  const ids: number[] = [];
  const refs = new Map<number, AssetRef>();
  lists.batch(() => {
    for (let a = 0; a < ASSETS; a++) {
      const genesis = { qtyMantissa: 100, qtyExponent: 6, chargeFlatMantissa: a % 5, chargeFlatExponent: 0, chargeBasisPoints: a % 7, useHttps: true, domainName: `a${a}.example.com`, usePrefix: true, pagePath: '', assetHash: new Uint8Array(12).fill(a), assetHashLen: 12 };
      const meta = encodeGenesis(genesis, 40);
      if (!meta.ok) throw new Error(meta.error);
      const ref = { blockNum: 1000 + a, txOffset: 300 + a, txIDPrefix: (0xa000 + a).toString(16) };
      const row = lists.addAsset({ fromSource: 'genesis', genTxId: txid(100_000 + a), genesis: toGenesisRecord(genesis, meta.value), assetRef: ref, validState: 'VALID' });
      ids.push(row.assetId);
      refs.set(row.assetId, ref);
      // Each asset sits in 55–110 outputs (a few outputs hold two); every tenth output holds bitcoin only; every
      // other output has a 0 row for the asset.
      for (let i = 0; i < OUTPUTS; i++) {
        const holds = i % 10 !== 0 && (i + a) % 45 === 0;
        lists.addBalance(row.assetId, txid(i + 1), 0, { qty: holds ? String(1000 + i) : '0', qtyChecked: '2026-01-01T00:00:00.000Z', state: holds ? 'VALID' : 'ZERO' });
      }
    }
  });
  console.log(`wallet: ${unspent.size} unspent outputs, ${ASSETS} assets, ${lists.balanceCount()} balance rows`);
  const facts = (id: number) => {
    const row = lists.asset(id)!;
    return { label: `asset ${id}`, genesis: fromGenesisRecord(row.genesis!), assetRef: refs.get(id)! };
  };
  const labels = { label: (id: number) => `asset ${id}`, display: () => null, byRef: () => undefined };
  const recipient = script('76a914' + 'ab'.repeat(20) + '88ac');
  const change = script('0014' + 'cd'.repeat(20));
  const btcChange = script('0014' + 'ce'.repeat(20));
  const fee = { target: { kind: 'rate' as const, satPerKvb: 5000n }, minRelaySatPerKvb: 100n };

  const asset: number[] = [];
  const bitcoin: number[] = [];
  const figures: number[] = [];
  let inputs = 0;
  for (let r = 0; r < RUNS; r++) {
    const id = ids[r % ASSETS]!;
    const t = cpuMs(() => {
      const coins = classifyCoins(unspent, lists);
      const held = coins.assetBalance(id).known;
      const plan = buildAssetSend({ coins, exclude: new Set(), assetId: id, assetRef: refs.get(id)!, gross: held / 2n, net: held / 2n, label: 'x', recipientScript: recipient, paymentRef: 0n, changeScript: change, bitcoinChangeScript: btcChange, fee });
      const checked = checkPlan({ ...plan, asset: { assetId: id, gross: held / 2n, net: (() => { const g = facts(id).genesis; const gross = held / 2n; const charge = BigInt(g.chargeFlatMantissa) + (gross * BigInt(g.chargeBasisPoints) + 5000n) / 10000n; return gross - (charge < gross ? charge : gross); })() } }, facts);
      previewOutputs(plan, checked, labels, 'regtest');
      barePsbt(checked.unsigned);
      return plan.inputs.length;
    });
    inputs = t.value;
    asset.push(t.ms);
    bitcoin.push(
      cpuMs(() => {
        const coins = classifyCoins(unspent, lists);
        const plan = buildBitcoinSend({ coins, exclude: new Set(), amount: 1_000_000n, recipientScript: recipient, paymentRef: 42n, changeScript: change, fee, reserveSats: migrationReserve(coins.all.length) });
        const checked = checkPlan(plan, facts);
        previewOutputs(plan, checked, labels, 'regtest');
      }).ms,
    );
    figures.push(cpuMs(() => classifyCoins(unspent, lists).free.length).ms);
  }
  console.log(`prepare an asset send (${inputs} inputs): ${stats(asset)}   goal ≤ 50 ms`);
  console.log(`prepare a bitcoin send:            ${stats(bitcoin)}`);
  console.log(`bitcoin figures (all coins read):  ${stats(figures)}`);
  lists.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

// ── 2. review to broadcast, on the devnet ──
{
  const w = await startSendWorld();
  try {
    const gold = await w.assetId('gold');
    await until(async () => (await w.list()).find((a) => a.assetId === gold)?.balance.confirmedRaw === '250000', () => 'gold balance', 90_000);
    await w.devnet.rpc.call('createwallet', 'bench-payee');
    const address = await w.devnet.rpc.wallet('bench-payee').call<string>('getnewaddress', '', 'legacy');
    const encoded = encodeAddress({ bitcoinAddress: address, addressFlags: 3, paymentRef: 0n });
    if (!encoded.ok) throw new Error(encoded.error);
    const confirm: number[] = [];
    const prepare: number[] = [];
    for (let r = 0; r < 10; r++) {
      const t0 = performance.now();
      const preview = await w.call('send:prepare', { kind: 'asset', assetId: gold, amount: '1', mode: 'send', recipient: encoded.value, fee: { mode: 'rate', satPerVb: '2' } });
      const t1 = performance.now();
      await w.call('send:confirm', { draftId: preview.draftId });
      confirm.push(performance.now() - t1);
      prepare.push(t1 - t0);
      if (r % 3 === 2) await w.devnet.mine(1);
    }
    console.log(`review → broadcast (send:confirm, devnet): ${stats(confirm)}   goal ≤ 500 ms`);
    console.log(`form → review (send:prepare with its RPCs and a sync pass, devnet): ${stats(prepare)}`);
  } finally {
    await w.stop();
  }
}
