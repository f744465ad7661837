import type { WalletApi } from '../../shared/ipc/client';

declare global {
  interface Window {
    /** Installed by the preload (Electron) or by transport/install.ts (headless host). */
    wallet: WalletApi;
  }
}

export {};
