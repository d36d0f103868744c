// A deterministic synthetic recording for the benchmark, shaped like real recordings measured for
// this project: 30% of timestamps repeat the previous one, 2,000 AST node ids with Zipf skew
// (10% of events without one), correlation flows of 2-50 events with 16 interleaved (25% of events
// without one), and ~150-byte payloads.
import type { EventInput } from '../../src/event';
import { seededRandom } from '../../src/random';

export const AST_IDS = 2000;
const FLOWS_AT_ONCE = 16;

/** Zipf(s=1) over n ranks: cumulative weights for inverse-transform sampling. */
function zipfTable(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / (k + 1);
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return cdf;
}

function sample(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const KINDS = ['function_entry', 'function_exit', 'variable_assignment', 'state_change', 'message_send'];

/** Yields the recording in chunks; the same seed gives the same events. */
export function* generateRecording(total: number, chunk = 10_000, seed = 1): Generator<EventInput[]> {
  const rand = seededRandom(seed);
  const zipf = zipfTable(AST_IDS);
  let ts = 1_000_000;
  const flows: Array<{ id: string; left: number }> = [];
  let nextFlow = 0;
  for (let start = 0; start < total; start += chunk) {
    const out: EventInput[] = [];
    for (let i = start; i < Math.min(total, start + chunk); i++) {
      if (rand() >= 0.3) ts += 1 + Math.floor(rand() * 20);
      const ast = rand() < 0.1 ? null : `ast_${sample(zipf, rand())}`;
      let corr: string | null = null;
      if (rand() >= 0.25) {
        while (flows.length < FLOWS_AT_ONCE) flows.push({ id: `flow_${nextFlow++}`, left: 2 + Math.floor(rand() * 49) });
        const k = Math.floor(rand() * flows.length);
        corr = flows[k].id;
        if (--flows[k].left === 0) flows.splice(k, 1);
      }
      const kind = KINDS[i % KINDS.length];
      out.push({
        timestamp: ts,
        ast_node_id: ast,
        correlation_id: corr,
        data: {
          type: kind,
          module: 'Shop.Cart',
          function: `handle_${i % 37}`,
          arity: 2,
          pid: `<0.${100 + (i % 12)}.0>`,
          args: [i, 'item-' + (i % 997)],
          value: rand() < 0.5 ? 'ok' : 'retry',
        },
      });
    }
    yield out;
  }
}

/** What queries the benchmark asks: the timestamps (for windows) and ids of chosen sizes. */
export interface RecordingPlan {
  timestamps: Float64Array;
  hotNode: string;
  hotCount: number;
  coldNode: string;
  coldCount: number;
  correlation: string;
  correlationCount: number;
  /** The process with the most events: the flame chart's lane. */
  busiestPid: string;
  /** How many flows (distinct correlation ids) the recording has. */
  flows: number;
}

/** Walks the recording once to choose the hot (~1%) and cold (~0.005%) nodes and a ~28-event flow. */
export function planRecording(total: number, seed = 1): RecordingPlan {
  const timestamps = new Float64Array(total);
  const astCounts = new Map<string, number>();
  const corrCounts = new Map<string, number>();
  const pidCounts = new Map<string, number>();
  let i = 0;
  for (const chunk of generateRecording(total, 10_000, seed)) {
    for (const e of chunk) {
      timestamps[i++] = e.timestamp!;
      if (e.ast_node_id) astCounts.set(e.ast_node_id, (astCounts.get(e.ast_node_id) ?? 0) + 1);
      if (e.correlation_id) corrCounts.set(e.correlation_id, (corrCounts.get(e.correlation_id) ?? 0) + 1);
      const pid = String((e.data as { pid: string }).pid);
      pidCounts.set(pid, (pidCounts.get(pid) ?? 0) + 1);
    }
  }
  const closest = (counts: Map<string, number>, target: number): [string, number] => {
    let best: [string, number] = ['', Infinity];
    for (const [id, n] of counts) if (Math.abs(n - target) < Math.abs(best[1] - target)) best = [id, n];
    return best;
  };
  const [hotNode, hotCount] = closest(astCounts, total * 0.01);
  const [coldNode, coldCount] = closest(astCounts, Math.max(1, total * 0.00005));
  const [correlation, correlationCount] = closest(corrCounts, 28);
  const [busiestPid] = [...pidCounts].sort((a, b) => b[1] - a[1])[0];
  return { timestamps, hotNode, hotCount, coldNode, coldCount, correlation, correlationCount, busiestPid, flows: corrCounts.size };
}
