// `npm run devnet`: node + trackers + issuer host with the sample world on loopback. The first line on
// stdout is one JSON object with everything a client needs (DevnetInfo); logs go to stderr. Runs until
// SIGINT/SIGTERM. `--tracker-only` runs just a tracker against another Core-compatible node.
import { parseArgs } from 'node:util';
import { RpcClient } from './rpc-client.js';
import { ChainIndex } from './tracker/chain-index.js';
import { TrackerServer } from './tracker/server.js';

const USAGE = `usage: npx tsx test/devnet/cli.ts [options]
  --data-dir DIR          node data and world files (default: a new temporary directory)
  --node-port N           node RPC port (default: any free port)
  --tracker-ports A,B,C   ports of tracker A, tracker B and the lying tracker (default: any free ports)
  --issuer-port N         issuer web host port (default: any free port)
  --wallet NAME           the user's wallet name (default: devnet-user)
  --no-world              start without issuing the sample world
  --no-txindex            run the node without -txindex (getrawtransaction needs a block hash)
tracker only:
  --tracker-only --rpc-url URL (--cookie FILE | --rpc-user U --rpc-password P)
                          [--tracker-port N] [--start-height H]`;

function portOf(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${what}: not a port: ${v}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'node-port': { type: 'string' },
      'tracker-ports': { type: 'string' },
      'issuer-port': { type: 'string' },
      wallet: { type: 'string' },
      'no-world': { type: 'boolean' },
      'no-txindex': { type: 'boolean' },
      'tracker-only': { type: 'boolean' },
      'rpc-url': { type: 'string' },
      cookie: { type: 'string' },
      'rpc-user': { type: 'string' },
      'rpc-password': { type: 'string' },
      'tracker-port': { type: 'string' },
      'start-height': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const stops: Array<() => Promise<void>> = [];
  const shutdown = (code: number): void => {
    void (async () => {
      for (const s of stops.reverse()) await s().catch(() => undefined);
      process.exit(code);
    })();
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  if (values['tracker-only'] === true) {
    const url = values['rpc-url'];
    if (url === undefined || (values.cookie === undefined && values['rpc-user'] === undefined)) {
      throw new Error('--tracker-only needs --rpc-url and --cookie (or --rpc-user/--rpc-password)');
    }
    const rpc = new RpcClient({
      url,
      ...(values.cookie !== undefined ? { cookieFile: values.cookie } : {}),
      ...(values['rpc-user'] !== undefined ? { user: values['rpc-user'], password: values['rpc-password'] ?? '' } : {}),
    });
    const startHeight = values['start-height'] === undefined ? 0 : Number(values['start-height']);
    if (!Number.isInteger(startHeight) || startHeight < 0) throw new Error('--start-height: not a height');
    const index = new ChainIndex(rpc, { startHeight, onError: (e) => process.stderr.write(`tracker: ${String(e)}\n`) });
    const tracker = await TrackerServer.start({ index, port: portOf(values['tracker-port'], '--tracker-port') ?? 0 });
    stops.push(() => tracker.stop(), () => index.stop());
    process.stdout.write(`${JSON.stringify({ network: 'regtest', rpcUrl: url, trackerUrls: [tracker.url] })}\n`);
    process.stderr.write(`tracker: indexing ${url} from height ${startHeight}…\n`);
    await index.start();
    process.stderr.write(`tracker: caught up at height ${index.height}; serving ${tracker.url}\n`);
    return;
  }

  const { startDevnet } = await import('./index.js');
  const trackerPorts = values['tracker-ports']?.split(',').map((p) => portOf(p, '--tracker-ports') ?? 0);
  const devnet = await startDevnet({
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ports: {
      ...(values['node-port'] !== undefined ? { node: portOf(values['node-port'], '--node-port')! } : {}),
      ...(trackerPorts !== undefined ? { trackers: trackerPorts } : {}),
      ...(values['issuer-port'] !== undefined ? { issuer: portOf(values['issuer-port'], '--issuer-port')! } : {}),
    },
    world: values['no-world'] === true ? false : values.wallet !== undefined ? { walletName: values.wallet } : true,
    ...(values['no-txindex'] === true ? { txindex: false } : {}),
  });
  stops.push(() => devnet.stop());
  process.stdout.write(`${JSON.stringify(devnet.info)}\n`);
  const e = (s: string): boolean => process.stderr.write(`${s}\n`);
  e(`devnet: node ${devnet.info.rpcUrl} (cookie ${devnet.info.cookieFile}), data in ${devnet.info.dataDir}`);
  e(`devnet: trackers ${devnet.info.trackerUrls.join(' ')} (the last one lies about "lead")`);
  e(`devnet: issuer host ${devnet.info.issuerBaseUrl}; host map in ${devnet.info.hostMapFile}`);
  for (const a of devnet.world?.assets ?? []) {
    e(`  ${a.key.padEnd(7)} ${(a.assetRef ?? 'unconfirmed').padEnd(14)} ${a.expectedValidity.padEnd(15)} ${a.pageUrl}`);
  }
  e('devnet: running; Ctrl-C to stop');
}

main().catch((err: unknown) => {
  process.stderr.write(`devnet: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
