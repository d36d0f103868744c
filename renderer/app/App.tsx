// The session list: every recording in the store, opening a file or the sample recording, with
// import progress and cancel. The timeline and the panels come with the UI issue.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RpcClient } from '../../src/rpc/client';
import type { SessionWire } from '../../src/rpc/contract';
import type { DesktopApi } from '../../src/rpc/shell';
import { demoRecordingLines } from '../../src/demo/recording';
import { sendFile, type Source } from './send-file';

interface Importing { file: string; importId: string | null; bytes: number; events: number }

/** `desktop`: the Electron shell's services; absent in the web build, where the page reads files itself. */
export function App({ client, desktop }: { client: RpcClient; desktop?: DesktopApi }) {
  const [sessions, setSessions] = useState<SessionWire[] | null>(null);
  const [importing, setImporting] = useState<Importing | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const refresh = useCallback(() => void client.call('sessions.list', {}).then(setSessions), [client]);
  useEffect(() => {
    refresh();
    const offChanged = client.on('sessions.changed', refresh);
    const offProgress = client.on('import.progress', (p) => setImporting((cur) => (cur && cur.importId === p.importId ? { ...cur, bytes: p.bytes, events: p.events } : cur)));
    return () => {
      offChanged();
      offProgress();
    };
  }, [client, refresh]);

  const open = async (source: Source, file: string) => {
    setMessage(null);
    setImporting({ file, importId: null, bytes: 0, events: 0 });
    try {
      const r = await sendFile(client, source, file, (importId) => setImporting((cur) => cur && { ...cur, importId }));
      setMessage({ error: false, text: `Opened ${file}: ${r.events.toLocaleString()} events${r.skipped ? `, ${r.skipped} skipped` : ''}.` });
    } catch (err) {
      setMessage({ error: true, text: (err as Error).message });
    } finally {
      setImporting(null);
    }
  };

  // In the desktop app main streams files from disk; the page hears progress and the outcome.
  useEffect(() => {
    if (!desktop) return;
    desktop.sessionShown(null);
    return desktop.onImportState((st) => {
      if (st.phase === 'progress') setImporting({ file: st.file, importId: 'desktop', bytes: st.bytes, events: 0 });
      else {
        setImporting(null);
        setMessage(st.phase === 'done'
          ? { error: false, text: `Opened ${st.file}: ${st.result.events.toLocaleString()} events${st.result.skipped ? `, ${st.result.skipped} skipped` : ''}.` }
          : { error: true, text: st.message });
      }
    });
  }, [desktop]);

  // A file dropped anywhere on the window opens (the desktop app streams it from disk in main).
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const f = e.dataTransfer?.files[0];
      if (!f) return;
      e.preventDefault();
      if (importing) return;
      if (desktop) void desktop.openDropped(f).catch((err: Error) => setMessage({ error: true, text: err.message }));
      else void open(f, f.name);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  });

  const openSample = () => open([...demoRecordingLines({ events: 20_000, seed: 7 })].join('\n') + '\n', 'sample.cinema');
  const cancel = () => {
    if (importing?.importId === 'desktop') desktop?.cancelImport();
    else if (importing?.importId) void client.call('import.cancel', { importId: importing.importId });
  };
  const openFileButton = () => (desktop ? void desktop.openRecording() : input.current?.click());
  const remove = (s: SessionWire) => void client.call('sessions.delete', { session: s.id });

  return (
    <main className="sessions">
      <header>
        <h1>Cinema</h1>
        <div className="actions">
          <button onClick={openFileButton} disabled={importing !== null}>Open recording…</button>
          <button onClick={openSample} disabled={importing !== null}>Open sample</button>
          <input ref={input} type="file" hidden onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void open(f, f.name);
            e.target.value = '';
          }} />
        </div>
      </header>
      {importing && (
        <p className="progress" role="status">
          Importing {importing.file}: {importing.events.toLocaleString()} events, {(importing.bytes / 1e6).toFixed(1)} MB read
          <button onClick={cancel} disabled={!importing.importId}>Cancel</button>
        </p>
      )}
      {message && (
        <p className={message.error ? 'message error' : 'message'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {sessions === null ? <p>Loading…</p> : sessions.length === 0 ? (
        <p className="empty">No recordings yet. Open a .cinema, Chrome trace, OTLP or speedscope file, or the sample.</p>
      ) : (
        <table>
          <thead><tr><th>Recording</th><th>Events</th><th>AST nodes</th><th>Flows</th><th>Unit</th><th></th></tr></thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-session={s.id}>
                <td>{s.name}<small>{s.source ? ` ${s.source.format}` : ''}</small></td>
                <td>{s.total_events.toLocaleString()}</td>
                <td>{s.ast_node_count.toLocaleString()}</td>
                <td>{s.correlation_count.toLocaleString()}</td>
                <td>{s.time_unit}</td>
                <td><button onClick={() => remove(s)} aria-label={`Delete ${s.name}`}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
