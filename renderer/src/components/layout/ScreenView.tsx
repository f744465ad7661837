import { useAppStore } from '../../state/app-store';
import { AboutPanel } from '../about/AboutPanel';
import { SettingsScreen } from '../settings/SettingsScreen';
import { AssetsScreen } from '../assets/AssetsScreen';
import { ReceiveScreen } from '../receive/ReceiveScreen';
import { HistoryScreen } from '../history/HistoryScreen';
import { SendScreen } from '../send/SendScreen';

/** The current screen. */
export function ScreenView() {
  const screen = useAppStore((s) => s.screen);
  switch (screen) {
    case 'about':
      return <AboutPanel />;
    case 'settings':
      return <SettingsScreen />;
    case 'send':
      return <SendScreen />;
    case 'receive':
      return <ReceiveScreen />;
    case 'assets':
      return <AssetsScreen />;
    case 'history':
      return <HistoryScreen />;
  }
}
