// The library and getting recordings into it: the sessions listed, one import at a time with its
// progress (cancellable), and the messages shown to the user. Opening a session asks the store host
// for what the view needs; only the latest open applies (a slow answer about a growing session
// must not undo a newer one). In the desktop app main streams files from disk and tells the page
// how it goes; in the web build the page sends the file itself.
import type { RpcClient } from '../../../src/rpc/client';
import type { ImportResultWire, SessionWire } from '../../../src/rpc/contract';
import type { DesktopApi } from '../../../src/rpc/shell';
import { ImportWatch } from '../import-watch';
import type { Getter, Setter } from '../slice';
import type { LayoutSlice } from './layout';
import { type OpenSession, type SessionSlice, openSessionOf } from './session';

/** Where recordings come from: a File (or text made in the page) sent over the client. */
export type SendFile = (
  client: RpcClient,
  source: Blob | string,
  file: string,
  onStarted: (importId: string) => void,
) => Promise<ImportResultWire>;

export interface LibraryServices {
  client: RpcClient;
  desktop?: DesktopApi;
  sendFile: SendFile;
  /** Shows what a cinema:// link names (the desktop app hands them over as shell commands). */
  openLink?(link: string): void;
}

export interface Importing {
  file: string;
  importId: string | null;
  bytes: number;
  total: number;
  events: number;
}

export interface LibrarySlice {
  sessions: SessionWire[] | null;
  importing: Importing | null;
  /** What went wrong, shown until dismissed (a bad file's message says where: file:line:col). */
  error: string | null;
  /** Good news, which fades by itself. */
  notice: string | null;
  /** Listens to the store host and the shell; returns the function that stops listening. */
  connect(): () => void;
  listSessions(): Promise<void>;
  openSession(id: string): Promise<void>;
  closeSession(): void;
  /** Imports a file (or text) the page holds, and opens it. */
  importSource(source: Blob | string, file: string): Promise<void>;
  /** A file dropped on the window: main reads it in the desktop app, the page in the web build. */
  openDropped(file: File): void;
  cancelImport(): void;
  setError(message: string | null): void;
  setNotice(message: string | null): void;
}

type Below = LibrarySlice & SessionSlice & LayoutSlice;

