import { useEffect } from 'react';
import { useAppStore } from './state/app-store';
import { useAssetsStore } from './state/assets-store';
import { useThemeAttribute } from './lib/use-theme';
import { Header } from './components/layout/Header';
import { ScreenView } from './components/layout/ScreenView';
import { StatusBar } from './components/layout/StatusBar';
import { ConnectionNotice } from './components/layout/ConnectionNotice';
import { UpdateNotice } from './components/updates/UpdateNotice';
import { StartupReportsNotice } from './components/layout/StartupReportsNotice';
import { SafetyNotices } from './components/safety/SafetyNotices';
import { DemoNotice } from './components/layout/DemoNotice';
import { UndoToast } from './components/common/UndoToast';

export function App() {
  const startApp = useAppStore((s) => s.start);
  const startAssets = useAssetsStore((s) => s.start);
  const loadError = useAppStore((s) => s.loadError);
  useEffect(() => startApp(), [startApp]);
  useEffect(() => startAssets(), [startAssets]);
  useThemeAttribute();
  return (
    <div className="app">
      <Header />
      <section className="app-notices" aria-label="Notices">
        <DemoNotice />
        {loadError ? (
          <p className="notice error" role="alert">
            Could not load from the wallet’s services: {loadError}
          </p>
        ) : (
          <ConnectionNotice />
        )}
        <UpdateNotice />
        <StartupReportsNotice />
        <SafetyNotices />
      </section>
      <main className="app-main" id="main">
        <ScreenView />
      </main>
      <StatusBar />
      <UndoToast />
    </div>
  );
}
