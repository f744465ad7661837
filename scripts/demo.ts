/**
 * `npm run demo`: the embedded demo network (regtest node, trackers, issuer web host with sample assets) and the
 * wallet on it — the desktop window where an Electron binary exists, otherwise the headless host in a browser.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { demoNotes, startDevnet } from '../test/devnet/index';
import { appVersion, startHeadlessWallet } from '../main/host/headless';

/**
 * The Electron binary, when it was installed. Not `require('electron')`: since v42 that starts a download when
 * the binary is missing, which fails on machines without access to it. We read the package's path.txt instead.
 */
function electronBinary(): string | undefined {
  try {
    const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const relative = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
    const bin = override ? path.join(override, relative) : path.join(pkgDir, 'dist', relative);
    return fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  // Everything of this run lives in one temporary folder, removed when the demo stops (issue #16).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coinspark-wallet-demo-'));
  const removeRoot = (): void => fs.rmSync(root, { recursive: true, force: true });
  const started = Date.now();
  console.log('Starting the demo network (regtest node, trackers, issuer web host)…');
  const devnet = await startDevnet({ dataDir: fs.mkdtempSync(path.join(root, 'devnet-')) }).catch((error: unknown) => {
    removeRoot();
    throw error;
  });
  console.log(`Demo network ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${devnet.info.assets.length} sample assets.`);
  const walletDir = fs.mkdtempSync(path.join(root, 'wallet-'));
  const notes = demoNotes(devnet.info.assets);
  const notesFile = path.join(root, 'demo-notes.json');
  fs.writeFileSync(notesFile, JSON.stringify(notes));
  const args = [
    '--demo-notes', notesFile,
    '--network', 'regtest',
    '--rpc-url', devnet.info.rpcUrl,
    '--cookie', devnet.info.cookieFile,
    '--wallet', devnet.info.walletName ?? '',
    '--host-map', devnet.info.hostMapFile,
    '--data-dir', walletDir,
  ];

  const stopAll = async (): Promise<void> => {
    await devnet.stop().catch(() => undefined);
    removeRoot();
  };

  const electron = electronBinary();
  if (electron) {
    console.log('Opening the desktop window…');
    const child = spawn(electron, [path.resolve('dist/main/main.cjs'), ...args], { stdio: 'inherit' });
    child.on('exit', () => void stopAll().then(() => process.exit(0)));
    return;
  }

  const wallet = await startHeadlessWallet(
    {
      appVersion: appVersion(),
      dataDir: walletDir,
      network: 'regtest',
      rpcUrl: devnet.info.rpcUrl,
      cookieFile: devnet.info.cookieFile,
      ...(devnet.info.walletName ? { wallet: devnet.info.walletName } : {}),
      hostMap: devnet.info.hostMap,
      demo: { notes },
    },
    { rendererDir: path.resolve('dist/renderer'), port: Number(process.env.PORT ?? 0) },
  );
  console.log('No Electron binary here, so the wallet runs in the headless host.');
  console.log(`Open this address in your browser:\n\n  ${wallet.host.url}\n`);
  console.log('Press Ctrl+C to stop the wallet and the demo network.');
  const stop = (): void => {
    void wallet.stop().then(stopAll).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
