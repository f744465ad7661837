import { useAppStore } from '../../state/app-store';
import { AboutPanel } from '../about/AboutPanel';
import { SettingsScreen } from '../settings/SettingsScreen';

/** The current screen. */
export function ScreenView() {
  const screen = useAppStore((s) => s.screen);
  switch (screen) {
    case 'about':
      return <AboutPanel />;
    case 'settings':
      return <SettingsScreen />;
    default:
      return <SettingsScreen />;
  }
}
