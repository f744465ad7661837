/**
 * First render of 10,000 assets in the real, built renderer (dist/renderer) in Debian's Chromium.
 *
 * The page gets a `window.wallet` that answers from memory (the transport is skipped because one exists), so
 * what is timed is the renderer alone: from the moment `assets.list()` hands over the snapshot to the first frame
 * after the rows are in the DOM. Also timed: a jump to the middle of the list (the windowing at work).
 * Every kind of provenance mark is drawn (some figures "at least", some "Unknown").
 * Every asset but one in 16 has an icon (64 distinct real PNGs, fetched through `assets.picture` and checked
 * before display, as in the app); "icons drawn" is timed until every row on screen shows its icon.
 * Goal: first render ≤ 300 ms, icons included. Needs `npx vite build` first. `BENCH_SCREENSHOT=file.png` saves what was drawn.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AssetSummary, ProvenanceView, ValidState } from '../shared/model/asset-view';
import { iconPng } from '../test/devnet/issuer/content';
import { launchChromium, median, requireBuiltRenderer, serveRenderer } from './browser-bench';

// Every kind of provenance mark the list draws (issue #15), the lying tracker named beside some verified figures.
const LIAR = { url: 'http://liar.example/', host: 'liar.example', qty: '700', spent: false, outputs: 1 };
const PROVENANCES: ProvenanceView[] = [
  { kind: 'verified', agree: [], disputedBy: [], step: null, label: 'Verified by your node', detail: null },
  { kind: 'verified', agree: [], disputedBy: [LIAR], step: null, label: 'Verified by your node', detail: 'liar.example says 700: your node’s figure is the one shown.' },
  { kind: 'trackers', agree: ['a.example', 'b.example'], disputedBy: [], step: null, label: '2 trackers agree', detail: null },
  { kind: 'one-tracker', agree: ['a.example'], disputedBy: [], step: 'ok', label: 'One tracker only', detail: null },
  { kind: 'computed', agree: [], disputedBy: [], step: null, label: 'Computed by this wallet', detail: null },
  { kind: 'unknown', agree: [], disputedBy: [], step: null, label: 'Unknown', detail: null },
];

const COUNT = Number(process.env.BENCH_ASSETS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GOAL_MS = 300;
const rendererDir = path.resolve('dist/renderer');

/** 64 distinct icons (a real PNG each, 64×64), shared round-robin by the assets; one in 16 assets has none. */
function makeIcons(): Record<string, string> {
  const icons: Record<string, string> = {};
  for (let i = 0; i < 64; i++) {
    const png = iconPng([(i * 53) % 256, (i * 97) % 256, (i * 29) % 256]);
    icons[createHash('sha256').update(png).digest('hex')] = Buffer.from(png).toString('base64');
  }
  return icons;
}

