import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';
import { NetworkSchema, RpcSettingsSchema } from '../../model/settings';
import type { ConnectionStatus, Diagnosis, ReceiveAddress } from '../../model/connection';

export const connectionChannels = {
  'connection:status': invoke(NoRequest).returns<ConnectionStatus>(),
  /** Diagnose the saved settings, or the given ones before saving them. Password, when given, is not stored. */
  'connection:test': invoke(
    v.optional(
      v.strictObject({
        network: v.optional(NetworkSchema),
        rpc: v.optional(v.partial(RpcSettingsSchema)),
        password: v.optional(v.pipe(v.string(), v.maxLength(1024))),
      }),
    ),
  ).returns<Diagnosis>(),
  /** Keep the RPC password in the OS keychain (Electron safeStorage). */
  'connection:setPassword': invoke(v.strictObject({ password: v.pipe(v.string(), v.maxLength(1024)) })).returns<{ stored: boolean }>(),
  /** Re-sync with Bitcoin Core now. */
  'connection:sync': invoke(NoRequest).returns<ConnectionStatus>(),
};

export const connectionEvents = {
  'connection:status': event<ConnectionStatus>(),
};

export const walletChannels = {
  /** The wallet's receiving address and its CoinSpark address (flags 3: assets + payment references). */
  'wallet:receiveAddress': invoke(v.optional(v.strictObject({ fresh: v.optional(v.boolean()) }))).returns<ReceiveAddress>(),
};
