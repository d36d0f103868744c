// The application menu, built as plain data from what the shell can do, so its structure (items,
// accelerators, what is enabled when) is tested without Electron. main.ts turns it into a Menu.
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

/** What the menu items do; main.ts supplies them. */
export interface MenuActions {
  openRecording(): void;
  importRecordings(): void;
  exportSession(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  closeSession(): void;
  togglePanel(panel: 'ast' | 'inspector' | 'bottom'): void;
  showShortcuts(): void;
  showAbout(): void;
}

export interface MenuState {
  /** A session is shown in the focused window (Export and Close need one). */
  sessionOpen: boolean;
  recent: readonly string[];
  /** Development build: View gets Reload and the developer tools. */
  dev: boolean;
  mac: boolean;
}

export function menuTemplate(a: MenuActions, s: MenuState): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] =
    s.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : s.recent.map((path) => ({ label: basename(path), sublabel: path, toolTip: path, click: () => a.openRecent(path) }));
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Recording…', accelerator: 'CmdOrCtrl+O', click: () => a.openRecording() },
      { label: 'Import…', accelerator: 'CmdOrCtrl+Shift+I', click: () => a.importRecordings() },
      { label: 'Export Session…', accelerator: 'CmdOrCtrl+E', enabled: s.sessionOpen, click: () => a.exportSession() },
      {
        label: 'Open Recent',
        submenu: [...recent, { type: 'separator' }, { label: 'Clear Recent', enabled: s.recent.length > 0, click: () => a.clearRecent() }],
      },
      { type: 'separator' },
      { label: 'Close Session', accelerator: 'CmdOrCtrl+W', enabled: s.sessionOpen, click: () => a.closeSession() },
      ...(s.mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'AST Panel', accelerator: 'CmdOrCtrl+1', click: () => a.togglePanel('ast') },
      { label: 'Inspector', accelerator: 'CmdOrCtrl+2', click: () => a.togglePanel('inspector') },
      { label: 'Correlation and State', accelerator: 'CmdOrCtrl+3', click: () => a.togglePanel('bottom') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(s.dev ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: 'Shift+/', click: () => a.showShortcuts() },
      ...(s.mac ? [] : [{ label: 'About Cinema', click: () => a.showAbout() }]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const appMenu: MenuItemConstructorOptions[] = s.mac
    ? [
        {
          label: 'Cinema',
          submenu: [
            { label: 'About Cinema', click: () => a.showAbout() },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...appMenu, file, edit, view, help];
}
