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
  const wallet = await startHeadlessWallet({ appVersion: 'test', ...options, dataDir }, { rendererDir: RENDERER_DIR }, quietLog);
  return { ...wallet, url: wallet.host.url, dataDir };
}

/** Where screenshots of each screen go. */
export function screenshotPath(name: string): string {
  const dir = path.resolve('test-results', 'screens');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
