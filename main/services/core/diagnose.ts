import net from 'node:net';
import type { Diagnosis, DiagnosisCode } from '../../../shared/model/connection';
import type { Network, RpcSettings } from '../../../shared/model/settings';
import { CHAIN_NAMES, DEFAULT_RPC_PORT, findCookie, readCoreConf } from './core-paths';
import { RpcClient, RpcError, TransportError, type RpcAuth } from './rpc-client';
import { BlockchainInfoSchema, IndexInfoSchema, NetworkInfoSchema, WalletDirSchema, WalletListSchema, type BlockchainInfo, type NetworkInfo } from './rpc-schemas';

/** The oldest Bitcoin Core the wallet supports (getnetworkinfo.version). */
export const MIN_CORE_VERSION = 240000;

/** Connection settings after command-line overrides, with the password from the secret store. */
export interface ConnectionConfig {
  network: Network;
  rpc: RpcSettings;
  password: string | undefined;
}

/** Codes after which the wallet still works, with less (shown as a warning, not as an error). */
export const DEGRADED_CODES: ReadonlySet<DiagnosisCode> = new Set(['OK', 'TXINDEX_OFF', 'PRUNED', 'INITIAL_BLOCK_DOWNLOAD']);

export function rpcUrlOf(config: ConnectionConfig): string {
  return config.rpc.url.trim() || `http://127.0.0.1:${DEFAULT_RPC_PORT[config.network]}`;
}

const NETWORK_WORDS: Record<Network, string> = { mainnet: 'mainnet', testnet: 'testnet', regtest: 'regtest' };

function diagnosis(code: DiagnosisCode, title: string, message: string, warnings: string[] = []): Diagnosis {
  return { code, title, message, warnings };
}

/** Resolves how to authenticate, or says why it cannot. */
export function resolveAuth(config: ConnectionConfig): { auth: RpcAuth } | { diagnosis: Diagnosis } {
  if (config.rpc.auth === 'password') {
    if (!config.rpc.user || config.password === undefined || config.password === '') {
      return {
        diagnosis: diagnosis(
          'NOT_CONFIGURED',
          'No RPC user name or password',
          !config.rpc.user
            ? 'Enter the rpcuser of your bitcoin.conf in the connection settings, or switch to cookie authentication.'
            : 'Enter the rpcpassword of your bitcoin.conf in the connection settings (the headless host reads it from COINSPARK_RPC_PASSWORD), or switch to cookie authentication.',
        ),
      };
    }
    return { auth: { kind: 'password', user: config.rpc.user, password: config.password } };
  }
  const { file, looked } = findCookie(config.network, config.rpc.dataDir || undefined, config.rpc.cookieFile || undefined);
  if (!file) {
    return {
      diagnosis: diagnosis(
        'COOKIE_NOT_FOUND',
        'Bitcoin Core’s cookie file was not found',
        `The wallet looked for the cookie file at: ${looked.join(', ')}. Bitcoin Core writes it when it starts with its RPC server on (server=1). Start Bitcoin Core, or choose its data directory (or the cookie file) in the connection settings, or use a user name and password instead.`,
      ),
    };
  }
  return { auth: { kind: 'cookie', file } };
}

/** Is anything listening at host:port? (used to tell "Core is not running" from "no cookie"). */
export function probePort(url: string, timeoutMs = 2000): Promise<'open' | 'refused' | 'timeout' | 'not-found'> {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = net.connect({ host: parsed.hostname.replace(/^\[|\]$/g, ''), port });
    const done = (outcome: 'open' | 'refused' | 'timeout' | 'not-found'): void => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    socket.once('connect', () => done('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' ? 'not-found' : error.code === 'ECONNREFUSED' ? 'refused' : 'timeout'));
  });
}

