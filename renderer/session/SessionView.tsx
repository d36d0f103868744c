// The session view: timeline across the top (density strip and detail), the AST panel on the left,
// the events list and inspector on the right, the flow and the state below. Panes resize and can be
// hidden; the layout is remembered.
import { useEffect } from 'react';
import { useApp, useServices } from '../state/context';
import { AstPanel } from './AstPanel';
import { CorrelationView } from './CorrelationView';
import { DensityStrip } from './DensityStrip';
import { DetailTimeline } from './DetailTimeline';
import { EventsList } from './EventsList';
import { Inspector } from './Inspector';
import { handleKey } from './keyboard';
import { startPlayback } from './playback';
import { Resizer } from './Resizer';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { StatePanel } from './StatePanel';
import { Toolbar } from './Toolbar';

export function SessionView({ onClose, onError }: { onClose(): void; onError(message: string): void }) {
  const { client, store } = useServices();
  const panels = useApp((s) => s.panels);
  const sizes = useApp((s) => s.sizes);
  const setSize = useApp((s) => s.setSize);
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const name = useApp((s) => s.session?.info.name ?? '');

  useEffect(() => {
    document.title = `${name} — Cinema`;
    return () => void (document.title = 'Cinema');
  }, [name]);

  useEffect(() => (playing ? startPlayback(client, store) : undefined), [playing, speed, client, store]);

  useEffect(() => {
    const bookmark = () => {
      const s = store.getState();
      if (!s.session) return;
      const label = `Bookmark ${s.session.extras.bookmarks.length + 1}`;
      void client.call('session.addBookmark', { session: s.session.info.id, timestamp: s.playhead, label }).then(
        (r) => store.getState().setBookmarks(r.bookmarks),
        (err: Error) => onError(err.message),
      );
    };
    const onKey = (e: KeyboardEvent) => {
      if (handleKey(e, client, store, bookmark)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, store, onError]);

  const columns = [panels.ast ? `${sizes.left}px 4px` : '', 'minmax(200px, 1fr)', panels.inspector ? `4px ${sizes.right}px` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="session-view">
      <Toolbar onClose={onClose} onError={onError} />
      <div className="timeline-block">
        <DensityStrip />
        <DetailTimeline />
      </div>
      <div className="middle" style={{ gridTemplateColumns: columns }}>
        {panels.ast && <AstPanel />}
        {panels.ast && <Resizer axis="x" size={sizes.left} onSize={(px) => setSize('left', px)} label="Resize the AST panel" />}
        <EventsList />
        {panels.inspector && (
          <Resizer axis="x" size={sizes.right} onSize={(px) => setSize('right', px)} invert label="Resize the inspector" />
        )}
        {panels.inspector && <Inspector />}
      </div>
      {panels.bottom && (
        <>
          <Resizer axis="y" size={sizes.bottom} onSize={(px) => setSize('bottom', px)} invert label="Resize the flow and state panels" />
          <div className="bottom" style={{ height: sizes.bottom }}>
            <CorrelationView />
            <StatePanel />
          </div>
        </>
      )}
      <ShortcutsOverlay />
    </div>
  );
}
