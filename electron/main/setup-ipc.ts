// What the UI page may ask of main, each handler checking its sender (the top frame of app://ui)
// and its payload (SHELL_CHECKS) before anything runs.
import { BrowserWindow, ipcMain } from 'electron';
import { type ExportFormat, type ExportScope, SHELL_CHANNELS, SHELL_CHECKS } from '../../src/rpc/shell';
import type { MainContext } from './context';
import { handleChecked, onChecked } from './ipc';
import { connectFrame } from './ports';
import { APP_ORIGIN } from './security';
import type { FileActions } from './setup-files';

export function setupIpc(ctx: MainContext, files: FileActions): void {
  onChecked(
    ipcMain,
    SHELL_CHANNELS.wantPort,
    APP_ORIGIN,
    SHELL_CHECKS.none,
    (_p, event) => event.senderFrame && connectFrame(ctx.store.webContents, event.senderFrame),
  );
  handleChecked(ipcMain, SHELL_CHANNELS.openRecording, APP_ORIGIN, SHELL_CHECKS.none, () => files.openWithDialog(false));
  handleChecked<{ path: string }, void>(ipcMain, SHELL_CHANNELS.openPath, APP_ORIGIN, SHELL_CHECKS.openPath, ({ path }) =>
    files.openFile(path, true),
  );
  handleChecked<{ session: string; format: ExportFormat; scope?: ExportScope }, string | null>(
    ipcMain,
    SHELL_CHANNELS.exportSession,
    APP_ORIGIN,
    SHELL_CHECKS.exportSession,
    async ({ session: id, format, scope }) => files.exportWithDialog(id, ctx.shown?.id === id ? ctx.shown.name : id, format, scope),
  );
  onChecked(ipcMain, SHELL_CHANNELS.cancelImport, APP_ORIGIN, SHELL_CHECKS.none, () => ctx.importing?.cancel());
  onChecked<{ id: string; name: string } | null>(
    ipcMain,
    SHELL_CHANNELS.sessionShown,
    APP_ORIGIN,
    SHELL_CHECKS.sessionShown,
    (s, event) => {
      ctx.shown = s;
      BrowserWindow.fromWebContents(event.sender)?.setTitle(s ? `${s.name} — Cinema` : 'Cinema');
      ctx.rebuildMenu();
    },
  );
}
