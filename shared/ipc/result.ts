/**
 * What crosses every IPC transport: a handler's value or a typed error. Thrown errors never cross a transport
 * as exceptions (Electron would flatten them to a string); the dispatcher turns them into these.
 */
export type IpcErrorCode =
  | 'BAD_SENDER' // the caller is not the app's own page in the main frame
  | 'UNKNOWN_CHANNEL' // no such invoke channel in the contract
  | 'INVALID_PAYLOAD' // the request failed its schema
  | 'HANDLER_ERROR' // the handler threw
  | 'UNAUTHORIZED' // WebSocket transport: missing or wrong token / origin
  | 'TRANSPORT'; // the connection to main was lost

export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** Machine-readable detail for errors a handler chose to raise on purpose (see `UserFacingError`). */
  reason?: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Thrown in the renderer by the generated API when main answers with an error result. */
export class WalletIpcError extends Error {
  readonly code: IpcErrorCode;
  readonly reason: string | undefined;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'WalletIpcError';
    this.code = error.code;
    this.reason = error.reason;
  }
}

/**
 * A handler throws this when the message is meant for the user as is (e.g. "That asset reference is not valid").
 * Any other thrown error is reported with its message too, but `reason` lets the UI react to a known case.
 */
export class UserFacingError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.name = 'UserFacingError';
    this.reason = reason;
  }
}
