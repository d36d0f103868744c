// The session library: every recording in the store with its events, duration and date; open,
// rename, delete; open a file or the bundled sample; check two and compare them.
import { useEffect, useState } from 'react';
import type { SessionWire } from '../../src/rpc/contract';
import { formatOffset } from '../time-format';
import { useApp, useServices } from '../state/context';
import { librarySelectors } from '../state/slices/library';
import { compareSelectors } from '../state/slices/compare';

interface Props {
  onOpenFile(): void;
  onOpenSample(): void;
}

export function Library({ onOpenFile, onOpenSample }: Props) {
  const sessions = useApp(librarySelectors.sessions);
  const busy = useApp(librarySelectors.busy);
  const picks = useApp(compareSelectors.picks);
  const startCompare = useApp((s) => s.startCompare);
  return (
    <main className="library">
      <header className="library-head">
        <div>
          <h1>Cinema</h1>
          <p className="tagline">Move through a recorded execution like a film.</p>
        </div>
        <div className="actions">
          <button className="primary" onClick={onOpenFile} disabled={busy}>
            Open recording…
          </button>
          <button data-testid="open-sample" onClick={onOpenSample} disabled={busy}>
            Open sample
          </button>
          <button
            data-testid="compare-button"
            disabled={picks.length !== 2}
            title={picks.length === 2 ? 'Compare the two checked recordings' : 'Check two recordings to compare them'}
            onClick={() => startCompare(picks[0], picks[1])}
          >
            Compare
          </button>
        </div>
      </header>
      <StorageLine count={sessions?.length ?? 0} />
      {sessions === null ? (
        <p className="empty">Loading…</p>
      ) : sessions.length === 0 ? (
        <div className="empty-state">
          <p>No recordings yet.</p>
          <p className="hint">
            Open a .cinema or .cinema.gz file, a Chrome trace, an OTLP/JSON trace or a speedscope profile — or drop one anywhere on this
            window — or open the sample.
          </p>
        </div>
      ) : (
        <table className="sessions-table">
          <thead>
            <tr>
              <th aria-label="Compare" />
              <th>Recording</th>
              <th className="num">Events</th>
              <th className="num">Duration</th>
              <th className="num">AST nodes</th>
              <th className="num">Flows</th>
              <th>Opened</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <Row key={s.id} s={s} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/**
 * The space recordings take and what is left (the browser's estimate for this origin), and whether
 * the browser keeps them under storage pressure: asked once for persistent storage, and said
 * plainly when it refuses (it may then clear them when the disk runs low).
 */
function StorageLine({ count }: { count: number }) {
  const [info, setInfo] = useState<{ used: number; quota: number; persisted: boolean | null } | null>(null);
  useEffect(() => {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage?.estimate) return;
    let live = true;
    void (async () => {
      const persisted = storage.persisted ? (await storage.persisted()) || (storage.persist ? await storage.persist() : false) : null;
      const { usage = 0, quota = 0 } = await storage.estimate();
      if (live) setInfo({ used: usage, quota, persisted });
    })().catch(() => {});
    return () => void (live = false);
  }, [count]);
  if (!info) return null;
  const mb = (n: number) => `${(n / 1e6).toLocaleString(undefined, { maximumFractionDigits: n < 1e7 ? 1 : 0 })} MB`;
  return (
    <p className="hint storage-line" data-testid="storage-usage">
      Recordings take {mb(info.used)}; {mb(Math.max(0, info.quota - info.used))} more can be stored here.{' '}
      {info.persisted === false
        ? 'The browser did not grant persistent storage: it may clear recordings when the disk runs low (export the ones to keep).'
        : info.persisted
          ? 'Kept even when the disk runs low (persistent storage).'
          : ''}
    </p>
  );
}

function Row({ s }: { s: SessionWire }) {
  const { client } = useServices();
  const openSession = useApp((st) => st.openSession);
  const onError = useApp((st) => st.setError);
  const picked = useApp((st) => st.comparePicks.includes(s.id));
  const togglePick = useApp((st) => st.toggleComparePick);
  const onOpen = (x: SessionWire) => void openSession(x.id);
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState(s.name);
  const duration = s.oldest_event !== null && s.newest_event !== null ? formatOffset(s.newest_event - s.oldest_event, s.time_unit) : '—';
  const rename = () => {
    setRenaming(false);
    const n = name.trim();
    if (n && n !== s.name) void client.call('sessions.rename', { session: s.id, name: n }).catch((e: Error) => onError(e.message));
  };
  return (
    <tr data-testid="session-row" data-session-id={s.id}>
      <td className="pick">
        <input
          type="checkbox"
          data-testid="compare-select"
          checked={picked}
          onChange={() => togglePick(s.id)}
          aria-label={`Compare ${s.name}`}
        />
      </td>
      <td>
        {renaming ? (
          <input
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={rename}
            onKeyDown={(e) => {
              if (e.key === 'Enter') rename();
              if (e.key === 'Escape') {
                setName(s.name);
                setRenaming(false);
              }
            }}
            aria-label="Session name"
          />
        ) : (
          <button className="link session-name" onClick={() => onOpen(s)}>
            {s.name}
          </button>
        )}
        {s.source && <small className="format">{s.source.format}</small>}
      </td>
      <td className="num">{s.total_events.toLocaleString()}</td>
      <td className="num">{duration}</td>
      <td className="num">{s.ast_node_count.toLocaleString()}</td>
      <td className="num">{s.correlation_count.toLocaleString()}</td>
      <td>{new Date(s.created_at).toLocaleString()}</td>
      <td className="row-actions">
        <button onClick={() => onOpen(s)}>Open</button>
        <button onClick={() => setRenaming(true)} aria-label={`Rename ${s.name}`}>
          Rename
        </button>
        {confirming ? (
          <>
            <button
              className="danger"
              onClick={() => void client.call('sessions.delete', { session: s.id }).catch((e: Error) => onError(e.message))}
              aria-label={`Confirm deleting ${s.name}`}
            >
              Delete it
            </button>
            <button onClick={() => setConfirming(false)}>Keep</button>
          </>
        ) : (
          <button onClick={() => setConfirming(true)} aria-label={`Delete ${s.name}`}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
