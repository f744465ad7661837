import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../main/node/security/csp';
import { externalLinkPrompt, parseExternalUrl } from '../../../main/node/security/external-links';
import {
  allowWebviewAttach,
  permissionRequestPolicy,
  resolveAppAsset,
  shouldAllowNavigation,
  windowOpenPolicy,
} from '../../../main/node/security/session-policy';
import { mainWindowOptions } from '../../../main/node/security/window-options';
import { resolveStaticPath } from '../../../main/node/static-files';

describe('BrowserWindow options', () => {
  const options = mainWindowOptions('/app/preload.cjs', null);
  it('isolate and sandbox the renderer', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });
  it('restore saved bounds', () => {
    expect(mainWindowOptions('/p', { x: 10, y: 20, width: 900, height: 700, maximized: false })).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
  });
});

describe('session policies', () => {
  it('deny navigation, new windows, webviews and every permission', () => {
    for (const url of ['https://evil.example/', 'app://wallet/other.html', 'file:///etc/passwd']) expect(shouldAllowNavigation(url)).toBe(false);
    expect(windowOpenPolicy()).toEqual({ action: 'deny' });
    expect(allowWebviewAttach()).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(permissionRequestPolicy(p)).toBe(false);
  });

  it('CSP forbids eval, inline and remote scripts', () => {
    const csp = contentSecurityPolicy();
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*(https?:|\*|unsafe-inline)/);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });

  it('app:// serves only files inside the renderer build', () => {
    expect(resolveAppAsset('/r', 'app://wallet/index.html')).toBe('/r/index.html');
    expect(resolveAppAsset('/r', 'app://wallet/')).toBe('/r/index.html');
    expect(resolveAppAsset('/r', 'app://wallet/assets/a.js')).toBe('/r/assets/a.js');
    // The URL parser resolves dot segments first, so this one stays inside the root…
    expect(resolveAppAsset('/r', 'app://wallet/%2e%2e/secret')).toBe('/r/secret');
    // …and encoded slashes that would smuggle them past it are refused.
    expect(resolveAppAsset('/r', 'app://wallet/x%2f..%2f..%2fetc/passwd')).toBeUndefined();
    expect(resolveAppAsset('/r', 'app://wallet/a%5c..%5cb')).toBeUndefined();
    expect(resolveAppAsset('/r', 'app://other/index.html')).toBeUndefined();
    expect(resolveAppAsset('/r', 'https://wallet/index.html')).toBeUndefined();
    expect(resolveStaticPath('/r', '/../../etc/passwd')).toBeUndefined();
    // a relative renderer directory is taken from the working directory
    expect(resolveStaticPath('dist/renderer', '/a.js')).toBe(`${process.cwd()}/dist/renderer/a.js`);
    expect(resolveStaticPath('/r', '/%2e%2e/x')).toBeUndefined();
  });
});

describe('external links', () => {
  it('allow only http and https, and name the host', () => {
    expect(parseExternalUrl('https://gold.example/about')?.host).toBe('gold.example');
    expect(parseExternalUrl('http://gold.example:8080')?.host).toBe('gold.example:8080');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://wallet/', 'https://user:pw@gold.example/', 'not a url', '']) {
      expect(parseExternalUrl(bad)).toBeUndefined();
    }
    expect(externalLinkPrompt(new URL('https://gold.example/x')).message).toBe('Open gold.example in your browser?');
  });
});