function makeAssets(count: number, iconShas: string[]): AssetSummary[] {
  const states: ValidState[] = ['VALID', 'VALID', 'VALID', 'VALID', 'HASH_MISMATCH', 'NOT_VALIDATED_YET', 'ASSET_WEB_PAGE_NOT_FOUND', 'CONTRACT_INVALID'];
  const formats = [
    { multiple: 0.01, format: '* dollars', format1: '1 dollar', units: '1 US dollar' },
    { multiple: 1, format: '* shares', format1: '1 share', units: '1 share' },
    { multiple: 0.001, format: '€ *', format1: null, units: '1 euro' },
    { multiple: null, format: null, format1: null, units: null },
  ];
  const now = Date.now();
  return Array.from({ length: count }, (_, i): AssetSummary => {
    const state = states[i % states.length]!;
    const f = formats[i % formats.length]!;
    const loading = i % 37 === 0;
    const domain = `issuer-${(i * 7919) % count}.example`;
    return {
      assetId: i + 1,
      assetRef: `${100_000 + i}-${(i * 31) % 5000}-${(i * 17) % 65536}`,
      genTxId: (i.toString(16).padStart(8, '0') + 'ab').repeat(6).slice(0, 64),
      fromSource: i % 3 === 0 ? 'manual' : 'transfer',
      isVisible: i % 50 !== 0,
      domain,
      homeUrl: `https://${domain}`,
      name: loading ? null : `Asset number ${i} of the benchmark`,
      shortName: loading ? null : `A${i}`,
      issuer: loading ? null : `Issuer ${i}`,
      loadingText: loading ? `Loading asset from ${domain}…` : null,
      loadFailure: null,
      icon: i % 16 === 15 ? null : iconShas[i % iconShas.length]!,
      image: null,
      validity: {
        state,
        text: state === 'VALID' ? 'Valid' : state === 'HASH_MISMATCH' ? 'Asset changed since it was issued' : state.toLowerCase().replace(/_/g, ' '),
        reason: state === 'VALID' ? null : 'The asset page could not be verified',
        lastChecked: new Date(now - (i % 600) * 1000).toISOString(),
        nextCheck: new Date(now + (i % 900) * 1000).toISOString(),
        failures: state === 'VALID' ? 0 : i % 4,
        previousState: null,
      },
      balance: { confirmedRaw: String((i * 104_729) % 10_000_000), unconfirmedRaw: i % 11 === 0 ? '1234' : '0', updating: i % 13 === 0, unknownOld: 0, unknownOutputs: i % 6 === 5 ? 1 : 0, knownOutputs: i % 12 === 5 ? 0 : 1, provenance: PROVENANCES[i % 6]! },
      display: { multiple: f.multiple, units: f.units, format: f.format, format1: f.format1, interestRate: i % 9 === 0 ? 3.5 : null, issueDate: '2020-01-01' },
      trackers: [],
      dispute: i % 97 === 0 ? { answers: [], message: 'Two trackers disagree about this asset' } : null,
      expired: i % 211 === 0,
      canDelete: state !== 'VALID',
      refreshing: false,
      whenAdded: new Date(now - i * 60_000).toISOString(),
    };
  });
}

/** Runs in the page before its scripts: an in-memory window.wallet, and the timing probes. */
function installFakeWallet(data: { assets: AssetSummary[]; icons: Record<string, string> }): void {
  const never = () => () => undefined;
  const settings = {
    version: 1,
    network: 'regtest',
    rpc: { url: '', auth: 'cookie', cookieFile: '', dataDir: '', user: '', wallet: '' },
    trackerOverrides: [],
    ui: { theme: 'system', showHiddenAssets: false, walletLabel: 'Benchmark' },
    window: null,
  };
  const probe = { listAt: 0, rowsAt: 0, iconsAt: 0 };
  (window as unknown as { __bench: typeof probe }).__bench = probe;
  const observer = new MutationObserver(() => {
    if (probe.rowsAt || !document.querySelector('.asset-row')) return;
    observer.disconnect();
    // The first frame drawn after the rows arrived.
    requestAnimationFrame(() => setTimeout(() => (probe.rowsAt = performance.now()), 0));
  });
  observer.observe(document, { childList: true, subtree: true });
  // Icons drawn: every row on screen shows its loaded icon (or its placeholder when it has none).
  const iconWatch = setInterval(() => {
    const rows = Array.from(document.querySelectorAll('.asset-row'));
    if (rows.length === 0) return;
    const pending = rows.some((r) => {
      const img = r.querySelector('img.asset-icon') as HTMLImageElement | null;
      const placeholder = r.querySelector('.asset-icon.placeholder');
      const id = Number((r as HTMLElement).dataset.assetId);
      const wantsIcon = (id - 1) % 16 !== 15;
      return wantsIcon ? !(img && img.complete && img.naturalWidth > 0) : !placeholder;
    });
    if (!pending) {
      probe.iconsAt = performance.now();
      clearInterval(iconWatch);
    }
  }, 5);
  const fail = () => Promise.reject(new Error('not available in the benchmark'));
  const wallet = {
    app: { info: async () => ({ name: 'CoinSpark Wallet', version: 'bench', host: 'headless', platform: 'bench', runtime: 'bench', demo: null, startupReports: [] }), openExternal: fail, onReports: never },
    settings: { get: async () => settings, update: fail, onChanged: never },
    assets: {
      list: async () => {
        probe.listAt = performance.now();
        return { assets: data.assets, revision: 1 };
      },
      detail: fail, add: fail, setVisible: fail, delete: fail, undoDelete: fail, refresh: fail, refreshAll: fail, contract: fail,
      picture: async ({ sha256 }: { sha256: string }) => (data.icons[sha256] ? { sha256, mimeType: 'image/png', base64: data.icons[sha256] } : null),
      onChanged: never, onProgress: never,
    },
    connection: {
      status: async () => ({ state: 'connected', diagnosis: null, network: 'regtest', blockHeight: 1234, syncing: false, lastSync: new Date().toISOString(), trackersReachable: 2, trackersTotal: 3 }),
      test: fail, setPassword: fail, sync: fail, onStatus: never,
    },
    wallet: { receiveAddress: fail },
    send: {
      figures: async () => ({ confirmedSats: '123456789', unconfirmedSats: '0', assetFreeSats: '100000000', assetBoundSats: '23456789', outputs: 40, reserveSats: '88000', spendableSats: '99911454', known: true }),
      onFigures: never,
    },
    updates: { state: async () => ({ kind: 'unsupported', reason: 'bench' }), onState: never, check: fail, download: fail, install: fail },
  };
  // Namespaces the list does not use (history, safety…): events that never fire, calls that fail.
  const known = wallet as Record<string, unknown>;
  const whole = new Proxy(known, {
    get: (target, ns: string) =>
      target[ns] ?? new Proxy({}, { get: (_u, method: string) => (method.startsWith('on') ? never : fail) }),
  });
  Object.defineProperty(window, 'wallet', { value: whole, writable: false, configurable: false });
}

