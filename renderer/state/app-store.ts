// The UI's state, one zustand store: which session is open, the visible window and the playhead, what
// is selected (AST node, flow, event), the events filter, playback, and the layout. Panels read what
// they need from here and ask the store host for data themselves; nothing here holds events in bulk.
import { createStore } from 'zustand/vanilla';
import type { SessionExtrasWire, SessionWire } from '../../src/rpc/contract';
import type { StoredEvent } from '../../src/event';

/** Which events the events list shows. */
export type EventsFilter =
  | { kind: 'window' }
  | { kind: 'ast'; astNodeId: string }
  | { kind: 'correlation'; correlationId: string }
  | { kind: 'search'; query: string; regex: boolean };

export type Speed = 0.25 | 0.5 | 1 | 2 | 4 | 8 | 16 | 'original';

export interface Panels {
  ast: boolean;
  inspector: boolean;
  bottom: boolean;
}
export interface Sizes {
  left: number;
  right: number;
  bottom: number;
}

export interface OpenSession {
  info: SessionWire;
  /** Still being imported: shown as it fills, joins the library when complete. */
  importing?: boolean;
  extras: SessionExtrasWire;
  /** First and last timestamps (stored offsets from the epoch). */
  t0: number;
  t1: number;
}

export interface AppState {
  session: OpenSession | null;
  /** The detail timeline's visible window [from, to]. */
  window: [number, number];
  playhead: number;
  /** The playhead where it last came to rest: panels follow this, not every frame of a drag. */
  settled: number;
  selectedAst: string | null;
  selectedCorrelation: string | null;
  selectedEvent: StoredEvent | null;
  filter: EventsFilter;
  pinned: number | null;
  playing: boolean;
  speed: Speed;
  panels: Panels;
  sizes: Sizes;
  shortcuts: boolean;
}

export interface AppActions {
  open(session: OpenSession): void;
  /** New bounds or info for the open session (it grew while importing, or finished), keeping the view. */
  refresh(session: OpenSession): void;
  close(): void;
  setWindow(from: number, to: number): void;
  /** Moves the playhead; `settle` also moves the panels' time (a click, a step, the end of a drag). */
  seek(t: number, settle?: boolean): void;
  settle(): void;
  selectEvent(e: StoredEvent | null, seek?: boolean): void;
  selectAst(id: string | null): void;
  selectCorrelation(id: string | null): void;
  setFilter(f: EventsFilter): void;
  pin(t: number | null): void;
  setPlaying(p: boolean): void;
  setSpeed(s: Speed): void;
  togglePanel(p: keyof Panels): void;
  setSize(which: keyof Sizes, px: number): void;
  setBookmarks(b: SessionExtrasWire['bookmarks']): void;
  setShortcuts(open: boolean): void;
}

export type AppStore = ReturnType<typeof createAppStore>;

const LAYOUT_KEY = 'cinema.layout.v1';
const DEFAULT_SIZES: Sizes = { left: 280, right: 380, bottom: 260 };

function loadLayout(): { panels: Panels; sizes: Sizes } {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(LAYOUT_KEY) ?? 'null') as {
      panels?: Partial<Panels>;
      sizes?: Partial<Sizes>;
    } | null;
    const sizes = { ...DEFAULT_SIZES };
    for (const k of Object.keys(sizes) as Array<keyof Sizes>) {
      const n = v?.sizes?.[k];
      if (typeof n === 'number' && n >= 120 && n <= 2000) sizes[k] = n;
    }
    return {
      panels: { ast: v?.panels?.ast !== false, inspector: v?.panels?.inspector !== false, bottom: v?.panels?.bottom !== false },
      sizes,
    };
  } catch {
    return { panels: { ast: true, inspector: true, bottom: true }, sizes: DEFAULT_SIZES };
  }
}

function saveLayout(s: { panels: Panels; sizes: Sizes }): void {
  try {
    globalThis.localStorage?.setItem(LAYOUT_KEY, JSON.stringify({ panels: s.panels, sizes: s.sizes }));
  } catch {
    // A full or disabled storage only loses the layout.
  }
}

/** A fresh view of [t0, t1]: all of it in the window, the playhead at its start, nothing selected. */
function viewOf(
  t0: number,
  t1: number,
): Pick<
  AppState,
  'window' | 'playhead' | 'settled' | 'selectedAst' | 'selectedCorrelation' | 'selectedEvent' | 'filter' | 'pinned' | 'playing'
> {
  return {
    window: [t0, Math.max(t1, t0 + 1)],
    playhead: t0,
    settled: t0,
    selectedAst: null,
    selectedCorrelation: null,
    selectedEvent: null,
    filter: { kind: 'window' },
    pinned: null,
    playing: false,
  };
}

export function createAppStore() {
  return createStore<AppState & AppActions>()((set, get) => ({
    session: null,
    ...viewOf(0, 1),
    speed: 1,
    shortcuts: false,
    ...loadLayout(),

    open: (session) => set({ session, ...viewOf(session.t0, session.t1) }),
    refresh: (next) => {
      const s = get();
      if (!s.session || s.session.info.id !== next.info.id) return;
      const prev = s.session;
      // A window that showed everything keeps showing everything as the session grows.
      const whole = s.window[0] <= prev.t0 && s.window[1] >= prev.t1;
      set({ session: next, ...(whole ? { window: [next.t0, Math.max(next.t1, next.t0 + 1)] as [number, number] } : {}) });
    },
    close: () => set({ session: null, playing: false, selectedEvent: null, selectedAst: null, selectedCorrelation: null }),
    setWindow: (from, to) => set({ window: [Math.min(from, to - 1), to] }),
    seek: (t, settle = false) => {
      const s = get().session;
      const clamped = s ? Math.min(s.t1, Math.max(s.t0, Math.round(t))) : Math.round(t);
      set(settle ? { playhead: clamped, settled: clamped } : { playhead: clamped });
    },
    settle: () => set({ settled: get().playhead }),
    selectEvent: (e, seek = true) => {
      set({ selectedEvent: e, ...(e && e.correlation_id ? { selectedCorrelation: e.correlation_id } : {}) });
      if (e && seek) get().seek(e.timestamp, true);
    },
    selectAst: (id) => set({ selectedAst: id, filter: id === null ? { kind: 'window' } : { kind: 'ast', astNodeId: id } }),
    selectCorrelation: (id) => set({ selectedCorrelation: id }),
    setFilter: (filter) => set({ filter, ...(filter.kind === 'ast' ? { selectedAst: filter.astNodeId } : {}) }),
    pin: (t) => set({ pinned: t }),
    setPlaying: (playing) => set({ playing }),
    setSpeed: (speed) => set({ speed }),
    togglePanel: (p) => {
      set({ panels: { ...get().panels, [p]: !get().panels[p] } });
      saveLayout(get());
    },
    setSize: (which, px) => {
      set({ sizes: { ...get().sizes, [which]: Math.round(Math.min(2000, Math.max(120, px))) } });
      saveLayout(get());
    },
    setBookmarks: (bookmarks) => {
      const s = get().session;
      if (s) set({ session: { ...s, extras: { ...s.extras, bookmarks } } });
    },
    setShortcuts: (shortcuts) => set({ shortcuts }),
  }));
}
