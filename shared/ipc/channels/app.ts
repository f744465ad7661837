import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';

export interface AppInfo {
  name: string;
  version: string;
  /** Which host runs the services: the Electron shell or the headless Node host. */
  host: 'electron' | 'headless';
  platform: string;
  /** What the app runs in, in words ("Your web browser, served by the wallet on this computer (Node.js 20.19 on Linux)"). */
  runtime: string;
  /**
   * Set when the wallet runs on the demo network (`npm run demo`): a banner says so, and each sample asset's
   * planted fault is explained where the asset is shown (by genesis txid).
   */
  demo: { notes: Record<string, string> } | null;
  /** Problems found at start that the user must know about (e.g. a corrupt file kept aside). */
  startupReports: StartupReport[];
}

export interface StartupReport {
  /**
   * `corrupt-file` / `invalid-file`: the whole file could not be used and was kept aside. `rows-left-out`: some rows
   * did not match and were left out, the rest loaded; the file as it was is kept aside. `newer-file`: a newer
   * version wrote the file; it is left untouched (`keptAs` is the file itself) and not used.
   */
  kind: 'corrupt-file' | 'invalid-file' | 'rows-left-out' | 'newer-file';
  file: string;
  keptAs: string;
  message: string;
}

export interface OpenExternalResult {
  /** The host that was (or would be) shown to the user before opening. */
  host: string;
  /** `opened`: main opened it; `declined`: the user said no; `delegated`: the renderer must open it itself. */
  outcome: 'opened' | 'declined' | 'delegated';
}

export const appChannels = {
  'app:info': invoke(NoRequest).returns<AppInfo>(),
  'app:openExternal': invoke(v.strictObject({ url: v.pipe(v.string(), v.maxLength(2048)) })).returns<OpenExternalResult>(),
};

export const appEvents = {
  'app:reports': event<StartupReport[]>(),
};
