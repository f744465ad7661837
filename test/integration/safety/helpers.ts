import http from 'node:http';
import path from 'node:path';
import * as v from 'valibot';
import { headlessPlatform } from '../../../main/host/headless';
import type { CallContext } from '../../../main/node/ipc-dispatch';
import { startServices, type RunningServices } from '../../../main/node/service-host';
import type { RpcClient } from '../../../main/services/core/rpc-client';
import type { ConnectionStatus } from '../../../shared/model/connection';

export const call: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };
export const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The headless host's services on `dataDir`, connected to `rpcUrl` (cookie auth) and wallet `wallet`. */
export async function startWalletServices(opts: { dataDir: string; rpcUrl: string; cookieFile: string; wallet: string; hostMap?: Record<string, string>; trackerOverrides?: string[]; verify?: false }): Promise<RunningServices> {
  const services = await startServices(
    { dataDir: opts.dataDir, network: 'regtest', rpcUrl: opts.rpcUrl, cookieFile: opts.cookieFile, wallet: opts.wallet, appVersion: '0.0.0-test', ...(opts.hostMap ? { hostMap: opts.hostMap } : {}), ...(opts.trackerOverrides ? { trackerOverrides: opts.trackerOverrides } : {}) },
    headlessPlatform(),
    quiet,
    opts.verify === false ? { verify: false } : {},
  );
  for (let i = 0; i < 200; i++) {
    const status = (await services.handlers['connection:status'](undefined, call)) as ConnectionStatus;
    if (status.state === 'connected') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return services;
}

/** One full sync pass now (and the safety and history work that follows it). */
export async function syncNow(services: RunningServices): Promise<void> {
  await services.context.services.sync.syncNow();
}

export const outKey = (o: { txid: string; vout: number }): string => `${o.txid}:${o.vout}`;

export async function lockedInCore(rpc: RpcClient): Promise<Set<string>> {
  const list = await rpc.walletCall('listlockunspent', [], v.array(v.object({ txid: v.string(), vout: v.number() })));
  return new Set(list.map(outKey));
}

export async function unspentInCore(rpc: RpcClient): Promise<{ txid: string; vout: number; amount: number }[]> {
  return rpc.walletCall('listunspent', [0], v.array(v.object({ txid: v.string(), vout: v.number(), amount: v.number() })));
}

/** Spends exactly `inputs` (signed by `rpc`'s wallet) to `outputs`, as any other program using the wallet could. */
export async function spendRaw(rpc: RpcClient, inputs: { txid: string; vout: number }[], outputs: Record<string, number>[]): Promise<string> {
  const raw = await rpc.walletCall('createrawtransaction', [inputs, outputs], v.string());
  const signed = await rpc.walletCall('signrawtransactionwithwallet', [raw], v.object({ hex: v.string(), complete: v.boolean() }));
  if (!signed.complete) throw new Error('signing incomplete');
  return rpc.call('sendrawtransaction', [signed.hex], v.string());
}

/**
 * A JSON-RPC proxy in front of a node that counts the calls by method (batches count each member): what the
 * wallet really asked Core, measured on the wire.
 */
export async function countingProxy(target: string): Promise<{ url: string; counts: Map<string, number>; reset(): void; refuse: Map<string, { code: number; message: string }>; close(): Promise<void> }> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  /** Methods answered with this JSON-RPC error instead of being forwarded (an older or unwilling Core). */
  const refuse = new Map<string, { code: number; message: string }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        const parsed = JSON.parse(body.toString('utf8')) as unknown;
        for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
          const method = (item as { method?: unknown }).method;
          if (typeof method === 'string') counts.set(method, (counts.get(method) ?? 0) + 1);
        }
        const single = !Array.isArray(parsed) ? (parsed as { method?: unknown; id?: unknown }) : null;
        const refusal = single && typeof single.method === 'string' ? refuse.get(single.method) : undefined;
        if (refusal) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(`${JSON.stringify({ result: null, error: refusal, id: single!.id ?? null })}\n`);
          return;
        }
      } catch {
        // not JSON: forwarded as is
      }
      const forward = http.request(
        { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    counts,
    refuse,
    reset: () => counts.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const appDir = (root: string, name = 'app'): string => path.join(root, name);
