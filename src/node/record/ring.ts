// The flight recorder's buffer: the last N events in preallocated columns (typed arrays for the
// numbers, one array slot for a value's snapshot). Writing an event is a few stores, no
// allocation; when it is full the oldest events are overwritten, and it also drops the oldest
// while the snapshots it holds pass a byte budget, so memory stays bounded whatever the program
// does. Events are encoded to text only when the buffer is written out, off the hot path.

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
}

/** Columns start this long and double until they reach the capacity (a short run stays small). */
const FIRST_ALLOCATION = 1 << 16;

export class Ring {
  ts: Float64Array;
  kind: Uint8Array;
  /** The AST node's global number (-1: none). */
  node: Int32Array;
  /** The flow's number in the flow table (0: none). */
  flow: Int32Array;
  /** The call (frame) the event belongs to (0: none). */
  call: Float64Array;
  /** Per kind: the name's number (assignments), the return statement's node (exits), the flow started. */
  aux: Int32Array;
  value: unknown[];
  private size: Int32Array;
  /** Slots allocated now (<= capacity); until the ring wraps, event k is at slot k. */
  private allocated: number;
  /** Events written since the start (the next one goes at written % capacity). */
  written = 0;
  /** The oldest event still held (an absolute count, like `written`). */
  oldest = 0;
  private bytes = 0;

  constructor(
    readonly capacity: number,
    private readonly maxBytes: number,
  ) {
    this.allocated = Math.min(capacity, FIRST_ALLOCATION);
    this.ts = new Float64Array(this.allocated);
    this.kind = new Uint8Array(this.allocated);
    this.node = new Int32Array(this.allocated);
    this.flow = new Int32Array(this.allocated);
    this.call = new Float64Array(this.allocated);
    this.aux = new Int32Array(this.allocated);
    this.size = new Int32Array(this.allocated);
    this.value = new Array(this.allocated).fill(undefined);
  }

  /** Doubles the columns (up to the capacity), keeping every slot where it is. */
  private grow(): void {
    const n = Math.min(this.capacity, this.allocated * 2);
    const more = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    this.ts = more(this.ts, Float64Array);
    this.kind = more(this.kind, Uint8Array);
    this.node = more(this.node, Int32Array);
    this.flow = more(this.flow, Int32Array);
    this.call = more(this.call, Float64Array);
    this.aux = more(this.aux, Int32Array);
    this.size = more(this.size, Int32Array);
    this.value.length = n;
    this.allocated = n;
  }

  /** Appends one event; `bytes` is what its value's snapshot holds. */
  push(ts: number, kind: Kind, node: number, flow: number, call: number, aux: number, value: unknown, bytes: number): void {
    if (this.written === this.allocated && this.allocated < this.capacity) this.grow();
    const i = this.written % this.capacity;
    if (this.written - this.oldest === this.capacity) this.dropOldest();
    this.ts[i] = ts;
    this.kind[i] = kind;
    this.node[i] = node;
    this.flow[i] = flow;
    this.call[i] = call;
    this.aux[i] = aux;
    this.value[i] = value;
    this.size[i] = bytes;
    this.bytes += bytes;
    this.written++;
    while (this.bytes > this.maxBytes && this.written - this.oldest > 1) this.dropOldest();
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
    return (this.oldest + k) % this.capacity;
  }

  private dropOldest(): void {
    const j = this.oldest % this.capacity;
    this.bytes -= this.size[j];
    this.value[j] = undefined;
    this.oldest++;
  }
}
