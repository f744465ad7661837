import { WalletIpcError } from '../../../shared/ipc/result';

/** An error from main (or anywhere) as one sentence for the user. */
export function errorText(error: unknown): string {
  if (error instanceof WalletIpcError) return error.message;
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

/** The machine-readable reason main attached to a deliberate error, if any. */
export function errorReason(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'reason' in error && typeof error.reason === 'string') return error.reason;
  return undefined;
}
