// Binding the steps of old-syntax Chrome flows (s/t/f) to slices. A step binds to the slice of its
// thread that encloses its time, the one that began last; an "f" without bp:"e" binds to the next
// slice to begin at or after it, where there is one. Done per thread as one sweep over its slices and
// steps in time order: scanning a thread's slices per step took 2.5 s of the ~6.4 s converting a
// 1M-event trace with 40k flow steps took, and grows as steps times slices.

export interface Slice {
  start: number;
  end: number;
  entry: string;
}

export interface FlowStep {
  ph: string;
  ts: number;
  thread: string;
  bp: unknown;
}

/** The entry id each step binds to (null where no slice does), in the order of `steps`. Sorts each thread's slices in place. */
export function bindFlowSteps(slicesByThread: Map<string, Slice[]>, steps: FlowStep[]): Array<string | null> {
  const bound: Array<string | null> = new Array(steps.length).fill(null);
  const byThread = new Map<string, number[]>();
  steps.forEach((s, k) => (byThread.get(s.thread) ?? byThread.set(s.thread, []).get(s.thread)!).push(k));
  for (const [thread, ks] of byThread) {
    const slices = slicesByThread.get(thread) ?? [];
    // Stable sorts: among slices beginning together, the one pushed last wins, as it always has.
    slices.sort((a, b) => a.start - b.start);
    ks.sort((a, b) => steps[a].ts - steps[b].ts);
    // Slices begun by now, in start order; one that ended before a step has ended before every later
    // step too, so it leaves the top for good.
    const begun: Slice[] = [];
    let next = 0;
    for (const k of ks) {
      const s = steps[k];
      if (s.ph === 'f' && s.bp !== 'e') {
        const after = firstStartingAt(slices, s.ts);
        if (after < slices.length) {
          bound[k] = slices[after].entry;
          continue;
        }
      }
      while (next < slices.length && slices[next].start <= s.ts) begun.push(slices[next++]);
      while (begun.length > 0 && begun[begun.length - 1].end < s.ts) begun.pop();
      bound[k] = begun.length > 0 ? begun[begun.length - 1].entry : null;
    }
  }
  return bound;
}

/** The index of the first slice (sorted by start) that begins at or after `ts`. */
function firstStartingAt(slices: Slice[], ts: number): number {
  let lo = 0;
  let hi = slices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slices[mid].start < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
