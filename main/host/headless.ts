import fs from 'node:fs';
import path from 'node:path';
import { confBackendFactory, nodeConfFactory } from '../node/store-backend';
import { environmentSecrets, type PlatformAdapters } from '../node/platform';
import { startServices, type RunningServices } from '../node/service-host';
import { consoleLogger, type HostOptions, type Logger } from '../node/service-context';
import { startWebHost, type WebHost } from './web-host';

export interface HeadlessWallet {
  host: WebHost;
  services: RunningServices;
  stop(): Promise<void>;
}

/** The platform of the headless host: conf files, secrets from the environment, links opened by the page. */
export function headlessPlatform(): PlatformAdapters {
  return {
    host: 'headless',
    storeFactory: confBackendFactory,
    confFactory: nodeConfFactory,
    secrets: environmentSecrets(),
    // There is no window of ours to show a dialog in: the page asks the user (showing the host) and opens it.
    openExternal: async () => 'delegated',
  };
}

export function appVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Start the main-process services in plain Node and serve the renderer to a browser. */
export async function startHeadlessWallet(
  options: HostOptions,
  web: { port?: number; rendererDir: string; token?: string },
  log: Logger = consoleLogger,
): Promise<HeadlessWallet> {
  if (!fs.existsSync(path.join(web.rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${web.rendererDir}: run "npm run build" first.`);
  }
  const services = await startServices(options, headlessPlatform(), log);
  const host = await startWebHost({
    handlers: services.handlers,
    events: services.events,
    rendererDir: web.rendererDir,
    ...(web.port !== undefined ? { port: web.port } : {}),
    ...(web.token !== undefined ? { token: web.token } : {}),
    log: (m) => log.warn(m),
  });
  return {
    host,
    services,
    async stop() {
      await host.close();
      await services.stop();
    },
  };
}
