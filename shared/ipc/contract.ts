import type * as v from 'valibot';
import type { EventDef, InvokeDef } from './define';
import { appChannels, appEvents } from './channels/app';
import { settingsChannels, settingsEvents } from './channels/settings';
import { assetsChannels, assetsEvents } from './channels/assets';
import { connectionChannels, connectionEvents, walletChannels } from './channels/connection';
import { updatesChannels, updatesEvents } from './channels/updates';
import { historyChannels, historyEvents } from './channels/history';
import { safetyChannels, safetyEvents } from './channels/safety';
import { sendChannels, sendEvents } from './channels/send';

/**
 * THE IPC contract: every invoke channel (renderer → main, request → response) and every event (main → renderer).
 * One module per namespace under ./channels; add yours to both maps below. Both transports (Electron ipc and the
 * headless host's WebSocket) and the generated `window.wallet` API are driven by these two objects.
 */
export const invokeContract = {
  ...appChannels,
  ...settingsChannels,
  ...assetsChannels,
  ...connectionChannels,
  ...walletChannels,
  ...updatesChannels,
  ...historyChannels,
  ...safetyChannels,
  ...sendChannels,
} as const;

export const eventContract = {
  ...appEvents,
  ...settingsEvents,
  ...assetsEvents,
  ...connectionEvents,
  ...updatesEvents,
  ...historyEvents,
  ...safetyEvents,
  ...sendEvents,
} as const;

export type InvokeContract = typeof invokeContract;
export type EventContract = typeof eventContract;
export type InvokeChannel = keyof InvokeContract;
export type EventName = keyof EventContract;

type SchemaOf<C extends InvokeChannel> = InvokeContract[C] extends InvokeDef<infer S, unknown> ? S : never;
/** What the renderer passes (schema input). */
export type RequestOf<C extends InvokeChannel> = v.InferInput<SchemaOf<C>>;
/** What the handler receives (schema output, after validation). */
export type ValidRequestOf<C extends InvokeChannel> = v.InferOutput<SchemaOf<C>>;
export type ResponseOf<C extends InvokeChannel> = InvokeContract[C] extends InvokeDef<v.GenericSchema, infer R> ? R : never;
export type PayloadOf<E extends EventName> = EventContract[E] extends EventDef<infer P> ? P : never;

export const INVOKE_CHANNELS = Object.keys(invokeContract) as InvokeChannel[];
export const EVENT_NAMES = Object.keys(eventContract) as EventName[];

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(invokeContract, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(eventContract, name);
}
