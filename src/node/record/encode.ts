// Turning the ring buffer into `.cinema` event lines, off the hot path (when the recording is
// written): node numbers become the AST ids of the file tables, names and flows are looked up, and
// values - already snapshots - are encoded as JSON.
import type { TimeBase } from '../../format/exact-time';
import { eventLineParts, quote } from '../../format/native-writer';
import type { InstrumentedNode } from '../../instrument/probes';
import type { FlowInfo } from './flows';
import { Kind } from './ring';
import { valueText } from './value-bytes';
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

/** The function a node belongs to: itself when it is one, else its enclosing function. */
function functionOf(ctx: EncodeContext, global: number): { name: string; module: string; arity: number; params: string[] } | null {
  const found = ctx.node(global);
  if (!found) return null;
  const fn = found.node.fn;
  return fn ? { name: fn.name, module: found.file, arity: fn.arity, params: fn.params } : null;
}

/** Text made once per node, name or flow and reused for every event that names it. */
class Texts {
  private readonly ast: string[] = [];
  private readonly fn: string[] = [];
  private readonly entry: string[] = [];
  private readonly names: string[] = [];
  private readonly flows: string[] = [];

  constructor(
    private readonly ctx: EncodeContext,
    private readonly rt: Runtime,
  ) {}

  /** The node's id, quoted (null for none). */
  astId(node: number): string {
    if (node < 0) return 'null';
    let text = this.ast[node];
    if (text === undefined) {
      const id = this.ctx.node(node)?.node.id;
      text = this.ast[node] = id === undefined ? 'null' : quote(id);
    }
    return text;
  }

  /** `"module":…,"function":…` of the function the node is in. */
  fnHead(node: number): string {
    let head = this.fn[node];
    if (head === undefined) {
      const fn = functionOf(this.ctx, node);
      head = this.fn[node] = `"module":${json(fn?.module ?? null)},"function":${json(fn?.name ?? null)}`;
    }
    return head;
  }

  /** The function head with its arity and parameter names, for an entry (`count` arguments when unknown). */
  entryHead(node: number, count: number): string {
    let head = this.entry[node];
    if (head === undefined) {
      const fn = functionOf(this.ctx, node);
      head = this.entry[node] = `${this.fnHead(node)},"arity":${fn?.arity ?? count},"params":${json(fn?.params ?? [])}`;
    }
    return head;
  }

  name(n: number): string {
    return (this.names[n] ??= json(this.rt.names[n] ?? '?'));
  }

  /** The flow's id, quoted (null for none). */
  flow(n: number): string {
    let text = this.flows[n];
    if (text === undefined) {
      const id = this.rt.flows.table[n]?.id;
      text = this.flows[n] = id ? quote(id) : 'null';
    }
    return text;
  }
}

/** Every event the ring holds, oldest first, as event lines. */
export function* encodeEvents(rt: Runtime, ctx: EncodeContext): Generator<EncodedLine> {
  const ring = rt.ring;
  const flows: FlowInfo[] = rt.flows.table;
  const texts = new Texts(ctx, rt);
  const where = `"pid":${ctx.pid},"tid":${ctx.tid}`;
  for (let k = 0; k < ring.length; k++) {
    const i = ring.slot(k);
    const kind = ring.kind[i] as Kind;
    const node = ring.node[i];
    const call = ring.call[i];
    const aux = ring.aux[i];
    const value = valueText(ring, i, ctx.chars);
    let data: string;
    switch (kind) {
      case Kind.Entry:
        data = `{"type":"function_entry",${texts.entryHead(node, aux)},"args":${value},"call":${call},${where}}`;
        break;
      case Kind.Exit:
      case Kind.ExitThrew: {
        const head = `{"type":"function_exit",${texts.fnHead(node)},"call":${call}`;
        if (kind === Kind.ExitThrew) data = `${head},"exception":${value},${where}}`;
        else if (aux >= 0) data = `${head},"return":${value},"return_at":${texts.astId(aux)},${where}}`;
        else data = `${head},${where}}`;
        break;
      }
      case Kind.Assign:
        data = `{"type":"variable_assignment","variable":${texts.name(aux)},"value":${value},${where}}`;
        break;
      case Kind.Thrown:
        data = `{"type":"error","error":${value},"call":${call},${where}}`;
        break;
      case Kind.Uncaught:
        data = `{"type":"error","error":${value},"uncaught":true,"origin":${aux === 1 ? '"unhandledRejection"' : '"uncaughtException"'},${where}}`;
        break;
      case Kind.Suspend:
      case Kind.Resume: {
        const isYield = node >= 0 && ctx.node(node)?.node.kind === 'yield';
        const type =
          kind === Kind.Suspend ? (isYield ? 'generator_yield' : 'await_suspend') : isYield ? 'generator_resume' : 'await_resume';
        const v = kind === Kind.Resume ? `,"value":${value}` : '';
        data = `{"type":"${type}",${texts.fnHead(aux)},"call":${call}${v},${where}}`;
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
    yield { offset, line: eventLineParts(ctx.base.restore(offset), null, texts.astId(node), texts.flow(ring.flow[i]), data) };
  }
}
