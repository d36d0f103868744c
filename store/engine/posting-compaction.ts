// Rewriting a finished session's posting segments one list per id. As a session is written, each
// batch stores the postings it touched as a segment of its own (postings.ts), so an id that
// recurs through the recording (a hot AST node, a long flow) has its key and a piece of its list
// in nearly every segment: at 10M events ~1,200 segments, each bringing its keys again, and
// opening the session reads, decodes and appends every piece. Once the session is finished (an
// import publishing, a recording closing) the lists in memory are complete and in order, so they
// are written again as few, larger segments holding each id once, in one transaction that also
// deletes the old ones: a failure leaves the old segments as they were.
import { type PostingIndex, pointerBlock } from './postings';
import { type SegmentRecord, sessionRange } from './schema';
import type { SegmentSpan, SessionState } from './state';

/** Whether compacting would leave at most half the segments the session has. */
export function worthCompacting(state: SessionState): boolean {
  const pointers = state.meta.ast_index_size + state.meta.correlation_index_size;
  return state.segments.length > 2 * Math.ceil(pointers / state.layout.compactPointers);
}

/**
 * The lists of `postings`, in order, cut into segments of `cap` pointers (the last one fewer): an id
 * appears once, or in consecutive segments where its list crosses a cut (loading appends the pieces
 * in order). `emit` gets each record as it is made and must copy it before it returns (an
 * IndexedDB put does): the arrays of a full segment's pointers are reused, so compacting 20M
 * pointers leaves no garbage per pointer or per list.
 */
export function compactedSegments(postings: PostingIndex, cap: number, emit: (record: SegmentRecord) => void): void {
  const buf = new Float64Array(cap);
  const narrow = new Uint32Array(cap);
  let keys: string[] = [];
  let counts: number[] = [];
  let size = 0;
  let wide = false;
  let minBlock = Infinity;
  let maxBlock = -Infinity;
  const flush = () => {
    if (size === 0) return;
    let pointers: Uint32Array | Float64Array;
    if (wide) pointers = buf.slice(0, size);
    else if (size === cap) (pointers = narrow).set(buf);
    else pointers = Uint32Array.from(buf.subarray(0, size));
    emit({ keys, counts: Uint32Array.from(counts), pointers, minBlock, maxBlock });
    keys = [];
    counts = [];
    size = 0;
    wide = false;
    minBlock = Infinity;
    maxBlock = -Infinity;
  };
  for (const [key, list] of postings.held()) {
    for (let from = 0; from < list.length;) {
      const to = Math.min(list.length, from + cap - size);
      keys.push(key);
      counts.push(to - from);
      for (let i = from; i < to; i++) {
        const p = (buf[size++] = list[i]);
        if (p > 0xffffffff) wide = true;
        const b = pointerBlock(p); // lists are in arrival order, not always block order
        if (b < minBlock) minBlock = b;
        if (b > maxBlock) maxBlock = b;
      }
      from = to;
      if (size === cap) flush();
    }
  }
  flush();
}

/**
 * Replaces the session's segments with compacted ones when that at least halves them; returns
 * whether it did. Runs between writes (the engine's exclusive queue), after the postings loaded.
 */
export async function compactPostings(state: SessionState): Promise<boolean> {
  await state.postingsLoaded;
  if (!worthCompacting(state)) return false;
  const sid = state.meta.id;
  const tx = state.db.transaction(['segments', 'sessions'], 'readwrite');
  const segments = tx.objectStore('segments');
  const work: Promise<unknown>[] = [segments.delete(sessionRange(sid))];
  const spans: SegmentSpan[] = [];
  // Each put copies its record as it is called; none is kept here.
  compactedSegments(state.postings, state.layout.compactPointers, (record) => {
    const no = spans.length;
    spans.push({ no, minBlock: record.minBlock, maxBlock: record.maxBlock });
    work.push(segments.put(record, [sid, no]));
  });
  const meta = { ...state.meta, next_segment: spans.length };
  work.push(tx.objectStore('sessions').put(meta));
  await Promise.all([...work, tx.done]);
  state.meta = meta;
  state.segments = spans;
  state.openSegment = null; // the next write starts a segment of its own
  return true;
}
