import { createWalletApi, type WalletApi } from '../../../shared/ipc/client';
import { connectWebSocketTransport, takeToken } from './ws-transport';

/**
 * Makes sure `window.wallet` exists before the app renders. In Electron the preload has already exposed it; in
 * the headless host it is built here over the WebSocket, from the same contract. The rest of the renderer cannot
 * tell which transport it has.
 */
export async function installWalletTransport(): Promise<void> {
  const w = window as unknown as { wallet?: WalletApi };
  if (w.wallet) return;
  const token = takeToken();
  if (!token) {
    throw new Error('Open the wallet with the address the host printed (it ends with #token=…).');
  }
  const api = createWalletApi(await connectWebSocketTransport(token));
  Object.defineProperty(window, 'wallet', { value: api, writable: false, configurable: false, enumerable: true });
}
