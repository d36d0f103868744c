// Running a finished session's merge (merged-runs.ts) behind everything else: one step at a time in
// the engine's exclusive queue, so writes and queries interleave with it, until it is done or the
// session closes (a merge cut short resumes when the session opens again). It rewrites the whole
// AST copy (~7 s at 1M events here), so it steps only once the store is otherwise idle: run beside
// questions it slowed a first question about state at a moment from 1.2 s to 6-8 s at 1M. Idle means
// of every session this thread's store serves: a session just imported merges while the next import
// writes, or while another session is browsed, unless it waits for them too.
import { bucketsPerStep, mergePending, mergeStep, plannedMerge } from './merged-runs';
import type { SessionState } from './state';

type Exclusive = (job: (state: SessionState) => Promise<void>) => Promise<void>;

/** How long the store must have been idle before a step. */
const QUIET_MS = 500;

/** Questions and writes under way in this thread, of any session, and when the store or the person last did something. */
const activity = { underWay: 0, lastBusy: 0 };

/**
 * The person is using the app: merges hold back as after a question. Scrubbing asks the store little
 * while the playhead moves (the panels follow once it rests), and at 10M events a merge stepping
 * beside the drag took the scrub's p95 frame from 16.7 to 33.3 ms and a node's first rows from 65
 * to 88-104 ms in bench:ui.
 */
export function userActive(): void {
  activity.lastBusy = Math.max(activity.lastBusy, performance.now());
}

/** Runs a question or a write of any session, holding every merge's steps back until the store is idle. */
export async function storeWork<T>(work: () => Promise<T>): Promise<T> {
  activity.underWay++;
  try {
    return await work();
  } finally {
    activity.underWay--;
    activity.lastBusy = performance.now();
  }
}

export class MergeJob {
  private running = false;
  private stopped = false;

  constructor(
    private readonly state: SessionState,
    private readonly exclusive: Exclusive,
  ) {}

  /** Records the decision to merge a finished session's runs (inside the exclusive job that finishes it). */
  static async plan(state: SessionState): Promise<void> {
    const merged = plannedMerge(state.meta);
    if (!merged) return;
    const meta = { ...state.meta, merged };
    await state.db.put('sessions', meta);
    state.meta = meta;
  }

  /** Starts merging if a merge is planned and not done; steps run until it is, or stop() is called. */
  start(): void {
    if (this.running || this.stopped || !mergePending(this.state.meta)) return;
    this.running = true;
    const step = async (): Promise<void> => {
      const wait = activity.underWay > 0 ? QUIET_MS : activity.lastBusy + QUIET_MS - performance.now();
      if (wait > 0 && !this.stopped) {
        setTimeout(() => void step(), wait);
        return;
      }
      let more = false;
      if (!this.stopped) {
        // A failed step (a full disk) leaves both copies as they were; the next open tries again.
        await this.exclusive(async (state) => {
          more = await mergeStep(state, bucketsPerStep(state));
        }).catch(() => (more = false));
      }
      if (more && !this.stopped) setTimeout(() => void step(), 0);
      else this.running = false;
    };
    void step();
  }

  /** Starts once `loaded` resolves (a session opening); nothing if it fails (the open failed). */
  resumeAfter(loaded: Promise<unknown>): void {
    loaded.then(
      () => this.start(),
      () => undefined,
    );
  }

  /** Stops before the next step (the session is closing). */
  stop(): void {
    this.stopped = true;
  }
}
