import * as v from 'valibot';
import { encodeAddress } from '../../../shared/coinspark/index';
import type { ConnectionStatus, Diagnosis, ReceiveAddress } from '../../../shared/model/connection';
import type { Network, RpcSettings, Settings } from '../../../shared/model/settings';
import { UserFacingError } from '../../../shared/ipc/result';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import { DEGRADED_CODES, diagnoseConnection, type ConnectionConfig } from './diagnose';
import { RpcError, TransportError, type RpcClient } from './rpc-client';
import { AddressSchema } from './rpc-schemas';
import { credentialsForTest, rpcDestination, type ConnectionForm } from './test-credentials';

/**
 * `ctx.services.core`: the Bitcoin Core connection. It diagnoses the settings at start, keeps retrying (sooner
 * while Core warms up), pushes `connection:status` on every change, and hands a working wallet client to the
 * sync service through `onConnected`.
 */
export interface CoreService {
  /** The client on the chosen wallet, or null while not connected. */
  client(): RpcClient | null;
  status(): ConnectionStatus;
  /** Diagnose exactly the connection form's values without changing the connection. */
  test(form: ConnectionForm): Promise<Diagnosis>;
  /** Re-diagnose now (after a failed call, or a settings change). */
  reconnect(): Promise<ConnectionStatus>;
  /** A call failed below JSON-RPC: re-diagnose and go to `error` if it really is down. */
  reportFailure(error: unknown): void;
  onConnected(listener: (client: RpcClient) => void): () => void;
  /** The sync service reports its progress here (shown in the status). */
  setSync(update: Partial<Pick<ConnectionStatus, 'syncing' | 'lastSync' | 'blockHeight' | 'syncError'>>): void;
  /** The balances service reports tracker reachability here. */
  setTrackers(reachable: number, total: number): void;
  /** Lowest genesis block the wallet needs (to judge pruning); the assets service provides it. */
  setNeededGenesisHeight(provider: () => number | null): void;
}

declare module '../../node/service-context' {
  interface ServiceRegistry {
    core: CoreService;
  }
}

/** A call waiting this long for Core's answer is shown in the status. */
export const STALL_NOTICE_MS = 5000;

/** Failures that mean the connection itself is gone (or Core is restarting), not a bad answer on a working one. */
export function connectionLost(error: unknown): boolean {
  if (error instanceof RpcError) return error.code === -28 || error.code === -18 || error.code === -19;
  if (error instanceof TransportError) return ['refused', 'host-not-found', 'network', 'auth', 'cookie'].includes(error.kind);
  return false;
}

const PASSWORD_KEY = 'rpc.password';
const USER_KEY = 'rpc.user';

export interface CoreServiceOptions {
  /** Retry delays while disconnected. */
  retryMs?: number;
  maxRetryMs?: number;
}

