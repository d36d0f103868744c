// The flight recorder's buffer: the last N events in preallocated columns. A value is a tag, and a
// number in its own column or a string in the one column that holds references (a string of the
// program's is kept as it is - strings do not change; anything else as its snapshot's JSON text):
// writing an event allocates nothing of its own. When full, the oldest events are overwritten, and
// the oldest also go while the strings held pass a byte budget, so memory stays bounded whatever
// the program does. Events become text only when the buffer is written out, off the hot path.

/** What a value is, as stored in the `tag` column. */
export const enum Tag {
  None = 0,
  Number = 1,
  True = 2,
  False = 3,
  Null = 4,
  Undefined = 5,
  /** A string of the program's, in `value` (cut to the limit when written out). */
  String = 6,
  /** JSON text of a snapshot, in `value`. */
  Json = 7,
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
  tag: Uint8Array;
  num: Float64Array;
  value: Array<string | undefined>;
  private size: Int32Array;
  /** Slots allocated now (<= capacity); until the ring wraps, event k is at slot k. */
  private allocated: number;
  /** Events written since the start (the next one goes at written % capacity). */
  written = 0;
  /** The oldest event still held (an absolute count, like `written`). */
  oldest = 0;
  /** Bytes the values held take (as counted by the writer). */
  bytes = 0;

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
    this.tag = new Uint8Array(this.allocated);
    this.num = new Float64Array(this.allocated);
    this.size = new Int32Array(this.allocated);
    this.value = new Array<string | undefined>(this.allocated).fill(undefined);
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
    this.tag = more(this.tag, Uint8Array);
    this.num = more(this.num, Float64Array);
    this.size = more(this.size, Int32Array);
    this.value.length = n;
    this.allocated = n;
  }

  /** Appends one event; its value is `tag` with `num` or `value`, holding `bytes`. */
  push(
    ts: number,
    kind: Kind,
    node: number,
    flow: number,
    call: number,
    aux: number,
    tag: Tag,
    num: number,
    value: string | undefined,
    bytes: number,
  ): void {
    if (this.written === this.allocated && this.allocated < this.capacity) this.grow();
    const i = this.written % this.capacity;
    if (this.written - this.oldest === this.capacity) this.dropOldest();
    this.ts[i] = ts;
    this.kind[i] = kind;
    this.node[i] = node;
    this.flow[i] = flow;
    this.call[i] = call;
    this.aux[i] = aux;
    this.tag[i] = tag;
    this.num[i] = num;
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
