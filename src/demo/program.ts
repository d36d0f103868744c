// The small multi-process program the demo recording pretends to trace: its source files and the
// syntax tree (modules, functions, expressions) with spans into those sources.
import type { AstRecord, SourceRecord } from '../format/spec';

interface FunctionDef {
  module: string;
  name: string;
  arity: number;
  body: string[];
}

const FUNCTIONS: FunctionDef[] = [
  {
    module: 'Demo.TaskManager',
    name: 'start_task',
    arity: 2,
    body: ['task = %{id: id, payload: payload, state: :queued}', 'send(worker, {:run, task})', '{:ok, task}'],
  },
  {
    module: 'Demo.TaskManager',
    name: 'handle_result',
    arity: 2,
    body: ['state = Map.put(state, id, result)', 'Logger.info("task done")', 'state'],
  },
  {
    module: 'Demo.Pipeline',
    name: 'parse',
    arity: 1,
    body: ['fields = String.split(line, ",")', 'record = Enum.zip(@columns, fields)', 'Map.new(record)'],
  },
  {
    module: 'Demo.Pipeline',
    name: 'transform',
    arity: 1,
    body: ['total = record.price * record.qty', 'record = Map.put(record, :total, total)', 'record'],
  },
  { module: 'Demo.Pipeline', name: 'store', arity: 1, body: ['send(db, {:insert, record})', 'receive do {:ok, id} -> id end', ':ok'] },
  { module: 'Demo.Math', name: 'fib', arity: 1, body: ['if n < 2, do: n', 'a = fib(n - 1)', 'a + fib(n - 2)'] },
  {
    module: 'Demo.Checkout',
    name: 'charge',
    arity: 2,
    body: ['amount = cart.total', 'if amount > limit, do: raise(ArgumentError, "limit")', '{:ok, amount}'],
  },
];

/** A function of the demo program with the ids of its AST nodes. */
export interface DemoFunction {
  module: string;
  name: string;
  arity: number;
  file: string;
  fnId: string;
  /** AST ids of the function's body expressions, in order. */
  exprIds: string[];
  /** The variable each body expression assigns, when it does. */
  vars: Array<string | null>;
}

const fileOf = (module: string) =>
  `lib/${module
    .split('.')
    .pop()!
    .replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase())}.ex`;

/** The program: its functions, AST records and source records. */
export function demoProgram(): { functions: DemoFunction[]; ast: AstRecord[]; sources: SourceRecord[] } {
  const ast: AstRecord[] = [];
  const sources: SourceRecord[] = [];
  const functions: DemoFunction[] = [];
  const modules = [...new Set(FUNCTIONS.map((f) => f.module))];
  for (const module of modules) {
    const file = fileOf(module);
    const lines = [`defmodule ${module} do`];
    const modId = `mod:${module}`;
    ast.push({
      kind: 'ast',
      id: modId,
      type: 'module',
      name: module,
      parent_id: null,
      file,
      span: { start_line: 1, start_col: 1, end_line: 0, end_col: 4 },
    });
    for (const f of FUNCTIONS.filter((x) => x.module === module)) {
      const args = ['id', 'payload', 'state', 'line', 'record', 'n', 'cart', 'limit'].slice(0, f.arity);
      const start = lines.length + 1;
      lines.push(`  def ${f.name}(${args.join(', ')}) do`);
      const fnId = `fn:${module}.${f.name}/${f.arity}`;
      const exprIds: string[] = [];
      const vars: Array<string | null> = [];
      f.body.forEach((expr, k) => {
        const id = `${fnId}:${k + 1}`;
        const m = /^(\w+) = /.exec(expr);
        exprIds.push(id);
        vars.push(m ? m[1] : null);
        lines.push(`    ${expr}`);
        ast.push({
          kind: 'ast',
          id,
          type: m ? 'assignment' : 'call',
          name: expr.slice(0, 40),
          parent_id: fnId,
          file,
          span: { start_line: lines.length, start_col: 5, end_line: lines.length, end_col: 5 + expr.length },
        });
      });
      lines.push('  end');
      ast.push({
        kind: 'ast',
        id: fnId,
        type: 'function',
        name: `${f.name}/${f.arity}`,
        parent_id: modId,
        file,
        span: { start_line: start, start_col: 3, end_line: lines.length, end_col: 6 },
      });
      functions.push({ module, name: f.name, arity: f.arity, file, fnId, exprIds, vars });
    }
    lines.push('end');
    const mod = ast.find((n) => n.id === modId)!;
    mod.span!.end_line = lines.length;
    sources.push({ kind: 'source', file, text: lines.join('\n') + '\n' });
  }
  return { functions, ast, sources };
}
