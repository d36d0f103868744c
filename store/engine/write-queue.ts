// The write queue of one open session: it coalesces concurrent storeEvent calls into batched
// transactions. One event per transaction runs at ~1.7k events/s in Chromium; every call that
// arrives while a batch is being written joins the next batch instead. Writes, jobs that replace
// the meta record, eviction and run compaction all replace the session's meta record, so they run
// one at a time, here and nowhere else.
import { BATCH_EVENTS } from '../../src/format/batches';
import type { PendingEvent } from './block';
import { evictOldest } from './eviction';
import { compactRun } from './runs';
import type { SessionState } from './state';
import { writeBatch } from './writer';

/** Most events written in one transaction. */
export const MAX_BATCH = BATCH_EVENTS;

interface Waiting {
  events: PendingEvent[];
  resolve: () => void;
  reject: (err: unknown) => void;
  /** A job that must run alone in the queue (it replaces the meta record); events is empty. */
  job?: () => Promise<void>;
  /** Settles (never rejects) once this write or job and the maintenance after it are done. */
  done: Promise<void>;
  settle: () => void;
}

function waiting(entry: Omit<Waiting, 'done' | 'settle'>): Waiting {
  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));
  return { ...entry, done, settle };
}

export class WriteQueue {
  private queue: Waiting[] = [];
  private draining: Promise<void> | null = null;
  /** Done once the batch or job being written now is done. */
  private current: Promise<void> = Promise.resolve();
  /** Write transactions committed since the session was opened. */
  batchesWritten = 0;
  /** A batch or job is being written now. */
  private writing = false;
  /** The session is closing: maintenance that waited for the time columns is dropped. */
  private closing = false;
  /** maintain() was called and its maintenance has not run since. */
  private maintenanceWanted = false;

  /**
   * `changed` is told after every committed batch, with its events in time order, and after every
   * eviction, with null (derived state is stale then).
   */
  constructor(
    private readonly state: SessionState,
    private readonly maxEvents: number,
    private readonly changed: (batch: PendingEvent[] | null) => void,
  ) {}

  /** Queues validated events; resolves when they are committed. */
  write(events: PendingEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push(waiting({ events, resolve, reject }));
      void this.schedule(); // settles only through each caller's own resolve or reject
    });
  }

  /** Runs `job` alone, between write batches: for changes that replace the meta record. */
  exclusive(job: (state: SessionState) => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push(waiting({ events: [], resolve, reject, job: () => job(this.state) }));
      void this.schedule(); // settles only through each caller's own resolve or reject
    });
  }

  /**
   * Runs eviction and run compaction now (the cleanup tick), in turn with writes: once the queue is
   * empty, even when jobs are queued ahead of it (a reopened session over its cap must be trimmed
   * though its merge queued a step first).
   */
  maintain(): Promise<void> {
    this.maintenanceWanted = true;
    return this.schedule();
  }

  /**
   * Resolves once every write queued so far is committed (or failed), with the eviction and
   * compaction that follow it: what a query waits for to see the writes made before it. Only
   * those: an import that keeps writing does not hold queries back until it ends.
   */
  settled(): Promise<void> {
    return this.queue.length > 0 ? this.queue[this.queue.length - 1].done : this.current;
  }

  /** True when no write or job is queued or being written: the meta record is what the caller's writes left. */
  get quiet(): boolean {
    return this.queue.length === 0 && !this.writing;
  }

  /**
   * Resolves once the queue is empty and maintenance is done (before the session closes). A
   * session opened from its overview and closed before its time columns loaded has only its
   * open's maintenance waiting for them: that is dropped, not waited for.
   */
  idle(): Promise<void> {
    this.closing = true;
    if (!this.state.columnsReady && this.queue.length === 0) return Promise.resolve();
    return this.draining ?? Promise.resolve();
  }

  private schedule(): Promise<void> {
    if (!this.draining) this.draining = Promise.resolve().then(() => this.drain());
    return this.draining;
  }

  private async drain(): Promise<void> {
    // Everything here works on the time columns: a session opened from its overview loads them behind the open.
    const unloaded = await this.state.columnsLoaded.then(
      () => null,
      (err: unknown) => err,
    );
    if (unloaded !== null || (this.closing && this.queue.length === 0)) {
      for (const w of this.queue.splice(0)) {
        w.reject(unloaded);
        w.settle();
      }
      this.draining = null;
      return;
    }
    do {
      if (this.queue.length === 0) {
        this.maintenanceWanted = false;
        await this.maintenanceStep();
        // The loop's test takes what was queued during maintenance: leaving here would strand it, this
        // drain still counting as running (a merge step queued as a reopened session evicted hung so).
        continue;
      }
      // Writes and jobs change postings: they wait for them to be loaded.
      await this.state.postingsLoaded.catch(() => {});
      const head = this.queue[0];
      if (head.job) {
        this.queue.shift();
        this.current = head.done;
        this.writing = true;
        try {
          await head.job();
          head.resolve();
        } catch (err) {
          head.reject(err);
        }
        this.writing = false;
        head.settle();
        continue;
      }
      const batch = this.takeBatch();
      this.current = batch[batch.length - 1].done;
      this.writing = true;
      try {
        const events = batch.flatMap((w) => w.events);
        await writeBatch(this.state, events); // sorts them
        this.batchesWritten++;
        this.changed(events);
        batch.forEach((w) => w.resolve());
      } catch (err) {
        batch.forEach((w) => w.reject(err));
      }
      this.writing = false;
      await this.maintenanceStep();
      batch.forEach((w) => w.settle());
    } while (this.queue.length > 0 || this.maintenanceWanted);
    this.draining = null;
  }

  /**
   * Whole callers from the head of the queue until the batch is full; one caller's events are
   * never split. (One splice a batch: shift() per caller would be quadratic with 100k queued calls.)
   */
  private takeBatch(): Waiting[] {
    let take = 0;
    let size = 0;
    while (take < this.queue.length && !this.queue[take].job && (take === 0 || size + this.queue[take].events.length <= MAX_BATCH)) {
      size += this.queue[take].events.length;
      take++;
    }
    return this.queue.splice(0, take);
  }

  /** Eviction, then runs. A failure here loses nothing: the next tick or write tries again. */
  private async maintenanceStep(): Promise<void> {
    try {
      if (this.state.meta.total_events > this.maxEvents) {
        await this.state.postingsLoaded;
        await evictOldest(this.state, this.maxEvents);
        this.changed(null);
      }
      while (await compactRun(this.state)) {
        // one run per layout.runEvents sealed events
      }
    } catch {
      // Kept quiet: blocks remain the source of truth and every query works without runs.
    }
  }
}
