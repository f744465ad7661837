import { useAppStore, type Screen } from '../../state/app-store';
import { BitcoinBalance } from './BitcoinBalance';

const TABS: { screen: Screen; label: string }[] = [
  { screen: 'assets', label: 'Assets' },
  { screen: 'history', label: 'History' },
  { screen: 'send', label: 'Send' },
  { screen: 'receive', label: 'Receive' },
  { screen: 'settings', label: 'Settings' },
  { screen: 'about', label: 'About' },
];

/** Title (with the user's wallet label), the wallet's bitcoin, and the screen switcher. */
export function Header() {
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const label = useAppStore((s) => s.settings?.ui.walletLabel);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">◆</span>
        <span className="brand-name">CoinSpark Wallet</span>
        {label ? <span className="brand-label" data-testid="header-wallet-label">{label}</span> : null}
      </div>
      <BitcoinBalance />
      <nav aria-label="Screens">
        <ul className="tabs">
          {TABS.map((t) => (
            <li key={t.screen}>
              <button type="button" className="tab" aria-current={screen === t.screen ? 'page' : undefined} onClick={() => setScreen(t.screen)}>
                {t.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
