import path from 'node:path';
import { encodeAddress } from '../../../shared/coinspark/index';
import type { AssetSummary } from '../../../shared/model/asset-view';
import { headlessPlatform } from '../../../main/host/headless';
import type { CallContext, Handlers } from '../../../main/node/ipc-dispatch';
import { startServices, type RunningServices } from '../../../main/node/service-host';
import type { InvokeChannel, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { sampleAssets, startDevnet, type Devnet } from '../../devnet/index';
import { makeTempDir } from '../../support/temp-dir';

/**
 * The devnet's sample world with the whole main process on its user wallet (as the headless host runs it), waited
 * on until every held asset's balance is known: the starting point of the send tests.
 */
export interface SendWorld {
  devnet: Devnet;
  services: RunningServices;
  call<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  list(): Promise<AssetSummary[]>;
  assetId(key: string): Promise<number>;
  /** A new Core wallet on the same node and one of its CoinSpark addresses (flags 3). */
  otherWallet(name: string, flags?: number, paymentRef?: bigint): Promise<{ name: string; address: string; coinspark: string }>;
  stop(): Promise<void>;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const callContext: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };

/**
 * The sample assets whose balances trackers can tell. `lead` (a lying tracker: disputed everywhere), `copper` (no
 * page, so no tracker) and `bogus` (genesis underpaid: trackers answer -10000) leave a quantity unknown in every
 * output of the wallet, and a wallet never pays bitcoin from an output that may hold assets.
 */
export const COUNTABLE_ASSETS = ['gold', 'silver', 'acme', 'bond', 'credit', 'tin'];

/** The whole main process on one Core wallet of a running devnet (as the headless host runs it). */
export async function startWalletServices(devnet: Devnet, wallet: string, dataDir?: string): Promise<{ services: RunningServices; call: SendWorld['call']; list: SendWorld['list'] }> {
  const services = await startServices(
    {
      dataDir: dataDir ?? makeTempDir('send-'),
      network: 'regtest',
      rpcUrl: devnet.info.rpcUrl,
      cookieFile: devnet.info.cookieFile,
      wallet,
      hostMap: devnet.hostMap,
      appVersion: 'test',
    },
    headlessPlatform(),
    quiet,
  );
  const call = async <C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const handler = services.handlers[channel] as unknown as (r: unknown, c: CallContext) => Promise<ResponseOf<C>>;
    return handler(request, callContext);
  };
  const list = async (): Promise<AssetSummary[]> => (await call('assets:list', undefined)).assets;
  return { services, call, list };
}

export async function startSendWorld(options: { wallet?: string; dataDir?: string; assets?: string[] } = {}): Promise<SendWorld> {
  const keys = options.assets ?? COUNTABLE_ASSETS;
  const devnet = await startDevnet({ world: { assets: sampleAssets().filter((a) => keys.includes(a.key)) } });
  const { services, call, list } = await startWalletServices(devnet, options.wallet ?? devnet.info.walletName ?? '', options.dataDir);
  return {
    devnet,
    services,
    call,
    list,
    async assetId(key) {
      const genTxId = devnet.asset(key).genTxId;
      let found: AssetSummary | undefined;
      await until(async () => (found = (await list()).find((a) => a.genTxId === genTxId)) !== undefined, () => `asset ${key} not in the wallet's lists`, 60_000);
      return found!.assetId;
    },
    async otherWallet(name, flags = 3, paymentRef = 0n) {
      await devnet.rpc.call('createwallet', name);
      const address = await devnet.rpc.wallet(name).call<string>('getnewaddress', '', 'legacy');
      const encoded = encodeAddress({ bitcoinAddress: address, addressFlags: flags, paymentRef });
      if (!encoded.ok) throw new Error(encoded.error);
      return { name, address, coinspark: encoded.value };
    },
    async stop() {
      await services.stop();
      await devnet.stop();
    },
  };
}

/** Waits until `check` holds (polling), or fails with `describe()`. */
export async function until(check: () => Promise<boolean> | boolean, describe: () => Promise<string> | string, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out: ${await describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type { Handlers };
