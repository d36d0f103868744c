// The marks row under the ruler: where the selected AST node's and flow's events fall in the
// window, from the store's filtered density (answered from the posting lists, never by reading
// events), drawn as ticks in two rows.
import type { RpcClient } from '../../../src/rpc/client';
import { cssVar, fitCanvas } from './canvas';

export interface MarkLayers {
  ast: Uint32Array | null;
  correlation: Uint32Array | null;
}

/** Counts per bucket of window [a, b] for the selected node and flow (null: nothing selected). */
export async function fetchMarks(
  client: RpcClient,
  session: string,
  [a, b]: [number, number],
  buckets: number,
  selected: { ast: string | null; correlation: string | null },
): Promise<MarkLayers> {
  const base = { session, start: Math.floor(a), end: Math.ceil(b), buckets };
  const [ast, correlation] = await Promise.all([
    selected.ast === null ? null : client.call('session.density', { ...base, astNodeId: selected.ast }).then((r) => r.counts),
    selected.correlation === null
      ? null
      : client.call('session.density', { ...base, correlationId: selected.correlation }).then((r) => r.counts),
  ]);
  return { ast, correlation };
}

/** Draws the layers: the node's marks in the top row, the flow's in the bottom one. */
export function drawMarks(canvas: HTMLCanvasElement, layers: MarkLayers): void {
  const { ctx, width, height } = fitCanvas(canvas);
  const rows: Array<[Uint32Array | null, string, number]> = [
    [layers.ast, cssVar(canvas, '--mark', '#e0812f'), 1],
    [layers.correlation, cssVar(canvas, '--mark-flow', '#8a4fd0'), height / 2 + 1],
  ];
  for (const [counts, color, y] of rows) {
    if (!counts) continue;
    ctx.fillStyle = color;
    const w = width / counts.length;
    for (let i = 0; i < counts.length; i++) if (counts[i] > 0) ctx.fillRect(i * w, y, Math.max(2, w), height / 2 - 2);
  }
}
