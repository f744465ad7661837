import {
  EVENT_NAMES,
  INVOKE_CHANNELS,
  type EventName,
  type InvokeChannel,
  type PayloadOf,
  type RequestOf,
  type ResponseOf,
} from './contract';
import { WalletIpcError, type IpcResult } from './result';

/**
 * The renderer's only way to main: `window.wallet`, generated here from the contract so that the renderer never
 * names a channel. `app:info` becomes `wallet.app.info()`, the event `assets:changed` becomes
 * `wallet.assets.onChanged(listener)` (returns an unsubscribe function).
 */

/** What a transport must provide. The preload wraps ipcRenderer; the headless host's page wraps a WebSocket. */
export interface WalletTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type NamespaceOf<N extends string> = N extends `${infer NS}:${string}` ? NS : never;
type MemberOf<N extends string> = N extends `${string}:${infer M}` ? M : never;
type Namespace = NamespaceOf<InvokeChannel> | NamespaceOf<EventName>;

type Methods<NS extends string> = {
  [C in InvokeChannel as NamespaceOf<C> extends NS ? MemberOf<C> : never]: undefined extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<ResponseOf<C>>
    : (request: RequestOf<C>) => Promise<ResponseOf<C>>;
};
type Listeners<NS extends string> = {
  [E in EventName as NamespaceOf<E> extends NS ? `on${Capitalize<MemberOf<E>>}` : never]: (
    listener: (payload: PayloadOf<E>) => void,
  ) => () => void;
};

export type WalletApi = { readonly [NS in Namespace]: Methods<NS> & Listeners<NS> };

function split(name: string): [string, string] {
  const i = name.indexOf(':');
  return [name.slice(0, i), name.slice(i + 1)];
}

export function createWalletApi(transport: WalletTransport): WalletApi {
  const api: Record<string, Record<string, unknown>> = {};
  const ns = (name: string): Record<string, unknown> => (api[name] ??= {});
  for (const channel of INVOKE_CHANNELS) {
    const [namespace, method] = split(channel);
    ns(namespace)[method] = async (request?: unknown) => {
      const result = await transport.invoke(channel, request);
      if (!result.ok) throw new WalletIpcError(result.error);
      return result.value;
    };
  }
  for (const eventName of EVENT_NAMES) {
    const [namespace, member] = split(eventName);
    const key = `on${member.charAt(0).toUpperCase()}${member.slice(1)}`;
    ns(namespace)[key] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return transport.subscribe(eventName, listener);
    };
  }
  for (const value of Object.values(api)) Object.freeze(value);
  return Object.freeze(api) as unknown as WalletApi;
}
