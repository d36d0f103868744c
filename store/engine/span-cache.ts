// A session's span index (src/cinema/span-index.ts), made on the first question that needs it, then
// kept: the flame chart asks for every frame it draws, and replaying events per frame would cost a
// scan each time. An import's is built as its batches commit (follow: the events come parsed, in
// time order, with the checkpoints') and stored as it publishes (span-store.ts); a session opened
// later reads that, others build theirs by reading the session once in time order. A write or an
// eviction drops the index (invalidate); the next question builds it again.
import type { StoredEvent } from '../../src/event';
import type { SpanIndex } from '../../src/cinema/span-index';
import { SpanBuilder } from '../../src/cinema/spans';
import { decodeRange } from './block';
import type { EventKey } from './directory';
import type { BlockRun } from './reader';
import { readSpans, storeSpans } from './span-store';
import type { SessionState } from './state';
import type { Page, PageOptions } from './types';

/** Events read per step of the build. */
const BUILD_PAGE = 16384;

/**
 * Where the build reads the session: block by block in time order when blocks do not overlap (one
 * JSON.parse a block, no paging by key), else pages of the time range.
 */
export interface SpanSource {
  runs(): Promise<AsyncGenerator<BlockRun[]> | null>;
  range(t0: number, t1: number, opts: PageOptions): Promise<Page>;
}

export class SpanCache {
  private built: Promise<SpanIndex> | null = null;
  /** An import's builder, fed each event as its batch commits; null when not following. */
  private follower: SpanBuilder | null = null;

  constructor(private readonly state: SessionState) {}

  /** From now on (an empty session starting its import), committed events are applied as they come. */
  follow(): void {
    this.follower = new SpanBuilder();
  }

  /** A committed event, in time order after the ones before (the checkpoints check the order). */
  apply(e: StoredEvent): void {
    this.follower?.apply(e);
  }

  /** Stops following (a batch came out of order, an eviction, the session closing). */
  unfollow(): void {
    this.follower = null;
  }

  /**
   * Stores the spans of every event followed, ended at the last, and stops following: what an
   * import keeps as it publishes. Never throws (see storeSpans).
   */
  async storeFollowed(): Promise<void> {
    const index = this.follower?.finish() ?? null;
    this.follower = null;
    if (index) await storeSpans(this.state, index).catch(() => {});
  }

  /** Whether an import's events are being followed. */
  get following(): boolean {
    return this.follower !== null;
  }

  /** Forgets the index (the session's events changed). */
  invalidate(): void {
    this.built = null;
  }

  /** The index, built now if it is not yet. */
  get(source: SpanSource): Promise<SpanIndex> {
    if (!this.built) {
      const building = readSpans(this.state).then((stored) => stored ?? build(source));
      this.built = building;
      // A failed build (the session closed underneath) is not kept: the next question tries again.
      building.catch(() => {
        if (this.built === building) this.built = null;
      });
    }
    return this.built;
  }
}

async function build(source: SpanSource): Promise<SpanIndex> {
  const builder = new SpanBuilder();
  const runs = await source.runs();
  if (runs) {
    const events: StoredEvent[] = [];
    for await (const batch of runs) {
      for (const r of batch) {
        events.length = 0;
        decodeRange(r.index, r.data, r.lo, r.hi, events);
        for (const e of events) builder.apply(e);
      }
    }
    return builder.finish();
  }
  let after: EventKey | null = null;
  for (;;) {
    const page = await source.range(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { limit: BUILD_PAGE, after });
    for (const e of page.events as StoredEvent[]) builder.apply(e);
    if (page.next === null) return builder.finish();
    after = page.next;
  }
}
