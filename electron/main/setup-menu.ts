// The application menu, rebuilt whenever what it shows changes (a session opened or closed, the
// recent files): the template is menu.ts's, the actions are the other parts' functions.
import { app, dialog, Menu } from 'electron';
import { SHELL_CHANNELS, type ShellCommand } from '../../src/rpc/shell';
import { type MainContext, sendTo } from './context';
import type { FileActions } from './setup-files';
import { menuTemplate } from './menu';

export function setupMenu(ctx: MainContext, files: FileActions): void {
  const command = (c: ShellCommand) => sendTo(ctx.ui?.webContents, SHELL_CHANNELS.command, c);
  ctx.rebuildMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            openRecording: () => void files.openWithDialog(false),
            importRecordings: () => void files.openWithDialog(true),
            exportSession: () => ctx.shown && void files.exportWithDialog(ctx.shown.id, ctx.shown.name),
            openRecent: (path) => void files.openFile(path, true),
            clearRecent: () => void ctx.recent.clear().then(ctx.rebuildMenu),
            closeSession: () => command({ command: 'close-session' }),
            togglePanel: (panel) => command({ command: 'toggle-panel', panel }),
            showShortcuts: () => command({ command: 'shortcuts' }),
            showAbout: () =>
              void dialog.showMessageBox({
                type: 'info',
                title: 'About Cinema',
                message: `Cinema ${app.getVersion()}`,
                detail: `A time-travel debugger for recordings of program executions.\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`,
              }),
          },
          { sessionOpen: ctx.shown !== null, recent: ctx.recent.list(), dev: ctx.dev, mac: process.platform === 'darwin' },
        ),
      ),
    );
  ctx.rebuildMenu();
}
