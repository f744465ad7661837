// The real coinsparkd's recorded answers (test/fixtures/coinsparkd/recordings.json) and what the recorded world
// holds, written down from the recording's own notes and figures: which output carries how many satoshis and units
// of which asset, in which block, spent where. Tests read answers against these facts, not against each other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RecordedCase {
  name: string;
  note?: string;
  http: 'GET' | 'POST';
  /** GET only */
  path?: string;
  /** POST body exactly as sent (null for GET) */
  request: string | null;
  response: { status: number; content_type: string; body: string };
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const RECORDINGS_FILE = path.join(here, '../../fixtures/coinsparkd/recordings.json');

export function loadRecordings(): RecordedCase[] {
  const json = JSON.parse(readFileSync(RECORDINGS_FILE, 'utf8')) as { cases: RecordedCase[] };
  return json.cases;
}

export const MEMPOOL = 1234567890;

/** Genesis txids of the recorded assets (I's genesis paid too little fee: coinsparkd never created it). */
export const ASSETS = {
  A: '40810dfc47975e117f23fb58755ef132c9e16ba6575bcc916ee8cefc5cd0844a',
  B: 'fac65157a08d5798391fc28f1fa331502cd3045e0021f719d56fc0279bd15fd3',
  C: 'b99ac12cdbc8c5ed4efab78afee5c09f35f5f3508bcf8223e3b8feef98d4a2e0',
  D: '7bb206eb875c8a8fa88c7e4471b139e08d1de349aee44c352885a0c5cff1def8',
  E: '88657f3f6050f2d977f50d9a5828338881d9b33f4c49a3049d421b0456035f56',
  F: '733c13dbfef88b6721c1193576266fccab975a809586b9f9de829dfa08658602',
  G: '9b3db930403cef2997dba0ad16fc44656e901da73e88ca18927e809eb27244fa',
  I: '5326afa52dabc8dc38ece8d9a8c9c7b1b174f0e7af8c8ad976941b229dd42477',
  J: '3e5fd92a704ae2eb46e6d86f9e0f4235309867bbf2be25a492288b51fe11e8fc',
} as const;
export type AssetName = keyof typeof ASSETS;
export const UNTRACKED: ReadonlySet<string> = new Set([ASSETS.I, 'cd'.repeat(32)]);

export interface RecordedOutput {
  sats: number;
  block: number;
  spent: number;
  units: Partial<Record<AssetName, number>>;
}

const T = {
  transferA: '4824e467e077d0b05651d5268c45ee08d09f114ef4d679edab27b3742caef27a',
  mempoolA: 'cff8569c4cca3580c3237e3714b2e13068747874a4f7f934cef031a10f15d464',
  transferB: '4394d568a3d902e4196e4902c795f59c774f16ee181e98afdf7ca4d2f29b910e',
  transferCD: '75b5015aa09b1184067cfe2148ca1ec5ff108664a2cfd984ef38c3f16be94321',
  transferE: 'e1b17652b33561f395cf0cfa0195a18f0dbefc303e2540d7a9b4753e685e4fec',
  routeF1: 'cb01d57ffeafb93d265134c530f85740a3687a9f70035a4911ddd9b27d6d97a3',
  routeF2: '6bd5cdb4d12ba915390f8c70a9e50f8d3928a4094e766a61b787b3484dcb3c19',
  routeJ: '32630fa82eff4081bda0563c4330884c2d7907ed876192ef5642c17b26fb119a',
  plain: '02deafbe0e7f0a2ab5e1e04be1defe87ce4ad669d3a9c9b7657201ff6c316f5c',
} as const;
export const RECORDED_TXIDS = T;

/** Every output the recordings ask about and the server knows ("txid:vout"). Absent: unknown to the server. */
export const OUTPUTS: ReadonlyMap<string, RecordedOutput> = new Map<string, RecordedOutput>([
  [`${ASSETS.A}:0`, { sats: 30000, block: 103, spent: 104, units: { A: 500000 } }],
  [`${ASSETS.A}:1`, { sats: 30000, block: 103, spent: 104, units: { A: 500000 } }],
  [`${T.transferA}:0`, { sats: 20000, block: 104, spent: 0, units: { A: 600000 } }],
  [`${T.transferA}:2`, { sats: 238240, block: 104, spent: MEMPOOL, units: { A: 400000 } }],
  [`${T.mempoolA}:0`, { sats: 15000, block: MEMPOOL, spent: 0, units: { A: 40000 } }],
  [`${T.mempoolA}:1`, { sats: 0, block: MEMPOOL, spent: 0, units: {} }],
  [`${T.mempoolA}:2`, { sats: 221904, block: MEMPOOL, spent: 0, units: { A: 360000 } }],
  [`${T.transferB}:0`, { sats: 20000, block: 104, spent: 0, units: { B: 122823 } }],
  [`${T.transferB}:1`, { sats: 20000, block: 104, spent: 0, units: { B: 122823 } }],
  [`${T.transferCD}:0`, { sats: 20000, block: 104, spent: 0, units: { C: 2500 } }],
  [`${T.transferCD}:1`, { sats: 20000, block: 104, spent: 0, units: { D: 7000 } }],
  [`${T.transferE}:0`, { sats: 20000, block: 104, spent: 0, units: { E: 150000 } }],
  [`${T.routeF1}:0`, { sats: 20000, block: 104, spent: 0, units: { F: 15 } }],
  [`${T.routeF2}:1`, { sats: 20000, block: 105, spent: 0, units: { F: 85 } }],
  [`${ASSETS.G}:0`, { sats: 15000, block: 103, spent: 0, units: { G: 334 } }],
  [`${ASSETS.G}:1`, { sats: 15000, block: 103, spent: 0, units: { G: 333 } }],
  [`${ASSETS.G}:3`, { sats: 15000, block: 103, spent: 0, units: { G: 333 } }],
  [`${ASSETS.I}:0`, { sats: 12000, block: 103, spent: 0, units: {} }],
  [`${ASSETS.I}:1`, { sats: 12000, block: 103, spent: 0, units: {} }],
  [`${T.routeJ}:1`, { sats: 12000, block: 104, spent: 0, units: { J: 1 } }],
  [`${T.plain}:0`, { sats: 150000, block: 104, spent: 0, units: {} }],
]);

const NAME_OF = new Map<string, AssetName>(Object.entries(ASSETS).map(([k, v]) => [v, k as AssetName]));

/** What coinsparkd says about `asset` ('BTC' or a genesis txid, any case) in output txid:vout of the recorded world. */
export function expectedEntry(
  asset: string,
  txid: string,
  vout: number,
): { kind: 'qty'; qty: number; block: number; spent: number } | { kind: 'not-tracked' | 'unknown-output'; message: string } {
  const a = asset.toLowerCase();
  if (UNTRACKED.has(a)) return { kind: 'not-tracked', message: 'This server does not track the asset specified' };
  const out = OUTPUTS.get(`${txid.toLowerCase()}:${vout}`);
  if (out === undefined) return { kind: 'unknown-output', message: 'The transaction output specified could not be found' };
  const name = NAME_OF.get(a);
  const qty = asset === 'BTC' ? out.sats : name === undefined ? 0 : (out.units[name] ?? 0);
  return { kind: 'qty', qty, block: out.block, spent: out.spent };
}
