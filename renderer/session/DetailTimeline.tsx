// The detail timeline: vis-timeline for the items in view (single events, or count buckets when the
// window holds many; see windowing.ts), Cinema's own numeric ruler above it, a marks row for the
// selected AST node or flow and the bookmarks, and the playhead: an overlay moved by transform, so
// scrubbing never re-renders React or vis. Wheel and drag on vis zoom and pan; the ruler scrubs.
import { useEffect, useRef, useState } from 'react';
import type { StoredEvent } from '../../src/event';
import { formatOffset } from '../time-format';
import { useApp, useServices } from '../state/context';
import { niceStep, ticks } from './axis';
import { cssVar, fitCanvas } from './canvas';
import { describeEvent, eventType, laneOf } from './describe';
import { absoluteTime } from './exact-time';
import { Timeline, newGroupSet, newItemSet } from './vis';
import { bucketItem, MAX_SINGLE, planWindow } from './windowing';

/** vis-timeline keeps times as dates: one session unit is one "millisecond" (scaled down past 1e15). */
function visScale(t0: number, t1: number): number {
  return Math.max(1, Math.ceil((t1 - t0) / 1e15));
}

export function DetailTimeline() {
  const { client, store } = useServices();
  const session = useApp((s) => s.session);
  const [lanes, setLanes] = useState(true);
  const host = useRef<HTMLDivElement>(null);
  const ruler = useRef<HTMLCanvasElement>(null);
  const marksCanvas = useRef<HTMLCanvasElement>(null);
  const playhead = useRef<HTMLDivElement>(null);
  const area = useRef<HTMLDivElement>(null);
  const lanesRef = useRef(lanes);
  lanesRef.current = lanes;

  useEffect(() => {
    if (!session) return;
    const { t0, t1 } = session;
    const sid = session.info.id;
    const unit = session.info.time_unit;
    const scale = visScale(t0, t1);
    const toVis = (t: number) => new Date((t - t0) / scale);
    const fromVis = (d: Date | number) => t0 + Number(d.valueOf()) * scale;
    const items = newItemSet();
    const groups = newGroupSet();
    const events = new Map<string, StoredEvent>();
    const pad = Math.max(1, (t1 - t0) * 0.02);
    const [w0, w1] = store.getState().window;
    const timeline = new Timeline(host.current!, items, {
      start: toVis(w0),
      end: toVis(w1),
      min: toVis(t0 - pad),
      max: toVis(t1 + pad),
      zoomMin: Math.max(1, 10 / scale),
      stack: false,
      showMajorLabels: false,
      showMinorLabels: false,
      showCurrentTime: false,
      selectable: true,
      height: '100%',
      // More lanes than fit scroll inside the timeline instead of pushing the panels down.
      verticalScroll: true,
      margin: { item: { horizontal: 0, vertical: 4 }, axis: 0 },
      orientation: { axis: 'none' as never, item: 'top' },
      groupOrder: 'id',
      tooltip: { followMouse: true, delay: 150 },
      zoomFriction: 6,
    });
    let applied: [number, number] = [w0, w1];
    let dispose = false;

    // Items for the current window, replaced as a diff (vis lays out each added item).
    let generation = 0;
    const refreshItems = async () => {
      const gen = ++generation;
      const s = store.getState();
      const [a, b] = s.window;
      const inWindow = (await client.call('session.density', { session: sid, start: Math.floor(a), end: Math.ceil(b), buckets: 1 }))
        .counts[0];
      const plan = planWindow(t0, Math.floor(a), Math.ceil(b), inWindow);
      const next: Array<Record<string, unknown> & { id: string }> = [];
      const wantGroups = new Map<string, string>();
      if (plan.mode === 'events') {
        const page = await client.call('events.range', { session: sid, start: Math.floor(a), end: Math.ceil(b), limit: MAX_SINGLE });
        if (gen !== generation || dispose) return;
        events.clear();
        const sel = store.getState();
        for (const e of page.events) {
          events.set(e.event_id, e);
          const pid = lanesRef.current ? laneOf(e) : 'all';
          wantGroups.set(pid, pid);
          const marked =
            (sel.selectedAst !== null && e.ast_node_id === sel.selectedAst) ||
            (sel.selectedCorrelation !== null && e.correlation_id === sel.selectedCorrelation);
          next.push({
            id: `e${e.event_id}`,
            start: toVis(e.timestamp),
            type: 'point',
            group: pid,
            className: `ev ev-${eventType(e)}${marked ? ' marked' : ''}${sel.selectedEvent?.event_id === e.event_id ? ' current' : ''}`,
            title: describeEvent(e),
            content: '',
          });
        }
      } else {
        const { counts } = await client.call('session.density', {
          session: sid,
          start: plan.start,
          end: plan.start + plan.count * plan.size - 1,
          buckets: plan.count,
        });
        if (gen !== generation || dispose) return;
        let max = 1;
        for (const c of counts) max = Math.max(max, c);
        wantGroups.set('all', 'all');
        counts.forEach((c, i) => {
          if (c === 0) return;
          const bi = bucketItem(plan.start, plan.size, i, c, max);
          next.push({
            id: bi.id,
            start: toVis(bi.from),
            end: toVis(bi.to + 1),
            type: 'range',
            group: 'all',
            className: bi.className,
            title: `${c.toLocaleString()} events`,
            content: '',
          });
        });
      }
      // Groups (lanes per process) only change when the set of lanes does.
      const haveGroups = new Set(groups.getIds() as string[]);
      if (haveGroups.size !== wantGroups.size || [...wantGroups.keys()].some((g) => !haveGroups.has(g))) {
        items.clear();
        groups.clear();
        groups.add(
          [...wantGroups.keys()]
            .sort()
            .map((g) => ({ id: g, content: g === 'all' ? (plan.mode === 'events' ? 'events' : 'events (counts)') : g })),
        );
      }
      const keep = new Set(next.map((i) => i.id));
      items.remove((items.getIds() as string[]).filter((id) => !keep.has(id)));
      items.update(next as never);
      // For automation and the UI benchmark: which window the items on screen were made for.
      const root = host.current?.parentElement?.parentElement;
      if (root) {
        root.dataset.rendered = String(Number(root.dataset.rendered ?? 0) + 1);
        root.dataset.itemsWindow = `${Math.floor(a)}:${Math.ceil(b)}`;
        root.dataset.mode = plan.mode;
      }
    };
    timeline.setGroups(groups);
    // One refresh at a time: a change while one runs asks for one more after it (never a queue).
    let running = false;
    let again = false;
    const scheduleItems = () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      void refreshItems()
        .catch(() => {})
        .finally(() => {
          running = false;
          if (again && !dispose) {
            again = false;
            scheduleItems();
          }
        });
    };

    // vis -> store: the window as the user zooms and pans.
    timeline.on('rangechange', (p: { start: Date; end: Date; byUser: boolean }) => {
      if (!p.byUser) return;
      const from = fromVis(p.start);
      const to = fromVis(p.end);
      applied = [from, to];
      store.getState().setWindow(from, to);
    });
    timeline.on('rangechanged', scheduleItems);
    timeline.on('click', (p: { what: string | null; item: string | null; time: Date }) => {
      const s = store.getState();
      if (p.item && p.item.startsWith('e')) {
        const e = events.get(p.item.slice(1));
        if (e) s.selectEvent(e);
      } else if (p.time) s.seek(fromVis(p.time), true);
    });

    // store -> vis: the window when it changes elsewhere (brush, keys, fit); redraws of ruler,
    // marks and playhead on every change, at most once a frame.
    let frame = 0;
    const draw = () => {
      frame = 0;
      const s = store.getState();
      const [a, b] = s.window;
      const el = ruler.current;
      if (el) {
        const { ctx, width, height } = fitCanvas(el);
        const span = Math.max(1, b - a);
        const step = niceStep(span, width);
        ctx.fillStyle = cssVar(el, '--muted', '#6b7482');
        ctx.strokeStyle = cssVar(el, '--grid', '#d5d9df');
        ctx.font = '11px system-ui, sans-serif';
        ctx.textBaseline = 'middle';
        for (const off of ticks(a - t0, b - t0, step)) {
          const x = Math.round(((off + t0 - a) / span) * width) + 0.5;
          ctx.beginPath();
          ctx.moveTo(x, height - 6);
          ctx.lineTo(x, height);
          ctx.stroke();
          ctx.fillText(formatOffset(off, unit, step), x + 3, height / 2 - 2);
        }
      }
      const ph = playhead.current;
      const box = area.current;
      if (ph && box) {
        const x = ((s.playhead - a) / Math.max(1, b - a)) * box.clientWidth;
        ph.style.transform = `translateX(${Math.round(x)}px)`;
        ph.style.visibility = x < -1 || x > box.clientWidth + 1 ? 'hidden' : 'visible';
        ph.dataset.time = absoluteTime(session.info.epoch, s.playhead);
        ph.setAttribute('aria-valuenow', String(s.playhead - t0));
      }
    };
    const schedule = () => void (frame ||= requestAnimationFrame(draw));
    const unsub = store.subscribe((s, prev) => {
      if (s.window !== prev.window) {
        const [a, b] = s.window;
        if (a !== applied[0] || b !== applied[1]) {
          applied = [a, b];
          timeline.setWindow(toVis(a), toVis(b), { animation: false });
          scheduleItems();
        }
        scheduleMarks();
      }
      if (s.window !== prev.window || s.playhead !== prev.playhead) schedule();
      if (
        s.selectedAst !== prev.selectedAst ||
        s.selectedCorrelation !== prev.selectedCorrelation ||
        s.selectedEvent !== prev.selectedEvent
      ) {
        scheduleItems();
        scheduleMarks();
      }
    });

    // The marks row: the selected node's or flow's events across the window.
    let markTimer = 0;
    const scheduleMarks = () => {
      clearTimeout(markTimer);
      markTimer = window.setTimeout(() => void drawMarks(), 80);
    };
    const drawMarks = async () => {
      const el = marksCanvas.current;
      if (!el) return;
      const s = store.getState();
      const [a, b] = s.window;
      const buckets = Math.max(1, Math.min(2000, Math.floor(el.clientWidth / 2)));
      const layers: Array<[Uint32Array, string]> = [];
      if (s.selectedAst !== null)
        layers.push([
          (
            await client.call('session.density', {
              session: sid,
              start: Math.floor(a),
              end: Math.ceil(b),
              buckets,
              astNodeId: s.selectedAst,
            })
          ).counts,
          cssVar(el, '--mark', '#e0812f'),
        ]);
      if (s.selectedCorrelation !== null)
        layers.push([
          (
            await client.call('session.density', {
              session: sid,
              start: Math.floor(a),
              end: Math.ceil(b),
              buckets,
              correlationId: s.selectedCorrelation,
            })
          ).counts,
          cssVar(el, '--mark-flow', '#8a4fd0'),
        ]);
      if (dispose) return;
      const { ctx, width, height } = fitCanvas(el);
      layers.forEach(([counts, color], li) => {
        ctx.fillStyle = color;
        const w = width / counts.length;
        const y = li === 0 ? 1 : height / 2 + 1;
        for (let i = 0; i < counts.length; i++) if (counts[i] > 0) ctx.fillRect(i * w, y, Math.max(2, w), height / 2 - 2);
      });
    };

    const resize = new ResizeObserver(() => {
      schedule();
      scheduleMarks();
    });
    resize.observe(area.current!);
    scheduleItems();
    schedule();
    return () => {
      dispose = true;
      unsub();
      resize.disconnect();
      clearTimeout(markTimer);
      cancelAnimationFrame(frame);
      timeline.destroy();
    };
    // Recreated when the bounds change (a session growing while it imports): vis keeps its own min/max.
  }, [client, store, session?.info.id, session?.t0, session?.t1, lanes]);

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
    <div className="detail-timeline" data-testid="timeline">
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

/** Bookmarks as flags over the marks row; click one to move the playhead there. */
function Bookmarks() {
  const bookmarks = useApp((s) => s.session?.extras.bookmarks ?? []);
  const win = useApp((s) => s.window);
  const seek = useApp((s) => s.seek);
  const span = Math.max(1, win[1] - win[0]);
  return (
    <div className="bookmarks">
      {bookmarks
        .filter((b) => b.timestamp >= win[0] && b.timestamp <= win[1])
        .map((b, i) => (
          <button
            key={`${b.timestamp}-${i}`}
            className="bookmark"
            style={{ left: `${((b.timestamp - win[0]) / span) * 100}%` }}
            title={b.label}
            data-testid="bookmark"
            onClick={() => seek(b.timestamp, true)}
          >
            ⚑
          </button>
        ))}
    </div>
  );
}
