// Cinema's Electron main process: one instance, the app:// scheme, the hidden store window, one UI
// window with its port to the store, the menu and native dialogs, and the files main streams in and
// out through its own store client. Everything that can be decided without Electron lives in the
// modules beside this one, each tested alone; this file wires them.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { RpcClient } from '../../src/rpc/client';
import {
  type ExportFormat,
  type ExportScope,
  SHELL_CHANNELS,
  SHELL_CHECKS,
  type ShellCommand,
  type ShellImportState,
} from '../../src/rpc/shell';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { fileArgument } from './args';
import { exportExtension, exportToPath, importPath } from './files';
import { handleChecked, onChecked } from './ipc';
import { menuTemplate } from './menu';
import { connectFrame, newStoreClient, portLikeOfMain } from './ports';
import { RecentFiles } from './recent-files';
import { APP_ORIGIN, hardenContents, hardenSession, STORE_ORIGIN } from './security';
import { createStoreWindow, createUiWindow, STORE_PARTITION, windowStateOf } from './windows';
import { loadWindowState, saveWindowState } from './window-state';

const RECORDING_FILTERS = [
  { name: 'Recordings', extensions: ['cinema', 'gz', 'json', 'jsonl', 'ndjson'] },
  { name: 'All Files', extensions: ['*'] },
];

