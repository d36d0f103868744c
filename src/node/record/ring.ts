// The flight recorder's buffer: the last N events in columns allocated once, at the capacity, and
// their values as bytes in one arena beside them (the system gives pages as they are first
// written, so a short run stays small, and nothing is ever copied to grow). Values are bytes, not
// strings or objects the buffer holds on to: held values were most of the garbage collector's
// work, which was most of the recorder's cost. When full, the oldest events are overwritten; the
// arena is a ring too, and an event goes when the arena needs its bytes again, so memory stays
// bounded whatever the program does. Events become text only when the buffer is written out.

/** What a value is, as stored in the `tag` column. */
export const enum Tag {
  None = 0,
  Number = 1,
  True = 2,
  False = 3,
  Null = 4,
  Undefined = 5,
  /** A string of the program's, as UTF-8 in the arena. */
  String = 6,
  /** JSON text of a snapshot, as UTF-8 in the arena. */
  Json = 7,
  /** A call's arguments, one after another in the arena (value-bytes.ts). */
  Args = 8,
}

/** What happened, as stored in the `kind` column. */
export const enum Kind {
  Entry = 1,
  Exit = 2,
  ExitThrew = 3,
  Assign = 4,
  Thrown = 5,
  Suspend = 6,
  Resume = 7,
  FlowStart = 8,
  Uncaught = 9,
  FlowEnd = 10,
}

/** What one event takes in the columns, in bytes (ts, kind, node, flow, call, aux, tag, num, value start and length). */
export const COLUMN_BYTES = 8 + 1 + 4 + 8 + 8 + 4 + 1 + 8 + 8 + 4;

/** A ring grows to its whole size in this many shares (see Ring). */
export const GROWTH_STEPS = 16;

/** The least arena a buffer is given, whatever the columns leave. */
const MIN_ARENA = 1 << 20;

/** Why a buffer of `capacity` events cannot fit in `maxBytes` (null when it can). */
export function bufferProblem(capacity: number, maxBytes: number): string | null {
  if (maxBytes - capacity * COLUMN_BYTES >= MIN_ARENA) return null;
  const need = Math.ceil((capacity * COLUMN_BYTES + MIN_ARENA) / 2 ** 20);
  return `a buffer of ${capacity} events takes ${need} MB with its least room for values, more than the ${Math.floor(maxBytes / 2 ** 20)} MB allowed`;
}

export class Ring {
  readonly ts: Float64Array;
  readonly kind: Uint8Array;
  /** The AST node's global number (-1: none). */
  readonly node: Int32Array;
  /** The flow's number (flows.ts; 0: none): past 2^31 in a long run, so not an Int32. */
  readonly flow: Float64Array;
  /** The call (frame) the event belongs to (0: none). */
  readonly call: Float64Array;
  /** Per kind: the name's number (assignments), the return statement's node (exits). */
  readonly aux: Int32Array;
  readonly tag: Uint8Array;
  /** A Number value; for a flow_start, the parent flow's number. */
  readonly num: Float64Array;
  /** Where the event's value starts, counted in all bytes ever written to the arena, and its length. */
  private readonly vstart: Float64Array;
  private readonly vlen: Int32Array;
  /** The values' bytes; a value never wraps around its end. */
  readonly arena: Buffer;
  /** Bytes ever written to the arena: the next value goes at head % room. */
  private head = 0;
  /** Events written since the start (the next one goes at written % limit). */
  written = 0;
  /** Where the last event went, plus one: `written % limit` kept by counting (a division per event was ~5% of a push). */
  private next = 0;
  /** The oldest event still held (an absolute count, like `written`). */
  oldest = 0;
  /** The events and arena bytes in use now: a share of the whole, grown while nothing has wrapped. */
  private limit: number;
  private room: number;
  private readonly stepEvents: number;
  private readonly stepBytes: number;
  /** Once the oldest event or value has been let go, positions depend on the limits: they stay. */
  private wrapped = false;
  /**
   * Called with an event's time once it reaches `tickAt` (interrupt.ts): one comparison an event.
   * It returns whether to drop the event (once the recording is being written: Runtime.stop).
   */
  tickAt = Infinity;
  onTick: (ts: number) => boolean = () => false;

