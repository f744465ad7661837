import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';
import { NetworkSchema, RpcSettingsSchema } from '../../model/settings';
import type { ConnectionStatus, Diagnosis, ReceiveAddress } from '../../model/connection';

export const connectionChannels = {
  'connection:status': invoke(NoRequest).returns<ConnectionStatus>(),
  /**
   * Diagnose exactly the connection form's values (network, RPC address, authentication, wallet), saved or not.
   * A password, when given, is used for this test only. The saved password and cookie go only to the address
   * they were configured for (see core-service `credentialsForTest`).
   */
  'connection:test': invoke(
    v.strictObject({
      network: NetworkSchema,
      rpc: RpcSettingsSchema,
      password: v.optional(v.pipe(v.string(), v.maxLength(1024))),
    }),
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
