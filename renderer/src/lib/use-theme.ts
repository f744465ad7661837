import { useEffect } from 'react';
import { useAppStore } from '../state/app-store';

/** Puts the user's theme choice on <html data-theme>; "system" leaves it to prefers-color-scheme. */
export function useThemeAttribute(): void {
  const theme = useAppStore((s) => s.settings?.ui.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
