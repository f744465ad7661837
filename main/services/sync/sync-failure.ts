import { RpcError, TransportError } from '../core/rpc-client';

/** A sync pass's failure in words for the status: what went wrong with Bitcoin Core, precisely. */
export function describeSyncFailure(error: unknown): { title: string; message: string } {
  if (error instanceof TransportError) {
    switch (error.kind) {
      case 'timeout':
        return { title: 'Bitcoin Core did not answer in time', message: `${error.message} The wallet tries again later; if it persists, Bitcoin Core may be overloaded or something else answers on its port.` };
      case 'bad-response':
      case 'http-status':
      case 'too-large':
        return { title: 'Bitcoin Core gave an answer the wallet cannot use', message: `${error.message} Nothing was changed in the wallet's lists; it tries again later.` };
      default:
        return { title: 'The connection to Bitcoin Core failed during the sync', message: error.message };
    }
  }
  if (error instanceof RpcError) return { title: `Bitcoin Core refused ${error.method}`, message: `${error.message} (error ${error.code}). The wallet tries again later.` };
  return { title: 'The sync with Bitcoin Core failed', message: error instanceof Error ? error.message : String(error) };
}
