import * as v from 'valibot';
import {
  invokeContract,
  isInvokeChannel,
  type InvokeChannel,
  type ResponseOf,
  type ValidRequestOf,
} from '../../shared/ipc/contract';
import { UserFacingError, type IpcError, type IpcResult } from '../../shared/ipc/result';
import { unsafeValueReason } from './bounded-json';

/**
 * What any answer may be, so that every transport can serialise it (JSON.stringify and structured clone recurse):
 * nesting far above anything the contract returns, and a value count far above the largest list.
 */
export const MAX_RESULT_DEPTH = 64;
export const MAX_RESULT_VALUES = 2_000_000;

/** Who is calling. Electron fills it from the IPC event; the WebSocket transport from the authenticated socket. */
export type SenderInfo =
  | { transport: 'electron'; frameUrl: string; isMainFrame: boolean }
  | { transport: 'websocket'; connectionId: number };

export interface CallContext {
  sender: SenderInfo;
}

export type Handler<C extends InvokeChannel> = (
  request: ValidRequestOf<C>,
  context: CallContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** Every channel of the contract must have its handler: the compiler refuses a host that forgets one. */
export type Handlers = { [C in InvokeChannel]: Handler<C> };

export type Dispatch = (channel: unknown, payload: unknown, sender: SenderInfo) => Promise<IpcResult<unknown>>;

export interface BindOptions {
  /** Returns true when the sender may call at all (Electron: the app's own page in the main frame). */
  isTrustedSender: (sender: SenderInfo) => boolean;
  /** Called with handler failures, for the log; never with the payload. */
  onHandlerError?: (channel: InvokeChannel, error: unknown) => void;
}

function fail(code: IpcError['code'], message: string, reason?: string): IpcResult<never> {
  return { ok: false, error: reason === undefined ? { code, message } : { code, message, reason } };
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * The one function through which main binds every handler, for both transports: (1) sender check,
 * (2) channel lookup and payload validation against the contract's schema, (3) thrown errors turned into
 * typed error results. Nothing unvalidated ever reaches a handler.
 */
export function bindHandlers(handlers: Handlers, options: BindOptions): Dispatch {
  return async (channel, payload, sender) => {
    if (!options.isTrustedSender(sender)) return fail('BAD_SENDER', 'This caller is not allowed to use the wallet.');
    if (!isInvokeChannel(channel)) return fail('UNKNOWN_CHANNEL', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`);
    const parsed = v.safeParse(invokeContract[channel].request, payload);
    if (!parsed.success) return fail('INVALID_PAYLOAD', `Invalid request for ${channel}: ${describeIssues(parsed.issues)}`);
    const handler = handlers[channel] as Handler<InvokeChannel>;
    try {
      const value = await handler(parsed.output as never, { sender });
      // A value no transport can serialise would fail later, outside any handler's try: refuse it here.
      const unsafe = unsafeValueReason(value, MAX_RESULT_DEPTH, MAX_RESULT_VALUES);
      if (unsafe !== null) throw new Error(`The answer to ${channel} cannot be sent (${unsafe}).`);
      return { ok: true, value };
    } catch (error) {
      options.onHandlerError?.(channel, error);
      if (error instanceof UserFacingError) return fail('HANDLER_ERROR', error.message, error.reason);
      return fail('HANDLER_ERROR', error instanceof Error ? error.message : String(error));
    }
  };
}

/** Electron's sender rule: only the app's own page, only its main frame. */
export function isAppMainFrame(appOrigin: string) {
  return (sender: SenderInfo): boolean => {
    if (sender.transport !== 'electron') return false;
    if (!sender.isMainFrame) return false;
    try {
      // Not URL.origin: for a custom scheme it is "null" outside Electron, so compare scheme and host ourselves.
      const url = new URL(sender.frameUrl);
      return `${url.protocol}//${url.host}` === appOrigin;
    } catch {
      return false;
    }
  };
}
