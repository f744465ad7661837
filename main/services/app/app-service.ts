import { UserFacingError } from '../../../shared/ipc/result';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import { parseExternalUrl } from '../../node/security/external-links';

/** App-wide calls: what is running, start-up reports, and the one helper through which links leave the app. */
export function initAppService(ctx: ServiceContext): ServiceModule<'app:info' | 'app:openExternal'> {
  return {
    handlers: {
      'app:info': () => ({
        name: 'CoinSpark Wallet',
        version: ctx.options.appVersion,
        host: ctx.platform.host,
        platform: process.platform,
        startupReports: [...ctx.reports],
      }),
      'app:openExternal': async ({ url }) => {
        const parsed = parseExternalUrl(url);
        if (!parsed) throw new UserFacingError('bad-url', 'Only http and https links can be opened.');
        const outcome = await ctx.platform.openExternal(parsed);
        return { host: parsed.host, outcome };
      },
    },
  };
}
