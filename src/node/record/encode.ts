// Turning the ring buffer into `.cinema` event lines, off the hot path (when the recording is
// written): node numbers become the AST ids of the file tables, names and flows are looked up, and
// values - already snapshots - are encoded as JSON.
import type { TimeBase } from '../../format/exact-time';
import { eventLineParts, quote } from '../../format/native-writer';
import type { InstrumentedNode } from '../../instrument/probes';
import type { FlowInfo } from './flows';
import { Kind, type Ring, Tag } from './ring';
import { stringText } from './snapshot';
import type { Runtime } from './runtime';

export interface EncodeContext {
  /** The process and thread the events come from. */
  pid: number;
  tid: number;
  /** The recording's epoch: offsets become exact absolute nanoseconds. */
  base: TimeBase;
  /** Characters kept of each string value. */
  chars: number;
  /** A node by its global number, with the file it is in. */
  node(global: number): { node: InstrumentedNode; file: string } | null;
}

/** One event line with its offset (the merge orders lines of several processes by it). */
export interface EncodedLine {
  offset: number;
  line: string;
}

const json = (v: unknown) => JSON.stringify(v) ?? 'null';

/** A value's JSON text from the ring's columns. */
function valueText(ring: Ring, i: number, chars: number): string {
  switch (ring.tag[i] as Tag) {
    case Tag.Number:
      return String(ring.num[i]);
    case Tag.True:
      return 'true';
    case Tag.False:
      return 'false';
    case Tag.Null:
      return 'null';
    case Tag.String:
      return stringText(ring.value[i]!, chars);
    case Tag.Json:
      return ring.value[i]!;
    default:
      return '{"$type":"undefined"}';
  }
}

/** The function a node belongs to: itself when it is one, else its enclosing function. */
function functionOf(ctx: EncodeContext, global: number): { name: string; module: string; arity: number; params: string[] } | null {
  const found = ctx.node(global);
  if (!found) return null;
  const fn = found.node.fn;
  return fn ? { name: fn.name, module: found.file, arity: fn.arity, params: fn.params } : null;
}

/** Every event the ring holds, oldest first, as event lines. */
export function* encodeEvents(rt: Runtime, ctx: EncodeContext): Generator<EncodedLine> {
  const ring = rt.ring;
  const flows: FlowInfo[] = rt.flows.table;
  const where = `"pid":${ctx.pid},"tid":${ctx.tid}`;
  for (let k = 0; k < ring.length; k++) {
    const i = ring.slot(k);
    const kind = ring.kind[i] as Kind;
    const node = ring.node[i];
    const flow = flows[ring.flow[i]]?.id || null;
    const call = ring.call[i];
    const aux = ring.aux[i];
    const value = valueText(ring, i, ctx.chars);
    const found = node >= 0 ? ctx.node(node) : null;
    const ast = found ? quote(found.node.id) : 'null';
    let data: string;
    switch (kind) {
      case Kind.Entry: {
        const fn = functionOf(ctx, node);
        data = `{"type":"function_entry","module":${json(fn?.module ?? null)},"function":${json(fn?.name ?? null)},"arity":${fn?.arity ?? aux},"params":${json(fn?.params ?? [])},"args":${value},"call":${call},${where}}`;
        break;
      }
      case Kind.Exit:
      case Kind.ExitThrew: {
        const fn = functionOf(ctx, node);
        const head = `{"type":"function_exit","module":${json(fn?.module ?? null)},"function":${json(fn?.name ?? null)},"call":${call}`;
        if (kind === Kind.ExitThrew) data = `${head},"exception":${value},${where}}`;
        else if (aux >= 0) data = `${head},"return":${value},"return_at":${json(ctx.node(aux)?.node.id ?? null)},${where}}`;
        else data = `${head},${where}}`;
        break;
      }
      case Kind.Assign:
        data = `{"type":"variable_assignment","variable":${json(rt.names[aux] ?? '?')},"value":${value},${where}}`;
        break;
      case Kind.Thrown:
        data = `{"type":"error","error":${value},"call":${call},${where}}`;
        break;
      case Kind.Uncaught:
        data = `{"type":"error","error":${value},"uncaught":true,"origin":${aux === 1 ? '"unhandledRejection"' : '"uncaughtException"'},${where}}`;
        break;
      case Kind.Suspend:
      case Kind.Resume: {
        const isYield = found?.node.kind === 'yield';
        const fn = functionOf(ctx, aux);
        const type =
          kind === Kind.Suspend ? (isYield ? 'generator_yield' : 'await_suspend') : isYield ? 'generator_resume' : 'await_resume';
        const v = kind === Kind.Resume ? `,"value":${value}` : '';
        data = `{"type":"${type}","module":${json(fn?.module ?? null)},"function":${json(fn?.name ?? null)},"call":${call}${v},${where}}`;
        break;
      }
      case Kind.FlowStart: {
        const f = flows[aux];
        data = `{"type":"flow_start","root":${json(f.root)},"detail":${json(f.detail)},"parent_flow":${json(flows[f.parent]?.id || null)},${where}}`;
        break;
      }
      default:
        continue;
    }
    const offset = ring.ts[i];
    yield { offset, line: eventLineParts(ctx.base.restore(offset), null, ast, flow === null ? 'null' : quote(flow), data) };
  }
}
