// The app: the library or an open session, one import at a time with its progress (cancellable), and
// an error panel that says where a bad file is wrong while whatever was open stays open. A file can
// be opened from the button, Ctrl/Cmd+O, or dropped anywhere; in the desktop app main streams it
// from disk, in the web build the page reads it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RpcClient } from '../../src/rpc/client';
import type { ImportResultWire, SessionWire } from '../../src/rpc/contract';
import type { DesktopApi } from '../../src/rpc/shell';
import { demoRecordingLines } from '../../src/demo/recording';
import { createAppStore } from '../state/app-store';
import { ServicesContext } from '../state/context';
import { SessionView } from '../session/SessionView';
import { Library } from './Library';
import { sendFile, type Source } from './send-file';

interface Importing {
  file: string;
  importId: string | null;
  bytes: number;
  total: number;
  events: number;
}

export function App({ client, desktop }: { client: RpcClient; desktop?: DesktopApi }) {
  const store = useMemo(() => createAppStore(), []);
  const services = useMemo(() => ({ client, desktop, store }), [client, desktop, store]);
  const [sessions, setSessions] = useState<SessionWire[] | null>(null);
  const [importing, setImporting] = useState<Importing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<SessionWire | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const refresh = useCallback(() => void client.call('sessions.list', {}).then(setSessions, (e: Error) => setError(e.message)), [client]);
  useEffect(() => {
    refresh();
    const offChanged = client.on('sessions.changed', refresh);
    const offProgress = client.on('import.progress', (p) =>
      setImporting((cur) => (cur && cur.importId === p.importId ? { ...cur, bytes: p.bytes, events: p.events } : cur)),
    );
    return () => {
      offChanged();
      offProgress();
    };
  }, [client, refresh]);

  /** What the view needs of a session (also one still importing). */
  const loadSession = useCallback(
    async (id: string) => {
      const [info, extras] = await Promise.all([
        client.call('session.info', { session: id }),
        client.call('session.extras', { session: id }),
      ]);
      const t0 = info.oldest_event ?? 0;
      return { info, extras, t0, t1: info.newest_event ?? t0, importing: info.importing };
    },
    [client],
  );
  // Only the latest open applies: a slow answer about a growing session must not undo a newer one.
  const openSeq = useRef(0);
  const openSession = useCallback(
    async (id: string) => {
      const seq = ++openSeq.current;
      try {
        const session = await loadSession(id);
        if (seq !== openSeq.current) return;
        const current = store.getState().session;
        if (current && current.info.id === id) store.getState().refresh(session);
        else store.getState().open(session);
        setOpen(session.info);
        desktop?.sessionShown({ id: session.info.id, name: session.info.name });
      } catch (err) {
        if (seq === openSeq.current) setError((err as Error).message);
      }
    },
    [loadSession, store, desktop],
  );

  // A session shown while it imports: its first events appear within a second or two, and the view
  // follows it as it grows; it joins the library when complete. A failed or cancelled import is
  // discarded, and so is its view: whatever was open before comes back.
  const growing = useRef<{ importId: string; session: string | null; previous: string | null; timer: number } | null>(null);
  const showGrowing = useCallback(
    (importId: string, session: string) => {
      const g = growing.current;
      if (!g || g.importId !== importId || g.session !== null) return;
      g.session = session;
      void openSession(session);
      g.timer = window.setInterval(() => {
        const cur = growing.current;
        if (!cur?.session || store.getState().session?.info.id !== cur.session) return;
        void loadSession(cur.session).then(
          (s) => growing.current === cur && s.importing && store.getState().refresh(s),
          () => {},
        );
      }, 1000);
    },
    [openSession, loadSession, store],
  );
  const beginGrowing = (importId: string) => {
    growing.current = { importId, session: null, previous: store.getState().session?.info.id ?? null, timer: 0 };
  };
  /** Ends the watch; after a failure, puts back what was open before. */
  const endGrowing = (failed: boolean) => {
    const g = growing.current;
    growing.current = null;
    if (!g) return;
    clearInterval(g.timer);
    if (!failed || g.session === null || store.getState().session?.info.id !== g.session) return;
    if (g.previous !== null) void openSession(g.previous);
    else closeSessionRef.current();
  };
  useEffect(
    () =>
      client.on('import.progress', (p) => {
        if (p.session !== null && p.events > 0 && !p.done) showGrowing(p.importId, p.session);
      }),
    [client, showGrowing],
  );

  const closeSession = useCallback(() => {
    store.getState().close();
    setOpen(null);
    desktop?.sessionShown(null);
  }, [store, desktop]);
  const closeSessionRef = useRef(closeSession);
  closeSessionRef.current = closeSession;

  const imported = (file: string, r: ImportResultWire, show: boolean) => {
    setNotice(`Opened ${file}: ${r.events.toLocaleString()} events${r.skipped ? `, ${r.skipped} skipped (${r.messages[0] ?? ''})` : ''}.`);
    if (show) void openSession(r.session);
  };

  const importSource = async (source: Source, file: string) => {
    setError(null);
    setNotice(null);
    setImporting({ file, importId: null, bytes: 0, total: typeof source === 'string' ? source.length : source.size, events: 0 });
    try {
      const r = await sendFile(client, source, file, (importId) => {
        beginGrowing(importId);
        setImporting((cur) => cur && { ...cur, importId });
      });
      endGrowing(false);
      imported(file, r, true);
    } catch (err) {
      endGrowing(true);
      setError((err as Error).message);
    } finally {
      setImporting(null);
    }
  };

  // The desktop app: main streams files from disk; the page hears progress and the outcome.
  useEffect(() => {
    if (!desktop) return;
    desktop.sessionShown(null);
    const offState = desktop.onImportState((st) => {
      if (st.phase === 'progress') {
        if (!growing.current) beginGrowing('desktop');
        if (st.session) showGrowing('desktop', st.session);
        setImporting({ file: st.file, importId: 'desktop', bytes: st.bytes, total: st.total, events: st.events ?? 0 });
      } else {
        setImporting(null);
        endGrowing(st.phase === 'failed');
        if (st.phase === 'done') imported(st.file, st.result, st.open);
        else setError(st.message);
      }
    });
    const offCommand = desktop.onCommand((c) => {
      if (c.command === 'close-session') closeSession();
      else if (c.command === 'toggle-panel') store.getState().togglePanel(c.panel);
      else store.getState().setShortcuts(true);
    });
    return () => {
      offState();
      offCommand();
    };
    // Subscribed once per shell: the handlers reach current state through refs and stable callbacks.
  }, [desktop]);

  const busy = importing !== null;
  const openFile = useCallback(() => {
    if (busy) return;
    if (desktop) void desktop.openRecording();
    else input.current?.click();
  }, [busy, desktop]);
  const openSample = () => void importSource([...demoRecordingLines({ events: 20_000, seed: 7 })].join('\n') + '\n', 'sample.cinema');
  const cancel = () => {
    if (importing?.importId === 'desktop') desktop?.cancelImport();
    else if (importing?.importId) void client.call('import.cancel', { importId: importing.importId });
  };

  // Ctrl/Cmd+O anywhere; a file dropped anywhere opens.
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        openFile();
      }
    };
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const f = e.dataTransfer?.files[0];
      if (!f) return;
      e.preventDefault();
      if (busy) return;
      if (desktop) void desktop.openDropped(f).catch((err: Error) => setError(err.message));
      else void importSource(f, f.name);
    };
    window.addEventListener('keydown', key);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('keydown', key);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  });

  // Good news fades by itself; errors stay until dismissed.
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(t);
  }, [notice]);

  // A session deleted elsewhere (another window) closes here; one still importing is not listed yet.
  useEffect(() => {
    if (open && sessions && !store.getState().session?.importing && !sessions.some((s) => s.id === open.id)) closeSession();
  }, [sessions, open, closeSession, store]);

  return (
    <ServicesContext.Provider value={services}>
      <div className="app">
        <input
          ref={input}
          data-testid="import-input"
          type="file"
          hidden
          accept=".cinema,.gz,.json,.jsonl,.ndjson,application/json"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importSource(f, f.name);
            e.target.value = '';
          }}
        />
        {open ? (
          <SessionView onClose={closeSession} onError={setError} />
        ) : (
          <Library
            sessions={sessions}
            busy={busy}
            onOpenFile={openFile}
            onOpenSample={openSample}
            onOpen={(s) => void openSession(s.id)}
            onError={setError}
          />
        )}
        <div className="notices">
          {importing && (
            <div className="progress" data-testid="progress" role="status">
              <span>Importing {importing.file}</span>
              <progress max={importing.total || 1} value={importing.bytes} />
              <span>
                {importing.events.toLocaleString()} events · {(importing.bytes / 1e6).toFixed(1)}
                {importing.total ? ` / ${(importing.total / 1e6).toFixed(1)}` : ''} MB
              </span>
              <button onClick={cancel} disabled={!importing.importId}>
                Cancel
              </button>
            </div>
          )}
          {error && (
            <div className="error-panel" data-testid="error-panel" role="alert">
              <strong>{/:\d+:\d+: /.test(error) ? 'This file could not be opened' : 'Something went wrong'}</strong>
              <code>{error}</code>
              <button onClick={() => setError(null)} aria-label="Dismiss">
                ✕
              </button>
            </div>
          )}
          {notice && !error && !importing && (
            <div className="notice" role="status">
              {notice}
              <button onClick={() => setNotice(null)} aria-label="Dismiss">
                ✕
              </button>
            </div>
          )}
        </div>
      </div>
    </ServicesContext.Provider>
  );
}
