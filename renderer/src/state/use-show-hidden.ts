import { create } from 'zustand';
import { useAppStore } from './app-store';

/**
 * "Show hidden assets" is a saved setting (ui.showHiddenAssets). The box follows the click at once; the saved
 * value takes over again when main has answered (or the change is undone if saving failed).
 */
const usePending = create<{ pending: boolean | null }>()(() => ({ pending: null }));

export function useShowHidden(): [boolean, (show: boolean) => void] {
  const saved = useAppStore((s) => s.settings?.ui.showHiddenAssets ?? false);
  const pending = usePending((s) => s.pending);
  const set = (show: boolean) => {
    usePending.setState({ pending: show });
    useAppStore
      .getState()
      .updateSettings({ ui: { showHiddenAssets: show } })
      .catch(() => undefined)
      .finally(() => usePending.setState({ pending: null }));
  };
  return [pending ?? saved, set];
}
