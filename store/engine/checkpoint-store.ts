// Checkpoints on disk: an import's, written as it publishes (or any session's, built to the end,
// as it closes), keyed [session, ts, seq] of the event each follows. Their keys live in the
// session's meta record, read as it opens, so the first question finds its checkpoint without a
// request (reading them took ~29 ms in Chromium as a 1M-event session opened) and reads its state
// while the replay's first events are read.
import { type ProcessState, STATE_FORMAT } from '../../src/cinema/state';
import { type Checkpoint, type PersistedCheckpoints, lastAtOrBefore } from './checkpoints';
import type { EventKey } from './directory';
import type { CheckpointKeys, Overview } from './schema';
import { sessionRange } from './schema';
import type { SessionState } from './state';

export class StoredCheckpoints implements PersistedCheckpoints {
  /** Spilled checkpoints' writes, one after another; the first failure, which voids them all. */
  private spilling: Promise<void> = Promise.resolve();
  private spillFailed = false;

  constructor(private readonly state: SessionState) {}

  spill(c: Checkpoint, written: () => void): void {
    const { db, meta } = this.state;
    this.spilling = this.spilling.then(async () => {
      if (this.spillFailed) return;
      try {
        await db.put('checkpoints', { procs: c.procs! }, [meta.id, c.key.ts, c.key.seq]);
        written();
      } catch {
        this.spillFailed = true; // a full disk: the session goes without stored checkpoints
      }
    });
  }

  dropSpilled(): void {
    const { db, meta } = this.state;
    this.spilling = this.spilling.then(async () => {
      if (this.state.meta.checkpoints) return; // stored ones that hold: not the import's to drop
      await db.delete('checkpoints', sessionRange(meta.id)).catch(() => {});
    });
  }

  /**
   * The stored checkpoints' keys, when they hold: for the events as they are (every write and
   * eviction removes them) and of this STATE_FORMAT (older ones lack what the state now keeps, so
   * they are built again, and stored again as the session closes).
   */
  private get keys(): CheckpointKeys | null {
    const keys = this.state.meta.checkpoints;
    return keys && keys.format === STATE_FORMAT ? keys : null;
  }

  /** How many hold. */
  count(): number {
    return this.keys?.ts.length ?? 0;
  }

  /** The last checkpoint at or before `t`: its key, and its state as it is read. */
  async before(t: number): Promise<{ key: EventKey; procs: Promise<ProcessState[]> } | null> {
    const keys = this.keys;
    if (!keys) return null;
    const at = lastAtOrBefore(keys.ts, t, (ts) => ts);
    if (at < 0) return null;
    const key = { ts: keys.ts[at], seq: keys.seq[at] };
    return { key, procs: this.read(key) };
  }

  /**
   * Stores `list` (when given) in place of the session's earlier checkpoints (an eviction since
   * moved every position) and their keys in the meta record, with the session's overview when
   * given: they hold until the next write or eviction. Returns how many checkpoints it stored.
   */
  async store(list: Checkpoint[] | null, overview?: Overview): Promise<number> {
    const state = this.state;
    const sid = state.meta.id;
    await this.spilling;
    // Spilled ones are on disk already (all of an import's are); a failed spill voids the list.
    const spilled = list !== null && list.some((c) => c.procs === null);
    if (spilled && this.spillFailed) list = null;
    const tx = state.db.transaction(['checkpoints', 'sessions'], 'readwrite');
    const meta = { ...state.meta };
    const puts: Promise<unknown>[] = [];
    if (list) {
      if (!spilled) puts.push(tx.objectStore('checkpoints').delete(sessionRange(sid)));
      for (const c of list) if (c.procs) puts.push(tx.objectStore('checkpoints').put({ procs: c.procs }, [sid, c.key.ts, c.key.seq]));
      meta.checkpoints = {
        ts: Float64Array.from(list, (c) => c.key.ts),
        seq: Float64Array.from(list, (c) => c.key.seq),
        format: STATE_FORMAT,
      };
    }
    if (overview) meta.overview = overview;
    puts.push(tx.objectStore('sessions').put(meta));
    await Promise.all([...puts, tx.done]);
    state.meta = meta;
    return list?.length ?? 0;
  }

  async read(key: EventKey): Promise<ProcessState[]> {
    const record = await this.state.db.get('checkpoints', [this.state.meta.id, key.ts, key.seq]);
    if (!record) throw new Error(`the checkpoint after event ${key.seq} is missing`);
    return record.procs;
  }
}