export function createLibrarySlice(services: LibraryServices, set: Setter<Below>, get: Getter<Below>): LibrarySlice {
  const { client, desktop } = services;
  let openSeq = 0;

  const load = async (id: string): Promise<OpenSession> => {
    const [info, extras] = await Promise.all([
      client.call('session.info', { session: id }),
      client.call('session.extras', { session: id }),
    ]);
    return openSessionOf(info, extras);
  };
  const watch = new ImportWatch({
    shownSession: () => get().session?.info.id ?? null,
    show: (id) => void get().openSession(id),
    refresh: (id) =>
      void load(id).then(
        (s) => s.importing && get().refresh(s),
        () => {},
      ),
    restore: (previous) => (previous !== null ? void get().openSession(previous) : get().closeSession()),
  });
  const imported = (file: string, r: ImportResultWire, show: boolean) => {
    set({
      notice: `Opened ${file}: ${r.events.toLocaleString()} events${r.skipped ? `, ${r.skipped} skipped (${r.messages[0] ?? ''})` : ''}.`,
    });
    if (show) void get().openSession(r.session);
  };

  return {
    sessions: null,
    importing: null,
    error: null,
    notice: null,

    connect: () => {
      void get().listSessions();
      const offs = [
        client.on('sessions.changed', (c) => {
          const open = get().session;
          // Bookmarks changed (here or in another tab) on the session shown: show them as they are now.
          if (c.reason === 'bookmarks') {
            if (open && c.session === open.info.id)
              void client.call('session.extras', { session: open.info.id }).then(
                (x) => get().session?.info.id === open.info.id && get().setBookmarks(x.bookmarks),
                () => {},
              );
            return;
          }
          void get().listSessions();
        }),
        client.on('store.closed', (c) => set({ error: c.message })),
        client.on('store.reconnected', (c) => {
          set({ notice: c.message });
          void get().listSessions();
        }),
        client.on('import.progress', (p) => {
          const cur = get().importing;
          if (cur && cur.importId === p.importId) set({ importing: { ...cur, bytes: p.bytes, events: p.events } });
          if (p.session !== null && p.events > 0 && !p.done) watch.found(p.importId, p.session);
        }),
      ];
      if (desktop) {
        desktop.sessionShown(null);
        offs.push(
          desktop.onImportState((st) => {
            if (st.phase === 'progress') {
              if (!watch.active) watch.begin('desktop');
              if (st.session) watch.found('desktop', st.session);
              set({ importing: { file: st.file, importId: 'desktop', bytes: st.bytes, total: st.total, events: st.events ?? 0 } });
              return;
            }
            set({ importing: null });
            watch.end(st.phase === 'failed');
            if (st.phase === 'done') imported(st.file, st.result, st.open);
            else set({ error: st.message });
          }),
          desktop.onCommand((c) => {
            if (c.command === 'close-session') get().closeSession();
            else if (c.command === 'toggle-panel') get().togglePanel(c.panel);
            else if (c.command === 'shortcuts') get().setShortcuts(true);
            else if (c.command === 'open-link') services.openLink?.(c.link);
          }),
        );
      }
      return () => {
        watch.end(false);
        for (const off of offs) off();
      };
    },

    listSessions: async () => {
      try {
        const sessions = await client.call('sessions.list', {});
        set({ sessions });
        // A session deleted elsewhere (another window) closes here; one still importing is not listed yet.
        const open = get().session;
        if (open && !open.importing && !sessions.some((s) => s.id === open.info.id)) {
          get().closeSession();
          set({ error: `“${open.info.name}” was deleted (in another window or tab), so it was closed here.` });
        }
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },

    openSession: async (id) => {
      const seq = ++openSeq;
      try {
        const session = await load(id);
        if (seq !== openSeq) return;
        if (get().session?.info.id === id) get().refresh(session);
        else get().open(session);
        desktop?.sessionShown({ id: session.info.id, name: session.info.name });
      } catch (err) {
        if (seq === openSeq) set({ error: (err as Error).message });
      }
    },

    closeSession: () => {
      openSeq++;
      get().close();
      desktop?.sessionShown(null);
    },

    importSource: async (source, file) => {
      if (get().importing) return;
      set({
        error: null,
        notice: null,
        importing: { file, importId: null, bytes: 0, total: typeof source === 'string' ? source.length : source.size, events: 0 },
      });
      try {
        const r = await services.sendFile(client, source, file, (importId) => {
          watch.begin(importId);
          const cur = get().importing;
          if (cur) set({ importing: { ...cur, importId } });
        });
        watch.end(false);
        imported(file, r, true);
      } catch (err) {
        watch.end(true);
        set({ error: (err as Error).message });
      } finally {
        set({ importing: null });
      }
    },

    openDropped: (f) => {
      if (get().importing) return;
      if (desktop) void desktop.openDropped(f).catch((err: Error) => set({ error: err.message }));
      else void get().importSource(f, f.name);
    },

    cancelImport: () => {
      const cur = get().importing;
      if (cur?.importId === 'desktop') desktop?.cancelImport();
      else if (cur?.importId) void client.call('import.cancel', { importId: cur.importId }).catch(() => {});
    },

    setError: (error) => set({ error }),
    setNotice: (notice) => set({ notice }),
  };
}

export const librarySelectors = {
  sessions: (s: LibrarySlice) => s.sessions,
  importing: (s: LibrarySlice) => s.importing,
  busy: (s: LibrarySlice) => s.importing !== null,
  error: (s: LibrarySlice) => s.error,
  notice: (s: LibrarySlice) => s.notice,
};
