import { event, invoke, NoRequest } from '../define';
import { SettingsPatchSchema, type Settings } from '../../model/settings';

export const settingsChannels = {
  'settings:get': invoke(NoRequest).returns<Settings>(),
  'settings:update': invoke(SettingsPatchSchema).returns<Settings>(),
};

export const settingsEvents = {
  'settings:changed': event<Settings>(),
};
