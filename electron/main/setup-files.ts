// Files main streams in and out of the store through its own client: opening (dialog, recent
// files, a file dropped or named on the command line) and exporting (save dialog). The UI hears an
// import's progress and outcome, and opens the session when asked to.
import { app, dialog } from 'electron';
import { join } from 'node:path';
import { type ExportFormat, type ExportScope, SHELL_CHANNELS } from '../../src/rpc/shell';
import { type MainContext, sendTo } from './context';
import { exportExtension, exportToPath, importPath } from './files';

const RECORDING_FILTERS = [
  { name: 'Recordings', extensions: ['cinema', 'gz', 'json', 'jsonl', 'ndjson'] },
  { name: 'All Files', extensions: ['*'] },
];

export interface FileActions {
  /** Streams a file into the store; the UI hears progress and the outcome (and opens it when `open`). */
  openFile(path: string, open: boolean): Promise<void>;
  openWithDialog(importOnly: boolean): Promise<void>;
  exportWithDialog(session: string, name: string, format?: ExportFormat, scope?: ExportScope): Promise<string | null>;
}

export function setupFiles(ctx: MainContext): FileActions {
  async function openFile(path: string, open: boolean): Promise<void> {
    if (ctx.importing) {
      dialog.showErrorBox('Cinema', 'An import is already running. Wait for it to finish or cancel it first.');
      return;
    }
    const win = ctx.ui ?? (await ctx.showUi());
    const file = path;
    let importId: string | null = null;
    let cancelled = false;
    ctx.importing = {
      cancel: () => {
        cancelled = true;
        if (importId) void ctx.client.call('import.cancel', { importId }).catch(() => {});
      },
    };
    sendTo(win.webContents, SHELL_CHANNELS.importState, { phase: 'progress', file, bytes: 0, total: 0 });
    // The store names the session it writes, and counts events: the page shows it as it fills.
    let session: string | undefined;
    let events = 0;
    const offProgress = ctx.client.on('import.progress', (p) => {
      if (p.importId !== importId) return;
      session = p.session ?? undefined;
      events = p.events;
    });
    try {
      const result = await importPath(
        ctx.client,
        path,
        (bytes, total) => sendTo(win.webContents, SHELL_CHANNELS.importState, { phase: 'progress', file, bytes, total, events, session }),
        (id) => {
          importId = id;
          if (cancelled) void ctx.client.call('import.cancel', { importId: id }).catch(() => {});
        },
      );
      await ctx.recent.add(path);
      ctx.rebuildMenu();
      sendTo(win.webContents, SHELL_CHANNELS.importState, { phase: 'done', file, result, open });
    } catch (err) {
      sendTo(win.webContents, SHELL_CHANNELS.importState, {
        phase: 'failed',
        file,
        message: cancelled ? 'Import cancelled.' : (err as Error).message,
      });
    } finally {
      offProgress();
      ctx.importing = null;
    }
  }

  async function openWithDialog(importOnly: boolean): Promise<void> {
    const options = {
      title: importOnly ? 'Import Recordings' : 'Open Recording',
      filters: RECORDING_FILTERS,
      properties: importOnly ? (['openFile', 'multiSelections'] as const) : (['openFile'] as const),
    };
    const r = ctx.ui
      ? await dialog.showOpenDialog(ctx.ui, { ...options, properties: [...options.properties] })
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
    const r = await dialog.showSaveDialog(ctx.ui!, {
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
      await exportToPath(ctx.client, sessionId, format, r.filePath, scope);
      return r.filePath;
    } catch (err) {
      dialog.showErrorBox('Export failed', `${r.filePath}: ${(err as Error).message}`);
      return null;
    }
  }

  return { openFile, openWithDialog, exportWithDialog };
}
