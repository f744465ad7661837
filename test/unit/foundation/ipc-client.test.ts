import { describe, expect, it } from 'vitest';
import { createWalletApi, type WalletTransport } from '../../../shared/ipc/client';
import { EVENT_NAMES, INVOKE_CHANNELS } from '../../../shared/ipc/contract';
import { WalletIpcError } from '../../../shared/ipc/result';

describe('the generated window.wallet API', () => {
  const sent: [string, unknown][] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const transport: WalletTransport = {
    invoke: async (channel, payload) => {
      sent.push([channel, payload]);
      return channel === 'app:info' ? { ok: false, error: { code: 'HANDLER_ERROR', message: 'boom', reason: 'r' } } : { ok: true, value: { echoed: payload } };
    },
    subscribe: (event, listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  };
  const api = createWalletApi(transport) as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>;

  it('has one method per invoke channel and one listener per event, and nothing else', () => {
    const members = Object.entries(api).flatMap(([ns, obj]) => Object.keys(obj).map((k) => `${ns}.${k}`)).sort();
    const expected = [
      ...INVOKE_CHANNELS.map((c) => c.replace(':', '.')),
      ...EVENT_NAMES.map((e) => {
        const [ns, name] = e.split(':') as [string, string];
        return `${ns}.on${name[0]!.toUpperCase()}${name.slice(1)}`;
      }),
    ].sort();
    expect(members).toEqual(expected);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes through the transport and unwraps results', async () => {
    await expect(api.settings!.update!({ ui: { walletLabel: 'a' } })).resolves.toEqual({ echoed: { ui: { walletLabel: 'a' } } });
    expect(sent.at(-1)).toEqual(['settings:update', { ui: { walletLabel: 'a' } }]);
  });

  it('rejects with a typed error on error results', async () => {
    const error = await (api.app!.info!() as Promise<unknown>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WalletIpcError);
    expect(error).toMatchObject({ code: 'HANDLER_ERROR', message: 'boom', reason: 'r' });
  });

  it('subscribes to events and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api.settings!.onChanged!((p: unknown) => got.push(p)) as () => void;
    listeners.get('settings:changed')!({ x: 1 });
    expect(got).toEqual([{ x: 1 }]);
    off();
    expect(listeners.has('settings:changed')).toBe(false);
  });
});
