// Checkpoints on disk: an import's, written as it publishes (or any session's, built to the end,
// as it closes), keyed [session, ts, seq] of the event each follows. Their keys live in the
// session's meta record, read as it opens, so the first question finds its checkpoint without a
// request (reading them took ~29 ms in Chromium as a 1M-event session opened) and reads its state
// while the replay's first events are read.
import type { ProcessState } from '../../src/cinema/state';
import { type Checkpoint, type PersistedCheckpoints, lastAtOrBefore } from './checkpoints';
import type { EventKey } from './directory';
import type { Overview } from './schema';
import { sessionRange } from './schema';
import type { SessionState } from './state';

export class StoredCheckpoints implements PersistedCheckpoints {
  constructor(private readonly state: SessionState) {}

  /** How many hold for the events as they are (every write and eviction removes them). */
  count(): number {
    return this.state.meta.checkpoints?.ts.length ?? 0;
  }

  /** The last checkpoint at or before `t`: its key, and its state as it is read. */
  async before(t: number): Promise<{ key: EventKey; procs: Promise<ProcessState[]> } | null> {
    const keys = this.state.meta.checkpoints;
    if (!keys) return null;
    const at = lastAtOrBefore(keys.ts, t, (ts) => ts);
    if (at < 0) return null;
    const key = { ts: keys.ts[at], seq: keys.seq[at] };
    return { key, procs: this.read(key) };
  }

  /**
   * Stores `list` (when given) in place of the session's earlier checkpoints (an eviction since
   * moved every position) and their keys in the meta record, with the session's overview when
   * given: they hold until the next write or eviction.
   */
  async store(list: Checkpoint[] | null, overview?: Overview): Promise<void> {
    const state = this.state;
    const sid = state.meta.id;
    const tx = state.db.transaction(['checkpoints', 'sessions'], 'readwrite');
    const meta = { ...state.meta };
    const puts: Promise<unknown>[] = [];
    if (list) {
      puts.push(tx.objectStore('checkpoints').delete(sessionRange(sid)));
      puts.push(...list.map((c) => tx.objectStore('checkpoints').put({ procs: c.procs }, [sid, c.key.ts, c.key.seq])));
      meta.checkpoints = { ts: Float64Array.from(list, (c) => c.key.ts), seq: Float64Array.from(list, (c) => c.key.seq) };
    }
    if (overview) meta.overview = overview;
    puts.push(tx.objectStore('sessions').put(meta));
    await Promise.all([...puts, tx.done]);
    state.meta = meta;
  }

  private async read(key: EventKey): Promise<ProcessState[]> {
    const record = await this.state.db.get('checkpoints', [this.state.meta.id, key.ts, key.seq]);
    if (!record) throw new Error(`the checkpoint after event ${key.seq} is missing`);
    return record.procs;
  }
}
