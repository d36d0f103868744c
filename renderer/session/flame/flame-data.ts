// What the flame chart shows, fetched: the spans of the visible window in one lane, merged below a
// pixel, from the store's span index. One request at a time: when the window moves while one is out,
// the latest window is asked for when it returns (a drag asks for as many windows as the store can
// answer, not one per frame). Until then the chart draws the last answer at the current window.
import { useEffect, useRef, useState } from 'react';
import type { SpansWire } from '../../../src/cinema/span-index';
import { useServices } from '../../state/context';

export interface FlameData {
  spans: SpansWire | null;
  /** The store is building its span index (the first question of a session). */
  loading: boolean;
  error: string | null;
}

/** How long the window must rest before the chart asks for its spans. */
const SETTLE_MS = 60;

/** Levels asked for: deeper calls are rare, and a chart this tall would scroll anyway. */
export const MAX_DEPTH = 48;

/**
 * The spans to draw; nothing is asked while `paused` (a session still importing: its span index
 * would be dropped by every batch written and rebuilt by the next question, slowing the import).
 */
export function useFlameData(session: string, win: [number, number], width: number, lane: string | null, paused = false): FlameData {
  const { client } = useServices();
  const [data, setData] = useState<FlameData>({ spans: null, loading: true, error: null });
  const busy = useRef(false);
  const askRef = useRef<() => void>(() => {});
  const wanted = useRef<{ session: string; win: [number, number]; width: number; lane: string | null }>({ session, win, width, lane });
  // What to ask for next, kept current after every render (effects run in order: this one first).
  useEffect(() => {
    wanted.current = { session, win, width: paused ? 0 : width, lane };
  });

  // One request out at a time; whoever's answer comes back asks for the window wanted by then, so
  // a window that moved while a request was out is never left unasked (the effect that saw it move
  // found the store busy).
  useEffect(() => {
    let mounted = true;
    const ask = () => {
      if (busy.current || !mounted) return;
      const q = wanted.current;
      if (q.width < 1) return;
      busy.current = true;
      const minWidth = (q.win[1] - q.win[0]) / Math.max(1, q.width);
      client
        .call('session.spans', {
          session: q.session,
          start: Math.floor(q.win[0]),
          end: Math.ceil(q.win[1]),
          minWidth,
          // Before a lane is chosen the answer is wanted for its list of lanes: the outermost calls
          // of every process are enough (all of them at 1M events were ~200k spans to send).
          maxDepth: q.lane === null ? 0 : MAX_DEPTH,
          ...(q.lane !== null ? { lane: q.lane } : {}),
        })
        .then(
          (spans) => mounted && setData({ spans, loading: false, error: null }),
          (err: Error) => mounted && setData({ spans: null, loading: false, error: err.message }),
        )
        .finally(() => {
          busy.current = false;
          const now = wanted.current;
          const moved =
            now.session !== q.session || now.win[0] !== q.win[0] || now.win[1] !== q.win[1] || now.width !== q.width || now.lane !== q.lane;
          if (moved) ask();
        });
    };
    askRef.current = ask;
    return () => {
      mounted = false;
      busy.current = false;
    };
  }, [client]);

  // Asked once the window rests a moment: during a zoom or a drag the timeline's own questions go
  // to the store first, and the chart draws its last answer at the moving window meanwhile.
  useEffect(() => {
    const timer = setTimeout(() => askRef.current(), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [session, win, width, lane, paused]);
  return data;
}
