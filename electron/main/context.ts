// What the main process's parts share: the windows, main's own store client, the session the UI
// shows, the import main is streaming, the recent files. One object, made in main.ts and handed to
// each setupX(); nothing else holds mutable state.
import type { BrowserWindow, WebContents } from 'electron';
import type { RpcClient } from '../../src/rpc/client';
import type { ShellCommand, ShellImportState } from '../../src/rpc/shell';
import type { RecentFiles } from './recent-files';

export interface MainContext {
  /** The folder of the built main.cjs (preloads and pages beside it). */
  readonly here: string;
  /** Development build: reload and devtools in the View menu. */
  readonly dev: boolean;
  recent: RecentFiles;
  store: BrowserWindow;
  /** Main's own client of the store: it streams files in and out. */
  client: RpcClient;
  ui: BrowserWindow | null;
  /** The session the UI window shows (null: the library). */
  shown: { id: string; name: string } | null;
  /** The import main is streaming, if any. */
  importing: { cancel(): void } | null;
  rebuildMenu(): void;
  /** The UI window, created (at its remembered place) when there is none. */
  showUi(): Promise<BrowserWindow>;
}

/** Sends to a window's page unless it is gone. */
export function sendTo(contents: WebContents | undefined, channel: string, payload: ShellImportState | ShellCommand): void {
  if (contents && !contents.isDestroyed()) contents.send(channel, payload);
}