requireBuiltRenderer(rendererDir);

const icons = makeIcons();
const assets = makeAssets(COUNT, Object.keys(icons));
const server = await serveRenderer(rendererDir);
const browser = await launchChromium();
const firstRender: number[] = [];
const iconsDrawn: number[] = [];
const jump: number[] = [];
let domRows = 0;
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx (esbuild, keepNames) wraps named functions in a __name() helper that the page does not have.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(installFakeWallet, { assets, icons });
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { __bench: { rowsAt: number } }).__bench.rowsAt > 0, undefined, { timeout: 60_000 });
    const t = await page.evaluate(() => (window as unknown as { __bench: { listAt: number; rowsAt: number } }).__bench);
    firstRender.push(t.rowsAt - t.listAt);
    await page.waitForFunction(() => (window as unknown as { __bench: { iconsAt: number } }).__bench.iconsAt > 0, undefined, { timeout: 60_000 });
    const withIcons = await page.evaluate(() => (window as unknown as { __bench: { listAt: number; iconsAt: number } }).__bench);
    iconsDrawn.push(withIcons.iconsAt - withIcons.listAt);
    domRows = await page.locator('.asset-row').count();
    // Jump to the middle: how long until the rows there are drawn.
    const ms = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const viewport = document.querySelector('.asset-viewport') as HTMLElement;
          const start = performance.now();
          viewport.scrollTop = viewport.scrollHeight / 2;
          viewport.dispatchEvent(new Event('scroll'));
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
        }),
    );
    jump.push(ms);
    if (run === 0 && process.env.BENCH_SCREENSHOT) {
      await page.evaluate(() => ((document.querySelector('.asset-viewport') as HTMLElement).scrollTop = 0));
      await page.waitForTimeout(200);
      await page.screenshot({ path: process.env.BENCH_SCREENSHOT });
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const med = median(firstRender);
console.log(`assets in the snapshot:        ${COUNT.toLocaleString('en')} (${assets.filter((a) => a.isVisible).length.toLocaleString('en')} visible)`);
console.log(`rows in the DOM (windowed):    ${domRows}`);
console.log(`first render, per run (ms):    ${firstRender.map((v) => v.toFixed(1)).join(', ')}`);
console.log(`first render, median (ms):     ${med.toFixed(1)}  (goal ≤ ${GOAL_MS} ms: ${med <= GOAL_MS ? 'met' : 'NOT met'})`);
console.log(`icons drawn, per run (ms):     ${iconsDrawn.map((v) => v.toFixed(1)).join(', ')}`);
console.log(`icons drawn, median (ms):      ${median(iconsDrawn).toFixed(1)}  (goal ≤ ${GOAL_MS} ms: ${median(iconsDrawn) <= GOAL_MS ? 'met' : 'NOT met'})`);
console.log(`jump to the middle, median:    ${median(jump).toFixed(1)} ms`);
