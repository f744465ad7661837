import path from 'node:path';
import * as ecc from '@bitcoinerlab/secp256k1';
import { ECPairFactory } from 'ecpair';
import { Psbt, Transaction, networks, payments } from 'bitcoinjs-lib';
import { beforeEach, describe, expect, it } from 'vitest';
import { calcNet, decodeTransfers, metadataToScript, readTransactionMetadata, type Genesis } from '../../../shared/coinspark/index';
import { openAssetListsStore, type AssetListsStore } from '../../../main/services/assets/asset-lists-store';
import type { WalletOutput } from '../../../main/services/assets/assets-api';
import { buildAssetSend } from '../../../main/services/send/build-asset-send';
import { buildBitcoinSend } from '../../../main/services/send/build-bitcoin-send';
import { buildMigration } from '../../../main/services/send/build-migration';
import { checkPlan, type AssetFacts } from '../../../main/services/send/check-tx';
import type { FeePolicy, TxPlan } from '../../../main/services/send/plan';
import { barePsbt, dustThreshold, estimateVsize, serializeUnsigned } from '../../../main/services/send/tx-bytes';
import { classifyCoins, migrationReserve } from '../../../main/services/send/wallet-coins';
import { makeTempDir } from '../../support/temp-dir';

const ECPair = ECPairFactory(ecc);
const txid = (n: number) => n.toString(16).padStart(64, '0');
const p2wpkh = (n: number) => `0014${n.toString(16).padStart(40, '0')}`;
const p2pkh = (n: number) => `76a914${n.toString(16).padStart(40, '0')}88ac`;
const script = (hexText: string) => Uint8Array.from(Buffer.from(hexText, 'hex'));
const rate = (satPerVb: number): FeePolicy => ({ target: { kind: 'rate', satPerKvb: BigInt(satPerVb * 1000) }, minRelaySatPerKvb: 100n });

const GOLD_REF = { blockNum: 120, txOffset: 326, txIDPrefix: 'ab12' };
const SILVER_REF = { blockNum: 121, txOffset: 500, txIDPrefix: 'cd34' };
const genesis = (flat: number, bp: number): Genesis => ({
  qtyMantissa: 1, qtyExponent: 6, chargeFlatMantissa: flat, chargeFlatExponent: 0, chargeBasisPoints: bp,
  useHttps: false, domainName: 'x.example', usePrefix: true, pagePath: 'x', assetHash: new Uint8Array(12), assetHashLen: 12,
});

let lists: AssetListsStore;
let unspent: Map<string, WalletOutput>;
let gold: number;
let silver: number;
const facts = (id: number): AssetFacts =>
  id === gold ? { label: 'gold', genesis: genesis(0, 0), assetRef: GOLD_REF } : id === silver ? { label: 'silver', genesis: genesis(5, 20), assetRef: SILVER_REF } : { label: `#${id}`, genesis: null, assetRef: null };

function output(n: number, sats: bigint, spk = p2wpkh(n), confirmations = 1): string {
  const key = `${txid(n)}:0`;
  unspent.set(key, { txid: txid(n), vout: 0, confirmations, amountSats: sats, address: null, scriptPubKey: spk });
  return key;
}
function holds(n: number, assetId: number, qty: string | null): void {
  lists.addBalance(assetId, txid(n), 0, { qty, state: qty === null ? 'NEVERCHECKED' : 'VALID' });
}

beforeEach(() => {
  lists = openAssetListsStore({ dir: makeTempDir('send-build-'), coalesceMs: 10_000 });
  unspent = new Map();
  gold = lists.addAsset({ fromSource: 'transfer', assetRef: GOLD_REF }).assetId;
  silver = lists.addAsset({ fromSource: 'transfer', assetRef: SILVER_REF }).assetId;
  // 1, 2: gold (2 also silver); 3: unknown silver; 4: a big coin that may hold gold (unknown); 5, 6: free bitcoin.
  output(1, 5_000n);
  holds(1, gold, '300');
  holds(1, silver, '0');
  output(2, 5_000n);
  holds(2, gold, '200');
  holds(2, silver, '50');
  output(3, 10_000n);
  holds(3, silver, null);
  output(4, 900_000_000n);
  holds(4, gold, null);
  output(5, 50_000n);
  holds(5, gold, '0');
  output(6, 2_000_000n, p2pkh(6));
});

const changeScript = script(p2wpkh(0xc0));
const btcChangeScript = script(p2wpkh(0xc1));
const recipient = script(p2pkh(0xaa));
const assetSend = (gross: bigint, fee: FeePolicy = rate(2), exclude = new Set<string>()) =>
  buildAssetSend({
    coins: classifyCoins(unspent, lists), exclude, assetId: gold, assetRef: GOLD_REF, gross, net: gross, label: 'gold',
    recipientScript: recipient, paymentRef: 0n, changeScript, bitcoinChangeScript: btcChangeScript, fee,
  });

