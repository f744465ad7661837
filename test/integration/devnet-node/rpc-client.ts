// A minimal bitcoin-cli: JSON-RPC 1.0 over HTTP with cookie (or user/password) auth.
import { readFileSync } from 'node:fs';

export class RpcCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function cli(url: string, auth: { cookieFile: string } | { user: string; password: string }) {
  let id = 0;
  const header = (): string => {
    const cred = 'cookieFile' in auth ? readFileSync(auth.cookieFile, 'utf8').trim() : `${auth.user}:${auth.password}`;
    return `Basic ${Buffer.from(cred).toString('base64')}`;
  };
  return async function call<T = unknown>(method: string, params: unknown[] | Record<string, unknown> = [], wallet?: string): Promise<T> {
    const res = await fetch(url + (wallet !== undefined ? `/wallet/${encodeURIComponent(wallet)}` : '/'), {
      method: 'POST',
      headers: { Authorization: header(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '1.0', id: ++id, method, params }),
    });
    const text = await res.text();
    if (!text) throw new RpcCallError(0, `HTTP ${res.status} with an empty body`, res.status);
    const body = JSON.parse(text) as { result: T; error: { code: number; message: string } | null };
    if (body.error) throw new RpcCallError(body.error.code, body.error.message, res.status);
    return body.result;
  };
}
