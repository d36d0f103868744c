// The flame chart under the timeline: the calls of one process / thread over the visible window as
// nested spans (entry to exit, depth = stack depth), from the store's span index, merged below a
// pixel. The calls open at the playhead are outlined: the same frames the state panel lists. Hover
// for name and duration; click a call to select its entry event (inspector, flow, playhead);
// double-click to zoom the window to it. Drawing follows the store at most once a frame.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AppState } from '../../state/app-store';
import { useFrameDrawing, useWidth } from '../timeline/canvas-hooks';
import { useApp, useServices } from '../../state/context';
import { sessionSelectors } from '../../state/slices/session';
import { viewSelectors } from '../../state/slices/view';
import { useQuery } from '../../state/use-query';
import { useLater } from '../../state/use-later';
import { formatOffset } from '../../time-format';
import type { SpansWire } from '../../../src/cinema/span-index';
import { laneLabel, laneOf } from '../describe';
import { ROW, drawFlame, spanAt } from './flame-draw';
import { MAX_DEPTH, useFlameData } from './flame-data';

/** The timeline draws first: the span index's first build reads the whole session. */
const FIRST_VIEW_MS = 1000;

const dark = () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

export function FlameChart() {
  const { client, store } = useServices();
  const session = useApp(sessionSelectors.session)!;
  const win = useApp(viewSelectors.window);
  const settled = useApp(viewSelectors.settled);
  const selected = useApp((s) => s.selectedEvent);
  const selectEvent = useApp((s) => s.selectEvent);
  const setWindow = useApp((s) => s.setWindow);
  const sid = session.info.id;
  const unit = session.info.time_unit;
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const [chosen, setChosen] = useState<string | null>(null);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);

  // The lanes and their sizes come with every answer; until one is chosen, the selected event's
  // lane, else the lane with the most calls.
  const [lastSpans, setLastSpans] = useState<SpansWire | null>(null);
  const selectedLane = selected ? laneOf(selected) : null;
  const lanes = useMemo(() => {
    const s = lastSpans;
    if (!s) return [];
    const out = s.lanes.map((l, i) => ({ lane: l, spans: s.laneSpans[i], depth: s.laneDepths[i] })).filter((l) => l.spans > 0);
    return out.sort((a, b) => b.spans - a.spans || (a.lane < b.lane ? -1 : 1));
  }, [lastSpans]);
  const lane = chosen ?? (selectedLane && lanes.some((l) => l.lane === selectedLane) ? selectedLane : (lanes[0]?.lane ?? null));
  const later = useLater(FIRST_VIEW_MS, sid);
  const data = useFlameData(sid, win, width, lane, session.importing === true || !later);
  if (data.spans && data.spans.lanes !== lastSpans?.lanes) setLastSpans(data.spans);

  const open = useQuery(lane === null ? null : (signal) => client.call('session.openSpans', { session: sid, t: settled }, { signal }), [
    sid,
    settled,
    lane,
  ]);
  const openHere = useMemo(() => open.data?.find((l) => l.lane === lane)?.spans.length ?? 0, [open.data, lane]);
  const depth = Math.min(MAX_DEPTH, lanes.find((l) => l.lane === lane)?.depth ?? 0);

  const draw = useCallback(
    (s: AppState) => {
      // Width and depth size the canvas: a change of either redraws.
      const n =
        width >= 0 && depth >= 0 ? drawFlame(canvas.current!, data.spans, { win: s.window, playhead: s.playhead, dark: dark() }) : 0;
      box.current?.setAttribute('data-spans', String(n));
    },
    [data.spans, width, depth],
  );
  useFrameDrawing(store, draw);

  const hit = (e: React.MouseEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    return { i: spanAt(data.spans, store.getState().window, r.width, x, y), x, y };
  };
  const onMove = (e: React.MouseEvent) => {
    const { i, x, y } = hit(e);
    const s = data.spans;
    if (!s || i < 0) return setTip(null);
    const dur = formatOffset(s.end[i] - s.start[i], unit);
    const text =
      s.count[i] > 1
        ? `${s.count[i].toLocaleString()} calls, each under a pixel, over ${dur} (click to zoom in)`
        : `${s.names[s.name[i]]} — ${dur}${s.node[i] >= 0 ? ` — ${s.nodes[s.node[i]]}` : ''}`;
    setTip({ x, y, text });
  };
  const zoomTo = (i: number) => {
    const s = data.spans!;
    const margin = Math.max(1, (s.end[i] - s.start[i]) * 0.05);
    setWindow(Math.floor(s.start[i] - margin), Math.ceil(s.end[i] + margin));
  };
  const onClick = (e: React.MouseEvent) => {
    const { i } = hit(e);
    const s = data.spans;
    if (!s || i < 0) return;
    if (s.count[i] > 1) return zoomTo(i);
    void client.call('events.get', { session: sid, eventId: String(s.event[i]) }).then(
      (r) => r.event && selectEvent(r.event),
      () => {},
    );
  };
  const onDoubleClick = (e: React.MouseEvent) => {
    const { i } = hit(e);
    if (data.spans && i >= 0) zoomTo(i);
  };

  return (
    <div className="flame">
      <div className="flame-head">
        <span className="flame-title">Calls</span>
        {lanes.length > 0 && (
          <select
            aria-label="Process / thread of the flame chart"
            value={lane ?? ''}
            onChange={(e) => setChosen(e.target.value)}
            data-testid="flame-lane"
          >
            {lanes.map((l) => (
              <option key={l.lane} value={l.lane}>
                {laneLabel(l.lane, session.info.lane_names)} ({l.spans.toLocaleString()} calls)
              </option>
            ))}
          </select>
        )}
        <span className="hint">
          {session.importing
            ? 'Calls are drawn when the import completes.'
            : data.error
              ? data.error
              : data.loading
                ? 'Finding the calls…'
                : lanes.length === 0
                  ? 'This recording has no calls (entry and exit events, slices or spans).'
                  : `${openHere} open at the playhead`}
        </span>
      </div>
      <div
        ref={box}
        className="flame-box"
        data-testid="flame-chart"
        data-lane={lane ?? ''}
        data-open-at-playhead={open.data ? openHere : ''}
        style={{ height: Math.min(8, depth + 1) * ROW + 2 }}
        onMouseLeave={() => setTip(null)}
      >
        <canvas
          ref={canvas}
          className="flame-canvas"
          style={{ height: (depth + 1) * ROW }}
          aria-label="Calls over the visible window; click one to select it, double-click to zoom to it"
          onMouseMove={onMove}
          onClick={onClick}
          onDoubleClick={onDoubleClick}
        />
        {tip && (
          <div className="flame-tip" style={{ left: Math.min(tip.x + 12, Math.max(0, width - 320)), top: tip.y + 14 }}>
            {tip.text}
          </div>
        )}
      </div>
    </div>
  );
}
