// Child process for store-crash.test.ts: makes numbered changes to the asset lists forever, flushing after each
// group and printing "saved <n>" once group n is on disk. The parent kills it with SIGKILL at a random moment.
import { openAssetListsStore } from '../../../main/services/assets/asset-lists-store';

const dir = process.argv[2]!;
const store = openAssetListsStore({ dir, coalesceMs: 5 });
let n = store.assets().length;
const TX = (i: number): string => i.toString(16).padStart(64, '0');
const step = (): void => {
  for (let k = 0; k < 5; k++) {
    const id = store.addAsset({ fromSource: 'manual', assetRef: { blockNum: 10 + n, txOffset: 81, txIDPrefix: '00ff' } }).assetId;
    for (let j = 0; j < 40; j++) store.addBalance(id, TX(n * 100 + j), j % 4, { qty: String(n) });
    store.updateAsset(id, { webPageJSON: JSON.stringify({ name: `asset ${n}`, pad: 'x'.repeat(200) }) });
    n++;
  }
  store.flushSync();
  process.stdout.write(`saved ${n}\n`);
  // unsaved changes after the flush: a kill may lose these, never the saved ones
  store.addAsset({ fromSource: 'manual', assetRef: { blockNum: 10 + n, txOffset: 81, txIDPrefix: '00ff' } });
  n++;
  setImmediate(step);
};
step();
