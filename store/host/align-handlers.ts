// The store host lines up two whole sessions for the compare view's stacked timelines: both are
// read in time order into sequences per process or flow (matched as the divergence matches them),
// each pair is lined up end to end (align-runs.ts) a step at a time, with progress pushed and
// cancellation checked between steps, and the last alignment is kept to answer which events sit
// at the columns the view shows.
import { Aligner, type AlignedPair, scriptTotals } from '../../src/cinema/align-runs';
import { sequenceKey, sequenceToken } from '../../src/cinema/divergence';
import { RunSequences } from '../../src/cinema/run-sequences';
import { ScriptColumns } from '../../src/cinema/script-columns';
import type { StoredEvent } from '../../src/event';
import type { Requests } from '../../src/rpc/contract';
import { type CallContext, type Handlers, HostError } from '../../src/rpc/server';
import type { TemporalStorage } from '../temporal-storage';

/** Events read from each session per request. */
const PAGE = 16384;
/** Milliseconds of aligning between two looks at cancellation (and a progress push). */
const SLICE_MS = 25;
/** Columns one alignedEvents request may ask for. */
const MAX_COLUMNS = 2000;

type AlignArg = Requests['compare.alignment']['arg'];

interface KeptPair {
  wire: AlignedPair;
  columns: ScriptColumns;
  /** Each position's event id (ids are decimal numbers): 8 bytes an event, not a string each. */
  idsA: Float64Array;
  idsB: Float64Array;
}

const keyOfArg = (x: AlignArg) => JSON.stringify([x.a, x.b, x.by, x.values === true]);
const tick = () => new Promise<void>((ok) => setTimeout(ok, 0));

export function alignHandlers(
  storage: (session: string) => Promise<TemporalStorage>,
): Pick<Handlers, 'compare.alignment' | 'compare.alignedEvents'> {
  // One alignment is kept: the view asks for its columns as it pans and zooms.
  let kept: { key: string; pairs: KeptPair[] } | null = null;

  async function align(arg: AlignArg, ctx: CallContext): Promise<KeptPair[]> {
    const { a, b } = arg;
    const [sa, sb] = [await storage(a), await storage(b)];
    const total = (await sa.getStats()).total_events + (await sb.getStats()).total_events;
    const tokenOf = sequenceToken(arg.values === true);
    const keyOf = sequenceKey(arg.by);
    const idOf = (e: StoredEvent) => Number(e.event_id);
    const sides = [new RunSequences(tokenOf, keyOf, idOf), new RunSequences(tokenOf, keyOf, idOf)];
    const pages = [sa, sb].map((s) => s.pages((o) => s.queryAll(o), PAGE));
    const done = [false, false];
    while (!done[0] || !done[1]) {
      if (ctx.signal.aborted) throw new HostError('cancelled', 'the alignment was cancelled');
      await Promise.all(
        pages.map(async (p, k) => {
          if (done[k]) return;
          const next = await p.next();
          if (next.done) done[k] = true;
          else sides[k].add(next.value);
        }),
      );
      ctx.push('compare.alignProgress', { a, b, phase: 'reading', done: sides[0].read + sides[1].read, total });
    }
    const pairs: KeptPair[] = [];
    const count = Math.max(sides[0].keys.length, sides[1].keys.length);
    const seqs = Array.from({ length: count }, (_, k) => [sides[0].sequence(k), sides[1].sequence(k)] as const);
    const tokens = seqs.reduce((n, [x, y]) => n + x.tokens.length + y.tokens.length, 0);
    let placed = 0;
    for (const [x, y] of seqs) {
      const al = new Aligner(x.tokens, y.tokens);
      let slice = performance.now();
      while (!al.done) {
        al.step();
        if (performance.now() - slice < SLICE_MS) continue;
        ctx.push('compare.alignProgress', { a, b, phase: 'aligning', done: placed + al.placed, total: tokens });
        await tick();
        if (ctx.signal.aborted) throw new HostError('cancelled', 'the alignment was cancelled');
        slice = performance.now();
      }
      placed += al.placed;
      const wire = {
        keyA: x.key,
        keyB: y.key,
        lengthA: x.tokens.length,
        lengthB: y.tokens.length,
        runs: al.runs,
        ...scriptTotals(al.runs),
      };
      pairs.push({ wire, columns: new ScriptColumns(al.runs), idsA: Float64Array.from(x.items), idsB: Float64Array.from(y.items) });
    }
    return pairs;
  }

  return {
    'compare.alignment': async (arg, ctx) => {
      const key = keyOfArg(arg);
      if (kept?.key !== key) kept = { key, pairs: await align(arg, ctx) };
      return { result: { pairs: kept.pairs.map((p) => p.wire) } };
    },
    'compare.alignedEvents': async (arg) => {
      const { pair, from, to } = arg;
      if (to - from > MAX_COLUMNS) throw new HostError('bad-request', `at most ${MAX_COLUMNS} columns at once, asked for ${to - from}`);
      const p = kept?.key === keyOfArg(arg) ? kept.pairs[pair] : undefined;
      if (!p) throw new HostError('not-found', 'these runs are not lined up (ask compare.alignment first)');
      const cols = p.columns.slice(from, to);
      const [sa, sb] = [await storage(arg.a), await storage(arg.b)];
      const idsA = cols.filter((c) => c.a >= 0).map((c) => String(p.idsA[c.a]));
      const idsB = cols.filter((c) => c.b >= 0).map((c) => String(p.idsB[c.b]));
      const [ea, eb] = await Promise.all([sa.getEvents(idsA), sb.getEvents(idsB)]);
      const byIdA = new Map(ea.map((e) => [e.event_id, e]));
      const byIdB = new Map(eb.map((e) => [e.event_id, e]));
      const columns = cols.map((c) => ({
        column: c.column,
        op: c.op,
        a: c.a >= 0 ? (byIdA.get(String(p.idsA[c.a])) ?? null) : null,
        b: c.b >= 0 ? (byIdB.get(String(p.idsB[c.b])) ?? null) : null,
      }));
      return { result: { columns } };
    },
  };
}
