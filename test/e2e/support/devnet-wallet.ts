import { demoNotes, startDevnet, type Devnet } from '../../devnet/index';
import { startTestWallet, type TestWallet } from './wallet-host';

export interface DevnetWallet {
  url: string;
  devnet: Devnet;
  wallet: TestWallet;
  stop(): Promise<void>;
}

/** The devnet's sample world and the headless wallet pointed at it (regtest, its cookie, its wallet, its host map). */
export async function startWalletOnDevnet(): Promise<DevnetWallet> {
  const devnet = await startDevnet();
  try {
    const wallet = await startTestWallet({
      network: 'regtest',
      rpcUrl: devnet.info.rpcUrl,
      cookieFile: devnet.info.cookieFile,
      ...(devnet.info.walletName ? { wallet: devnet.info.walletName } : {}),
      hostMap: devnet.hostMap,
      // As `npm run demo` starts it: the demo banner and each sample asset's fault explained.
      demo: { notes: demoNotes(devnet.info.assets) },
    });
    return {
      url: wallet.url,
      devnet,
      wallet,
      async stop() {
        await wallet.stop().catch(() => undefined);
        await devnet.stop();
      },
    };
  } catch (e) {
    await devnet.stop();
    throw e;
  }
}
