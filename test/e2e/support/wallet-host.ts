import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHeadlessWallet, type HeadlessWallet } from '../../../main/host/headless';
import type { HostOptions, Logger } from '../../../main/node/service-context';

export const RENDERER_DIR = path.resolve('dist/renderer');

const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: (m, ...d) => console.error(m, ...d) };

export interface TestWallet extends HeadlessWallet {
  url: string;
  dataDir: string;
}

/** The headless host on a fresh data directory, as `npm run web` would start it. Requires `npm run build`. */
export async function startTestWallet(options: Partial<HostOptions> = {}): Promise<TestWallet> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wallet-e2e-'));
  const made = options.dataDir === undefined;
  const wallet = await startHeadlessWallet({ appVersion: 'test', ...options, dataDir }, { rendererDir: RENDERER_DIR }, quietLog).catch((e: unknown) => {
    if (made) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return {
    ...wallet,
    url: wallet.host.url,
    dataDir,
    async stop() {
      await wallet.stop();
      // A directory made here goes with the wallet: tests leave nothing in the temporary directory.
      if (made) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Where screenshots of each screen go. */
export function screenshotPath(name: string): string {
  const dir = path.resolve('test-results', 'screens');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/**
 * axe-core's violations on the page as it is (WCAG 2.x A/AA and best practices), one line each, so a failing test
 * names the rule and the elements.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
