import { installProcessGuards } from '../node/process-guards';
import { consoleLogger } from '../node/service-context';
import { parseHeadlessArgs } from './args';
import { appVersion, startHeadlessWallet } from './headless';

/** `npm run web -- [options]`: the wallet's services in plain Node, its window in any browser. */
async function main(): Promise<void> {
  installProcessGuards(consoleLogger);
  let args;
  try {
    args = parseHeadlessArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const wallet = await startHeadlessWallet({ ...args.options, appVersion: appVersion() }, { port: args.port, rendererDir: args.rendererDir });
  console.log(`CoinSpark Wallet is running. Open this address in your browser:\n\n  ${wallet.host.url}\n`);
  const stop = (): void => {
    void wallet.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
