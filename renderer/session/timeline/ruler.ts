// Cinema's own numeric ruler over the detail timeline (vis has no numeric axis): ticks at 1, 2 or 5
// times a power of ten of the session's unit, labelled as offsets from the session start.
import type { TimeUnit } from '../../../src/format/spec';
import { formatOffset } from '../../time-format';
import { niceStep, ticks } from './axis';
import { cssVar, fitCanvas } from './canvas';

/** Draws the ruler for window [a, b] of a session starting at t0. */
export function drawRuler(canvas: HTMLCanvasElement, [a, b]: [number, number], t0: number, unit: TimeUnit): void {
  const { ctx, width, height } = fitCanvas(canvas);
  const span = Math.max(1, b - a);
  const step = niceStep(span, width);
  ctx.fillStyle = cssVar(canvas, '--muted', '#6b7482');
  ctx.strokeStyle = cssVar(canvas, '--grid', '#d5d9df');
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