describe('asset send (wallet-behaviour §8.2)', () => {
  it('asset inputs first as one range, free coins for the bitcoin, recipient 10,000 sat, OP_RETURN, bitcoin change, change last', () => {
    const plan = assetSend(400n);
    const keys = plan.inputs.map((c) => c.key);
    expect(keys.slice(0, 2).sort()).toEqual([`${txid(1)}:0`, `${txid(2)}:0`]);
    // The big coin that may hold gold is never taken for bitcoin; the free coins are (largest first).
    expect(keys.slice(2)).toEqual([`${txid(6)}:0`]);
    expect(plan.outputs.map((o) => o.role)).toEqual(['recipient', 'metadata', 'bitcoin-change', 'change']);
    expect(plan.outputs[0]!.sats).toBe(10_000n);
    expect(plan.outputs[3]!.script).toEqual(changeScript);
    const data = readTransactionMetadata(plan.outputs.map((o) => o.script), plan.inputs.length);
    expect(data.transfers).toEqual([{ assetRef: GOLD_REF, inputs: { first: 0, count: 2 }, outputs: { first: 0, count: 1 }, qtyPerOutput: 400n }]);
    // At 2 sat/vB the fee would be ~700 sat, below the transfer list's minimum: raised to it (protocol §7.8).
    expect(plan.fee).toBe(1000n);
    expect(plan.feeNote).toMatch(/minimum fee/);
    const inSats = plan.inputs.reduce((s, c) => s + c.sats, 0n);
    expect(plan.outputs.reduce((s, o) => s + o.sats, 0n) + plan.fee).toBe(inSats);
  });

  it('a high rate wins over the minimum fee, and is computed from the size once signed', () => {
    const plan = assetSend(100n, rate(20));
    expect(plan.fee).toBe(BigInt(Math.ceil(plan.vsize * 20)));
    expect(plan.vsize).toBe(estimateVsize(plan.inputs.map((c) => c.type), plan.outputs.map((o) => o.script.length)));
  });

  it('the check by apply over the exact transaction: recipient nets the units, every other unit comes back as change', () => {
    const plan = assetSend(400n);
    const checked = checkPlan(plan, facts);
    expect(checked.units[0]!.known.get(gold)).toBe(400n);
    expect(checked.units[3]!.known.get(gold)).toBe(100n);
    expect(checked.units[3]!.known.get(silver)).toBe(50n); // the other asset of input 2 stays ours
    expect(checked.units[2]!.known.size + checked.units[2]!.unknown.size).toBe(0); // bitcoin change: no asset
    expect(checked.rule).toBe('applied');
  });

  it('refuses a plan whose outcome is not the intended one, in words', () => {
    const plan = assetSend(400n);
    const wrongNet: TxPlan = { ...plan, asset: { assetId: gold, gross: 400n, net: 399n } };
    expect(() => checkPlan(wrongNet, facts)).toThrow(/recipient would receive 400 units of gold instead of 399/);
    // Change moved away from the last place: units would go to the wrong output.
    const swapped: TxPlan = { ...plan, outputs: [plan.outputs[0]!, plan.outputs[1]!, plan.outputs[3]!, plan.outputs[2]!] };
    expect(() => checkPlan(swapped, facts)).toThrow(/change is not the last output/);
    // A fee below the list's minimum voids the transfer: apply sends everything to the change.
    const cheap: TxPlan = { ...plan, fee: 400n, outputs: plan.outputs.map((o, i) => (i === 2 ? { ...o, sats: o.sats + 600n } : o)) };
    expect(() => checkPlan(cheap, facts)).toThrow(/recipient would receive 0 units of gold instead of 400/);
  });

  it('payment charges: the recipient nets calcNet(gross), the charge vanishes', () => {
    const coins = classifyCoins(unspent, lists);
    const g = genesis(5, 20);
    const plan = buildAssetSend({ coins, exclude: new Set(), assetId: silver, assetRef: SILVER_REF, gross: 50n, net: calcNet(g, 50n), label: 'silver', recipientScript: recipient, paymentRef: 0n, changeScript, bitcoinChangeScript: btcChangeScript, fee: rate(1) });
    const checked = checkPlan(plan, facts);
    expect(checked.units[0]!.known.get(silver)).toBe(calcNet(g, 50n));
    expect(checked.units[plan.outputs.length - 1]!.known.get(gold)).toBe(200n);
  });

  it('a payment reference of the recipient rides in the same OP_RETURN', () => {
    const coins = classifyCoins(unspent, lists);
    const plan = buildAssetSend({ coins, exclude: new Set(), assetId: gold, assetRef: GOLD_REF, gross: 10n, net: 10n, label: 'gold', recipientScript: recipient, paymentRef: 123_456n, changeScript, bitcoinChangeScript: btcChangeScript, fee: rate(1) });
    const data = readTransactionMetadata(plan.outputs.map((o) => o.script), plan.inputs.length);
    expect(data.paymentRef).toBe(123_456n);
    expect(data.transfers).toHaveLength(1);
  });

  it('refuses: more than the known units, coins held by another review, a total fee that voids the transfer, no bitcoin', () => {
    expect(() => assetSend(501n)).toThrow(/can send 500 units of gold now/);
    expect(() => assetSend(400n, rate(1), new Set([`${txid(1)}:0`]))).toThrow(/can send 200 units/);
    expect(() => assetSend(100n, { target: { kind: 'total', sats: 999n }, minRelaySatPerKvb: 100n })).toThrow(expect.objectContaining({ reason: 'fee-voids-transfer' }));
    expect(() => assetSend(100n, { target: { kind: 'total', sats: 20n }, minRelaySatPerKvb: 1000n })).toThrow(/void/);
    expect(() => assetSend(100n, { target: { kind: 'total', sats: 1000n }, minRelaySatPerKvb: 10_000n })).toThrow(expect.objectContaining({ reason: 'fee-below-relay' }));
    unspent.delete(`${txid(5)}:0`);
    unspent.delete(`${txid(6)}:0`);
    expect(() => assetSend(100n)).toThrow(expect.objectContaining({ reason: 'insufficient-bitcoin' }));
  });

  it('asset outputs with enough bitcoin pay for themselves: no free coin is added', () => {
    lists.removeOutput(txid(1), 0);
    output(8, 30_000n);
    holds(8, gold, '500');
    const plan = assetSend(100n, rate(1));
    expect(plan.inputs.map((c) => c.key)).toEqual([`${txid(8)}:0`]);
    expect(plan.outputs.map((o) => o.role)).toEqual(['recipient', 'metadata', 'bitcoin-change', 'change']);
    expect(plan.outputs[3]!.sats).toBe(10_000n);
  });

  it('one change output when the leftover bitcoin is too small for two', () => {
    unspent.delete(`${txid(6)}:0`);
    unspent.delete(`${txid(5)}:0`);
    output(7, 7_000n);
    const plan = assetSend(100n, rate(1));
    expect(plan.outputs.map((o) => o.role)).toEqual(['recipient', 'metadata', 'change']);
    expect(plan.outputs[2]!.sats).toBeGreaterThanOrEqual(546n);
  });
});

