import * as v from 'valibot';
import { event, invoke, NoRequest } from '../define';

export interface AppInfo {
  name: string;
  version: string;
  /** Which host runs the services: the Electron shell or the headless Node host. */
  host: 'electron' | 'headless';
  platform: string;
  /** Problems found at start that the user must know about (e.g. a corrupt file kept aside). */
  startupReports: StartupReport[];
}

export interface StartupReport {
  kind: 'corrupt-file' | 'invalid-file';
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
