// The contract between instrumented code and the recorder's runtime: the names the rewritten
// source calls, in one place. Instrumented code reaches the runtime through one global object and
// passes node numbers (a file's base plus the node's index in the file's table), never strings on
// the hot path.

/** The global the runtime installs and every instrumented file reads once. */
export const RUNTIME_GLOBAL = '__cinema$';

/**
 * Local names the rewritten code declares: the runtime, the file's base node number, the current
 * frame, a caught error, and the hoisted function that sets the first two (see instrument.ts).
 */
export const LOCALS = { runtime: '__c$', base: '__b$', frame: '__f$', caught: '__e$', init: '__i$' } as const;

/**
 * The runtime's functions, by the short names the rewritten code calls. Each returns what the
 * rewritten expression must evaluate to (the value it wraps), so wrapping never changes a result.
 */
export const PROBES = {
  /** `m(key, nodes)`: a file starts running; returns its base node number. */
  module: 'm',
  /** `e0(node)` ... `e3(node, a, b, c)`, `en(node, args)`: a function is entered; returns its frame. */
  enter: ['e0', 'e1', 'e2', 'e3'],
  enterMany: 'en',
  /**
   * `k(name)`, before the entry of a test runner's callback (a test, a hook): called by the runner,
   * at the root of a call stack, it starts a flow of its own named `name` (the test's, or the hook's).
   */
  testRoot: 'k',
  /** `r(frame, node, value)`: a return statement; returns the value. */
  ret: 'r',
  /** `x(frame, error)`: an exception leaves the function (rethrown by the caller). */
  fail: 'x',
  /** `o(frame)`: the function is left, by return or exception (from `finally`). */
  exit: 'o',
  /** `v(node, name, value)`: a variable is assigned; returns the value. */
  assign: 'v',
  /** `u(node, name, result, now)`: an update (`i++`); returns the expression's result, records `now`. */
  update: 'u',
  /** `d(node, names, result, ...values)`: a destructuring assignment; returns the result. */
  destructure: 'd',
  /** `t(frame, node, error)`: a throw statement; returns the error. */
  thrown: 't',
  /** `s(frame, node, value)` before an await or a yield; `w(frame, node, value)` after it. */
  suspend: 's',
  resume: 'w',
} as const;

/** What the AST table says of a node. Line and column are 1-based; columns count UTF-16 units. */
export interface InstrumentedNode {
  /** Stable across runs and machines: the file relative to the project root, line and column. */
  id: string;
  /** module, class, function, method, arrow, call, assignment, return, throw, await, yield. */
  kind: string;
  name: string;
  /** Index of the enclosing node in the same table, or -1 for the module. */
  parent: number;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** Functions: the qualified name, the number of parameters and their names. */
  fn?: { name: string; arity: number; params: string[]; async: boolean; generator: boolean };
}
