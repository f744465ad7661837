import type { Network } from '../../../shared/model/settings';
import type { ServiceContext } from '../service-context';
import type { NetPolicy } from './host-policy';

/**
 * The network policy of a running wallet: the network comes from the command line, else from the saved settings
 * (read at every request, so a settings change applies at once); the host map from the command line (regtest only).
 */
export function policyFromContext(ctx: ServiceContext): NetPolicy {
  return {
    get network(): Network {
      const fromSettings = (ctx.services as { settings?: { get(): { network: Network } } }).settings?.get().network;
      return ctx.options.network ?? fromSettings ?? 'mainnet';
    },
    get hostMap() {
      return ctx.options.hostMap;
    },
  };
}
