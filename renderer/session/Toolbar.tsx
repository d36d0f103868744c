// The session view's toolbar: back to the library, the session's name, playback, the time at the
// playhead, search over event data, comparing with another run, bookmarks, and export.
import { useRef, useState } from 'react';
import type { ExportFormat, ExportScope } from '../../src/rpc/shell';
import { formatOffset } from '../time-format';
import type { Speed } from '../state/app-store';
import { useApp, useServices } from '../state/context';
import { playbackSelectors } from '../state/slices/playback';
import { selectionSelectors } from '../state/slices/selection';
import { sessionSelectors } from '../state/slices/session';
import { viewSelectors } from '../state/slices/view';
import { downloadExport } from './export-file';
import { step } from './navigation';
import { BookmarksButton } from './BookmarksPanel';
import { useDismiss } from './popover';
import { copyText } from './clipboard';
import { LINK_PREFIX, encodeAddress } from '../state/address';
import { addressOf } from '../state/address-sync';

const SPEEDS: Speed[] = [0.25, 0.5, 1, 2, 4, 8, 16, 'original'];

// Icons as inline SVG: the system fonts do not all carry the media control symbols.
const Icon = ({ d }: { d: string }) => (
  <svg viewBox="0 0 16 16" aria-hidden>
    <path d={d} />
  </svg>
);
const ICONS = {
  prev: 'M3 3h2v10H3zM14 3v10L6 8z',
  next: 'M11 3h2v10h-2zM2 3v10l8-5z',
  play: 'M4 2.5v11l9-5.5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
};

export function Toolbar() {
  const { client, store } = useServices();
  const onClose = useApp((s) => s.closeSession);
  const session = useApp(sessionSelectors.session)!;
  const playing = useApp(playbackSelectors.playing);
  const speed = useApp(playbackSelectors.speed);
  const setPlaying = useApp((s) => s.setPlaying);
  const setSpeed = useApp((s) => s.setSpeed);
  return (
    <div className="toolbar" role="toolbar" aria-label="Session">
      <button onClick={onClose} title="Back to the library">
        ← Library
      </button>
      <h1 className="session-title" data-testid="session-title" title={session.info.name}>
        {session.info.name}
      </h1>
      {session.importing && (
        <span
          className="badge importing"
          data-testid="importing-badge"
          title="Shown as it fills; it joins the library when the import completes"
        >
          importing · {session.info.total_events.toLocaleString()} events
        </span>
      )}
      <div className="transport">
        <button onClick={() => void step(client, store, 'prev')} title="Previous event (←)" aria-label="Previous event">
          <Icon d={ICONS.prev} />
        </button>
        <button
          data-testid="play-button"
          className={playing ? 'active' : ''}
          onClick={() => setPlaying(!playing)}
          title="Play / pause (Space)"
          aria-label={playing ? 'Pause' : 'Play'}
        >
          <Icon d={playing ? ICONS.pause : ICONS.play} />
        </button>
        <button onClick={() => void step(client, store, 'next')} title="Next event (→)" aria-label="Next event">
          <Icon d={ICONS.next} />
        </button>
        <select
          value={String(speed)}
          onChange={(e) => setSpeed(e.target.value === 'original' ? 'original' : (Number(e.target.value) as Speed))}
          aria-label="Speed"
          title="Event-paced speeds, or the recording's own timing"
        >
          {SPEEDS.map((s) => (
            <option key={String(s)} value={String(s)}>
              {s === 'original' ? 'original timing' : `${s}x`}
            </option>
          ))}
        </select>
      </div>
      <TimeReadout />
      <SearchBox />
      <CompareWith />
      <BookmarksButton />
      <CopyLink />
      <ExportButton />
    </div>
  );
}

/** A link to this view (session, playhead, window, selection): the page's URL, or a cinema:// link in the desktop app. */
function CopyLink() {
  const { store, desktop } = useServices();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    const fragment = encodeAddress(addressOf(store.getState()));
    const link = desktop ? `${LINK_PREFIX}#${fragment}` : `${location.origin}${location.pathname}#${fragment}`;
    void copyText(link).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <button data-testid="copy-link" onClick={copy} title="Copy a link to this moment and selection">
      {copied ? 'Copied' : 'Copy link'}
    </button>
  );
}

