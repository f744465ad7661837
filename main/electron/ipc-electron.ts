import { ipcMain, type BrowserWindow } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import type { EventBus } from '../node/event-bus';
import { bindHandlers, isAppMainFrame, type Handlers } from '../node/ipc-dispatch';
import { APP_ORIGIN } from '../node/security/session-policy';

/** Binds every contract channel on ipcMain through the shared dispatcher, and forwards events to the window. */
export function bindElectronIpc(handlers: Handlers, events: EventBus, getWindow: () => BrowserWindow | null): () => void {
  const dispatch = bindHandlers(handlers, {
    isTrustedSender: isAppMainFrame(APP_ORIGIN),
    onHandlerError: (channel, error) => console.error(`[ipc] ${channel} failed`, error),
  });
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const frame = event.senderFrame;
      return dispatch(channel, payload, {
        transport: 'electron',
        frameUrl: frame?.url ?? '',
        // The main frame of the sender's own page: a subframe (e.g. a contract shown in an iframe) is refused.
        isMainFrame: frame !== null && frame === event.sender.mainFrame && getWindow()?.webContents === event.sender,
      });
    });
  }
  const unsubscribe = events.subscribe((event, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