// Built layout (scripts/build-electron.ts): dist/electron/{main,preload-ui,preload-store}.cjs and pages/.
const here = __dirname;
const pagesDir = join(here, 'pages');
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
  let store: BrowserWindow;
  let client: RpcClient;
  let ui: BrowserWindow | null = null;
  let shown: { id: string; name: string } | null = null;
  let importing: { cancel(): void } | null = null;
  const stateFile = () => join(app.getPath('userData'), 'window-state.json');
  let recent: RecentFiles;

  const send = (contents: WebContents | undefined, channel: string, payload: ShellImportState | ShellCommand) => {
    if (contents && !contents.isDestroyed()) contents.send(channel, payload);
  };
  const command = (c: ShellCommand) => send(ui?.webContents, SHELL_CHANNELS.command, c);

  const rebuildMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            openRecording: () => void openWithDialog(false),
            importRecordings: () => void openWithDialog(true),
            exportSession: () => shown && void exportWithDialog(shown.id, shown.name),
            openRecent: (path) => void openFile(path, true),
            clearRecent: () => void recent.clear().then(rebuildMenu),
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
          { sessionOpen: shown !== null, recent: recent.list(), dev, mac: process.platform === 'darwin' },
        ),
      ),
    );

  /** Streams a file into the store; the UI hears progress and the outcome (and opens it when `open`). */
  async function openFile(path: string, open: boolean): Promise<void> {
    if (importing) {
      dialog.showErrorBox('Cinema', 'An import is already running. Wait for it to finish or cancel it first.');
      return;
    }
    const win = ui ?? (await showUi());
    const file = path;
    let importId: string | null = null;
    let cancelled = false;
    importing = {
      cancel: () => {
        cancelled = true;
        if (importId) void client.call('import.cancel', { importId }).catch(() => {});
      },
    };
    send(win.webContents, SHELL_CHANNELS.importState, { phase: 'progress', file, bytes: 0, total: 0 });
    // The store names the session it writes, and counts events: the page shows it as it fills.
    let session: string | undefined;
    let events = 0;
    const offProgress = client.on('import.progress', (p) => {
      if (p.importId !== importId) return;
      session = p.session ?? undefined;
      events = p.events;
    });
    try {
      const result = await importPath(
        client,
        path,
        (bytes, total) => send(win.webContents, SHELL_CHANNELS.importState, { phase: 'progress', file, bytes, total, events, session }),
        (id) => {
          importId = id;
          if (cancelled) void client.call('import.cancel', { importId: id }).catch(() => {});
        },
      );
      await recent.add(path);
      rebuildMenu();
      send(win.webContents, SHELL_CHANNELS.importState, { phase: 'done', file, result, open });
    } catch (err) {
      send(win.webContents, SHELL_CHANNELS.importState, {
        phase: 'failed',
        file,
        message: cancelled ? 'Import cancelled.' : (err as Error).message,
      });
    } finally {
      offProgress();
      importing = null;
    }
  }

  async function openWithDialog(importOnly: boolean): Promise<void> {
    const options = {
      title: importOnly ? 'Import Recordings' : 'Open Recording',
      filters: RECORDING_FILTERS,
      properties: importOnly ? (['openFile', 'multiSelections'] as const) : (['openFile'] as const),
    };
    const r = ui
      ? await dialog.showOpenDialog(ui, { ...options, properties: [...options.properties] })
      : await dialog.showOpenDialog({ ...options, properties: [...options.properties] });
    if (r.canceled) return;
    for (const path of r.filePaths) await openFile(path, !importOnly);
  }

  async function exportWithDialog(
    sessionId: string,
    name: string,
    wanted: ExportFormat = 'cinema',
    scope: ExportScope = {},
  ): Promise<string | null> {
    const r = await dialog.showSaveDialog(ui!, {
      title: 'Export Session',
      defaultPath: join(app.getPath('documents'), `${name.replace(/[\\/:*?"<>|]/g, '_')}${exportExtension(wanted)}`),
      filters: [
        { name: 'Cinema session', extensions: ['cinema'] },
        { name: 'Cinema session, compressed', extensions: ['gz'] },
        { name: 'Chrome trace (Perfetto, chrome://tracing)', extensions: ['json'] },
      ],
    });
    if (r.canceled || !r.filePath) return null;
    const format: ExportFormat = /\.gz$/i.test(r.filePath) ? 'cinema.gz' : /\.json$/i.test(r.filePath) ? 'chrome' : 'cinema';
    try {
      await exportToPath(client, sessionId, format, r.filePath, scope);
      return r.filePath;
    } catch (err) {
      dialog.showErrorBox('Export failed', `${r.filePath}: ${(err as Error).message}`);
      return null;
    }
  }

  async function showUi(): Promise<BrowserWindow> {
    const areas = screen.getAllDisplays().map((d) => d.workArea);
    const win = createUiWindow(here, await loadWindowState(stateFile(), areas));
    ui = win;
    const remember = () => void saveWindowState(stateFile(), windowStateOf(win)).catch(() => {});
    win.on('close', remember);
    win.on('closed', () => {
      if (ui === win) ui = null;
      shown = null;
      rebuildMenu();
    });
    return win;
  }

  await app.whenReady();
  recent = await RecentFiles.load(join(app.getPath('userData'), 'recent-files.json'));
  const storeSession = session.fromPartition(STORE_PARTITION);
  for (const s of [session.defaultSession, storeSession]) {
    hardenSession(s);
    handleAppProtocol(s.protocol, pagesDir);
  }
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, [APP_ORIGIN, STORE_ORIGIN]));

  store = await createStoreWindow(here);
  client = new RpcClient(portLikeOfMain(newStoreClient(store.webContents)));
  store.webContents.on('render-process-gone', (_e, details) => {
    // The store is gone with its open transactions; IndexedDB keeps what was committed. Start over.
    dialog.showErrorBox('Cinema', `The store process ended (${details.reason}). Cinema restarts.`);
    app.relaunch();
    app.exit(1);
  });

  onChecked(
    ipcMain,
    SHELL_CHANNELS.wantPort,
    APP_ORIGIN,
    SHELL_CHECKS.none,
    (_p, event) => event.senderFrame && connectFrame(store.webContents, event.senderFrame),
  );
  handleChecked(ipcMain, SHELL_CHANNELS.openRecording, APP_ORIGIN, SHELL_CHECKS.none, () => openWithDialog(false));
  handleChecked<{ path: string }, void>(ipcMain, SHELL_CHANNELS.openPath, APP_ORIGIN, SHELL_CHECKS.openPath, ({ path }) =>
    openFile(path, true),
  );
  handleChecked<{ session: string; format: ExportFormat; scope?: ExportScope }, string | null>(
    ipcMain,
    SHELL_CHANNELS.exportSession,
    APP_ORIGIN,
    SHELL_CHECKS.exportSession,
    async ({ session: id, format, scope }) => exportWithDialog(id, shown?.id === id ? shown.name : id, format, scope),
  );
  onChecked(ipcMain, SHELL_CHANNELS.cancelImport, APP_ORIGIN, SHELL_CHECKS.none, () => importing?.cancel());
  onChecked<{ id: string; name: string } | null>(
    ipcMain,
    SHELL_CHANNELS.sessionShown,
    APP_ORIGIN,
    SHELL_CHECKS.sessionShown,
    (s, event) => {
      shown = s;
      BrowserWindow.fromWebContents(event.sender)?.setTitle(s ? `${s.name} — Cinema` : 'Cinema');
      rebuildMenu();
    },
  );

  rebuildMenu();
  await showUi();

  app.on('second-instance', (_e, argv) => {
    if (ui) {
      if (ui.isMinimized()) ui.restore();
      ui.focus();
    }
    const file = fileArgument(argv, Boolean(process.defaultApp));
    if (file) void openFile(file, true);
  });
  app.on('activate', () => void (ui ?? showUi()));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  const file = fileArgument(process.argv, Boolean(process.defaultApp));
  if (file) void openFile(file, true);
}
