// The open session: what the view needs of it (its record, AST nodes, sources and bookmarks, its
// time bounds and exact epoch). Opening one starts a fresh view of it; a session still importing
// is refreshed as it grows, keeping the view.
import type { SessionExtrasWire, SessionWire } from '../../../src/rpc/contract';
import { TimeBase } from '../../../src/format/exact-time';
import type { Getter, Setter } from '../slice';
import type { PlaybackSlice } from './playback';
import { type SelectionSlice, noSelection } from './selection';
import { type ViewSlice, freshView } from './view';

export interface OpenSession {
  info: SessionWire;
  /** Still being imported: shown as it fills, joins the library when complete. */
  importing?: boolean;
  extras: SessionExtrasWire;
  /** First and last timestamps (stored offsets from the epoch). */
  t0: number;
  t1: number;
  /** The session's epoch: turns stored offsets into exact absolute times. */
  time: TimeBase;
}

export interface SessionSlice {
  session: OpenSession | null;
  open(session: OpenSession): void;
  /** New bounds or info for the open session (it grew while importing, or finished), keeping the view. */
  refresh(session: OpenSession): void;
  close(): void;
  setBookmarks(b: SessionExtrasWire['bookmarks']): void;
}

type Below = SessionSlice & ViewSlice & SelectionSlice & PlaybackSlice;

export function createSessionSlice(set: Setter<Below>, get: Getter<Below>): SessionSlice {
  return {
    session: null,
    open: (session) =>
      set({ session, bounds: [session.t0, session.t1], ...freshView(session.t0, session.t1), ...noSelection(), playing: false }),
    refresh: (next) => {
      const s = get();
      if (!s.session || s.session.info.id !== next.info.id) return;
      const prev = s.session;
      // A session opened before its first event arrived (an import just started) had no time yet:
      // its view starts over at its first event, not at offset 0, which for a trace whose clock
      // starts hours in (Chrome's are since boot) put the playhead hours before anything happened.
      if (prev.info.oldest_event === null || prev.info.oldest_event === undefined) {
        set({ session: next, bounds: [next.t0, next.t1], ...freshView(next.t0, next.t1) });
        return;
      }
      // A window that showed everything keeps showing everything as the session grows.
      const whole = s.window[0] <= prev.t0 && s.window[1] >= prev.t1;
      const inside = (t: number) => Math.min(Math.max(t, next.t0), next.t1);
      set({
        session: next,
        bounds: [next.t0, next.t1],
        playhead: inside(s.playhead),
        settled: inside(s.settled),
        ...(whole ? { window: freshView(next.t0, next.t1).window } : {}),
      });
    },
    close: () => set({ session: null, bounds: null, playing: false, selectedEvent: null, selectedAst: null, selectedCorrelation: null }),
    setBookmarks: (bookmarks) => {
      const s = get().session;
      if (s) set({ session: { ...s, extras: { ...s.extras, bookmarks } } });
    },
  };
}

/** An OpenSession from what the store host says of a session. */
export function openSessionOf(info: SessionWire & { importing?: boolean }, extras: SessionExtrasWire): OpenSession {
  const t0 = info.oldest_event ?? 0;
  return { info, extras, t0, t1: info.newest_event ?? t0, importing: info.importing, time: new TimeBase(info.epoch) };
}

export const sessionSelectors = {
  session: (s: SessionSlice) => s.session,
  isOpen: (s: SessionSlice) => s.session !== null,
  name: (s: SessionSlice) => s.session?.info.name ?? '',
  bookmarks: (s: SessionSlice) => s.session?.extras.bookmarks,
};
