import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { NetworkSchema } from '../../shared/model/settings';
import type { HostOptions } from '../node/service-context';

export interface HeadlessArgs {
  port: number;
  rendererDir: string;
  options: Omit<HostOptions, 'appVersion'>;
}

const HostMapSchema = v.record(
  v.pipe(v.string(), v.regex(/^[a-z0-9.-]{1,253}$/i)),
  v.pipe(v.string(), v.maxLength(300)),
);

export const USAGE = `Usage: npm run web -- [options]
  --network mainnet|testnet|regtest   which chain (default: the saved setting)
  --rpc-url URL                       Bitcoin Core JSON-RPC address, e.g. http://127.0.0.1:18443
  --cookie FILE                       the node's .cookie file (user/password come from COINSPARK_RPC_USER / COINSPARK_RPC_PASSWORD)
  --rpc-datadir DIR                   Bitcoin Core's data directory (to find the cookie)
  --wallet NAME                       the Core wallet to use (/wallet/NAME)
  --data-dir DIR                      where this wallet keeps its files
  --host-map FILE                     JSON {"domain": "127.0.0.1:port"}; honoured on regtest only
  --tracker URL                       a tracker to ask before the asset's own (repeatable)
  --demo-notes FILE                   JSON {"genesis txid": "what this demo asset shows"}: the demo network's banner and notes
  --port N                            port to serve on (default: a free one)
  --renderer-dir DIR                  the built renderer (default: dist/renderer)`;

/** The headless host's default data directory: beside, not inside, the Electron app's. */
export function defaultDataDir(): string {
  const base =
    process.platform === 'win32'
      ? (process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? path.join(os.homedir(), 'Library', 'Application Support')
        : (process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'));
  return path.join(base, 'CoinSpark Wallet (headless)');
}

const DemoNotesSchema = v.pipe(v.record(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)), v.pipe(v.string(), v.maxLength(500))), v.check((r) => Object.keys(r).length <= 1000, 'too many notes'));

export function readDemoNotes(file: string): Record<string, string> {
  const parsed = v.safeParse(DemoNotesSchema, JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
  if (!parsed.success) throw new Error(`--demo-notes ${file}: expected a JSON object of genesis txid → note`);
  return parsed.output;
}

export function readHostMap(file: string): Record<string, string> {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const parsed = v.safeParse(HostMapSchema, raw);
  if (!parsed.success) throw new Error(`--host-map ${file}: expected a JSON object of domain → "host:port"`);
  return Object.fromEntries(Object.entries(parsed.output).map(([k, val]) => [k.toLowerCase(), val]));
}

export function parseHeadlessArgs(argv: string[]): HeadlessArgs {
  const options: Omit<HostOptions, 'appVersion'> = { dataDir: defaultDataDir() };
  let port = 0;
  let rendererDir = path.resolve('dist/renderer');
  const trackers: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value\n\n${USAGE}`);
      return next;
    };
    switch (flag) {
      case '--network': {
        const parsed = v.safeParse(NetworkSchema, value());
        if (!parsed.success) throw new Error('--network must be mainnet, testnet or regtest');
        options.network = parsed.output;
        break;
      }
      case '--rpc-url':
        options.rpcUrl = value();
        break;
      case '--cookie':
        options.cookieFile = path.resolve(value());
        break;
      case '--rpc-datadir':
        options.rpcDataDir = path.resolve(value());
        break;
      case '--wallet':
        options.wallet = value();
        break;
      case '--data-dir':
        options.dataDir = path.resolve(value());
        break;
      case '--host-map':
        options.hostMap = readHostMap(value());
        break;
      case '--demo-notes':
        options.demo = { notes: readDemoNotes(value()) };
        break;
      case '--tracker':
        trackers.push(value());
        break;
      case '--port': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('--port must be 0…65535');
        port = n;
        break;
      }
      case '--renderer-dir':
        rendererDir = path.resolve(value());
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown option ${flag}\n\n${USAGE}`);
    }
  }
  if (trackers.length) options.trackerOverrides = trackers;
  return { port, rendererDir, options };
}
