import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type RpcSettings } from '../../../shared/model/settings';
import { headlessPlatform } from '../../../main/host/headless';
import type { CallContext } from '../../../main/node/ipc-dispatch';
import type { SecretStore } from '../../../main/node/platform';
import { startServices, type RunningServices } from '../../../main/node/service-host';
import { startDevnetNode, type DevnetNode } from '../../devnet/node/index';
import { tempDir } from '../wallet/helpers';

// Issue #12 item 12 (and #16's "Test connection tests what the form shows"): connection:test used the RPC URL of
// the request with the saved cookie or password, so a page could have the wallet send them to any listener.

const call: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

/** An HTTP listener that records every Authorization header it is sent (and answers like nothing useful). */
async function listener(host: string): Promise<{ url: string; seen: string[]; close(): void }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.headers.authorization) seen.push(req.headers.authorization);
    res.writeHead(401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() };
}

/** This machine's first address that is not loopback: a listener there stands for "any other host". */
const outsideAddress = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

function memorySecrets(values: Record<string, string>): SecretStore {
  return { unavailableReason: () => undefined, get: async (k) => values[k], set: async (k, v) => void (values[k] = v), delete: async (k) => void delete values[k] };
}

describe('connection:test sends the wallet\'s credentials only where they were configured', () => {
  let node: DevnetNode;
  let dir: string;
  const running: RunningServices[] = [];
  const start = async (options: Record<string, unknown>, secrets: Record<string, string> = {}) => {
    const services = await startServices(
      { dataDir: fs.mkdtempSync(path.join(dir, 'app-')), appVersion: 't', ...options },
      { ...headlessPlatform(), secrets: memorySecrets(secrets) },
      quiet,
    );
    running.push(services);
    return services;
  };
  const form = (rpc: Partial<RpcSettings>, network: 'mainnet' | 'regtest' = 'regtest', password?: string) => ({
    network,
    rpc: { ...DEFAULT_SETTINGS.rpc, ...rpc },
    ...(password === undefined ? {} : { password }),
  });

  beforeAll(async () => {
    dir = tempDir('conn-test');
    node = await startDevnetNode({ dataDir: path.join(dir, 'core'), wallets: ['w'], rpcUser: 'alice', rpcPassword: 'saved-secret' });
  }, 30_000);
  afterAll(async () => {
    for (const s of running) await s.stop();
    await node?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the saved password goes to its own address only; another address gets only the password typed for it', async () => {
    const services = await start({}, { 'rpc.password': 'saved-secret' });
    await services.handlers['settings:update']({ network: 'regtest', rpc: { url: node.rpcUrl, auth: 'password', user: 'alice', wallet: 'w' } }, call);
    const test = services.handlers['connection:test'];
    expect((await test(form({ url: node.rpcUrl, auth: 'password', user: 'alice', wallet: 'w' }), call)).code).toBe('OK'); // its own address

    const elsewhere = await listener('127.0.0.1');
    try {
      const d = await test(form({ url: elsewhere.url, auth: 'password', user: 'alice', wallet: 'w' }), call);
      expect(d.code).toBe('NOT_CONFIGURED');
      expect(d.message).toMatch(/saved password is only ever sent to the address it was saved for/);
      expect(elsewhere.seen).toEqual([]); // nothing was sent at all
      await test(form({ url: elsewhere.url, auth: 'password', user: 'alice', wallet: 'w' }, 'regtest', 'typed-for-it'), call);
      expect(elsewhere.seen.length).toBeGreaterThan(0);
      expect(new Set(elsewhere.seen)).toEqual(new Set([basic('alice:typed-for-it')])); // only what was typed
    } finally {
      elsewhere.close();
    }
  }, 30_000);

  // Skipped (and reported as skipped) on a machine with no address besides loopback to listen on.
  it.runIf(outsideAddress !== undefined)('the cookie never leaves this computer for an address it was not configured for', async () => {
    const services = await start({ network: 'regtest', rpcUrl: node.rpcUrl, cookieFile: node.cookieFile, wallet: 'w' });
    const test = services.handlers['connection:test'];
    expect((await test(form({ url: node.rpcUrl, cookieFile: node.cookieFile, wallet: 'w' }), call)).code).toBe('OK');
    const remote = await listener(outsideAddress!);
    try {
      const d = await test(form({ url: remote.url, cookieFile: node.cookieFile, wallet: 'w' }), call);
      expect(d.code).toBe('NOT_CONFIGURED');
      expect(d.title).toMatch(/cookie is only sent to Bitcoin Core on this computer/);
      expect(remote.seen).toEqual([]);
    } finally {
      remote.close();
    }
  }, 30_000);

  it('tests the form\'s network and address, not the running node the command line chose (#16)', async () => {
    // Running: regtest node from the command line. Saved (and shown in the form): mainnet defaults.
    const services = await start({ network: 'regtest', rpcUrl: node.rpcUrl, cookieFile: node.cookieFile, wallet: 'w' });
    const shown = await services.handlers['settings:get'](undefined, call);
    expect(shown.network).toBe('mainnet');
    const d = await services.handlers['connection:test']({ network: shown.network, rpc: shown.rpc }, call);
    expect(d.code).not.toBe('OK');
    expect(d.code).not.toBe('WRONG_NETWORK'); // the regtest node was not asked at all
    expect(`${d.title} ${d.message}`).toMatch(/8332|mainnet|cookie/i);
  }, 30_000);
});
