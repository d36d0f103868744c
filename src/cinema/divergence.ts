// Where two runs of a program first went different. Both recordings are read in time order, a page
// at a time from each, and split into sequences: per process (the first process to appear in A
// matched with the first in B, and so on) or per correlation flow (matched by the order flows
// start). Each sequence is of (AST node, event type) pairs, and of values too when asked. The first
// position where a matched pair of sequences differs is the divergence; after it, a shortest edit
// script over a bounded window (diff.ts) says whether B inserted, A deleted or both changed events,
// and where they line up again. Reading stops soon after the divergence is found, so one near the
// start of a large recording is found without reading the rest.
import type { StoredEvent } from '../event';
import { type EditRun, diffSequences } from './diff';
import { RunSequences } from './run-sequences';
import { threadOfData } from './state';

/** The next page of a recording's events in time order, or null at the end. */
export type PageSource = () => Promise<StoredEvent[] | null>;

export interface DivergenceOptions {
  by: 'process' | 'flow';
  /** Compare values (arguments, results, assigned values) as well as nodes and types. */
  values?: boolean;
  /** Items compared by the edit script after the divergence, per side. */
  window?: number;
  /** Called after each page with the events read so far from each side. */
  onProgress?(readA: number, readB: number): void;
  /** Stops the walk (throws the reason) when set. */
  cancelled?(): boolean;
}

/** One side at the divergence. */
export interface DivergenceSide {
  /** The process (lane) or flow of the matched sequence in this recording. */
  key: string;
  /** The first event that differs, or null when this side's sequence ended there. */
  event: StoredEvent | null;
  /** The events both sides had in common just before it (the last few). */
  before: StoredEvent[];
  /** This side's events from the divergence on (the first few), for the aligned view. */
  after: StoredEvent[];
}

export interface Divergence {
  by: 'process' | 'flow';
  /** Position in the matched sequences where they first differ. */
  index: number;
  a: DivergenceSide;
  b: DivergenceSide;
  /** The edit script from the divergence on, over the window read (null: too different to align). */
  edits: EditRun[] | null;
  readA: number;
  readB: number;
}

/** A recording split into sequences as it is read, a page at a time. */
class Side extends RunSequences<StoredEvent> {
  done = false;

  constructor(
    private readonly source: PageSource,
    tokenOf: (e: StoredEvent) => number,
    keyOf: (e: StoredEvent) => string | null,
  ) {
    super(tokenOf, keyOf, (e) => e);
  }

  async pull(): Promise<void> {
    if (this.done) return;
    const page = await this.source();
    if (page === null) this.done = true;
    else this.add(page);
  }
}

/** Events sent of each side after the divergence. */
const AFTER = 80;

const TIMING = new Set(['pid', 'tid', 'call', 'dur_ns', 'span_id', 'parent_span_id', 'trace_id']);

/**
 * What two runs are compared by: an event's AST node and type (and its values, less what differs
 * between any two runs, when asked), as a number; equal numbers for equal events of either run.
 */
export function sequenceToken(values: boolean): (e: StoredEvent) => number {
  const tokens = new Map<string, number>();
  return (e) => {
    const data = e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
    const type = typeof data.type === 'string' ? data.type : typeof data.event_type === 'string' ? data.event_type : '';
    let text = `${e.ast_node_id ?? ''}\u0000${type}`;
    // Values: the payload less what differs between any two runs (process ids, call numbers, timing).
    if (values) text += `\u0000${JSON.stringify(data, (k, v: unknown) => (TIMING.has(k) ? undefined : v))}`;
    let t = tokens.get(text);
    if (t === undefined) tokens.set(text, (t = tokens.size));
    return t;
  };
}

/** Which sequence an event is in: its process (lane) or its flow; null for none. */
export function sequenceKey(by: 'process' | 'flow'): (e: StoredEvent) => string | null {
  return by === 'flow'
    ? (e) => e.correlation_id
    : (e) => threadOfData(e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {});
}

export async function firstDivergence(a: PageSource, b: PageSource, opts: DivergenceOptions): Promise<Divergence | null> {
  const tokenOf = sequenceToken(opts.values === true);
  const keyOf = sequenceKey(opts.by);
  const A = new Side(a, tokenOf, keyOf);
  const B = new Side(b, tokenOf, keyOf);
  const compared: number[] = [];
  const window = opts.window ?? 2000;

  /** The earliest (by A's time) position where a matched pair differs, or null so far. */
  const scan = (final: boolean): { k: number; i: number } | null => {
    let best: { k: number; i: number; t: number } | null = null;
    const pairs = Math.max(A.keys.length, B.keys.length);
    for (let k = 0; k < pairs; k++) {
      const ta = A.tokens[k] ?? [];
      const tb = B.tokens[k] ?? [];
      let i = compared[k] ?? 0;
      while (i < ta.length && i < tb.length && ta[i] === tb[i]) i++;
      compared[k] = i;
      // A difference, or (once a side is read to its end) one sequence ending before the other.
      const differs = (i < ta.length && i < tb.length) || (final && (i < ta.length || i < tb.length));
      if (!differs) continue;
      const t = (A.items[k]?.[i] ?? B.items[k]?.[i])!.timestamp;
      if (!best || t < best.t) best = { k, i, t };
    }
    return best;
  };

  let found: { k: number; i: number } | null = null;
  while (!found) {
    if (opts.cancelled?.()) throw new Error('cancelled');
    await Promise.all([A.pull(), B.pull()]);
    opts.onProgress?.(A.read, B.read);
    found = scan(A.done && B.done);
    if (A.done && B.done && !found) return null;
  }
  // Read on until the window after the divergence is filled on both sides (or they end), and
  // keep the earliest difference: a pair that lagged may hold an earlier one.
  const filled = () =>
    (A.done || (A.tokens[found!.k]?.length ?? 0) >= found!.i + window) &&
    (B.done || (B.tokens[found!.k]?.length ?? 0) >= found!.i + window);
  while (!filled()) {
    if (opts.cancelled?.()) throw new Error('cancelled');
    await Promise.all([A.pull(), B.pull()]);
    opts.onProgress?.(A.read, B.read);
    found = scan(A.done && B.done) ?? found;
  }
  const { k, i } = found;
  const side = (s: Side): DivergenceSide => ({
    key: s.keys[k] ?? '',
    event: s.items[k]?.[i] ?? null,
    before: (s.items[k] ?? []).slice(Math.max(0, i - 10), i),
    after: (s.items[k] ?? []).slice(i, i + AFTER),
  });
  const allA = A.tokens[k] ?? [];
  const allB = B.tokens[k] ?? [];
  const edits = diffSequences(allA.slice(i, i + window), allB.slice(i, i + window), 400);
  // The window cuts both sequences at the same length: an insertion inside it leaves as many
  // items of A unmatched at its end. When both go on past the window, that tail is the cut's.
  const cut = allA.length > i + window && allB.length > i + window;
  while (edits && cut && edits.length > 1 && edits[edits.length - 1].op !== 'equal') edits.pop();
  return { by: opts.by, index: i, a: side(A), b: side(B), edits, readA: A.read, readB: B.read };
}
