// Cinema's Electron main process: one instance, the app:// scheme, the hidden store window, one UI
// window with its port to the store, the menu and native dialogs, and the files main streams in and
// out through its own store client. Each part is a setupX() module beside this one, tested with a
// mocked electron; this file only orders them.
import { app, protocol, session } from 'electron';
import { join } from 'node:path';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import type { MainContext } from './context';
import { RecentFiles } from './recent-files';
import { APP_ORIGIN, hardenContents, hardenSession, STORE_ORIGIN } from './security';
import { setupAppEvents } from './setup-app-events';
import { setupFiles } from './setup-files';
import { setupIpc } from './setup-ipc';
import { setupMenu } from './setup-menu';
import { setupStore, setupUiWindow } from './setup-windows';
import { watchStore } from './store-restart';
import { STORE_PARTITION } from './windows';

// Built layout (scripts/build-electron.ts): dist/electron/{main,preload-ui,preload-store}.cjs and pages/.
const here = __dirname;
const dev = !app.isPackaged && process.env.NODE_ENV !== 'production';

registerAppScheme(protocol); // before ready, or app:// is not a secure, standard origin
// A separate profile (its own store and remembered files), for tests and side-by-side runs.
if (process.env.CINEMA_USER_DATA) app.setPath('userData', process.env.CINEMA_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  // Another Cinema owns the store (two processes cannot share one IndexedDB); it opens our file.
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  // Both sessions that load app:// pages: hardened, and served only Cinema's own files.
  for (const s of [session.defaultSession, session.fromPartition(STORE_PARTITION)]) {
    hardenSession(s);
    handleAppProtocol(s.protocol, join(here, 'pages'));
  }
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, [APP_ORIGIN, STORE_ORIGIN]));

  const recent = await RecentFiles.load(join(app.getPath('userData'), 'recent-files.json'));
  const ctx: MainContext = {
    here,
    dev,
    recent,
    ...(await setupStore(here)),
    ui: null,
    shown: null,
    importing: null,
    rebuildMenu: () => {},
    showUi: () => Promise.reject(new Error('the UI window is not set up yet')),
  };
  watchStore(ctx, () => setupStore(here));
  setupUiWindow(ctx);
  const files = setupFiles(ctx);
  setupMenu(ctx, files);
  setupIpc(ctx, files);
  await ctx.showUi();
  setupAppEvents(ctx, files);
}