  /**
   * `maxBytes` bounds the columns and the arena together; see bufferProblem. The ring starts with
   * one of GROWTH_STEPS shares of both and takes another each time it fills, while `more()` grants
   * one (the process's budget, shared by its threads: budget.ts); refused, it wraps where it is.
   * The arrays are made whole at once: the system gives their pages only as they are written.
   */
  constructor(
    readonly capacity: number,
    maxBytes: number,
    private readonly more: () => boolean = () => true,
  ) {
    const wrong = bufferProblem(capacity, maxBytes);
    if (wrong) throw new Error(wrong);
    this.ts = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.node = new Int32Array(capacity);
    this.flow = new Float64Array(capacity);
    this.call = new Float64Array(capacity);
    this.aux = new Int32Array(capacity);
    this.tag = new Uint8Array(capacity);
    this.num = new Float64Array(capacity);
    this.vstart = new Float64Array(capacity);
    this.vlen = new Int32Array(capacity);
    this.arena = Buffer.alloc(maxBytes - capacity * COLUMN_BYTES);
    this.stepEvents = Math.ceil(capacity / GROWTH_STEPS);
    this.stepBytes = Math.ceil(this.arena.length / GROWTH_STEPS);
    this.limit = Math.min(capacity, this.stepEvents);
    this.room = Math.min(this.arena.length, this.stepBytes);
  }

  /** The most one value may take now (a larger one is not kept: see Runtime). */
  get maxValue(): number {
    return this.room >>> 2;
  }

  /**
   * Takes one more share of events and bytes when the one that filled (`full`) can still grow,
   * nothing has wrapped and the budget grants it; otherwise the ring wraps from now on.
   */
  private grow(full: number, whole: number): boolean {
    if (!this.wrapped && full < whole && this.more()) {
      this.limit = Math.min(this.capacity, this.limit + this.stepEvents);
      this.room = Math.min(this.arena.length, this.room + this.stepBytes);
      return true;
    }
    this.wrapped = true;
    return false;
  }

  /**
   * Makes room for a value of up to `most` bytes (at most maxValue) and returns where in the arena
   * to write it; the next push says how many bytes it took. The events whose values were there go.
   */
  reserve(most: number): number {
    // Until the ring wraps, the head never passes the room (and may stand at its very end).
    let at = this.wrapped ? this.head % this.room : this.head;
    // A value does not wrap: skip to the arena's start when it would not fit before its end.
    while (at + most > this.room && this.grow(this.room, this.arena.length));
    const size = this.room;
    if (at + most > size) {
      this.head += size - at;
      at = 0;
    }
    const reuse = this.head + most - size;
    while (this.written > this.oldest && this.vstart[this.oldest % this.limit] < reuse) this.oldest++;
    return at;
  }

  /**
   * Appends one event: its value is `tag` with `num`, or the `bytes` just written at the place
   * reserve() gave (0 for none).
   */
  push(ts: number, kind: Kind, node: number, flow: number, call: number, aux: number, tag: Tag, num: number, bytes: number): void {
    if (ts >= this.tickAt && this.onTick(ts)) return;
    if (this.written - this.oldest === this.limit && !this.grow(this.limit, this.capacity)) this.oldest++;
    // Until the ring wraps `next` is `written` and the limit grows past it; once wrapped the limit stays.
    const i = this.next < this.limit ? this.next : 0;
    this.next = i + 1;
    this.ts[i] = ts;
    this.kind[i] = kind;
    this.node[i] = node;
    this.flow[i] = flow;
    this.call[i] = call;
    this.aux[i] = aux;
    this.tag[i] = tag;
    this.num[i] = num;
    this.vstart[i] = this.head;
    this.vlen[i] = bytes;
    this.head += bytes;
    this.written++;
  }

  /** Where slot i's value is in the arena: [start, end). */
  valueStart(i: number): number {
    return this.vstart[i] % this.room;
  }

  valueEnd(i: number): number {
    return this.valueStart(i) + this.vlen[i];
  }

  /** How many bytes slot i's value takes. */
  valueLength(i: number): number {
    return this.vlen[i];
  }

  /** Arena bytes the events held span (values, and what a wrap skipped). */
  get bytes(): number {
    return this.length === 0 ? 0 : this.head - this.vstart[this.oldest % this.limit];
  }

  /** Events held now. */
  get length(): number {
    return this.written - this.oldest;
  }

  /** Events lost to the buffer's limits (the recording starts after them). */
  get dropped(): number {
    return this.oldest;
  }

  /** The slot of the k-th event held, oldest first. */
  slot(k: number): number {
    return (this.oldest + k) % this.limit;
  }

  /** What one more share of events and bytes takes (what `more()` is asked to grant). */
  static stepCost(capacity: number, maxBytes: number): number {
    return Math.ceil(capacity / GROWTH_STEPS) * COLUMN_BYTES + Math.ceil((maxBytes - capacity * COLUMN_BYTES) / GROWTH_STEPS);
  }
}
