import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Network } from '../../../shared/model/settings';

/** Bitcoin Core's default RPC port per network. */
export const DEFAULT_RPC_PORT: Record<Network, number> = { mainnet: 8332, testnet: 18332, regtest: 18443 };

/** `getblockchaininfo.chain` for each of our networks (testnet: testnet3, or testnet4 since Core v28). */
export const CHAIN_NAMES: Record<Network, readonly string[]> = { mainnet: ['main'], testnet: ['test', 'testnet4'], regtest: ['regtest'] };

/**
 * Bitcoin Core's default data directories, in the order Core itself would use them: Windows %LOCALAPPDATA%\Bitcoin
 * (v28+) then %APPDATA%\Bitcoin (older installs), macOS ~/Library/Application Support/Bitcoin, elsewhere ~/.bitcoin.
 */
export function defaultCoreDataDirs(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  if (platform === 'win32') {
    const dirs: string[] = [];
    if (env.LOCALAPPDATA) dirs.push(path.win32.join(env.LOCALAPPDATA, 'Bitcoin'));
    if (env.APPDATA) dirs.push(path.win32.join(env.APPDATA, 'Bitcoin'));
    return dirs;
  }
  if (platform === 'darwin') return [path.join(home, 'Library', 'Application Support', 'Bitcoin')];
  return [path.join(home, '.bitcoin')];
}

/** Where Core keeps a network's files inside its data directory (mainnet: the directory itself). */
export function networkSubdirs(network: Network): string[] {
  switch (network) {
    case 'mainnet':
      return [''];
    case 'testnet':
      return ['testnet3', 'testnet4'];
    case 'regtest':
      return ['regtest'];
  }
}

/** Every place the `.cookie` file can be, in order. */
export function cookieCandidates(network: Network, dataDir: string | undefined): string[] {
  const roots = dataDir ? [dataDir] : defaultCoreDataDirs();
  return roots.flatMap((root) => networkSubdirs(network).map((sub) => path.join(root, sub, '.cookie')));
}

export function findCookie(network: Network, dataDir: string | undefined, explicitFile: string | undefined): { file: string | null; looked: string[] } {
  const looked = explicitFile ? [explicitFile] : cookieCandidates(network, dataDir);
  for (const file of looked) if (fs.existsSync(file)) return { file, looked };
  return { file: null, looked };
}

/** `user:password` from a cookie file (Core writes `__cookie__:<hex>`). */
export function readCookie(file: string): { user: string; password: string } {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.length > 1024) throw new Error(`${file} is not a Bitcoin Core cookie file (too long).`);
  const colon = text.indexOf(':');
  if (colon <= 0) throw new Error(`${file} is not a Bitcoin Core cookie file (no user:password).`);
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** What bitcoin.conf says about RPC, for diagnosis only (server=0, rpcport=…); undefined when there is none. */
export function readCoreConf(network: Network, dataDir: string | undefined): { file: string; server: boolean | null; rpcPort: number | null } | undefined {
  const roots = dataDir ? [dataDir] : defaultCoreDataDirs();
  const section = network === 'mainnet' ? 'main' : network === 'testnet' ? 'test' : 'regtest';
  for (const root of roots) {
    const file = path.join(root, 'bitcoin.conf');
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').slice(0, 256 * 1024);
    } catch {
      continue;
    }
    let current = '';
    let server: boolean | null = null;
    let rpcPort: number | null = null;
    for (const rawLine of text.split(/\r?\n/)) {
      const line = rawLine.replace(/#.*/, '').trim();
      const header = /^\[(\w+)\]$/.exec(line);
      if (header) {
        current = header[1]!;
        continue;
      }
      if (current !== '' && current !== section) continue;
      const kv = /^([\w.]+)\s*=\s*(.*)$/.exec(line);
      if (!kv) continue;
      const key = kv[1]!.replace(`${section}.`, '');
      if (key === 'server') server = kv[2] !== '0';
      if (key === 'rpcport' && /^\d+$/.test(kv[2]!)) rpcPort = Number(kv[2]);
    }
    return { file, server, rpcPort };
  }
  return undefined;
}
