import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** "Check for Updates…": asks the updates service; the answer shows in the window (nothing installs from here). */
  checkForUpdates?: () => void;
}

/** The application menu: standard roles, plus the update check, which only asks and lets the window show the answer. */
export function appMenuTemplate(platform: NodeJS.Platform, appName: string, actions: MenuActions = {}): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const updateItem: MenuItemConstructorOptions[] = actions.checkForUpdates ? [{ label: 'Check for Updates…', click: actions.checkForUpdates }] : [];
  return [
    ...(isMac
      ? [{ label: appName, submenu: [{ role: 'about' }, ...updateItem, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions]
      : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: 'View', submenu: [{ role: 'reload' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'zoom' }, ...(isMac ? [{ type: 'separator' as const }, { role: 'front' as const }] : [{ role: 'close' as const }])] },
    ...(!isMac && updateItem.length > 0 ? [{ label: 'Help', submenu: updateItem }] : []),
  ];
}
