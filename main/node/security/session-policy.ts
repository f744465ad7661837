import { resolveStaticPath } from '../static-files';

/**
 * Session and web-contents policies, as plain functions the Electron shell installs and tests call directly.
 */

/** The app's own origin: the renderer is served from a privileged custom scheme, never from file:// or http. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wallet';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** `will-navigate` / `will-redirect`: the page never navigates away (links go through the external-link helper). */
export function shouldAllowNavigation(_targetUrl: string): false {
  return false;
}

/** `setWindowOpenHandler`: no new windows, ever. */
export function windowOpenPolicy(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permission requests (camera, notifications, geolocation, clipboard-read …): all denied. */
export function permissionRequestPolicy(_permission: string): false {
  return false;
}

/** `will-attach-webview`: never. */
export function allowWebviewAttach(): false {
  return false;
}

/** Files served by the app:// protocol handler: only files inside the renderer build, no traversal. */
export function resolveAppAsset(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  return resolveStaticPath(rendererDir, url.pathname);
}
