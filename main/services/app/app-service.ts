import { UserFacingError } from '../../../shared/ipc/result';
import type { ServiceContext, ServiceModule } from '../../node/service-context';
import { parseExternalUrl } from '../../node/security/external-links';

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', freebsd: 'FreeBSD', openbsd: 'OpenBSD' };

/** What the app runs in, in words, for the About screen. */
export function runtimeWords(host: 'electron' | 'headless', versions: NodeJS.ProcessVersions = process.versions, platform: NodeJS.Platform = process.platform): string {
  const os = OS_NAMES[platform] ?? platform;
  const node = versions.node.split('.').slice(0, 2).join('.');
  if (host === 'electron') {
    const electron = versions['electron' as keyof NodeJS.ProcessVersions];
    const chrome = versions['chrome' as keyof NodeJS.ProcessVersions];
    return `A desktop app on ${os}, built on Electron${electron ? ` ${electron}` : ''}${chrome ? ` (Chromium ${String(chrome).split('.')[0]})` : ''}.`;
  }
  return `Your web browser shows this window; the wallet itself runs on this computer as a small local server (Node.js ${node} on ${os}). Nothing is reachable from other computers.`;
}

/** App-wide calls: what is running, start-up reports, and the one helper through which links leave the app. */
export function initAppService(ctx: ServiceContext): ServiceModule<'app:info' | 'app:openExternal'> {
  return {
    handlers: {
      'app:info': () => ({
        name: 'CoinSpark Wallet',
        version: ctx.options.appVersion,
        host: ctx.platform.host,
        platform: process.platform,
        runtime: runtimeWords(ctx.platform.host),
        demo: ctx.options.demo ? { notes: { ...ctx.options.demo.notes } } : null,
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