/** Turns a failure below the node checks into its diagnosis. */
export function diagnoseTransport(error: unknown, config: ConnectionConfig): Diagnosis {
  const url = rpcUrlOf(config);
  if (error instanceof TransportError) {
    switch (error.kind) {
      case 'refused': {
        const conf = readCoreConf(config.network, config.rpc.dataDir || undefined);
        if (conf?.server === false) {
          return diagnosis(
            'RPC_DISABLED',
            'Bitcoin Core’s RPC server is turned off',
            `${conf.file} has server=0, so Bitcoin Core does not accept RPC connections. Set server=1 in that file (or start Bitcoin Core with -server) and restart it.`,
          );
        }
        const port = new URL(url).port || '80';
        const hint = conf?.rpcPort && String(conf.rpcPort) !== port ? ` Your bitcoin.conf sets rpcport=${conf.rpcPort}: use http://127.0.0.1:${conf.rpcPort} as the RPC address.` : '';
        return diagnosis(
          'CONNECTION_REFUSED',
          'Nothing is listening at the RPC address',
          `Nothing accepted a connection at ${url}. Start Bitcoin Core (bitcoind, or bitcoin-qt with server=1), or check the RPC address and port: the ${NETWORK_WORDS[config.network]} default is ${DEFAULT_RPC_PORT[config.network]}.${hint}`,
        );
      }
      case 'timeout':
        return diagnosis('TIMEOUT', 'Bitcoin Core did not answer in time', `${url} accepted the connection but did not answer in time. Bitcoin Core may be very busy (starting, or re-indexing); try again in a minute. If it persists, check that the address is Bitcoin Core's RPC port and not something else.`);
      case 'host-not-found':
        return diagnosis('HOST_NOT_FOUND', 'The RPC host name could not be found', `The host of ${url} does not resolve. Check the RPC address in the connection settings (usually http://127.0.0.1:${DEFAULT_RPC_PORT[config.network]}).`);
      case 'auth':
        if (error.detail.httpStatus === 403) {
          return diagnosis('RPC_DISABLED', 'Bitcoin Core does not accept RPC from this computer', `Bitcoin Core answered 403 Forbidden: its rpcallowip setting does not include this computer's address. Add rpcallowip for this address (and rpcbind) to bitcoin.conf and restart Bitcoin Core.`);
        }
        return diagnosis(
          'AUTH_FAILED',
          'Bitcoin Core refused the credentials',
          config.rpc.auth === 'cookie'
            ? `Bitcoin Core refused the cookie in ${error.detail.cookieFile ?? 'the cookie file'} even after reading it again. The cookie belongs to another Bitcoin Core (another data directory or network), or this Bitcoin Core uses rpcauth/rpcpassword: choose the right data directory or use a user name and password.`
            : 'Bitcoin Core refused the user name and password. Check them against rpcuser/rpcpassword (or rpcauth) in bitcoin.conf; Bitcoin Core must be restarted after changing them.',
        );
      case 'cookie':
        return diagnosis('COOKIE_NOT_FOUND', 'Bitcoin Core’s cookie file could not be read', `${error.message} Check that this user may read Bitcoin Core's data directory, or use a user name and password instead.`);
      case 'http-status':
      case 'bad-response':
      case 'too-large':
        return diagnosis(
          'NOT_BITCOIN_CORE',
          'This is not Bitcoin Core’s RPC port',
          `${url} answered, but not like Bitcoin Core's JSON-RPC server (${error.message}). Check the RPC address and port (the ${NETWORK_WORDS[config.network]} default is ${DEFAULT_RPC_PORT[config.network]}).`,
        );
      case 'network':
        return diagnosis('CONNECTION_REFUSED', 'The connection to Bitcoin Core failed', `${error.message} Check the RPC address and that Bitcoin Core is running.`);
    }
  }
  if (error instanceof RpcError && error.code === -28) {
    return diagnosis('WARMING_UP', 'Bitcoin Core is starting', `Bitcoin Core is still starting (“${error.message}”). The wallet will connect as soon as it is ready.`);
  }
  return diagnosis('UNEXPECTED', 'Unexpected answer from Bitcoin Core', error instanceof Error ? error.message : String(error));
}

export interface DiagnoseOptions {
  /** Lowest block height of a genesis the wallet needs (min assetRef.blockNum), to judge a pruned node. */
  neededGenesisHeight?: number | null;
  timeoutMs?: number;
  /** Time limits of the client handed back for the wallet's work (sync, sends): longer than the diagnosis's. */
  work?: { timeoutMs: number; totalTimeoutMs: number };
  /** How long to wait while Core warms up before reporting it. */
  warmupWaitMs?: number;
}

export interface DiagnoseResult {
  diagnosis: Diagnosis;
  /** A client on the chosen wallet, when the connection works (code in DEGRADED_CODES). */
  client?: RpcClient;
  wallet?: string;
}

/**
 * Tries the connection step by step and says what is wrong, in words that tell the user what to do: settings →
 * cookie → TCP → HTTP/auth → Core version → chain → wallet → pruning → txindex.
 */
