// The desktop shell's side channel: what Electron's main process and the windows' preloads say to
// each other beside the store RPC (ports, native dialogs, menu commands, file streaming). Every
// channel name lives here and nowhere else; main checks each payload with SHELL_CHECKS.
import type { ImportResultWire } from './contract';

/** Electron IPC channels and the window message that carries a store port into a page. */
export const SHELL_CHANNELS = {
  /** main -> store window: a port for a new client (the port rides along). */
  newClient: 'store:new-client',
  /** main -> UI window: its port to the store. */
  storePort: 'store:port',
  /** preload -> page (window.postMessage): the port, handed from the isolated world. */
  pagePort: 'cinema:store-port',
  /** UI -> main (invoke): show the open dialog and import the chosen file. */
  openRecording: 'shell:open-recording',
  /** UI -> main (invoke): import a file by path (dropped on the window). */
  openPath: 'shell:open-path',
  /** UI -> main (invoke): show the save dialog and export a session into the chosen file. */
  exportSession: 'shell:export-session',
  /** UI -> main (send): the preload asks for the page's port to the store. */
  wantPort: 'shell:want-port',
  /** UI -> main (send): cancel the import main is streaming. */
  cancelImport: 'shell:cancel-import',
  /** UI -> main (send): the session shown, for the window title and Close Session. */
  sessionShown: 'shell:session-shown',
  /** main -> UI: progress and outcome of an import main is streaming. */
  importState: 'shell:import-state',
  /** main -> UI: a menu command the page carries out. */
  command: 'shell:command',
} as const;

export type ExportFormat = 'cinema' | 'cinema.gz' | 'chrome';

/** What part of a session an export holds: all of it, a time range, one AST node's or one flow's events. */
export interface ExportScope {
  range?: [number, number];
  astNodeId?: string;
  correlationId?: string;
}

/** What main tells a UI window about an import it streams from disk. */
export type ShellImportState =
  /** `session`: the session being written, once it exists (the page shows it as it fills). */
  | { phase: 'progress'; file: string; bytes: number; total: number; events?: number; session?: string }
  /** `open`: show the session now (Open Recording), or only add it to the library (Import). */
  | { phase: 'done'; file: string; result: ImportResultWire; open: boolean }
  | { phase: 'failed'; file: string; message: string };

/** Menu commands a UI window carries out itself. */
export type ShellCommand =
  | { command: 'close-session' }
  | { command: 'toggle-panel'; panel: 'ast' | 'inspector' | 'bottom' }
  | { command: 'shortcuts' }
  /** A cinema:// link the system handed the app (a click elsewhere, or a second launch). */
  | { command: 'open-link'; link: string }
  /** The store's process died and main started a new one: ask for a new port and go on (`reason`: how it ended). */
  | { command: 'store-restarted'; reason: string };

/** The functions the UI preload exposes as `window.cinemaDesktop`; nothing else crosses. */
export interface DesktopApi {
  /** Asks main for this page's store port; it arrives as a window message SHELL_CHANNELS.pagePort. */
  connectStore(): void;
  /**
   * Shows the open dialog and imports the chosen file; progress, outcome and any error arrive
   * through onImportState. Resolves once the import ended (or the dialog was cancelled).
   */
  openRecording(): Promise<void>;
  /** Imports a File dropped on the window (its path is found by the preload, never told by the page). */
  openDropped(file: unknown): Promise<void>;
  cancelImport(): void;
  /** Shows the save dialog and writes the export; resolves with the path written, or null. */
  exportSession(session: string, format: ExportFormat, scope?: ExportScope): Promise<string | null>;
  /** Tells main which session the window shows (null: the library). */
  sessionShown(session: { id: string; name: string } | null): void;
  onImportState(listener: (s: ShellImportState) => void): () => void;
  onCommand(listener: (c: ShellCommand) => void): () => void;
}

/** Every function DesktopApi has, sorted: the desktop window's whole API (its tests hold the preload to it). */
export const DESKTOP_FUNCTIONS = [
  'cancelImport',
  'connectStore',
  'exportSession',
  'onCommand',
  'onImportState',
  'openDropped',
  'openRecording',
  'sessionShown',
] as const satisfies ReadonlyArray<keyof DesktopApi>;

/** Payload checks for what main receives: null when well formed, else what is wrong. */
export const SHELL_CHECKS = {
  none: (v: unknown): string | null => (v === undefined || v === null ? null : 'takes no argument'),
  openPath: (v: unknown): string | null =>
    isRecord(v) && typeof v.path === 'string' && v.path.length > 0 && v.path.length < 4096 && Object.keys(v).length === 1
      ? null
      : 'open-path takes {path: a non-empty string}',
  exportSession: (v: unknown): string | null =>
    isRecord(v) &&
    typeof v.session === 'string' &&
    (v.format === 'cinema' || v.format === 'cinema.gz' || v.format === 'chrome') &&
    Object.keys(v).every((k) => k === 'session' || k === 'format' || k === 'scope') &&
    (v.scope === undefined || isScope(v.scope))
      ? null
      : 'export-session takes {session: string, format: "cinema" | "cinema.gz" | "chrome", scope?: {range?: [start, end], astNodeId?, correlationId?}}',
  sessionShown: (v: unknown): string | null =>
    v === null || (isRecord(v) && typeof v.id === 'string' && typeof v.name === 'string' && v.name.length < 1000)
      ? null
      : 'session-shown takes {id, name} or null',
};

function isScope(v: unknown): boolean {
  if (!isRecord(v) || !Object.keys(v).every((k) => k === 'range' || k === 'astNodeId' || k === 'correlationId')) return false;
  const r = v.range;
  if (r !== undefined && !(Array.isArray(r) && r.length === 2 && r.every((x) => Number.isSafeInteger(x)))) return false;
  return (
    (v.astNodeId === undefined || typeof v.astNodeId === 'string') && (v.correlationId === undefined || typeof v.correlationId === 'string')
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
