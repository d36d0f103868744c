// Drawing two runs stacked on one aligned axis (a column per aligned position, not time): A's lane
// above B's. Far out, each run of the edit script is a stretch (shared ones quiet, events only in A
// or only in B loud, at least two pixels wide so a single extra event shows in a million); close
// in, each column is a cell coloured by its event's AST node, as in the flame chart, with a hatched
// gap where a run has no event. The selected column is ruled across both lanes.
import type { AlignedEvents } from '../../src/cinema/align-runs';
import type { ScriptColumns } from '../../src/cinema/script-columns';
import { hueOf } from '../session/flame/flame-draw';

export const LANE = { top: 6, height: 22, gap: 10 } as const;
/** Columns in view at most for cells to be drawn one by one (and their events fetched). */
export const CELL_COLUMNS = 600;

export interface AlignedView {
  from: number;
  to: number;
}

export interface AlignedColors {
  shared: string;
  deleted: string;
  inserted: string;
  gap: string;
  rule: string;
}

const laneY = (side: 0 | 1) => LANE.top + side * (LANE.height + LANE.gap);

/** The canvas's height for two lanes. */
export const ALIGNED_HEIGHT = LANE.top * 2 + LANE.height * 2 + LANE.gap;

/** The column under x (CSS pixels) in a view drawn `width` wide. */
export function columnAt(x: number, width: number, view: AlignedView): number {
  return Math.floor(view.from + (x / width) * (view.to - view.from));
}

export function drawAligned(
  ctx: CanvasRenderingContext2D,
  width: number,
  view: AlignedView,
  script: ScriptColumns,
  cells: Map<number, AlignedEvents> | null,
  selected: number | null,
  colors: AlignedColors,
): void {
  ctx.clearRect(0, 0, width, ALIGNED_HEIGHT);
  const span = Math.max(1, view.to - view.from);
  const px = width / span;
  const x = (column: number) => (column - view.from) * px;
  // The script's runs always; close in, the events known of the columns in view over them (a pan
  // shows the runs in the new columns until their events come).
  drawRuns(ctx, script, view, x, colors);
  if (cells && px >= 2) drawCells(ctx, cells, view, x, px, colors);
  if (selected !== null && selected >= view.from && selected < view.to) {
    // A hairline through both lanes and a notch above and below them, so what it marks still shows.
    const at = Math.floor(x(selected) + px / 2);
    ctx.fillStyle = colors.rule;
    ctx.fillRect(at, 0, 1, ALIGNED_HEIGHT);
    ctx.fillRect(at - 2, 0, 5, LANE.top - 1);
    ctx.fillRect(at - 2, ALIGNED_HEIGHT - LANE.top + 1, 5, LANE.top - 1);
  }
}

function drawRuns(
  ctx: CanvasRenderingContext2D,
  script: ScriptColumns,
  view: AlignedView,
  x: (c: number) => number,
  colors: AlignedColors,
): void {
  for (let k = script.runAt(view.from); k < script.runCount; k++) {
    const r = script.run(k);
    if (r.from >= view.to) break;
    const x0 = Math.max(0, x(r.from));
    const w = Math.max(r.op === 'equal' ? 1 : 2, x(r.to) - x0);
    if (r.op === 'equal') {
      ctx.fillStyle = colors.shared;
      ctx.fillRect(x0, laneY(0), w, LANE.height);
      ctx.fillRect(x0, laneY(1), w, LANE.height);
      continue;
    }
    // Only in one run: loud in its lane, a gap in the other.
    const [here, there]: [0 | 1, 0 | 1] = r.op === 'delete' ? [0, 1] : [1, 0];
    ctx.fillStyle = r.op === 'delete' ? colors.deleted : colors.inserted;
    ctx.fillRect(x0, laneY(here), w, LANE.height);
    ctx.fillStyle = colors.gap;
    ctx.fillRect(x0, laneY(there) + LANE.height / 2 - 1, w, 2);
  }
}

function drawCells(
  ctx: CanvasRenderingContext2D,
  cells: Map<number, AlignedEvents>,
  view: AlignedView,
  x: (c: number) => number,
  px: number,
  colors: AlignedColors,
): void {
  const w = Math.max(1, px - (px > 4 ? 1 : 0));
  for (const c of cells.values()) {
    if (c.column < view.from || c.column >= view.to) continue;
    const x0 = x(c.column);
    ctx.clearRect(x0, 0, px, ALIGNED_HEIGHT);
    ([c.a, c.b] as const).forEach((e, side) => {
      const y = laneY(side as 0 | 1);
      if (!e) {
        ctx.fillStyle = colors.gap;
        ctx.fillRect(x0, y + LANE.height / 2 - 1, w, 2);
        return;
      }
      ctx.fillStyle = `hsl(${hueOf(e.ast_node_id ?? '')} 55% ${c.op === 'equal' ? 72 : 58}%)`;
      ctx.fillRect(x0, y, w, LANE.height);
      if (c.op !== 'equal') {
        ctx.strokeStyle = c.op === 'delete' ? colors.deleted : colors.inserted;
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 + 1, y + 1, Math.max(0, w - 2), LANE.height - 2);
      }
    });
  }
}
