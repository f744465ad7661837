import { useEffect } from 'react';
import { useAppStore } from './state/app-store';
import { Header } from './components/layout/Header';
import { ScreenView } from './components/layout/ScreenView';

export function App() {
  const start = useAppStore((s) => s.start);
  const loadError = useAppStore((s) => s.loadError);
  useEffect(() => start(), [start]);
  return (
    <div className="app">
      <Header />
      {loadError && (
        <p className="notice error" role="alert">
          Could not load from the wallet's services: {loadError}
        </p>
      )}
      <main className="app-main" id="main">
        <ScreenView />
      </main>
    </div>
  );
}