describe('bitcoin send (wallet-behaviour §7.2–7.3)', () => {
  const send = (amount: bigint | 'max', extra: Partial<Parameters<typeof buildBitcoinSend>[0]> = {}) =>
    buildBitcoinSend({ coins: classifyCoins(unspent, lists), exclude: new Set(), amount, recipientScript: recipient, paymentRef: 0n, changeScript, fee: rate(1), reserveSats: 22_000n, ...extra });

  it('spends only outputs known to hold no asset, change last and present', () => {
    const plan = send(1_000_000n);
    expect(plan.inputs.map((c) => c.key)).toEqual([`${txid(6)}:0`]);
    expect(plan.outputs.map((o) => o.role)).toEqual(['recipient', 'change']);
    expect(checkPlan(plan, facts).inputs.size).toBe(0);
    // Even when only the 9 BTC coin (which may hold gold) could pay: refused, never spent.
    expect(() => send(3_000_000n)).toThrow(expect.objectContaining({ reason: 'over-balance' }));
  });

  it('a payment reference goes in an OP_RETURN before the change', () => {
    const plan = send(100_000n, { paymentRef: 1_234_567_890_123n });
    expect(plan.outputs.map((o) => o.role)).toEqual(['recipient', 'metadata', 'change']);
    expect(readTransactionMetadata(plan.outputs.map((o) => o.script), 1).paymentRef).toBe(1_234_567_890_123n);
  });

  it('keeps the migration reserve: ceil(N / 5) × 11,000 sat', () => {
    expect(migrationReserve(0)).toBe(11_000n);
    expect(migrationReserve(5)).toBe(11_000n);
    expect(migrationReserve(6)).toBe(22_000n);
    // Only the free coins (2,050,000 sat) minus fee and change may go; the reserve is not reached here:
    expect(() => send(2_049_600n)).toThrow(expect.objectContaining({ reason: 'over-balance' }));
    // A wallet whose bitcoin is almost all free: the reserve bites.
    lists.removeOutput(txid(4), 0);
    unspent.delete(`${txid(4)}:0`);
    const coins = classifyCoins(unspent, lists);
    const reserve = migrationReserve(coins.all.length) + 2_000_000n;
    expect(() => send(1_000_000n, { reserveSats: reserve })).toThrow(expect.objectContaining({ reason: 'reserve-breached', message: expect.stringMatching(/kept back/) }));
  });

  it('max: everything free above the reserve and the smallest change', () => {
    const plan = send('max');
    expect(plan.inputs.map((c) => c.key).sort()).toEqual([`${txid(5)}:0`, `${txid(6)}:0`]);
    expect(plan.outputs[1]!.sats).toBe(546n);
  });

  it('refuses dust', () => {
    expect(() => send(100n)).toThrow(expect.objectContaining({ reason: 'dust' }));
    expect(dustThreshold(script(p2pkh(1)))).toBe(546n);
    expect(dustThreshold(script(p2wpkh(1)))).toBe(294n);
  });
});

