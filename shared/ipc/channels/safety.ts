import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';
import type { LockStatus, SpendAlert, UnlockAllResult } from '../../model/safety';

export const safetyChannels = {
  'safety:status': invoke(NoRequest).returns<LockStatus>(),
  /** Turn locking on or off (off releases every lock this wallet made; the user's own locks stay). */
  'safety:setLocking': invoke(v.strictObject({ enabled: v.boolean() })).returns<LockStatus>(),
  /** The first-run explanation was read. */
  'safety:acknowledge': invoke(NoRequest).returns<LockStatus>(),
  /** Release every lock this wallet made and turn locking off: one action (the renderer confirms first). */
  'safety:unlockAll': invoke(NoRequest).returns<UnlockAllResult>(),
  /** Alerts, newest first; dismissed ones too when asked. */
  'safety:alerts': invoke(v.optional(v.strictObject({ includeDismissed: v.optional(v.boolean()) }))).returns<SpendAlert[]>(),
  'safety:dismissAlert': invoke(v.strictObject({ id: v.pipe(v.string(), v.maxLength(200)) })).returns<SpendAlert[]>(),
};

export const safetyEvents = {
  'safety:status': event<LockStatus>(),
  /** The undismissed alerts, after every change. */
  'safety:alerts': event<SpendAlert[]>(),
};
