// The app's own events: a second launch focuses this one and opens its file or link, the dock icon
// brings the window back (macOS), closing the last window quits (elsewhere), a file or cinema://
// link named on the command line opens, and the app is the system's handler of cinema:// links.
import { resolve } from 'node:path';
import { app } from 'electron';
import { SHELL_CHANNELS } from '../../src/rpc/shell';
import { fileArgument, linkArgument } from './args';
import { type MainContext, sendTo } from './context';
import type { FileActions } from './setup-files';

/** Hands a cinema:// link to the UI window (made when there is none); the page shows what it names. */
async function openLink(ctx: MainContext, link: string): Promise<void> {
  const win = ctx.ui ?? (await ctx.showUi());
  if (win.isMinimized()) win.restore();
  win.focus();
  sendTo(win.webContents, SHELL_CHANNELS.command, { command: 'open-link', link: link.slice(0, 8192) });
}

export function setupAppEvents(ctx: MainContext, files: FileActions): void {
  app.on('second-instance', (_e, argv) => {
    if (ctx.ui) {
      if (ctx.ui.isMinimized()) ctx.ui.restore();
      ctx.ui.focus();
    }
    const link = linkArgument(argv);
    if (link) return void openLink(ctx, link);
    const file = fileArgument(argv, Boolean(process.defaultApp));
    if (file) void files.openFile(file, true);
  });
  // macOS hands links to the running app rather than starting a second one.
  app.on('open-url', (e, url) => {
    e.preventDefault();
    void openLink(ctx, url);
  });
  // Started as `electron <folder>` (development), the system must name the folder too.
  if (process.defaultApp) app.setAsDefaultProtocolClient('cinema', process.execPath, [resolve(process.argv[1] ?? '.')]);
  else app.setAsDefaultProtocolClient('cinema');
  app.on('activate', () => void (ctx.ui ?? ctx.showUi()));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  const link = linkArgument(process.argv);
  if (link) void openLink(ctx, link);
  const file = fileArgument(process.argv, Boolean(process.defaultApp));
  if (file) void files.openFile(file, true);
}