/** "Compare with…": this session as run A, the one picked as run B. */
function CompareWith() {
  const session = useApp(sessionSelectors.session)!;
  const sessions = useApp((s) => s.sessions);
  const startCompare = useApp((s) => s.startCompare);
  const closeSession = useApp((s) => s.closeSession);
  const others = (sessions ?? []).filter((s) => s.id !== session.info.id);
  if (others.length === 0) return null;
  return (
    <select
      value=""
      data-testid="compare-with"
      aria-label="Compare with another recording"
      onChange={(e) => {
        if (!e.target.value) return;
        startCompare(session.info.id, e.target.value);
        closeSession();
      }}
    >
      <option value="">Compare with…</option>
      {others.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
}

function TimeReadout() {
  const session = useApp(sessionSelectors.session)!;
  const playhead = useApp(viewSelectors.playhead);
  return (
    <div className="readout" title={`${session.time.restore(playhead)} ${session.info.time_unit} since the epoch`}>
      <strong>{formatOffset(playhead - session.t0, session.info.time_unit)}</strong>
      <span> / {formatOffset(session.t1 - session.t0, session.info.time_unit)}</span>
    </div>
  );
}

/** Text, or /regular expression/, over event data and ids; Enter searches, Esc clears. */
function SearchBox() {
  const filter = useApp(selectionSelectors.filter);
  const setFilter = useApp((s) => s.setFilter);
  const [text, setText] = useState(filter.kind === 'search' ? (filter.regex ? `/${filter.query}/` : filter.query) : '');
  const [problem, setProblem] = useState<string | null>(null);
  // The box shows the search the list shows: cleared when the list moves to something else.
  const [shownFor, setShownFor] = useState(filter);
  if (shownFor !== filter) {
    setShownFor(filter);
    if (filter.kind !== 'search') setText('');
  }
  const run = () => {
    const t = text.trim();
    if (!t) return setFilter({ kind: 'window' });
    const re = /^\/(.+)\/$/.exec(t);
    if (re) {
      try {
        new RegExp(re[1]);
      } catch (err) {
        setProblem((err as Error).message);
        return;
      }
    }
    setProblem(null);
    setFilter(re ? { kind: 'search', query: re[1], regex: true } : { kind: 'search', query: t, regex: false });
  };
  return (
    <form
      className="search"
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
      role="search"
    >
      <input
        data-testid="search-input"
        type="search"
        placeholder="Search data (text or /regex/)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('');
            setFilter({ kind: 'window' });
          }
        }}
        aria-invalid={problem !== null}
        title={problem ?? 'Enter searches every event of the session'}
      />
    </form>
  );
}

function ExportButton() {
  const { client, desktop } = useServices();
  const onError = useApp((s) => s.setError);
  const session = useApp(sessionSelectors.session)!;
  const win = useApp(viewSelectors.window);
  const filter = useApp(selectionSelectors.filter);
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('cinema');
  const [scope, setScope] = useState<'session' | 'range' | 'filter'>('session');
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useDismiss(open, () => setOpen(false), box);
  const filterScope: ExportScope | null =
    filter.kind === 'ast'
      ? { astNodeId: filter.astNodeId }
      : filter.kind === 'correlation'
        ? { correlationId: filter.correlationId }
        : null;
  const go = async () => {
    const chosen: ExportScope =
      scope === 'range' ? { range: [Math.floor(win[0]), Math.ceil(win[1])] } : scope === 'filter' && filterScope ? filterScope : {};
    setBusy(true);
    try {
      if (desktop) await desktop.exportSession(session.info.id, format, chosen);
      else await downloadExport(client, session.info.id, session.info.name, format, chosen);
      setOpen(false);
    } catch (err) {
      onError(`Export failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export" ref={box}>
      <button
        data-testid="export-button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        disabled={session.importing}
        title={session.importing ? 'Export once the import is complete' : undefined}
      >
        Export…
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Export">
          <label>
            What
            <select value={scope} onChange={(e) => setScope(e.target.value as typeof scope)} aria-label="Export what">
              <option value="session">the whole session</option>
              <option value="range">the visible range</option>
              <option value="filter" disabled={!filterScope}>
                the current filter{filterScope ? '' : ' (select a node or flow)'}
              </option>
            </select>
          </label>
          <label>
            As
            <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-label="Export format">
              <option value="cinema">.cinema</option>
              <option value="cinema.gz">.cinema.gz (compressed)</option>
              <option value="chrome">Chrome trace JSON (Perfetto)</option>
            </select>
          </label>
          <button onClick={() => void go()} disabled={busy} data-testid="export-go">
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      )}
    </div>
  );
}
