// The view of time: the detail timeline's visible window and the playhead. The playhead moves every
// frame of a drag; `settled` is where it last came to rest, and the panels follow that instead.
import type { Getter, Setter } from '../slice';

export interface ViewSlice {
  /** The detail timeline's visible window [from, to]. */
  window: [number, number];
  playhead: number;
  /** The playhead where it last came to rest: panels follow this, not every frame of a drag. */
  settled: number;
  /** Where the playhead may go: the open session's first and last timestamps (none: anywhere). */
  bounds: [number, number] | null;
  setWindow(from: number, to: number): void;
  /** Moves the playhead (rounded, kept within the bounds); `settle` also moves the panels' time. */
  seek(t: number, settle?: boolean): void;
  settle(): void;
}

export function createViewSlice(set: Setter<ViewSlice>, get: Getter<ViewSlice>): ViewSlice {
  return {
    ...freshView(0, 1),
    bounds: null,
    setWindow: (from, to) => set({ window: [Math.min(from, to - 1), to] }),
    seek: (t, settle = false) => {
      const b = get().bounds;
      const clamped = b ? Math.min(b[1], Math.max(b[0], Math.round(t))) : Math.round(t);
      set(settle ? { playhead: clamped, settled: clamped } : { playhead: clamped });
    },
    settle: () => set({ settled: get().playhead }),
  };
}

/** All of [t0, t1] in the window, the playhead at its start. */
export function freshView(t0: number, t1: number): Pick<ViewSlice, 'window' | 'playhead' | 'settled'> {
  return { window: [t0, Math.max(t1, t0 + 1)], playhead: t0, settled: t0 };
}

export const viewSelectors = {
  window: (s: ViewSlice) => s.window,
  playhead: (s: ViewSlice) => s.playhead,
  settled: (s: ViewSlice) => s.settled,
};
