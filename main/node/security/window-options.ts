import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from '../../../shared/model/settings';

/**
 * Options of the one BrowserWindow. A plain function (Electron imported for types only) so tests check the
 * security-relevant settings without an Electron binary.
 */
export function mainWindowOptions(preloadPath: string, bounds: WindowBounds | null): BrowserWindowConstructorOptions {
  return {
    width: bounds?.width ?? 1200,
    height: bounds?.height ?? 800,
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'CoinSpark Wallet',
    backgroundColor: '#1b1d23',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
