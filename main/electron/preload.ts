import { contextBridge, ipcRenderer } from 'electron';
import { createWalletApi } from '../../shared/ipc/client';
import type { IpcResult } from '../../shared/ipc/result';

/**
 * Runs sandboxed (bundled as CommonJS). Exposes exactly one object, `window.wallet`, generated from the contract:
 * the page never gets ipcRenderer or a channel name.
 */
const api = createWalletApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<IpcResult<unknown>>,
  subscribe(event, listener) {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(event, handler);
    return () => void ipcRenderer.removeListener(event, handler);
  },
});

contextBridge.exposeInMainWorld('wallet', api);