describe('migration (wallet-behaviour §8.3)', () => {
  it('every output in, one regular output out, every unit of every asset to it', () => {
    lists.updateBalance(gold, txid(4), 0, { qty: '1', state: 'VALID' });
    const plan = buildMigration({ coins: classifyCoins(unspent, lists), recipientScript: recipient, paymentRef: 0n, fee: rate(1) });
    expect(plan.inputs).toHaveLength(6);
    expect(plan.outputs).toHaveLength(1);
    const checked = checkPlan(plan, facts);
    expect(checked.units[0]!.known.get(gold)).toBe(501n);
    expect(checked.units[0]!.known.get(silver)).toBe(50n);
    expect(checked.units[0]!.unknown.has(silver)).toBe(true); // output 3's silver, not yet counted, moves too
    expect(checked.rule).toBe('none');
  });
});

describe('transaction bytes', () => {
  it('the unsigned serialization is what bitcoinjs-lib reads, and the bare PSBT holds it', () => {
    const plan = assetSend(400n);
    const unsigned = { version: 2, inputs: plan.inputs.map((c) => ({ txid: c.txid, vout: c.vout })), outputs: plan.outputs.map((o) => ({ script: o.script, sats: o.sats })), locktime: 0 };
    const bytes = serializeUnsigned(unsigned);
    const tx = Transaction.fromBuffer(Buffer.from(bytes));
    expect(tx.ins.map((i) => Buffer.from(i.hash).reverse().toString('hex'))).toEqual(plan.inputs.map((c) => c.txid));
    expect(tx.outs.map((o) => BigInt(o.value))).toEqual(plan.outputs.map((o) => o.sats));
    expect(tx.ins.every((i) => i.sequence === 0xfffffffd)).toBe(true);
    const psbt = Psbt.fromBase64(barePsbt(unsigned));
    expect(psbt.txInputs).toHaveLength(plan.inputs.length);
    expect(Buffer.from(psbt.extractTransaction !== undefined ? (psbt.data.globalMap.unsignedTx as unknown as { toBuffer(): Buffer }).toBuffer() : []).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
    expect(decodeTransfers(readTransactionMetadata(plan.outputs.map((o) => o.script), plan.inputs.length).metadata!, plan.inputs.length, plan.outputs.length).ok).toBe(true);
  });

  it('the size estimate is never below the signed size (P2WPKH and P2PKH inputs)', () => {
    const keys = [ECPair.makeRandom({ network: networks.regtest }), ECPair.makeRandom({ network: networks.regtest })];
    const wpkh = payments.p2wpkh({ pubkey: keys[0]!.publicKey, network: networks.regtest });
    const pkh = payments.p2pkh({ pubkey: keys[1]!.publicKey, network: networks.regtest });
    const prev = new Transaction();
    prev.addInput(Buffer.alloc(32, 1), 0);
    prev.addOutput(wpkh.output!, 100_000n);
    prev.addOutput(pkh.output!, 100_000n);
    const psbt = new Psbt({ network: networks.regtest });
    psbt.addInput({ hash: prev.getId(), index: 0, witnessUtxo: { script: wpkh.output!, value: 100_000n } });
    psbt.addInput({ hash: prev.getId(), index: 1, nonWitnessUtxo: prev.toBuffer() });
    psbt.addOutput({ script: recipient, value: 10_000n });
    psbt.addOutput({ script: metadataToScript(Uint8Array.of(0x53, 0x50, 0x4b, 0x74, 1, 2, 3))!, value: 0n });
    psbt.addOutput({ script: changeScript, value: 180_000n });
    psbt.signInput(0, keys[0]!);
    psbt.signInput(1, keys[1]!);
    psbt.finalizeAllInputs();
    const signed = psbt.extractTransaction();
    const estimate = estimateVsize(['p2wpkh', 'p2pkh'], [recipient.length, 9, changeScript.length]);
    expect(estimate).toBeGreaterThanOrEqual(signed.virtualSize());
    expect(estimate - signed.virtualSize()).toBeLessThanOrEqual(2);
  });
});
