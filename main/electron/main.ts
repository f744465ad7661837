import { app, BrowserWindow, dialog, Menu, protocol, session } from 'electron';
import path from 'node:path';
import { parseHeadlessArgs } from '../host/args';
import { installProcessGuards } from '../node/process-guards';
import { consoleLogger } from '../node/service-context';
import { startServices, type RunningServices } from '../node/service-host';
import { readStatic } from '../node/static-files';
import { contentSecurityPolicy } from '../node/security/csp';
import {
  allowWebviewAttach,
  APP_ORIGIN,
  APP_SCHEME,
  permissionRequestPolicy,
  resolveAppAsset,
  shouldAllowNavigation,
  windowOpenPolicy,
} from '../node/security/session-policy';
import { mainWindowOptions } from '../node/security/window-options';
import { bindElectronIpc } from './ipc-electron';
import { electronPlatform } from './electron-platform';
import { appMenuTemplate } from './menu';

/**
 * The Electron shell: one window, one privileged app:// scheme serving the built renderer with a CSP header,
 * every IPC call through the shared dispatcher. Everything else lives in services that also run in plain Node.
 */

const rendererDir = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');
let mainWindow: BrowserWindow | null = null;
let services: RunningServices | null = null;

installProcessGuards(consoleLogger);
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!shouldAllowNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!shouldAllowNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      if (!allowWebviewAttach()) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => windowOpenPolicy());
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void services?.stop());
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    const found = file === undefined ? undefined : await readStatic(file);
    if (!found) return new Response('Not found', { status: 404 });
    return new Response(found.body, {
      headers: { 'Content-Type': found.type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionRequestPolicy(permission)));
  session.defaultSession.setPermissionCheckHandler(() => false);

  // The same command-line options as the headless host (`npm run demo` passes the devnet's), after the app path.
  const cli = parseHeadlessArgs(process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => a !== '--'));
  const dataDir = process.argv.includes('--data-dir') ? cli.options.dataDir : app.getPath('userData');
  services = await startServices({ ...cli.options, dataDir, appVersion: app.getVersion() }, electronPlatform(() => mainWindow));
  bindElectronIpc(services.handlers, services.events, () => mainWindow);
  const updates = services.context.services.updates;
  const checkForUpdates = (): void => {
    mainWindow?.show();
    mainWindow?.focus();
    // The answer shows in the window; only "this copy does not update itself" (found late, by the self-check) has
    // no notice there, so it gets a dialog.
    void updates.check(true).then((state) => {
      if (state.kind === 'unsupported' && mainWindow) void dialog.showMessageBox(mainWindow, { type: 'info', message: 'Updates are off', detail: state.reason });
    });
  };
  const canUpdate = updates.state().kind !== 'unsupported';
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, app.getName(), canUpdate ? { checkForUpdates } : {})));

  const settings = services.context.services.settings;
  const saved = settings.get().window;
  mainWindow = new BrowserWindow(mainWindowOptions(preloadPath, saved));
  if (saved?.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', () => {
    if (!mainWindow) return;
    const b = mainWindow.getNormalBounds();
    settings.setWindowBounds({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: mainWindow.isMaximized() });
  });
  mainWindow.on('closed', () => (mainWindow = null));
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}
