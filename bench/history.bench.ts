/**
 * The history screen with 10,000 transactions in the real, built renderer (dist/renderer) in Debian's Chromium
 * (issue #14 "10,000 transactions stay smooth"). The page gets an in-memory `window.wallet`; timed: from the moment
 * `history.list()` hands over the 10,000 rows to the first frame with rows drawn, a jump to the middle of the list,
 * and a search typed (the answer filtered in the page's store and drawn). Goal: first render ≤ 300 ms, jump ≤ 50 ms.
 * Needs `npm run build` first. `BENCH_SCREENSHOT=file.png` saves what was drawn.
 */
import path from 'node:path';
import type { HistoryRow } from '../shared/model/history';
import { launchChromium, median, requireBuiltRenderer, serveRenderer } from './browser-bench';

const COUNT = Number(process.env.BENCH_TXS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const rendererDir = path.resolve('dist/renderer');

function makeRows(count: number): HistoryRow[] {
  const kinds: HistoryRow['kind'][] = ['plain', 'transfer', 'transfer', 'payment-ref', 'genesis', 'plain', 'message'];
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i): HistoryRow => {
    const kind = kinds[i % kinds.length]!;
    const txid = (i.toString(16).padStart(8, '0') + 'cd').repeat(7).slice(0, 64);
    const assets = kind === 'transfer' || kind === 'genesis' ? [{ assetId: (i % 7) + 1, in: String((i * 7919) % 100_000), out: i % 3 === 0 ? '500' : '0', net: String(((i * 7919) % 100_000) - (i % 3 === 0 ? 500 : 0)), source: i % 2 ? ('local' as const) : ('tracker' as const) }] : i % 11 === 0 ? [{ assetId: 2, in: null, out: '0', net: null, source: 'tracker' as const }] : [];
    return {
      txid,
      time: now - i * 600,
      blockHeight: i < 5 ? null : 900_000 - i,
      confirmations: i < 5 ? 0 : i,
      amountSats: String(i % 4 === 0 ? -(i * 1000) : i * 1000),
      feeSats: i % 4 === 0 ? '1410' : null,
      own: i % 4 === 0,
      ownNote: i % 4 === 0 ? `payment ${i}` : null,
      kind,
      assets,
      paymentRef: kind === 'payment-ref' ? { value: String(1_000_000 + i), incoming: true } : null,
      message: kind === 'message' ? { serverUrl: 'https://messages.example/coinspark/', hash: 'ab'.repeat(16), isPublic: true } : null,
      alertId: i === 7 ? `foreign-spend:${txid}` : null,
    };
  });
}

/** Runs in the page before its scripts: an in-memory window.wallet (every namespace answers), and the probes. */
function installFakeWallet(data: { rows: HistoryRow[] }): void {
  const probe = { listAt: 0, rowsAt: 0 };
  (window as unknown as { __bench: typeof probe }).__bench = probe;
  const observer = new MutationObserver(() => {
    if (probe.rowsAt || !document.querySelector('.history-row')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (probe.rowsAt = performance.now()), 0));
  });
  observer.observe(document, { childList: true, subtree: true });
  const settings = { version: 1, network: 'regtest', rpc: { url: '', auth: 'cookie', cookieFile: '', dataDir: '', user: '', wallet: 'bench' }, trackerOverrides: [], ui: { theme: 'system', showHiddenAssets: false, walletLabel: 'Benchmark' }, window: null };
  const answers: Record<string, (request?: { search?: string; assetId?: number }) => unknown> = {
    'app.info': () => ({ name: 'CoinSpark Wallet', version: 'bench', host: 'headless', platform: 'bench', startupReports: [] }),
    'settings.get': () => settings,
    'assets.list': () => ({ assets: [], revision: 1 }),
    'connection.status': () => ({ state: 'connected', diagnosis: null, network: 'regtest', blockHeight: 900_000, syncing: false, lastSync: new Date().toISOString(), trackersReachable: 2, trackersTotal: 2 }),
    'safety.status': () => ({ enabled: true, explained: true, lockedByWallet: 3, lockedByOthers: 0, holdingOutputs: 3, unprotected: 0, lastError: null, lastChecked: null }),
    'safety.alerts': () => [],
    'history.list': (request) => {
      if (!probe.listAt) probe.listAt = performance.now();
      const search = request?.search?.toLowerCase() ?? '';
      const rows = search ? data.rows.filter((r) => r.txid.includes(search) || (r.paymentRef?.value.includes(search) ?? false)) : data.rows;
      return { rows, total: data.rows.length, revision: 1, tipHeight: 900_000 };
    },
  };
  // Any other namespace or method: events that never fire, calls that fail (the screens say so and go on).
  const wallet = new Proxy({}, {
    get: (_t, ns: string) =>
      new Proxy({}, {
        get: (_u, method: string) => {
          if (method.startsWith('on')) return () => () => undefined;
          const answer = answers[`${ns}.${method}`];
          return answer ? async (request?: { search?: string }) => answer(request) : () => Promise.reject(new Error('not available in the benchmark'));
        },
      }),
  });
  Object.defineProperty(window, 'wallet', { value: wallet, writable: false, configurable: false });
}


requireBuiltRenderer(rendererDir);

const rows = makeRows(COUNT);
const server = await serveRenderer(rendererDir);
const browser = await launchChromium();
const firstRender: number[] = [];
const jump: number[] = [];
const searched: number[] = [];
let domRows = 0;
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(installFakeWallet, { rows });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { __bench: { rowsAt: number } }).__bench.rowsAt > 0, undefined, { timeout: 60_000 });
    const t = await page.evaluate(() => (window as unknown as { __bench: { listAt: number; rowsAt: number } }).__bench);
    firstRender.push(t.rowsAt - t.listAt);
    domRows = await page.locator('.history-row').count();
    jump.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const viewport = document.querySelector('[data-testid="history-viewport"]') as HTMLElement;
            const start = performance.now();
            viewport.scrollTop = viewport.scrollHeight / 2;
            viewport.dispatchEvent(new Event('scroll'));
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
          }),
      ),
    );
    // A search: from the last key to the single matching row drawn (the 250 ms typing pause included).
    const target = rows[COUNT - 3]!.txid.slice(0, 24);
    const started = Date.now();
    await page.getByTestId('history-search').fill(target);
    await page.locator('.history-row').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.history-row').length === 1);
    searched.push(Date.now() - started);
    if (run === 0 && process.env.BENCH_SCREENSHOT) {
      await page.getByTestId('history-search').fill('');
      await page.waitForTimeout(400);
      await page.screenshot({ path: process.env.BENCH_SCREENSHOT });
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`transactions in the history:   ${COUNT.toLocaleString('en')}`);
console.log(`rows in the DOM (windowed):    ${domRows}`);
console.log(`first render, per run (ms):    ${firstRender.map((v) => v.toFixed(1)).join(', ')}`);
console.log(`first render, median (ms):     ${median(firstRender).toFixed(1)}  (goal ≤ 300 ms)`);
console.log(`jump to the middle, median:    ${median(jump).toFixed(1)} ms (goal ≤ 50 ms)`);
console.log(`search to one row drawn:       ${median(searched).toFixed(0)} ms median (250 ms of it is the typing pause)`);
