import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installWalletTransport } from './transport/install';
import { App } from './App';
import { StartupFailure } from './components/layout/StartupFailure';
import './styles/index.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

// window.wallet must exist before any component talks to main: the preload sets it in Electron, the transport
// sets it over WebSocket in the headless host.
installWalletTransport().then(
  () => root.render(<StrictMode><App /></StrictMode>),
  (error: unknown) => root.render(<StartupFailure error={error} />),
);
