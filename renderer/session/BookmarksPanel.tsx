// The session's bookmarks as a list: each moment with its label and its note (markdown text, kept
// in the session and written to .cinema files), to jump to, rename, annotate or remove. Opened
// from the toolbar; B adds a bookmark at the playhead.
import { useRef, useState } from 'react';
import { useDismiss } from './popover';
import type { BookmarkWire } from '../../src/rpc/contract';
import { formatOffset } from '../time-format';
import { useApp, useServices } from '../state/context';
import { sessionSelectors } from '../state/slices/session';

export function BookmarksButton() {
  const bookmarks = useApp(sessionSelectors.bookmarks) ?? [];
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useDismiss(open, () => setOpen(false), box);
  return (
    <div className="export" ref={box}>
      <button data-testid="bookmarks-button" className={open ? 'active' : ''} onClick={() => setOpen(!open)} aria-expanded={open}>
        Bookmarks{bookmarks.length > 0 ? ` (${bookmarks.length})` : ''}
      </button>
      {open && (
        <div className="popover bookmarks-panel" data-testid="bookmarks-panel" role="dialog" aria-label="Bookmarks">
          {bookmarks.length === 0 ? (
            <p className="empty">No bookmarks yet: press B to mark the moment at the playhead.</p>
          ) : (
            bookmarks.map((b) => <BookmarkRow key={b.id} b={b} />)
          )}
        </div>
      )}
    </div>
  );
}

function BookmarkRow({ b }: { b: BookmarkWire }) {
  const { client } = useServices();
  const session = useApp(sessionSelectors.session)!;
  const seek = useApp((s) => s.seek);
  const setBookmarks = useApp((s) => s.setBookmarks);
  const setError = useApp((s) => s.setError);
  const [label, setLabel] = useState(b.label);
  const [note, setNote] = useState(b.note ?? '');
  const save = (patch: { label?: string; note?: string; remove?: boolean }) =>
    void client.call('session.updateBookmark', { session: session.info.id, id: b.id, ...patch }).then(
      (r) => setBookmarks(r.bookmarks),
      (err: Error) => setError(`The bookmark was not saved: ${err.message}`),
    );
  return (
    <div className="bookmark-row" data-testid="bookmark-row" data-bookmark-id={b.id}>
      <div className="bookmark-head">
        <button className="link" onClick={() => seek(b.timestamp, true)} title="Move the playhead here">
          ⚑ {formatOffset(b.timestamp - session.t0, session.info.time_unit)}
        </button>
        <input
          value={label}
          aria-label="Bookmark label"
          data-testid="bookmark-label"
          onChange={(e) => setLabel(e.target.value)}
          onBlur={() => label.trim() && label !== b.label && save({ label: label.trim() })}
        />
        <button className="small" onClick={() => save({ remove: true })} aria-label={`Remove bookmark ${b.label}`}>
          Remove
        </button>
      </div>
      <textarea
        value={note}
        rows={3}
        placeholder="A note (markdown)"
        aria-label="Bookmark note"
        data-testid="bookmark-note"
        onChange={(e) => setNote(e.target.value)}
        onBlur={() => note !== (b.note ?? '') && save({ note })}
      />
    </div>
  );
}
