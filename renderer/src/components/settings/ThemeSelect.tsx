import { useAppStore } from '../../state/app-store';

/** Light and dark follow the OS unless the user picks one. */
export function ThemeSelect() {
  const theme = useAppStore((s) => s.settings?.ui.theme ?? 'system');
  const updateSettings = useAppStore((s) => s.updateSettings);
  return (
    <div className="form-row">
      <label htmlFor="theme-select">Appearance</label>
      <select id="theme-select" value={theme} onChange={(e) => void updateSettings({ ui: { theme: e.target.value as 'system' | 'light' | 'dark' } })}>
        <option value="system">Follow the system</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </div>
  );
}
