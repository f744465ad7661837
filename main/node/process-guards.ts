import type { Logger } from './service-context';

/**
 * Host-level guard (headless host and Electron main): a promise rejection nobody handled — a service's
 * background task, a timer callback, a transport's reply — is logged and the wallet keeps running. Since Node 15 an
 * unhandled rejection ends the process by default, which would let one hostile answer (an issuer page, a tracker,
 * a frame from the page) take the whole wallet down. Returns the uninstaller.
 */
export function installProcessGuards(log: Pick<Logger, 'error'>, proc: NodeJS.Process = process): () => void {
  const onRejection = (reason: unknown): void => {
    try {
      log.error('a background task failed and nobody handled it; the wallet keeps running', reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
    } catch {
      // logging must not throw from here
    }
  };
  proc.on('unhandledRejection', onRejection);
  return () => proc.off('unhandledRejection', onRejection);
}
