// Stepping through a recording: the next or the previous event from a moment, optionally of the
// same AST node, correlation or process. Chosen from the in-memory time columns and postings; only
// the process filter has to look at payloads, a block at a time.
import type { StoredEvent } from '../../src/event';
import { type BlockDirectory, type EventKey, compareKeys } from './directory';
import { type Position, type Slice, keyOf, selectPage } from './page';
import { rangeSlices } from './reader';

/** What a step may be limited to. */
export interface StepFilter {
  astNodeId?: string;
  correlationId?: string;
  pid?: string;
}

/** Candidate positions in time order from `slices`, forward or backward from `from` (exclusive). */
export function* positionsFrom(slices: Slice[], from: EventKey, forward: boolean): Generator<Position> {
  // Gather the slices' positions on the wanted side, then order them; slices may overlap in time.
  const found: Position[] = [];
  for (const s of slices) {
    const b = s.block;
    const count = s.offsets ? s.offsets.length : s.hi - s.lo;
    for (let k = 0; k < count; k++) {
      const i = s.offsets ? s.offsets[k] : s.lo + k;
      const c = compareKeys(b.ts[i], b.seq[i], from.ts, from.seq);
      if (forward ? c > 0 : c < 0) found.push({ block: b, i });
    }
  }
  found.sort((x, y) => compareKeys(x.block.ts[x.i], x.block.seq[x.i], y.block.ts[y.i], y.block.seq[y.i]) * (forward ? 1 : -1));
  yield* found;
}

/** All positions after `from`, in time order, a page at a time from the time columns. */
export function* forwardPositions(dir: BlockDirectory, from: EventKey): Generator<Position> {
  let after = from;
  for (;;) {
    const page = selectPage(rangeSlices(dir, after.ts, Number.MAX_SAFE_INTEGER, after), after, 512);
    yield* page;
    if (page.length < 512) return;
    after = keyOf(page[page.length - 1]);
  }
}

/**
 * All positions before `from`, latest first. Looks back through windows of time that double in
 * length, starting from about 1,024 events' worth, so a step costs what is near it.
 */
export function* backwardPositions(dir: BlockDirectory, from: EventKey): Generator<Position> {
  const { oldest, newest } = dir.bounds();
  if (oldest === null || newest === null) return;
  const live = Math.max(1, dir.countLive());
  let width = Math.max(1, Math.ceil(((newest - oldest + 1) / live) * 1024));
  let upper = from;
  for (;;) {
    const lowTs = Math.max(oldest, upper.ts - width);
    const found: Position[] = [];
    for (const s of rangeSlices(dir, lowTs, upper.ts, null)) {
      for (let i = s.lo; i < s.hi; i++)
        if (compareKeys(s.block.ts[i], s.block.seq[i], upper.ts, upper.seq) < 0) found.push({ block: s.block, i });
    }
    found.sort((x, y) => compareKeys(y.block.ts[y.i], y.block.seq[y.i], x.block.ts[x.i], x.block.seq[x.i]));
    yield* found;
    if (lowTs <= oldest) return;
    upper = { ts: lowTs, seq: -Infinity };
    width *= 2;
  }
}

/** Walks candidates in order, reading them a batch at a time, until one passes `accept`. */
export async function firstAccepted(
  candidates: Iterable<Position>,
  read: (page: Position[]) => Promise<StoredEvent[]>,
  accept: (e: StoredEvent) => boolean,
  batch = 512,
): Promise<StoredEvent | null> {
  let page: Position[] = [];
  const flush = async () => {
    for (const e of await read(page)) if (accept(e)) return e;
    page = [];
    return null;
  };
  for (const p of candidates) {
    page.push(p);
    if (page.length >= batch) {
      const hit = await flush();
      if (hit) return hit;
    }
  }
  return page.length > 0 ? flush() : null;
}
