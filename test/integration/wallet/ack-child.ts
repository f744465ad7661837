// Child process for ack-durability.test.ts: the assets service as the hosts run it (default 250 ms coalescing),
// one user action through its IPC handler, then SIGKILL at the very moment the handler has returned, i.e. when
// the reply goes to the renderer. Usage: ack-child.ts <dataDir> <action> <json request>
import { EventBus } from '../../../main/node/event-bus';
import { nodeConfFactory } from '../../../main/node/store-backend';
import { environmentSecrets } from '../../../main/node/platform';
import type { ServiceContext } from '../../../main/node/service-context';
import { initAssetsService } from '../../../main/services/assets/assets-service';
import type { CallContext } from '../../../main/node/ipc-dispatch';

const [dataDir, action, request] = process.argv.slice(2) as [string, 'assets:setVisible' | 'assets:delete' | 'assets:add', string];
const ctx: ServiceContext = {
  options: { dataDir, appVersion: '0.0.0-test' },
  platform: { host: 'headless', storeFactory: () => { throw new Error('unused'); }, confFactory: nodeConfFactory, secrets: environmentSecrets({}), openExternal: async () => 'delegated' },
  events: new EventBus(),
  log: { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) },
  reports: [],
  services: {} as ServiceContext['services'],
};
const assets = initAssetsService(ctx);
const call: CallContext = { sender: { transport: 'websocket', connectionId: 1 } };
const handler = assets.handlers[action] as (req: unknown, call: CallContext) => unknown;
Promise.resolve(handler(JSON.parse(request), call)).then(
  () => process.kill(process.pid, 'SIGKILL'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
