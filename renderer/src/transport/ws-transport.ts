import type { WalletTransport } from '../../../shared/ipc/client';
import type { EventName, InvokeChannel } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';
import { WS_PATH, WS_SUBPROTOCOL, WS_TOKEN_PREFIX, type ServerMessage } from '../../../shared/ipc/wire';

const TOKEN_KEY = 'coinspark-wallet.token';

/**
 * The per-run token comes in the URL fragment printed by the headless host (fragments never reach a server or
 * a Referer). It is moved to sessionStorage and removed from the address bar so it does not linger on screen.
 */
export function takeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{16,128})/i.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The headless host's transport: the same invoke/event pairs as Electron's ipc, framed over one WebSocket. */
export function connectWebSocketTransport(token: string): Promise<WalletTransport> {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;

  const connect = (): Promise<void> => {
    socket = new WebSocket(`ws://${window.location.host}${WS_PATH}`, [WS_SUBPROTOCOL, WS_TOKEN_PREFIX + token]);
    opened = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('The wallet host refused the connection.')), { once: true });
    });
    socket.addEventListener('message', (message) => {
      let parsed: ServerMessage;
      try {
        parsed = JSON.parse(String(message.data)) as ServerMessage;
      } catch {
        return;
      }
      if (parsed.type === 'result') {
        pending.get(parsed.id)?.(parsed.result);
        pending.delete(parsed.id);
      } else if (parsed.type === 'event') {
        for (const listener of listeners.get(parsed.event) ?? []) listener(parsed.payload);
      }
    });
    socket.addEventListener('close', () => {
      for (const resolve of pending.values()) {
        resolve({ ok: false, error: { code: 'TRANSPORT', message: 'The connection to the wallet host was lost.' } });
      }
      pending.clear();
      // The host may be restarting: try again shortly; calls made meanwhile wait for the new socket.
      setTimeout(() => void connect().catch(() => undefined), 1000);
    });
    return opened;
  };

  const transport: WalletTransport = {
    async invoke(channel: InvokeChannel, payload: unknown) {
      await opened.catch(() => undefined);
      if (socket.readyState !== WebSocket.OPEN) {
        return { ok: false, error: { code: 'TRANSPORT', message: 'Not connected to the wallet host.' } };
      }
      const id = nextId++;
      return new Promise<IpcResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
      });
    },
    subscribe(event: EventName, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
  };
  return connect().then(() => transport);
}