export async function diagnoseConnection(config: ConnectionConfig, options: DiagnoseOptions = {}): Promise<DiagnoseResult> {
  const url = rpcUrlOf(config);
  try {
    new URL(url);
  } catch {
    return { diagnosis: diagnosis('NOT_CONFIGURED', 'The RPC address is not valid', `“${url}” is not an address. Use the form http://127.0.0.1:${DEFAULT_RPC_PORT[config.network]}.`) };
  }
  const resolved = resolveAuth(config);
  if ('diagnosis' in resolved) {
    if (resolved.diagnosis.code === 'COOKIE_NOT_FOUND') {
      // No cookie is normal when Core is not running: say the more useful thing.
      const probe = await probePort(url, options.timeoutMs ?? 3000);
      if (probe === 'refused') {
        const refused = diagnoseTransport(new TransportError('refused', ''), config);
        return { diagnosis: { ...refused, message: `${refused.message} (No cookie file was found either: ${resolved.diagnosis.message.split('. ')[0]}.)` } };
      }
    }
    return { diagnosis: resolved.diagnosis };
  }

  let client: RpcClient;
  try {
    // Diagnosis answers are small: a total limit of twice the silence limit keeps a dripping port from holding it.
    const timeoutMs = options.timeoutMs ?? 10_000;
    client = new RpcClient({ url, auth: resolved.auth, timeoutMs, totalTimeoutMs: 2 * timeoutMs, warmupWaitMs: options.warmupWaitMs ?? 0, maxConcurrent: 2 });
  } catch (error) {
    return { diagnosis: diagnosis('NOT_CONFIGURED', 'The RPC address is not valid', error instanceof Error ? error.message : String(error)) };
  }
  const fail = (d: Diagnosis): DiagnoseResult => {
    client.close();
    return { diagnosis: d };
  };

  let netInfo: NetworkInfo;
  let chainInfo: BlockchainInfo;
  try {
    netInfo = await client.call('getnetworkinfo', [], NetworkInfoSchema);
  } catch (error) {
    if (error instanceof RpcError && error.code === -32601) {
      return fail(diagnosis('NOT_BITCOIN_CORE', 'This node does not answer like Bitcoin Core', `${url} does not know getnetworkinfo. The wallet needs Bitcoin Core ${MIN_CORE_VERSION / 10000} or newer.`));
    }
    return fail(diagnoseTransport(error, config));
  }
  if (netInfo.version < MIN_CORE_VERSION) {
    const shown = `${Math.floor(netInfo.version / 10000)}.${Math.floor(netInfo.version / 100) % 100}`;
    return fail(diagnosis('CORE_TOO_OLD', 'Bitcoin Core is too old', `This node runs Bitcoin Core ${shown} (${netInfo.subversion}). The wallet needs Bitcoin Core 24.0 or newer (descriptor wallets, listsinceblock with removed transactions). Update Bitcoin Core.`));
  }
  try {
    chainInfo = await client.call('getblockchaininfo', [], BlockchainInfoSchema);
  } catch (error) {
    return fail(diagnoseTransport(error, config));
  }
  if (!CHAIN_NAMES[config.network].includes(chainInfo.chain)) {
    return fail(diagnosis('WRONG_NETWORK', 'Bitcoin Core runs another network', `This node runs the “${chainInfo.chain}” chain but the wallet is set to ${NETWORK_WORDS[config.network]}. Change the network in the settings, or point the wallet at the right node (the ${NETWORK_WORDS[config.network]} RPC port is usually ${DEFAULT_RPC_PORT[config.network]}).`));
  }

  // Wallet choice.
  let wallet: string;
  try {
    const loaded = await client.call('listwallets', [], WalletListSchema);
    const wanted = config.rpc.wallet;
    if (wanted) {
      if (!loaded.includes(wanted)) {
        let exists = false;
        try {
          exists = (await client.call('listwalletdir', [], WalletDirSchema)).wallets.some((w) => w.name === wanted);
        } catch {
          exists = false;
        }
        return fail(
          exists
            ? diagnosis('WALLET_NOT_LOADED', `Wallet “${wanted}” is not loaded`, `Bitcoin Core has a wallet named “${wanted}” but it is not loaded. Load it (bitcoin-cli loadwallet "${wanted}", or File › Open Wallet in bitcoin-qt), or add wallet=${wanted} to bitcoin.conf so it loads at start.`)
            : diagnosis('WALLET_NOT_FOUND', `Bitcoin Core has no wallet “${wanted}”`, `No wallet named “${wanted}” is loaded or exists in Bitcoin Core's wallet directory. Loaded wallets: ${loaded.length ? loaded.map((w) => `“${w}”`).join(', ') : 'none'}. Choose one of them in the settings, or create it (bitcoin-cli createwallet "${wanted}").`),
        );
      }
      wallet = wanted;
    } else if (loaded.length === 0) {
      return fail(diagnosis('WALLET_NOT_LOADED', 'No wallet is loaded in Bitcoin Core', 'Bitcoin Core runs without a loaded wallet. Load or create one (bitcoin-cli loadwallet NAME / createwallet NAME), or add wallet=NAME to bitcoin.conf, then choose it in the settings.'));
    } else if (loaded.length > 1) {
      return fail(diagnosis('WALLET_NOT_SPECIFIED', 'Several wallets are loaded: choose one', `Bitcoin Core has ${loaded.length} wallets loaded (${loaded.map((w) => `“${w}”`).join(', ')}). Choose the one this wallet uses in the connection settings.`));
    } else {
      wallet = loaded[0]!;
    }
  } catch (error) {
    if (error instanceof RpcError && error.code === -32601) {
      return fail(diagnosis('WALLET_NOT_LOADED', 'Bitcoin Core’s wallet is disabled', 'This Bitcoin Core runs with its wallet disabled (disablewallet=1). Remove that setting and restart Bitcoin Core.'));
    }
    return fail(diagnoseTransport(error, config));
  }
  const walletClient = client.withWallet(wallet, options.work ?? { timeoutMs: 30_000, totalTimeoutMs: 120_000 });
  client.close();

  // Degraded states: the wallet works, with less.
  let txindex: boolean | null = null;
  try {
    const indexes = await walletClient.call('getindexinfo', [], IndexInfoSchema);
    txindex = indexes.txindex !== undefined;
  } catch (error) {
    if (!(error instanceof RpcError)) {
      walletClient.close();
      return { diagnosis: diagnoseTransport(error, config) };
    }
  }
  const node: NonNullable<Diagnosis['node']> = {
    version: netInfo.version,
    subversion: netInfo.subversion,
    chain: chainInfo.chain,
    blocks: chainInfo.blocks,
    headers: chainInfo.headers,
    pruned: chainInfo.pruned,
    pruneHeight: chainInfo.pruned ? (chainInfo.pruneheight ?? null) : null,
    txindex,
    wallet,
  };
  const warnings: string[] = [];
  const txindexText =
    'Bitcoin Core runs without -txindex: assets still work (genesis transactions are read from their blocks), but the wallet cannot look up transactions that are not its own — it cannot check the fee of a genesis it did not make, nor show other people’s transactions. Add txindex=1 to bitcoin.conf to enable this.';
  if (txindex === false) warnings.push(txindexText);
  const needed = options.neededGenesisHeight ?? null;
  const prunedAbove = chainInfo.pruned && chainInfo.pruneheight !== undefined && needed !== null && chainInfo.pruneheight > needed;
  if (chainInfo.pruned && !prunedAbove) warnings.push(`Bitcoin Core is pruned (blocks below ${chainInfo.pruneheight ?? '?'} are deleted): assets whose genesis is in a deleted block cannot be added by reference.`);

  let result: Diagnosis;
  if (chainInfo.initialblockdownload) {
    result = diagnosis('INITIAL_BLOCK_DOWNLOAD', 'Bitcoin Core is still downloading the block chain', `Bitcoin Core is at block ${chainInfo.blocks} of ${chainInfo.headers} (${(chainInfo.verificationprogress * 100).toFixed(1)}%). Balances and assets are incomplete until it catches up; the wallet keeps syncing meanwhile.`, warnings);
  } else if (prunedAbove) {
    result = diagnosis('PRUNED', 'Bitcoin Core has deleted blocks the wallet needs', `Bitcoin Core is pruned up to block ${chainInfo.pruneheight}, but an asset of this wallet has its genesis in block ${needed}. That asset cannot be checked. Re-download the chain without pruning (or with a larger prune size) to use it.`, warnings);
  } else if (txindex === false) {
    result = diagnosis('TXINDEX_OFF', 'Connected — without transaction index', txindexText, warnings.filter((w) => w !== txindexText));
  } else {
    result = diagnosis('OK', 'Connected to Bitcoin Core', `Bitcoin Core ${netInfo.subversion.replace(/^\/|\/$/g, '')} on ${chainInfo.chain}, block ${chainInfo.blocks}, wallet “${wallet}”.`, warnings);
  }
  result.node = node;
  return { diagnosis: result, client: walletClient, wallet };
}
