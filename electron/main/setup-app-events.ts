// The app's own events: a second launch focuses this one and opens its file, the dock icon brings
// the window back (macOS), closing the last window quits (elsewhere), and a file named on the
// command line opens.
import { app } from 'electron';
import { fileArgument } from './args';
import type { MainContext } from './context';
import type { FileActions } from './setup-files';

export function setupAppEvents(ctx: MainContext, files: FileActions): void {
  app.on('second-instance', (_e, argv) => {
    if (ctx.ui) {
      if (ctx.ui.isMinimized()) ctx.ui.restore();
      ctx.ui.focus();
    }
    const file = fileArgument(argv, Boolean(process.defaultApp));
    if (file) void files.openFile(file, true);
  });
  app.on('activate', () => void (ctx.ui ?? ctx.showUi()));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  const file = fileArgument(process.argv, Boolean(process.defaultApp));
  if (file) void files.openFile(file, true);
}
