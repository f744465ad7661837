import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../../shared/model/connection';
import { DEFAULT_SETTINGS, type Network, type RpcSettings } from '../../../shared/model/settings';
import { diagnoseConnection, type ConnectionConfig } from '../../../main/services/core/diagnose';
import { RpcClient } from '../../../main/services/core/rpc-client';
import { startDevnetNode, type DevnetNode } from '../../devnet/node/index';
import { tempDir } from './helpers';

/**
 * Every way the connection can fail gives its own diagnosis. Most cases run against the devnet node over real
 * HTTP; the states a regtest node cannot be put in (old version, initial block download, pruned, no txindex) go
 * through a small HTTP proxy in front of the same node that rewrites just that field of Core's answer.
 */
describe('connection diagnosis', () => {
  let node: DevnetNode;
  let dir: string;
  const servers: http.Server[] = [];
  const seen = new Map<string, Diagnosis>();

  beforeAll(async () => {
    dir = tempDir('diag');
    node = await startDevnetNode({ dataDir: path.join(dir, 'core'), wallets: ['w'], rpcUser: 'alice', rpcPassword: 'secret' });
  }, 30_000);
  afterAll(async () => {
    for (const s of servers) s.close();
    await node?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const config = (rpc: Partial<RpcSettings>, network: Network = 'regtest', password?: string): ConnectionConfig => ({
    network,
    rpc: { ...DEFAULT_SETTINGS.rpc, url: node.rpcUrl, dataDir: node.dataDir, ...rpc },
    password,
  });
  const diagnose = async (name: string, c: ConnectionConfig, timeoutMs = 3000): Promise<Diagnosis> => {
    const result = await diagnoseConnection(c, { timeoutMs, neededGenesisHeight: 5 });
    result.client?.close();
    expect(result.diagnosis.title.length).toBeGreaterThan(5);
    expect(result.diagnosis.message.length).toBeGreaterThan(20);
    seen.set(name, result.diagnosis);
    return result.diagnosis;
  };
  const listen = (handler: http.RequestListener): Promise<string> =>
    new Promise((resolve) => {
      const server = http.createServer(handler);
      servers.push(server);
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`));
    });
  const freePort = (): Promise<number> =>
    new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
  /** A proxy to the devnet node that rewrites the result of one method. */
  const rewriting = (method: string, rewrite: (result: Record<string, unknown>) => unknown): Promise<string> =>
    listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const upstream = http.request(node.rpcUrl + (req.url ?? '/'), { method: 'POST', headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' } }, (up) => {
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            let text = Buffer.concat(parts).toString();
            const request = JSON.parse(body.toString()) as { method: string };
            if (request.method === method && up.statusCode === 200) {
              const json = JSON.parse(text) as { result: Record<string, unknown> };
              json.result = rewrite(json.result) as Record<string, unknown>;
              text = JSON.stringify(json);
            }
            res.writeHead(up.statusCode ?? 500, { 'content-type': 'application/json' });
            res.end(text);
          });
        });
        upstream.end(body);
      });
    });

  it('OK with the cookie found in the data directory and the only loaded wallet', async () => {
    const d = await diagnose('ok', config({}));
    expect(d.code).toBe('OK');
    expect(d.node).toMatchObject({ chain: 'regtest', wallet: 'w', txindex: true, pruned: false });
    expect(d.node!.version).toBeGreaterThanOrEqual(240000);
  });

  it('nothing listening / wrong port, with the port bitcoin.conf names', async () => {
    const port = await freePort();
    let d = await diagnose('refused', config({ url: `http://127.0.0.1:${port}`, cookieFile: node.cookieFile }));
    expect(d.code).toBe('CONNECTION_REFUSED');
    expect(d.message).toContain(`127.0.0.1:${port}`);
    const confDir = tempDir('conf');
    fs.writeFileSync(path.join(confDir, 'bitcoin.conf'), `[regtest]\nrpcport=${node.port}\n`);
    d = (await diagnoseConnection(config({ url: `http://127.0.0.1:${port}`, cookieFile: node.cookieFile, dataDir: confDir }))).diagnosis;
    expect(d.code).toBe('CONNECTION_REFUSED');
    expect(d.message).toContain(`rpcport=${node.port}`);
  });

  it('RPC server disabled (server=0 in bitcoin.conf; 403 from rpcallowip)', async () => {
    const confDir = tempDir('conf');
    fs.writeFileSync(path.join(confDir, 'bitcoin.conf'), 'server=0\n');
    fs.mkdirSync(path.join(confDir, 'regtest'));
    fs.writeFileSync(path.join(confDir, 'regtest', '.cookie'), '__cookie__:old');
    const port = await freePort();
    const d = await diagnose('rpc-disabled', config({ url: `http://127.0.0.1:${port}`, dataDir: confDir }));
    expect(d.code).toBe('RPC_DISABLED');
    expect(d.message).toContain('server=1');
    const forbidden = await listen((_req, res) => res.writeHead(403).end());
    const d403 = (await diagnoseConnection(config({ url: forbidden, cookieFile: node.cookieFile }))).diagnosis;
    expect(d403.code).toBe('RPC_DISABLED');
    expect(d403.message).toContain('rpcallowip');
  });

  it('cookie file not found, saying where it looked', async () => {
    const empty = tempDir('nocookie');
    const d = await diagnose('no-cookie', config({ dataDir: empty }));
    expect(d.code).toBe('COOKIE_NOT_FOUND');
    expect(d.message).toContain(path.join(empty, 'regtest', '.cookie'));
  });

  it('auth failed (password), and a cookie that changed is re-read on 401', async () => {
    const d = await diagnose('auth', config({ auth: 'password', user: 'alice' }, 'regtest', 'wrong'));
    expect(d.code).toBe('AUTH_FAILED');
    expect((await diagnoseConnection(config({ auth: 'password', user: 'alice' }, 'regtest', 'secret'))).diagnosis.code).toBe('OK');
    const client = new RpcClient({ url: node.rpcUrl, auth: { kind: 'cookie', file: node.cookieFile } });
    expect(await client.call('getblockcount', [], v.number())).toBe(0);
    await node.restart(); // a new cookie
    expect(await client.call('getblockcount', [], v.number())).toBe(0);
    client.close();
    const wrongCookie = tempDir('cookie');
    fs.writeFileSync(path.join(wrongCookie, '.cookie'), '__cookie__:0000');
    const dc = (await diagnoseConnection(config({ cookieFile: path.join(wrongCookie, '.cookie') }))).diagnosis;
    expect(dc.code).toBe('AUTH_FAILED');
    expect(dc.message).toContain(path.join(wrongCookie, '.cookie'));
  });

  it('no password configured', async () => {
    const d = await diagnose('not-configured', config({ auth: 'password', user: 'alice' }));
    expect(d.code).toBe('NOT_CONFIGURED');
  });

  it('wallet not loaded, not found, and several loaded with none chosen', async () => {
    const root = new RpcClient({ url: node.rpcUrl, auth: { kind: 'cookie', file: node.cookieFile } });
    await root.call('createwallet', ['second'], v.unknown());
    let d = await diagnose('several', config({}));
    expect(d.code).toBe('WALLET_NOT_SPECIFIED');
    expect(d.message).toContain('“second”');
    expect((await diagnoseConnection(config({ wallet: 'second' }))).diagnosis.code).toBe('OK');
    await root.call('unloadwallet', ['second'], v.unknown());
    d = await diagnose('not-loaded', config({ wallet: 'second' }));
    expect(d.code).toBe('WALLET_NOT_LOADED');
    expect(d.message).toContain('loadwallet');
    d = await diagnose('not-found', config({ wallet: 'nosuch' }));
    expect(d.code).toBe('WALLET_NOT_FOUND');
    await root.call('unloadwallet', ['w'], v.unknown());
    d = (await diagnoseConnection(config({}))).diagnosis;
    expect(d.code).toBe('WALLET_NOT_LOADED');
    await root.call('loadwallet', ['w'], v.unknown());
    root.close();
  });

  it('warming up (-28)', async () => {
    node.setWarmup('Loading block index…');
    try {
      const d = await diagnose('warmup', config({}));
      expect(d.code).toBe('WARMING_UP');
      expect(d.message).toContain('Loading block index');
    } finally {
      node.setWarmup(null);
    }
  });

  it('wrong network', async () => {
    const d = await diagnose('network', config({ cookieFile: node.cookieFile, url: node.rpcUrl }, 'mainnet'));
    expect(d.code).toBe('WRONG_NETWORK');
  });

  it('Core older than v24', async () => {
    const url = await rewriting('getnetworkinfo', (r) => ({ ...r, version: 230000, subversion: '/Satoshi:23.0.0/' }));
    const d = await diagnose('old', config({ url, cookieFile: node.cookieFile }));
    expect(d.code).toBe('CORE_TOO_OLD');
    expect(d.message).toContain('23.0');
  });

  it('initial block download in progress', async () => {
    const url = await rewriting('getblockchaininfo', (r) => ({ ...r, initialblockdownload: true, headers: 900000, verificationprogress: 0.25 }));
    const d = await diagnose('ibd', config({ url, cookieFile: node.cookieFile }));
    expect(d.code).toBe('INITIAL_BLOCK_DOWNLOAD');
    expect(d.message).toContain('900000');
  });

  it('pruned below a genesis the wallet needs; pruned above it is only a warning', async () => {
    const url = await rewriting('getblockchaininfo', (r) => ({ ...r, pruned: true, pruneheight: 50 }));
    const d = await diagnose('pruned', config({ url, cookieFile: node.cookieFile }));
    expect(d.code).toBe('PRUNED');
    expect(d.message).toContain('block 5');
    const ok = (await diagnoseConnection(config({ url, cookieFile: node.cookieFile }), { neededGenesisHeight: 60 })).diagnosis;
    expect(ok.code).toBe('OK');
    expect(ok.warnings.join(' ')).toContain('pruned');
  });

  it('txindex off, saying what then does not work', async () => {
    const url = await rewriting('getindexinfo', () => ({}));
    const d = await diagnose('txindex', config({ url, cookieFile: node.cookieFile }));
    expect(d.code).toBe('TXINDEX_OFF');
    expect(d.message).toContain('txindex=1');
    expect(d.message).toContain('cannot');
  });

  it('not Bitcoin Core, a node that never answers, and a host that does not exist', async () => {
    const html = await listen((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    expect((await diagnose('not-core', config({ url: html, cookieFile: node.cookieFile }))).code).toBe('NOT_BITCOIN_CORE');
    const silent = await listen(() => undefined);
    expect((await diagnose('timeout', config({ url: silent, cookieFile: node.cookieFile }), 500)).code).toBe('TIMEOUT');
    expect((await diagnose('host', config({ url: 'http://no-such-host.invalid:18443', cookieFile: node.cookieFile }))).code).toBe('HOST_NOT_FOUND');
  });

  it('each failure mode has its own message', () => {
    const failures = [...seen.entries()].filter(([, d]) => d.code !== 'OK');
    expect(failures.length).toBeGreaterThanOrEqual(15);
    const messages = new Set(failures.map(([, d]) => d.message));
    expect(messages.size).toBe(failures.length);
    const codes = new Set(failures.map(([, d]) => d.code));
    for (const code of ['CONNECTION_REFUSED', 'AUTH_FAILED', 'COOKIE_NOT_FOUND', 'RPC_DISABLED', 'WALLET_NOT_LOADED', 'WALLET_NOT_SPECIFIED', 'CORE_TOO_OLD', 'INITIAL_BLOCK_DOWNLOAD', 'PRUNED', 'TXINDEX_OFF', 'WARMING_UP', 'WRONG_NETWORK', 'NOT_BITCOIN_CORE', 'TIMEOUT', 'HOST_NOT_FOUND', 'WALLET_NOT_FOUND', 'NOT_CONFIGURED']) {
      expect(codes.has(code as Diagnosis['code'])).toBe(true);
    }
  });
});