export function initCoreService(ctx: ServiceContext, serviceOptions: CoreServiceOptions = {}): ServiceModule<'connection:status' | 'connection:test' | 'connection:setPassword' | 'wallet:receiveAddress'> {
  const settingsService = ctx.services.settings;
  const retryMs = serviceOptions.retryMs ?? 3000;
  const maxRetryMs = serviceOptions.maxRetryMs ?? 60_000;
  let neededGenesisHeight: () => number | null = () => null;
  let client: RpcClient | null = null;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let connecting: Promise<ConnectionStatus> | null = null;
  const listeners = new Set<(client: RpcClient) => void>();
  let lastAddress: string | null = null;

  const effectiveNetwork = (settings: Settings): Network => ctx.options.network ?? settings.network;
  let status: ConnectionStatus = {
    state: 'idle',
    diagnosis: null,
    network: effectiveNetwork(settingsService.get()),
    blockHeight: null,
    syncing: false,
    lastSync: null,
    syncError: null,
    waitingFor: null,
    trackersReachable: 0,
    trackersTotal: 0,
  };
  const publish = (patch: Partial<ConnectionStatus>): void => {
    status = { ...status, ...patch };
    ctx.events.emitCoalesced('connection:status', () => status, 50);
  };

  /** Saved settings with the command line's overrides and the password from the secret store. */
  const configFrom = async (): Promise<ConnectionConfig> => {
    const settings = settingsService.get();
    const o = ctx.options;
    const rpc: RpcSettings = { ...settings.rpc };
    if (o.rpcUrl !== undefined) rpc.url = o.rpcUrl;
    if (o.rpcDataDir !== undefined) rpc.dataDir = o.rpcDataDir;
    if (o.wallet !== undefined) rpc.wallet = o.wallet;
    if (o.cookieFile !== undefined) {
      rpc.cookieFile = o.cookieFile;
      rpc.auth = 'cookie';
    }
    const envUser = await ctx.platform.secrets.get(USER_KEY);
    if (envUser && o.cookieFile === undefined && ctx.platform.host === 'headless') {
      rpc.auth = 'password';
      rpc.user = envUser;
    }
    const password = rpc.auth === 'password' ? await ctx.platform.secrets.get(PASSWORD_KEY) : undefined;
    return { network: o.network ?? settings.network, rpc, password };
  };

  const scheduleRetry = (code: Diagnosis['code']): void => {
    if (stopped) return;
    clearTimeout(retryTimer);
    const delay = code === 'WARMING_UP' ? 2000 : Math.min(retryMs * 2 ** Math.min(failures, 5), maxRetryMs);
    retryTimer = setTimeout(() => void service.reconnect(), delay);
    retryTimer.unref?.();
  };

  const connect = async (): Promise<ConnectionStatus> => {
    const config = await configFrom();
    publish({ state: 'connecting', network: config.network });
    const result = await diagnoseConnection(config, { neededGenesisHeight: neededGenesisHeight(), timeoutMs: 10_000 });
    if (stopped) {
      result.client?.close();
      return status;
    }
    const working = result.client && DEGRADED_CODES.has(result.diagnosis.code);
    if (working) {
      client?.close();
      client = result.client!;
      failures = 0;
      publish({ state: 'connected', diagnosis: result.diagnosis, blockHeight: result.diagnosis.node?.blocks ?? status.blockHeight });
      for (const listener of listeners) listener(client);
    } else {
      result.client?.close();
      client?.close();
      client = null;
      failures++;
      publish({ state: 'error', diagnosis: result.diagnosis, syncing: false, waitingFor: null });
      ctx.log.warn(`Bitcoin Core: ${result.diagnosis.title}`);
      scheduleRetry(result.diagnosis.code);
    }
    return status;
  };

  const service: CoreService = {
    client: () => client,
    status: () => status,
    async test(form) {
      // The addresses the wallet's own secrets belong to: the running connection's and the saved settings'.
      const running = await configFrom();
      const saved = settingsService.get();
      const destinations = new Set([rpcDestination(running), rpcDestination({ network: saved.network, rpc: saved.rpc })].filter((d): d is string => d !== null));
      const allowed = await credentialsForTest(form, { destinations, savedPassword: () => ctx.platform.secrets.get(PASSWORD_KEY) });
      if ('diagnosis' in allowed) return allowed.diagnosis;
      const result = await diagnoseConnection(allowed.config, { neededGenesisHeight: neededGenesisHeight(), timeoutMs: 5000 });
      result.client?.close();
      return result.diagnosis;
    },
    reconnect() {
      if (stopped) return Promise.resolve(status);
      clearTimeout(retryTimer);
      connecting ??= connect().finally(() => (connecting = null));
      return connecting;
    },
    reportFailure(error) {
      // Only a failure of the connection itself is worth a new diagnosis; a bad or slow answer is the sync's error
      // to report (and to retry with backoff), and reconnecting for it would only loop.
      if (!connectionLost(error)) return;
      void service.reconnect();
    },
    onConnected(listener) {
      listeners.add(listener);
      if (client) listener(client);
      return () => listeners.delete(listener);
    },
    setSync(update) {
      publish(update);
    },
    setTrackers(reachable, total) {
      if (status.trackersReachable !== reachable || status.trackersTotal !== total) publish({ trackersReachable: reachable, trackersTotal: total });
    },
    setNeededGenesisHeight(provider) {
      neededGenesisHeight = provider;
    },
  };
  ctx.services.core = service;

  // Connection settings changed: connect again with them.
  let lastRpc = JSON.stringify([settingsService.get().rpc, settingsService.get().network]);
  const unsubscribe = settingsService.onChange((settings) => {
    const key = JSON.stringify([settings.rpc, settings.network]);
    if (key === lastRpc) return;
    lastRpc = key;
    void service.reconnect();
  });

  // The status follows the truth within seconds: a call that waits for Core's answer longer than this is shown,
  // whatever its own (much longer) time limit.
  let stallTimer: ReturnType<typeof setInterval> | undefined;
  const watchStalls = (): void => {
    const pending = client?.oldestPending() ?? null;
    const waitingFor = pending && Date.now() - pending.since >= STALL_NOTICE_MS ? { method: pending.method, since: new Date(pending.since).toISOString() } : null;
    if (waitingFor?.method !== status.waitingFor?.method || waitingFor?.since !== status.waitingFor?.since) publish({ waitingFor });
  };

  const receiveAddress = async (fresh: boolean): Promise<ReceiveAddress> => {
    const current = client;
    if (!current) throw new UserFacingError('not-connected', status.diagnosis ? `${status.diagnosis.title}. ${status.diagnosis.message}` : 'The wallet is not connected to Bitcoin Core yet.');
    let address = fresh ? null : lastAddress;
    if (address) {
      // Reuse the last address while nothing was received on it.
      const received = await current.walletCall('listunspent', [0, 9_999_999, [address]], v.array(v.unknown()));
      if (received.length > 0) address = null;
    }
    // Legacy (base58) addresses: a CoinSpark address embeds the bitcoin address in base58 (protocol §9).
    address ??= await current.walletCall('getnewaddress', ['', 'legacy'], AddressSchema);
    lastAddress = address;
    const encoded = encodeAddress({ bitcoinAddress: address, addressFlags: 3, paymentRef: 0n });
    if (!encoded.ok) throw new UserFacingError('address', `The CoinSpark address for ${address} could not be made (${encoded.error}).`);
    return { bitcoinAddress: address, coinsparkAddress: encoded.value, flags: 3, paymentRef: '0' };
  };

  return {
    handlers: {
      'connection:status': () => service.status(),
      'connection:test': (form) => service.test(form),
      'connection:setPassword': async ({ password }) => {
        const unavailable = ctx.platform.secrets.unavailableReason();
        if (unavailable) throw new UserFacingError('secrets-unavailable', unavailable);
        await ctx.platform.secrets.set(PASSWORD_KEY, password);
        void service.reconnect();
        return { stored: true };
      },
      'wallet:receiveAddress': (request) => receiveAddress(request?.fresh ?? false),
    },
    start() {
      void service.reconnect();
      stallTimer = setInterval(watchStalls, 1000);
      stallTimer.unref?.();
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(stallTimer);
      unsubscribe();
      client?.close();
      client = null;
    },
  };
}
