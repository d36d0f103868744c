// Where the main window was and how big: remembered in userData/window-state.json, restored only
// where it is still visible (a monitor may have gone since), else centred at its remembered size.
import { readJson, writeJson } from './json-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { bounds: { width: 1400, height: 900 }, maximized: false };
const MIN = { width: 640, height: 420 };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A remembered state from whatever the file held; anything malformed gives the default. */
export function parseWindowState(value: unknown): WindowState {
  const v = value as { bounds?: Record<string, unknown>; maximized?: unknown } | undefined;
  const b = v?.bounds;
  if (!b || !finite(b.width) || !finite(b.height)) return DEFAULT_WINDOW_STATE;
  const bounds: WindowState['bounds'] = {
    width: Math.max(MIN.width, Math.round(b.width)),
    height: Math.max(MIN.height, Math.round(b.height)),
  };
  if (finite(b.x) && finite(b.y)) Object.assign(bounds, { x: Math.round(b.x), y: Math.round(b.y) });
  return { bounds, maximized: v?.maximized === true };
}

/**
 * The state fitted to the displays' work areas: size no larger than the largest area, and the
 * position kept only when the window's title bar region overlaps one of them.
 */
export function fitToDisplays(state: WindowState, areas: Rect[]): WindowState {
  if (areas.length === 0) return state;
  const maxW = Math.max(...areas.map((a) => a.width));
  const maxH = Math.max(...areas.map((a) => a.height));
  const width = Math.min(state.bounds.width, maxW);
  const height = Math.min(state.bounds.height, maxH);
  const { x, y } = state.bounds;
  if (x === undefined || y === undefined) return { ...state, bounds: { width, height } };
  // The top strip (where the title bar is) must be reachable by at least 100 x 30 pixels.
  const visible = areas.some(
    (a) => Math.min(x + width, a.x + a.width) - Math.max(x, a.x) >= 100 && Math.min(y + 30, a.y + a.height) - Math.max(y, a.y) >= 30,
  );
  return { maximized: state.maximized, bounds: visible ? { x, y, width, height } : { width, height } };
}

export async function loadWindowState(path: string, areas: Rect[]): Promise<WindowState> {
  return fitToDisplays(parseWindowState(await readJson(path)), areas);
}

export function saveWindowState(path: string, state: WindowState): Promise<void> {
  return writeJson(path, state);
}
