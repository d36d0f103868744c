// Turning the ring buffer into `.cinema` event lines, off the hot path (when the recording is
// written): node numbers become the AST ids of the file tables, names and flows are looked up, and
// values - already snapshots - are encoded as JSON.
import type { TimeBase } from '../../format/exact-time';
import { quote } from '../../format/native-writer';
import type { InstrumentedNode } from '../../instrument/probes';
import { rootOf } from './flows';
import { Kind, Tag } from './ring';
import type { LineBytes } from './line-bytes';
import { mostValueBytes, valueText, writeValue } from './value-bytes';
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

const json = (v: unknown) => JSON.stringify(v) ?? 'null';
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** The function a node belongs to: itself when it is one, else its enclosing function. */
function functionOf(ctx: EncodeContext, global: number): { name: string; module: string; arity: number; params: string[] } | null {
  const found = ctx.node(global);
  if (!found) return null;
  const fn = found.node.fn;
  return fn ? { name: fn.name, module: found.file, arity: fn.arity, params: fn.params } : null;
}

/** Per node, name or flow: its text (made once), and the bytes of the line pieces that name it. */
class Pieces {
  private readonly ast: string[] = [];
  private readonly fn: string[] = [];
  /** Flow numbers are sparse (flows.ts): maps, not arrays. */
  private readonly flowIds = new Map<number, string>();
  private readonly nodeHeads: Buffer[] = [];
  private readonly flowHeads = new Map<number, Buffer>();
  private readonly entries: Buffer[] = [];
  private readonly exits: Buffer[] = [];
  private readonly assigns: Buffer[] = [];
  private readonly returnsAt: Buffer[] = [];
  /** `,"pid":…,"tid":…}}` and a line's fixed pieces. */
  readonly tail: Buffer;
  readonly start = utf8('{"kind":"event","timestamp":');
  readonly call = utf8(',"call":');
  readonly ret = utf8(',"return":');
  readonly exception = utf8(',"exception":');

  constructor(
    private readonly ctx: EncodeContext,
    private readonly rt: Runtime,
    readonly where: string,
  ) {
    this.tail = utf8(`,${where}}}`);
  }

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

  /** The flow's id, quoted (null for none). */
  flow(n: number): string {
    let text = this.flowIds.get(n);
    if (text === undefined) {
      const id = this.rt.flows.id(n);
      this.flowIds.set(n, (text = id === null ? 'null' : quote(id)));
    }
    return text;
  }

  /** `,"ast_node_id":…,"correlation_id":` */
  nodeHead(node: number): Buffer {
    return (this.nodeHeads[node + 1] ??= utf8(`,"ast_node_id":${this.astId(node)},"correlation_id":`));
  }

  /** The flow's id and `,"data":` */
  flowHead(flow: number): Buffer {
    let head = this.flowHeads.get(flow);
    if (head === undefined) this.flowHeads.set(flow, (head = utf8(`${this.flow(flow)},"data":`)));
    return head;
  }

  /** An entry's data up to its arguments (`count` of them when the function is unknown). */
  entry(node: number, count: number): Buffer {
    let b = this.entries[node + 1];
    if (b === undefined) {
      const fn = functionOf(this.ctx, node);
      const head = `${this.fnHead(node)},"arity":${fn?.arity ?? count},"params":${json(fn?.params ?? [])}`;
      b = this.entries[node + 1] = utf8(`{"type":"function_entry",${head},"args":`);
    }
    return b;
  }

  /** An exit's data up to its call number. */
  exit(node: number): Buffer {
    return (this.exits[node + 1] ??= utf8(`{"type":"function_exit",${this.fnHead(node)},"call":`));
  }

  /** An assignment's data up to its value. */
  assign(name: number): Buffer {
    return (this.assigns[name] ??= utf8(`{"type":"variable_assignment","variable":${json(this.rt.names[name] ?? '?')},"value":`));
  }

  /** After a return value: the return statement and the tail. */
  returnAt(node: number): Buffer {
    return (this.returnsAt[node + 1] ??= utf8(`,"return_at":${this.astId(node)}${this.tail.toString()}`));
  }
}

