// The detail timeline: vis-timeline for the items in view, Cinema's own numeric ruler above it, a
// marks row for the selected AST node or flow and the bookmarks, and the playhead: an overlay moved
// by transform, so scrubbing never re-renders React or vis. Fetching (window-data.ts), turning the
// answer into items (items.ts) and drawing them (vis-adapter.ts) are apart, as Perfetto's tracks are.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StoredEvent } from '../../../src/event';
import { useApp, useServices } from '../../state/context';
import { selectionSelectors } from '../../state/slices/selection';
import { sessionSelectors } from '../../state/slices/session';
import { laneLabel } from '../describe';
import { Bookmarks } from './Bookmarks';
import { windowItems } from './items';
import { drawMarks, fetchMarks } from './marks';
import { drawRuler } from './ruler';
import { VisTimeline } from './vis-adapter';
import { useWindowData } from './window-data';

export function DetailTimeline() {
  const { client, store } = useServices();
  const session = useApp(sessionSelectors.session);
  const selectedAst = useApp(selectionSelectors.ast);
  const selectedCorrelation = useApp(selectionSelectors.correlation);
  const selectedEvent = useApp(selectionSelectors.event);
  const [lanes, setLanes] = useState(true);
  const host = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const ruler = useRef<HTMLCanvasElement>(null);
  const marksCanvas = useRef<HTMLCanvasElement>(null);
  const playhead = useRef<HTMLDivElement>(null);
  const area = useRef<HTMLDivElement>(null);
  const vis = useRef<VisTimeline | null>(null);
  const sid = session?.info.id ?? null;
  const laneNames = session?.info.lane_names;
  const t0 = session?.t0 ?? 0;
  const t1 = session?.t1 ?? 0;
  const { data, request } = useWindowData(useMemo(() => (sid === null ? null : { id: sid, t0 }), [sid, t0]));
  // Events drawn now, for clicks on their items.
  const shown = useRef(new Map<string, StoredEvent>());

  // vis, once per session and bounds (a session growing while it imports: vis keeps its own min/max).
  useEffect(() => {
    if (sid === null || !host.current) return;
    const timeline = new VisTimeline(host.current, t0, t1, store.getState().window, {
      onRange: (from, to) => store.getState().setWindow(from, to),
      onRangeSettled: request,
      onClick: (item, t) => {
        const s = store.getState();
        const e = item?.startsWith('e') ? shown.current.get(item.slice(1)) : undefined;
        if (e) s.selectEvent(e);
        else if (t !== null) s.seek(t, true);
      },
    });
    vis.current = timeline;
    request();
    return () => {
      vis.current = null;
      timeline.destroy();
    };
  }, [store, sid, t0, t1, request]);

  // Data or selection changed: the items, as a diff.
  useEffect(() => {
    const timeline = vis.current;
    if (!timeline || !data) return;
    shown.current = new Map(data.mode === 'events' ? data.events.map((e) => [e.event_id, e]) : []);
    const { items, groups } = windowItems(data, {
      lanes,
      selectedAst,
      selectedCorrelation,
      selectedEvent: selectedEvent?.event_id ?? null,
      laneLabel: (lane) => laneLabel(lane, laneNames),
    });
    timeline.draw(items, groups);
    // For automation and the UI benchmark: which window the items on screen were made for.
    const el = root.current;
    if (el) {
      el.dataset.rendered = String(Number(el.dataset.rendered ?? 0) + 1);
      el.dataset.itemsWindow = `${data.window[0]}:${data.window[1]}`;
      el.dataset.mode = data.mode;
    }
  }, [data, lanes, selectedAst, selectedCorrelation, selectedEvent, laneNames]);

  // The store's window, playhead and selection -> vis, the ruler, the playhead overlay and the marks.
  useEffect(() => {
    if (sid === null) return;
    let frame = 0;
    let markTimer = 0;
    let disposed = false;
    const draw = () => {
      frame = 0;
      const s = store.getState();
      if (!s.session) return;
      if (ruler.current) drawRuler(ruler.current, s.window, s.session.t0, s.session.info.time_unit);
      const ph = playhead.current;
      const box = area.current;
      if (ph && box) {
        const [a, b] = s.window;
        const x = ((s.playhead - a) / Math.max(1, b - a)) * box.clientWidth;
        ph.style.transform = `translateX(${Math.round(x)}px)`;
        ph.style.visibility = x < -1 || x > box.clientWidth + 1 ? 'hidden' : 'visible';
        ph.dataset.time = s.session.time.restore(s.playhead);
        ph.setAttribute('aria-valuenow', String(s.playhead - s.session.t0));
      }
    };
    const schedule = () => void (frame ||= requestAnimationFrame(draw));
    const scheduleMarks = () => {
      clearTimeout(markTimer);
      markTimer = window.setTimeout(() => {
        const el = marksCanvas.current;
        const s = store.getState();
        if (!el) return;
        const buckets = Math.max(1, Math.min(2000, Math.floor(el.clientWidth / 2)));
        void fetchMarks(client, sid, s.window, buckets, { ast: s.selectedAst, correlation: s.selectedCorrelation }).then(
          (layers) => !disposed && drawMarks(el, layers),
          () => {},
        );
      }, 80);
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.window !== prev.window) {
        if (vis.current?.setWindow(s.window[0], s.window[1])) request();
        scheduleMarks();
      }
      if (s.window !== prev.window || s.playhead !== prev.playhead) schedule();
      if (s.selectedAst !== prev.selectedAst || s.selectedCorrelation !== prev.selectedCorrelation) scheduleMarks();
    });
    const resize = new ResizeObserver(() => {
      schedule();
      scheduleMarks();
    });
    resize.observe(area.current!);
    schedule();
    scheduleMarks();
    return () => {
      disposed = true;
      unsub();
      resize.disconnect();
      clearTimeout(markTimer);
      cancelAnimationFrame(frame);
    };
  }, [client, store, sid, request]);

  // The ruler scrubs: press to move the playhead there, drag to scrub, release to settle.
  const scrubbing = useRef(false);
  const timeAtX = (clientX: number) => {
    const s = store.getState();
    const r = area.current!.getBoundingClientRect();
    const [a, b] = s.window;
    return a + ((clientX - r.left) / Math.max(1, r.width)) * (b - a);
  };
  const down = (e: React.PointerEvent) => {
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    scrubbing.current = true;
    store.getState().seek(timeAtX(e.clientX));
  };
  const move = (e: React.PointerEvent) => scrubbing.current && store.getState().seek(timeAtX(e.clientX));
  const up = (e: React.PointerEvent) => {
    if (!scrubbing.current) return;
    scrubbing.current = false;
    store.getState().seek(timeAtX(e.clientX), true);
  };

  if (!session) return null;
  return (
    <div className="detail-timeline" data-testid="timeline" ref={root}>
      <div className="timeline-area" ref={area}>
        <canvas
          ref={ruler}
          className="ruler"
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          aria-label="Time ruler; drag to scrub"
        />
        <canvas ref={marksCanvas} className="marks-row" />
        <Bookmarks />
        <div className="vis-host" ref={host} />
        <div
          ref={playhead}
          className="playhead"
          data-testid="playhead"
          role="slider"
          aria-label="Playhead"
          tabIndex={-1}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
        >
          <div className="playhead-handle" />
        </div>
      </div>
      <label className="lanes-toggle">
        <input type="checkbox" checked={lanes} onChange={(e) => setLanes(e.target.checked)} /> lanes per process / thread
      </label>
    </div>
  );
}
