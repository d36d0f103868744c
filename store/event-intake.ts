// Events on their way in: validated and normalized synchronously (a rejected event changes
// nothing), numbered in arrival order (the event id and the tie order), their payload encoded once.
// Importers hand over what their readers already checked: payload text stored as it is, and whole
// batches as columns without an object per event.
import { type CinemaEvent, type EventInput, checkId, createMonotonicClock, normalizeEvent, requireSafeInteger } from '../src/event';
import type { PendingEvent } from './engine/block';
import { encodePayload } from './engine/payload';

/** An event an importer read; `json`, when set, is its payload as checked JSON text. */
export type ImportedEvent = CinemaEvent & { json?: string };

/**
 * Events an importer read, as columns: times, ids dictionary-encoded (code 0 is null, k is
 * dict[k-1]), payloads as checked JSON text joined in one string (event i ends at jsonEnd[i]), or
 * parsed in `datas` for the events listed there.
 */
export interface ImportColumns {
  n: number;
  ts: Float64Array;
  astDict: string[];
  ast: Uint32Array;
  corrDict: string[];
  corr: Uint32Array;
  json: string;
  jsonEnd: Uint32Array;
  datas: Array<[number, unknown]>;
}

function wallClockMs(): number {
  return typeof performance !== 'undefined' ? performance.timeOrigin + performance.now() : Date.now();
}

export class EventIntake {
  private readonly clock;

  /** `nextSeq`: the next arrival number; `clockFloor`: the last time the session's clock gave. */
  constructor(
    private nextSeq: number,
    clockFloor: number,
  ) {
    this.clock = createMonotonicClock(wallClockMs, clockFloor);
  }

  /** An event as the API takes it: checked, normalized (a missing timestamp is now), numbered. */
  prepare(event: EventInput): PendingEvent {
    let clocked = false;
    const e = normalizeEvent(event, () => ((clocked = true), this.clock.read()));
    const payload = encodePayload(e.data);
    return {
      ts: e.timestamp,
      seq: this.nextSeq++,
      ast: e.ast_node_id,
      corr: e.correlation_id,
      json: payload.json,
      clone: payload.clone,
      clocked,
    };
  }

  /** An importer's event: its `json` text, when set, is stored as it is. */
  prepareImported(e: ImportedEvent): PendingEvent {
    if (e.json === undefined) return this.prepare(e);
    return this.text(requireSafeInteger('timestamp', e.timestamp), checkId(e, 'ast_node_id'), checkId(e, 'correlation_id'), e.json);
  }

  /** Prepares every event of a batch; one bad event rejects them all, naming its index. */
  batch<T>(events: T[], prepare: (e: T) => PendingEvent): PendingEvent[] {
    // Seqs are handed out in order; a rejected batch leaves only a gap in event ids.
    return events.map((e, i) => {
      try {
        return prepare(e);
      } catch (err) {
        throw indexed(err, i);
      }
    });
  }

  /**
   * Prepares columns, leaving out the events at the indexes in `skip`: no object per event but the
   * store's own. `ids` holds each prepared event's id at its column index.
   */
  columns(c: ImportColumns, skip: ReadonlySet<number>): { prepared: PendingEvent[]; ids: string[] } {
    const ids: string[] = new Array(c.n);
    const prepared: PendingEvent[] = [];
    const datas = c.datas.length > 0 ? new Map(c.datas) : null;
    let start = 0;
    for (let i = 0; i < c.n; i++) {
      const end = c.jsonEnd[i];
      if (!skip.has(i)) {
        const ast = c.ast[i] === 0 ? null : c.astDict[c.ast[i] - 1];
        const corr = c.corr[i] === 0 ? null : c.corrDict[c.corr[i] - 1];
        try {
          const p =
            datas !== null && datas.has(i)
              ? this.prepare({ timestamp: c.ts[i], ast_node_id: ast, correlation_id: corr, data: datas.get(i) })
              : this.text(requireSafeInteger('timestamp', c.ts[i]), ast, corr, c.json.slice(start, end));
          prepared.push(p);
          ids[i] = String(p.seq);
        } catch (err) {
          throw indexed(err, i);
        }
      }
      start = end;
    }
    return { prepared, ids };
  }

  /** An event whose payload a reader already checked as JSON text. */
  private text(ts: number, ast: string | null, corr: string | null, json: string): PendingEvent {
    return { ts, seq: this.nextSeq++, ast, corr, json, clone: undefined, clocked: false };
  }
}

/** Names the event a batch was refused for: its index, in the message and as `index`. */
function indexed(err: unknown, i: number): unknown {
  if (err instanceof Error) {
    err.message = `event ${i}: ${err.message}`;
    (err as Error & { index?: number }).index = i;
  }
  return err;
}
