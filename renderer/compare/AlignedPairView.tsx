// One pair of sequences of the two runs, stacked on one aligned axis (aligned-draw.ts): the wheel
// zooms around the pointer, a drag pans, a click (or the arrow keys) selects a column, N and P (or
// the buttons) jump to the next and previous change. Close in, the events of the columns in view
// are fetched and drawn one by one; the selected column names both events and opens either run
// there. Both lanes always move together: a column is one aligned position of A and of B.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AlignedPair } from '../../src/cinema/align-runs';
import { ScriptColumns } from '../../src/cinema/script-columns';
import type { StoredEvent } from '../../src/event';
import { useApp, useServices } from '../state/context';
import { useQuery } from '../state/use-query';
import { describeEvent } from '../session/describe';
import { cssVar, fitCanvas } from '../session/timeline/canvas';
import { useWidth } from '../session/timeline/canvas-hooks';
import { ALIGNED_HEIGHT, type AlignedView, CELL_COLUMNS, columnAt, drawAligned } from './aligned-draw';
import { centreOn, fitAll, panBy, zoomAt } from './aligned-view';

interface Props {
  a: string;
  b: string;
  by: 'process' | 'flow';
  values: boolean;
  index: number;
  pair: AlignedPair;
  names: { a: string; b: string };
}

const OP_WORDS = { equal: 'in both runs', delete: 'only in A', insert: 'only in B' } as const;
/** Columns shown around a change jumped to: close enough to draw each event. */
const CHANGE_SPAN = 120;
/** Milliseconds the view must rest before its events are asked for. */
const REST_MS = 60;

