import * as v from 'valibot';
import { event, invoke } from '../define';
import type { HistorySnapshot } from '../../model/history';

export const historyChannels = {
  /** Every wallet transaction, newest first, optionally only those moving one asset or matching a search. */
  'history:list': invoke(
    v.optional(
      v.strictObject({
        assetId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1))),
        search: v.optional(v.pipe(v.string(), v.maxLength(200))),
      }),
    ),
  ).returns<HistorySnapshot>(),
};

export const historyEvents = {
  /** The history changed (coalesced): the renderer lists again if it shows it. */
  'history:changed': event<{ revision: number }>(),
};
