// The session view: timeline across the top (density strip, detail and the calls' flame chart), the AST panel on the left,
// the events list and inspector on the right, the flow and the state below. Panes resize (by
// pointer or keyboard) and can be hidden; react-resizable-panels remembers their sizes, the app
// store which are shown.
import { useEffect } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { useApp, useServices } from '../state/context';
import { layoutSelectors } from '../state/slices/layout';
import { playbackSelectors } from '../state/slices/playback';
import { sessionSelectors } from '../state/slices/session';
import { handleKey } from './keyboard';
import { AstPanel } from './panels/AstPanel';
import { CorrelationView } from './panels/CorrelationView';
import { EventsList } from './panels/EventsList';
import { Inspector } from './panels/Inspector';
import { StatePanel } from './panels/StatePanel';
import { startPlayback } from './playback';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { DensityStrip } from './timeline/DensityStrip';
import { DetailTimeline } from './timeline/DetailTimeline';
import { FlameChart } from './flame/FlameChart';
import { Toolbar } from './Toolbar';

export function SessionView() {
  const { client, store } = useServices();
  const panels = useApp(layoutSelectors.panels);
  const playing = useApp(playbackSelectors.playing);
  const speed = useApp(playbackSelectors.speed);
  const name = useApp(sessionSelectors.name);
  const setError = useApp((s) => s.setError);

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
        (err: Error) => setError(err.message),
      );
    };
    const onKey = (e: KeyboardEvent) => {
      if (handleKey(e, client, store, bookmark)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, store, setError]);

  const columns = [panels.ast && 'ast', 'events', panels.inspector && 'inspector'].filter((x): x is string => !!x);
  const rows = ['middle', panels.bottom && 'bottom'].filter((x): x is string => !!x);
  const across = useDefaultLayout({ id: 'cinema.panes.columns', panelIds: columns, storage: globalThis.localStorage });
  const down = useDefaultLayout({ id: 'cinema.panes.rows', panelIds: rows, storage: globalThis.localStorage });
  return (
    <div className="session-view">
      <Toolbar />
      <div className="timeline-block">
        <DensityStrip />
        <DetailTimeline />
        <FlameChart />
      </div>
      <Group orientation="vertical" className="panes" defaultLayout={down.defaultLayout} onLayoutChanged={down.onLayoutChanged}>
        <Panel id="middle" minSize={160} className="pane">
          <Group orientation="horizontal" className="middle" defaultLayout={across.defaultLayout} onLayoutChanged={across.onLayoutChanged}>
            {panels.ast && (
              <>
                <Panel id="ast" defaultSize={280} minSize={120} className="pane">
                  <AstPanel />
                </Panel>
                <Separator className="resizer resizer-x" aria-label="Resize the AST panel" />
              </>
            )}
            <Panel id="events" minSize={200} className="pane">
              <EventsList />
            </Panel>
            {panels.inspector && (
              <>
                <Separator className="resizer resizer-x" aria-label="Resize the inspector" />
                <Panel id="inspector" defaultSize={380} minSize={120} className="pane">
                  <Inspector />
                </Panel>
              </>
            )}
          </Group>
        </Panel>
        {panels.bottom && (
          <>
            <Separator className="resizer resizer-y" aria-label="Resize the flow and state panels" />
            <Panel id="bottom" defaultSize={260} minSize={120} className="pane">
              <div className="bottom">
                <CorrelationView />
                <StatePanel />
              </div>
            </Panel>
          </>
        )}
      </Group>
      <ShortcutsOverlay />
    </div>
  );
}
