// A devnet world equivalent to the one the real coinsparkd answers were recorded on (test/fixtures/coinsparkd):
// the same nine assets (I's genesis under-paid), the same outputs at the same vouts holding the same units, the
// same block layout (geneses in one block G with nothing else, transfers in G+1, one more in G+2, tip G+4) and the
// same transfer left in the mempool, built with the scenario builder's ledger wallet. Only what the chain decides
// differs: txids, heights (shifted by G − 103), times, offsets, satoshis of change.
import { calcGenesisHashLen, encodeGenesis, encodeTransfers, type AssetRef, type Genesis, type Transfer } from '../../../shared/coinspark/index.js';
import { createHash } from 'node:crypto';
import type { RpcClient } from '../../devnet/rpc-client.js';
import { LedgerWallet, type Coin, type TxOutputSpec } from '../../devnet/scenario/ledger-wallet.js';
import { ASSETS, RECORDED_TXIDS, type AssetName } from '../checking/coinsparkd-recordings.js';

export interface EquivalentWorld {
  /** recorded txid (lower-case) → devnet txid */
  txids: Map<string, string>;
  /** height of the devnet block holding the geneses (the recording's 103) */
  genesisBlock: number;
  /** the devnet asset reference of asset A (the recording's 103-443) */
  refA: { block: number; offset: number };
}

const FEE = 10_000n;

interface Plan {
  qty: number;
  /** satoshis of each output that receives units (all regular outputs but the change) */
  outputs: bigint[];
  underpaid?: boolean;
}

// Units per asset: exactly the recording's figures (A's two genesis outputs 500000 each, G 334/333/333, …).
const PLANS: Record<AssetName, Plan> = {
  A: { qty: 1_000_000, outputs: [30_000n, 30_000n] },
  B: { qty: 1_000_000, outputs: [10_000n] },
  C: { qty: 10_000, outputs: [10_000n] },
  D: { qty: 10_000, outputs: [10_000n] },
  E: { qty: 1_000_000, outputs: [10_000n] },
  F: { qty: 100, outputs: [10_000n] },
  G: { qty: 1_000, outputs: [15_000n, 15_000n, 15_000n] },
  I: { qty: 10_000, outputs: [12_000n, 12_000n], underpaid: true },
  J: { qty: 10, outputs: [10_000n] },
};

function genesisMetadata(name: AssetName, qty: number): Uint8Array {
  const exponent = Math.floor(Math.log10(qty));
  const base = {
    qtyMantissa: qty / 10 ** exponent,
    qtyExponent: exponent,
    chargeFlatMantissa: 0,
    chargeFlatExponent: 0,
    chargeBasisPoints: 0,
    useHttps: false,
    domainName: `${name.toLowerCase()}.example`,
    usePrefix: true,
    pagePath: name.toLowerCase(),
  };
  const hashLen = calcGenesisHashLen(base, 40);
  const hash = createHash('sha256').update(`recorded world asset ${name}`).digest();
  const genesis: Genesis = { ...base, assetHash: new Uint8Array(hash.subarray(0, hashLen)), assetHashLen: hashLen };
  const meta = encodeGenesis(genesis, 40);
  if (!meta.ok) throw new Error(`asset ${name}: ${meta.error}`);
  return meta.value;
}