export function AlignedPairView({ a, b, by, values, index, pair, names }: Props) {
  const { client } = useServices();
  const openSession = useApp((s) => s.openSession);
  const selectEvent = useApp((s) => s.selectEvent);
  const script = useMemo(() => new ScriptColumns(pair.runs), [pair]);
  const total = script.columns;
  const first = script.nextChange(-1);
  const [view, setView] = useState<AlignedView>(() => (first !== null ? centreOn(first, CHANGE_SPAN, total) : fitAll(total)));
  const [selected, setSelected] = useState<number | null>(first);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(box);
  const arg = { a, b, by, values, pair: index };
  // The events of the columns in view are asked for once the view rests: a drag moves it every frame.
  const [resting, setResting] = useState(view);
  useEffect(() => {
    const t = setTimeout(() => setResting(view), REST_MS);
    return () => clearTimeout(t);
  }, [view]);
  const close = view.to - view.from <= CELL_COLUMNS;
  const fetchCells = resting.to - resting.from <= CELL_COLUMNS;
  const cells = useQuery(
    fetchCells ? (signal) => client.call('compare.alignedEvents', { ...arg, from: resting.from, to: resting.to }, { signal }) : null,
    [fetchCells, resting.from, resting.to, index],
  );
  const cellMap = useMemo(() => (cells.data ? new Map(cells.data.columns.map((c) => [c.column, c])) : null), [cells.data]);
  const chosen = useQuery(
    selected !== null ? (signal) => client.call('compare.alignedEvents', { ...arg, from: selected, to: selected + 1 }, { signal }) : null,
    [selected, index],
  );
  const column = chosen.data?.columns[0];

  useEffect(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    const { ctx, width: w } = fitCanvas(el);
    const colors = {
      shared: cssVar(el, '--grid', '#d5d9df'),
      deleted: cssVar(el, '--bad', '#b42318'),
      inserted: cssVar(el, '--ok', '#1f7a45'),
      gap: cssVar(el, '--muted', '#667085'),
      rule: cssVar(el, '--playhead', '#d9363e'),
    };
    drawAligned(ctx, w, view, script, close ? cellMap : null, selected, colors);
  }, [width, view, script, close, cellMap, selected]);

  // The wheel zooms (a listener that may prevent the page from scrolling, which React's may not).
  useEffect(() => {
    const el = canvas.current!;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const fraction = e.offsetX / Math.max(1, el.clientWidth);
      setView((v) => zoomAt(v, fraction, e.deltaY > 0 ? 1.25 : 0.8, total));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [total]);

  const drag = useRef<{ x: number; view: AlignedView; moved: boolean } | null>(null);
  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.nativeEvent.offsetX, view, moved: false };
  };
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.nativeEvent.offsetX - d.x;
    if (Math.abs(dx) > 3) d.moved = true;
    if (d.moved) setView(panBy(d.view, (-dx / Math.max(1, width)) * (d.view.to - d.view.from), total));
  };
  const onPointerUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.moved) setSelected(Math.min(total - 1, columnAt(e.nativeEvent.offsetX, Math.max(1, width), view)));
  };
  const jump = (c: number | null) => {
    if (c === null) return;
    setSelected(c);
    setView((v) => (c >= v.from && c < v.to && v.to - v.from <= CELL_COLUMNS ? v : centreOn(c, CHANGE_SPAN, total)));
  };
  const from = selected ?? view.from;
  const onKeyDown = (e: React.KeyboardEvent) => {
    const move: Record<string, () => void> = {
      ArrowLeft: () => jump(Math.max(0, from - 1)),
      ArrowRight: () => jump(Math.min(total - 1, from + 1)),
      n: () => jump(script.nextChange(from)),
      p: () => jump(script.previousChange(from)),
    };
    if (!move[e.key]) return;
    e.preventDefault();
    move[e.key]();
  };
  const open = async (session: string, e: StoredEvent) => {
    await openSession(session);
    selectEvent(e);
  };

  return (
    <div
      className="aligned-pair"
      data-testid="aligned-runs"
      data-columns={total}
      data-inserted={pair.inserted}
      data-deleted={pair.deleted}
      data-from={view.from}
      data-to={view.to}
      data-cells={close && cellMap ? cellMap.size : 0}
    >
      <div className="aligned-tools">
        <span className="hint">
          {pair.lengthA.toLocaleString()} events in A, {pair.lengthB.toLocaleString()} in B: {pair.deleted.toLocaleString()} only in A,{' '}
          {pair.inserted.toLocaleString()} only in B
        </span>
        <button onClick={() => jump(script.previousChange(from))} data-testid="aligned-prev-change" title="Previous change (P)">
          ◀ Change
        </button>
        <button onClick={() => jump(script.nextChange(from))} data-testid="aligned-next-change" title="Next change (N)">
          Change ▶
        </button>
        <button onClick={() => setView(fitAll(total))} data-testid="aligned-fit">
          Fit
        </button>
      </div>
      <div className="aligned-lanes">
        <div className="aligned-labels">
          <span title={names.a}>A</span>
          <span title={names.b}>B</span>
        </div>
        <div className="aligned-canvas-box" ref={box}>
          <canvas
            ref={canvas}
            data-testid="aligned-canvas"
            style={{ height: ALIGNED_HEIGHT }}
            tabIndex={0}
            aria-label="Both runs on one aligned axis: wheel to zoom, drag to pan, click to select, N and P for changes"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onKeyDown={onKeyDown}
          />
        </div>
      </div>
      <div className="hint aligned-axis">
        <span>column {view.from.toLocaleString()}</span>
        <span>{(view.to - view.from).toLocaleString()} columns in view</span>
        <span>{view.to.toLocaleString()}</span>
      </div>
      {selected !== null && (
        <div
          className="aligned-selection"
          data-testid="aligned-selection"
          data-column={selected}
          data-op={column?.op ?? ''}
          data-event-a={column?.a?.event_id ?? ''}
          data-event-b={column?.b?.event_id ?? ''}
        >
          <b>Column {selected.toLocaleString()}</b> {column ? OP_WORDS[column.op] : '…'}
          {(['a', 'b'] as const).map((side) => {
            const e = column?.[side];
            return (
              <span className="side" key={side}>
                <b>{side.toUpperCase()}</b> {e ? describeEvent(e) : column ? '(no event here)' : ''}
                {e && (
                  <button onClick={() => void open(side === 'a' ? a : b, e)} data-testid={`aligned-open-${side}`}>
                    Open {side.toUpperCase()} here
                  </button>
                )}
              </span>
            );
          })}
        </div>
      )}
    </div>
  );
}
