import * as v from 'valibot';
import type { WebSocket } from 'ws';
import type { IpcResult } from '../../shared/ipc/result';
import { ClientMessageSchema, type ServerMessage } from '../../shared/ipc/wire';
import type { Dispatch } from '../node/ipc-dispatch';

/**
 * Flow control of one authenticated WebSocket (the page's IPC), so that a page that sends without reading cannot
 * grow the host: replies wait in the socket's buffer, and while that buffer is above `highWaterBytes`, or
 * `maxInFlight` calls are running, nothing more is read from the socket (TCP pushes back on the sender) and no
 * further call is started. A reader that lets its unread replies and events pass `dropBytes` is disconnected.
 * Everything held for the connection goes with it when it closes.
 */
export interface FlowLimits {
  /** Stop reading and starting calls while this many bytes wait to be written to the socket. */
  highWaterBytes: number;
  /** Disconnect a client that leaves this many bytes unread. */
  dropBytes: number;
  /** Calls of one connection running at once. */
  maxInFlight: number;
  /** Messages already read (one socket chunk at most) waiting for a free call slot; more means a broken client. */
  maxQueued: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = { highWaterBytes: 1 << 20, dropBytes: 32 << 20, maxInFlight: 8, maxQueued: 4096 };

export interface ConnectionStats {
  bufferedBytes: number;
  inFlight: number;
  queued: number;
  paused: boolean;
}

export interface IpcConnection {
  /** Sends an event frame, or disconnects the client if it stopped reading. */
  sendEvent(frame: string): void;
  stats(): ConnectionStats;
}

type Message = v.InferOutput<typeof ClientMessageSchema>;

/** The reply frame; a result that cannot be serialised becomes an error result for the same call. */
export function resultFrame(id: number, result: IpcResult<unknown>, log: (message: string) => void): string {
  try {
    return JSON.stringify({ type: 'result', id, result } satisfies ServerMessage);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`a reply could not be serialised: ${message}`);
    return JSON.stringify({ type: 'result', id, result: { ok: false, error: { code: 'HANDLER_ERROR', message: `The answer could not be sent (${message}).` } } } satisfies ServerMessage);
  }
}

export function serveIpcConnection(ws: WebSocket, connectionId: number, dispatch: Dispatch, log: (message: string) => void, limits: FlowLimits = DEFAULT_FLOW_LIMITS): IpcConnection {
  const queue: Message[] = [];
  let inFlight = 0;
  let closed = false;

  const open = (): boolean => !closed && ws.readyState === ws.OPEN;

  /** The client has left too much unread: let it go (its buffers with it). */
  const overDropLimit = (): boolean => {
    if (ws.bufferedAmount <= limits.dropBytes) return false;
    log(`disconnected a page that left ${ws.bufferedAmount} bytes unread`);
    close();
    return true;
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    queue.length = 0;
    ws.terminate();
  };

  const pump = (): void => {
    if (!open()) return;
    while (queue.length > 0 && inFlight < limits.maxInFlight && ws.bufferedAmount < limits.highWaterBytes) start(queue.shift()!);
    const blocked = queue.length > 0 || inFlight >= limits.maxInFlight || ws.bufferedAmount >= limits.highWaterBytes;
    if (blocked && !ws.isPaused) ws.pause();
    else if (!blocked && ws.isPaused) ws.resume();
  };

  const start = (message: Message): void => {
    inFlight++;
    void dispatch(message.channel, message.payload, { transport: 'websocket', connectionId })
      .then((result) => {
        if (!open() || overDropLimit()) return;
        // The callback runs once the frame is handed to the kernel: the buffer has shrunk, reading may go on.
        ws.send(resultFrame(message.id, result, log), () => pump());
      })
      .catch((error: unknown) => log(`a reply could not be sent: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        inFlight--;
        pump();
      });
  };

  ws.on('close', () => {
    closed = true;
    queue.length = 0;
  });
  ws.on('message', (data, isBinary) => {
    if (closed) return;
    if (isBinary) return ws.close(1003, 'text frames only');
    let message: Message;
    try {
      message = v.parse(ClientMessageSchema, JSON.parse(data.toString()));
    } catch {
      return ws.close(1008, 'malformed message');
    }
    // Reading is paused when blocked, but frames of the chunk already read still arrive: they wait here.
    if (queue.length >= limits.maxQueued) {
      log(`disconnected a page with ${queue.length} calls waiting`);
      return close();
    }
    queue.push(message);
    pump();
  });

  return {
    sendEvent(frame) {
      if (!open() || overDropLimit()) return;
      ws.send(frame, () => pump());
    },
    stats: () => ({ bufferedBytes: closed ? 0 : ws.bufferedAmount, inFlight, queued: queue.length, paused: ws.isPaused }),
  };
}