export async function buildEquivalentWorld(rpc: RpcClient): Promise<EquivalentWorld> {
  const w = new LedgerWallet(rpc, 'recorded-world');
  await w.scanTo(await rpc.call<number>('getblockcount'));
  if (w.plainCoins().length < 20) await w.mine(120);
  const me = (value: bigint): TxOutputSpec => ({ script: w.script, value });
  const change = me(0n);
  const coin = (txid: string, vout: number): Coin => w.coins.get(`${txid}:${vout}`)!;
  const meta = (list: Transfer[], nIn: number, nOut: number): TxOutputSpec => {
    const m = encodeTransfers(list, nIn, nOut, 40);
    if (!m.ok) throw new Error(m.error);
    return { metadata: m.value };
  };
  const ref = (genTxId: string): AssetRef => {
    const r = w.assets.get(genTxId)?.ref;
    if (r === undefined || r === null) throw new Error('asset not confirmed');
    return r;
  };
  const move = (assetRef: AssetRef, input: number, first: number, count: number, qty: number): Transfer => ({
    assetRef,
    inputs: { first: input, count: 1 },
    outputs: { first, count },
    qtyPerOutput: BigInt(qty),
  });

  // block G: the nine geneses and nothing else (getblockmetadata's txcount 10)
  const gen = {} as Record<AssetName, string>;
  for (const name of Object.keys(PLANS) as AssetName[]) {
    const p = PLANS[name];
    // units are shared by every regular output but the last: the change comes last
    const outputs: TxOutputSpec[] = p.outputs.map(me);
    // the metadata after the first two holders: A [0, 1, meta], G [0, 1, meta, 3], one holder [0, meta]
    outputs.splice(2, 0, { metadata: genesisMetadata(name, p.qty) });
    outputs.push(change);
    gen[name] = await w.send([w.takePlainCoin(1_0000_0000n)], outputs, outputs.length - 1, p.underpaid === true ? 1_500n : FEE);
  }
  await w.mine(1);
  const genesisBlock = w.height;

  // block G+1: the transfers
  const plain = () => w.takePlainCoin(1_0000_0000n);
  const transferA = await w.send([coin(gen.A, 0), coin(gen.A, 1), plain()], [me(20_000n), meta([{ ...move(ref(gen.A), 0, 0, 1, 600_000), inputs: { first: 0, count: 2 } }], 3, 3), change], 2, FEE);
  const transferB = await w.send([coin(gen.B, 0), plain()], [me(20_000n), me(20_000n), meta([move(ref(gen.B), 0, 0, 2, 122_823)], 2, 4), change], 3, FEE);
  const transferCD = await w.send(
    [coin(gen.C, 0), coin(gen.D, 0), plain()],
    [me(20_000n), me(20_000n), meta([move(ref(gen.C), 0, 0, 1, 2_500), move(ref(gen.D), 1, 1, 1, 7_000)], 3, 4), change],
    3,
    FEE,
  );
  const transferE = await w.send([coin(gen.E, 0), plain()], [me(20_000n), meta([move(ref(gen.E), 0, 0, 1, 150_000)], 2, 3), change], 2, FEE);
  const routeF1 = await w.send([coin(gen.F, 0), plain()], [me(20_000n), meta([move(ref(gen.F), 0, 0, 1, 15)], 2, 3), change], 2, FEE);
  const routeJ = await w.send([coin(gen.J, 0), plain()], [me(12_000n), me(12_000n), meta([move(ref(gen.J), 0, 1, 1, 1)], 2, 4), change], 3, FEE);
  const plainTx = await w.send([plain()], [me(150_000n), change], 1, FEE);
  await w.mine(1);
  // block G+2: F's second move; G+3, G+4 empty
  const routeF2 = await w.send([coin(routeF1, 2), plain()], [me(20_000n), me(20_000n), meta([move(ref(gen.F), 0, 1, 1, 85)], 2, 4), change], 3, FEE);
  await w.mine(1);
  await w.mine(2);
  // the mempool: A's change moves, 40000 to vout 0, the rest to the change after the metadata
  const mempoolA = await w.send([coin(transferA, 2), plain()], [me(15_000n), meta([move(ref(gen.A), 0, 0, 1, 40_000)], 2, 3), change], 2, FEE);

  const T = RECORDED_TXIDS;
  const txids = new Map<string, string>([
    ...(Object.keys(gen) as AssetName[]).map((n) => [ASSETS[n], gen[n]] as [string, string]),
    [T.transferA, transferA],
    [T.mempoolA, mempoolA],
    [T.transferB, transferB],
    [T.transferCD, transferCD],
    [T.transferE, transferE],
    [T.routeF1, routeF1],
    [T.routeF2, routeF2],
    [T.routeJ, routeJ],
    [T.plain, plainTx],
  ]);
  const a = ref(gen.A);
  return { txids, genesisBlock, refA: { block: a.blockNum, offset: a.txOffset } };
}