/** The data of the rarer kinds, as text (values through valueText). */
function otherData(ring: Runtime['ring'], i: number, p: Pieces, ctx: EncodeContext): string | null {
  const kind = ring.kind[i] as Kind;
  const node = ring.node[i];
  const aux = ring.aux[i];
  const where = p.where;
  switch (kind) {
    case Kind.Thrown:
      return `{"type":"error","error":${valueText(ring, i, ctx.chars)},"call":${ring.call[i]},${where}}`;
    case Kind.Uncaught:
      return `{"type":"error","error":${valueText(ring, i, ctx.chars)},"uncaught":true,"origin":${aux === 1 ? '"unhandledRejection"' : '"uncaughtException"'},${where}}`;
    case Kind.Suspend:
    case Kind.Resume: {
      const isYield = node >= 0 && ctx.node(node)?.node.kind === 'yield';
      const type = kind === Kind.Suspend ? (isYield ? 'generator_yield' : 'await_suspend') : isYield ? 'generator_resume' : 'await_resume';
      const v = kind === Kind.Resume ? `,"value":${valueText(ring, i, ctx.chars)}` : '';
      return `{"type":"${type}",${p.fnHead(aux)},"call":${ring.call[i]}${v},${where}}`;
    }
    case Kind.FlowStart:
      // The flow's detail is the event's value; its parent's number is in `num` (runtime.ts).
      return `{"type":"flow_start","root":${json(rootOf(ring.flow[i]))},"detail":${valueText(ring, i, ctx.chars)},"parent_flow":${p.flow(ring.num[i])},${where}}`;
    case Kind.FlowEnd:
      return `{"type":"flow_end","status":${ring.num[i]},${where}}`;
    default:
      return null;
  }
}

/** Room a line needs beyond its value and pieces: the timestamp, a call number, brackets. */
const SLACK = 96;

/** Every event the ring holds, oldest first, as event lines written into `out`. */
export function encodeEvents(rt: Runtime, ctx: EncodeContext, out: LineBytes): void {
  const ring = rt.ring;
  const p = new Pieces(ctx, rt, `"pid":${ctx.pid},"tid":${ctx.tid}`);
  for (let k = 0; k < ring.length; k++) {
    const i = ring.slot(k);
    const kind = ring.kind[i] as Kind;
    const node = ring.node[i];
    const aux = ring.aux[i];
    let data: Buffer;
    let other: string | null = null;
    switch (kind) {
      case Kind.Entry:
        data = p.entry(node, aux);
        break;
      case Kind.Exit:
      case Kind.ExitThrew:
        data = p.exit(node);
        break;
      case Kind.Assign:
        data = p.assign(aux);
        break;
      default:
        other = otherData(ring, i, p, ctx);
        if (other === null) continue;
        data = p.tail;
    }
    const nodeHead = p.nodeHead(node);
    const flowHead = p.flowHead(ring.flow[i]);
    const tail = kind === Kind.Exit && aux >= 0 ? p.returnAt(aux) : p.tail;
    const value = other === null ? mostValueBytes(ring, i) : 3 * other.length;
    out.begin(p.start.length + nodeHead.length + flowHead.length + data.length + tail.length + value + SLACK);
    out.bytes(p.start);
    out.timestamp(ctx.base, ring.ts[i]);
    out.bytes(nodeHead);
    out.bytes(flowHead);
    if (other !== null) {
      out.utf8(other);
      out.ascii('}');
    } else {
      out.bytes(data);
      switch (kind) {
        case Kind.Entry:
          // A call with no arguments carries no value: its list is empty.
          if (ring.tag[i] === Tag.None) out.ascii('[]');
          else writeValue(ring, i, out);
          out.bytes(p.call);
          out.digits(ring.call[i]);
          out.bytes(tail);
          break;
        case Kind.Assign:
          writeValue(ring, i, out);
          out.bytes(tail);
          break;
        default:
          // An exit: its call, then what it returned or threw (none after a function's end).
          out.digits(ring.call[i]);
          if (kind === Kind.ExitThrew || aux >= 0) {
            out.bytes(kind === Kind.ExitThrew ? p.exception : p.ret);
            writeValue(ring, i, out);
          }
          out.bytes(tail);
      }
    }
    out.end(ring.ts[i]);
  }
}
