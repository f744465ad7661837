import * as v from 'valibot';

/**
 * Messages of the headless host's WebSocket transport. Electron carries the same invoke/event pairs over
 * ipcRenderer.invoke / webContents.send; this is just their framing over one socket.
 */
export const WS_SUBPROTOCOL = 'coinspark-wallet.v1';
/** The token travels as a second subprotocol, `token.<hex>`, so it never appears in a URL or a log line. */
export const WS_TOKEN_PREFIX = 'token.';
export const WS_PATH = '/ipc';
/** Largest frame either side accepts; every request of the contract is far below it. */
export const WS_MAX_FRAME_BYTES = 1 << 20;

export const ClientMessageSchema = v.strictObject({
  type: v.literal('invoke'),
  id: v.pipe(v.number(), v.integer(), v.minValue(0)),
  channel: v.pipe(v.string(), v.maxLength(128)),
  payload: v.optional(v.unknown()),
});
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

export type ServerMessage =
  | { type: 'result'; id: number; result: import('./result').IpcResult<unknown> }
  | { type: 'event'; event: string; payload: unknown };
