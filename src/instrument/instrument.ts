// The recorder's instrumenter: source text in; the same text with probe calls inserted, a source
// map back to the original, and the table of AST nodes the events will name, out. The text is
// edited in place (magic-string), never regenerated, so every original character keeps its line
// (nothing inserted holds a line break) and stack traces keep their lines even without the map.
// Parsing is oxc's: JavaScript, TypeScript and JSX, ESM and CommonJS. No Node API here, so a
// browser runtime can use it as it is.
import MagicString from 'magic-string';
import { parseSync } from 'oxc-parser';
import { type InstrumentedNode, LOCALS, PROBES, RUNTIME_GLOBAL } from './probes';
import { uniqueIds } from './ids';
import { afterDirectives, afterSuperWithParameterProperties, isAnonymousFunction } from './shapes';
import { LineIndex } from './positions';
import { RUNNER_NAME, boundNames, calleeName, functionName, paramName, targetName, testFlowName } from './names';
import { type AstNode, isNode, walk } from './walk';

export interface InstrumentOptions {
  /** The file's path relative to the project root (forward slashes): node ids start with it. */
  file: string;
  /** The key the runtime registers the file under (the rewrite cache's content hash). */
  key: string;
  /** Default: from the file's extension. */
  lang?: 'js' | 'jsx' | 'ts' | 'tsx';
  /** CommonJS allows a top-level `return`; default: found from the source. */
  sourceType?: 'module' | 'script' | 'commonjs' | 'unambiguous';
  /** The source map's `sources` entry (an absolute path or URL); default `file`. */
  sourceName?: string;
  /**
   * For code another tool already compiled (a TypeScript runner's JavaScript, with its source
   * map): where an offset of this text came from in the original, or null for code the tool
   * generated. Node ids and spans then name the original; generated functions are left alone.
   */
  locate?: (offset: number) => { line: number; col: number } | null;
}

export interface SourceMapV3 {
  version: number;
  sourceRoot?: string;
  sources: string[];
  sourcesContent?: Array<string | null>;
  names: string[];
  mappings: string;
  file?: string;
}

export interface Instrumented {
  code: string;
  map: SourceMapV3;
  nodes: InstrumentedNode[];
}

/** The source cannot be parsed: where and what, as `file:line:col: message`. */
export class InstrumentError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    detail: string,
  ) {
    super(`${file}:${line}:${col}: ${detail}`);
    this.name = 'InstrumentError';
  }
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const STATEMENT_LISTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase', 'TSModuleBlock']);
const { runtime: R, base: B, frame: F, caught: E, init: I } = LOCALS;
/**
 * The runtime as a function's head reads it: a module's function declarations can be called
 * before the module's own code has run (ES modules importing each other in a circle), when the
 * prologue has not yet set it, so the head sets it then (a hoisted function).
 */
const RUNTIME_AT_ENTRY = `(${R} || ${I}())`;

/** A call of one of a test runner's own functions (names.ts: RUNNER_NAME). */
function runnersCall(n: AstNode | undefined): boolean {
  if (n?.type !== 'CallExpression') return false;
  const callee = n.callee as AstNode;
  return callee.type === 'Identifier' && RUNNER_NAME.test(String(callee.name));
}

function langOf(file: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  if (/\.[mc]?tsx$/.test(file)) return 'tsx';
  if (/\.[mc]?ts$/.test(file)) return 'ts';
  if (/\.jsx$/.test(file)) return 'jsx';
  return 'js';
}

/** Instruments one file. Throws InstrumentError when it does not parse. */
export function instrument(source: string, opts: InstrumentOptions): Instrumented {
  const lang = opts.lang ?? langOf(opts.file);
  const parsed = parseSync(opts.file, source, {
    lang,
    sourceType: opts.sourceType ?? (/\.cjs$|\.cts$/.test(opts.file) ? 'commonjs' : 'unambiguous'),
  });
  const lines = new LineIndex(source);
  const fatal = parsed.errors.find((e) => e.severity === 'Error');
  if (fatal) {
    const at = lines.at(fatal.labels[0]?.start ?? 0);
    throw new InstrumentError(opts.file, at.line, at.col, fatal.message);
  }
  const program = parsed.program as unknown as AstNode;
  const at = (offset: number) => (opts.locate ? opts.locate(offset) : lines.at(offset));
  const s = new MagicString(source);
  const nodes: InstrumentedNode[] = [];
  const ignored = ignoredStarts(source, parsed.comments);

  /** Records a node in the table; its id is `file:line:col`, made unique if two nodes start together. */
  const record = (n: AstNode, kind: string, name: string, parent: number, fn?: InstrumentedNode['fn']): number => {
    const a = at(n.start) ?? lines.at(n.start);
    const b = at(n.end) ?? at(n.end - 1) ?? a;
    // The module is the file itself; everything else is the file, line and column where it starts
    // (made unique once the table is whole: uniqueIds).
    const id = kind === 'module' ? opts.file : `${opts.file}:${a.line}:${a.col}`;
    nodes.push({ id, kind, name, parent, line: a.line, col: a.col, endLine: b.line, endCol: b.col, ...(fn ? { fn } : {}) });
    return nodes.length - 1;
  };
  const ref = (k: number) => `${B}+${k}`;
  // Wraps the code of [start, end) as `open` + code + `close`. Children are edited before their
  // parents (post-order), so an inner wrapper's closing text lands first at a shared end, and
  // prependRight puts an outer opening before an inner one at a shared start.
  // After a word with no space (`return{`, `await(` in minified code) the opening text needs one.
  const wrap = (start: number, end: number, open: string, close: string) => {
    s.prependRight(start, start > 0 && /[\w$]/.test(source[start - 1]) ? ` ${open}` : open);
    s.appendLeft(end, close);
  };

  const moduleIndex = record(program, 'module', opts.file, -1);
  // The nearest enclosing recorded node (for parents) and the nearest instrumented function (for frames).
  const owners: number[] = [moduleIndex];
  const frames: Array<{ index: number; active: boolean }> = [{ index: moduleIndex, active: false }];
  const classes: string[] = [];
  const skippedFunctions = new Set<AstNode>();
  const generated = new Set<AstNode>();
  const pushedOwner = new Set<AstNode>();

  walk(program, {
    enter(n, parents) {
      const parent = parents[parents.length - 1];
      if (FUNCTIONS.has(n.type)) {
        if (!isNode(n.body)) return 'skip'; // an overload signature: no code
        if (isIgnored(n, parents, ignored)) {
          skippedFunctions.add(n);
          return 'skip';
        }
        // Code a compiler generated (a module wrapper, a helper, a test runner's export getter, a
        // coverage tool's counters) has no place in the original: it is not recorded, but the
        // original code inside it is. Its returns are its own: no frame.
        const own = functionName(n, parent);
        if (at(n.start) === null || runnersCall(parent) || RUNNER_NAME.test(own)) {
          frames.push({ index: owners[owners.length - 1], active: false });
          generated.add(n);
          return;
        }
        const inClass = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition';
        const qualified = classes.length > 0 && inClass ? `${classes[classes.length - 1]}.${own}` : own;
        const params = (n.params as AstNode[]).map(paramName).filter((p): p is string => p !== null);
        const kind = parent?.type === 'MethodDefinition' ? 'method' : n.type === 'ArrowFunctionExpression' ? 'arrow' : 'function';
        const where = parent?.type === 'MethodDefinition' ? parent : n;
        const index = record(where, kind, qualified, owners[owners.length - 1], {
          name: qualified,
          arity: params.length,
          params,
          async: n.async === true,
          generator: n.generator === true,
        });
        owners.push(index);
        frames.push({ index, active: true });
        pushedOwner.add(n);
        return;
      }
      if ((n.type === 'ClassDeclaration' || n.type === 'ClassExpression') && at(n.start) !== null) {
        const id = isNode(n.id)
          ? String(n.id.name)
          : parent?.type === 'VariableDeclarator' && isNode(parent.id)
            ? String(parent.id.name)
            : '<class>';
        owners.push(record(n, 'class', id, owners[owners.length - 1]));
        classes.push(id);
        pushedOwner.add(n);
      }
    },

    exit(n, parents) {
      const owner = owners[owners.length - 1];
      const frame = frames[frames.length - 1];
      const inFunction = frame.active;
      const F_ = inFunction ? F : 'null';
      // Code a compiler generated is neither recorded nor wrapped (functions and classes close their scopes below).
      const placed = at(n.start) !== null;
      switch (n.type) {
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
          if (pushedOwner.has(n)) {
            owners.pop();
            frames.pop();
            wrapFunction(n, frame.index, parents[parents.length - 1]);
          } else if (generated.has(n)) frames.pop();
          return;
        case 'ClassDeclaration':
        case 'ClassExpression':
          if (pushedOwner.has(n)) {
            owners.pop();
            classes.pop();
          }
          return;
        case 'CallExpression':
        case 'NewExpression':
          if (!placed || runnersCall(n)) return;
          record(n, 'call', calleeName(n), owner);
          return;
        case 'ReturnStatement':
          if (!placed) return;
          if (inFunction && isNode(n.argument)) {
            const k = record(n, 'return', 'return', owner);
            // In parentheses: `return a, b` would otherwise become two arguments.
            wrap(n.argument.start, n.argument.end, `${R}.${PROBES.ret}(${F}, ${ref(k)}, (`, '))');
          }
          return;
        case 'ThrowStatement': {
          if (!placed) return;
          const arg = n.argument as AstNode;
          const k = record(n, 'throw', 'throw', owner);
          wrap(arg.start, arg.end, `${R}.${PROBES.thrown}(${F_}, ${ref(k)}, (`, '))');
          return;
        }
        case 'AwaitExpression':
        case 'YieldExpression': {
          if (!placed || runnersCall(n.argument as AstNode | undefined)) return; // the runner's `await` of an import
          const kind = n.type === 'AwaitExpression' ? 'await' : 'yield';
          const k = record(n, kind, kind, owner);
          const arg = isNode(n.argument) ? n.argument : null;
          // The value awaited (or yielded) goes through suspend, the value it gives back through resume.
          if (arg) wrap(arg.start, arg.end, `${R}.${PROBES.suspend}(${F_}, ${ref(k)}, (`, '))');
          else s.appendLeft(n.end, ` ${R}.${PROBES.suspend}(${F_}, ${ref(k)}, undefined)`);
          wrap(n.start, n.end, `${R}.${PROBES.resume}(${F_}, ${ref(k)}, `, ')');
          return;
        }
        case 'VariableDeclarator':
          if (!placed) return;
          declarator(n, parents, owner);
          return;
        case 'AssignmentExpression': {
          if (!placed) return;
          const left = n.left as AstNode;
          const name = targetName(left);
          if (name !== null && RUNNER_NAME.test(name)) return;
          if (name !== null) {
            const k = record(n, 'assignment', name, owner);
            wrap(n.start, n.end, `${R}.${PROBES.assign}(${ref(k)}, ${JSON.stringify(name)}, `, ')');
          } else if (left.type === 'ObjectPattern' || left.type === 'ArrayPattern') {
            const names = boundNames(left);
            const k = record(n, 'assignment', names.join(', '), owner);
            // In parentheses: V8 refuses `f(["a"], [a] = x)` (an array argument before a destructuring one).
            wrap(n.start, n.end, `${R}.${PROBES.destructure}(${ref(k)}, ${JSON.stringify(names)}, (`, `), ${names.join(', ')})`);
          }
          return;
        }
        case 'UpdateExpression': {
          if (!placed) return;
          const arg = n.argument as AstNode;
          if (arg.type !== 'Identifier') return;
          const name = String(arg.name);
          const k = record(n, 'assignment', name, owner);
          wrap(n.start, n.end, `${R}.${PROBES.update}(${ref(k)}, ${JSON.stringify(name)}, `, `, ${name})`);
          return;
        }
        case 'ForOfStatement':
        case 'ForInStatement':
          if (!placed) return;
          loopHead(n, owner);
          return;
      }
    },
  });

  /** Entry, exit and exceptions around a function's body; returns were wrapped as they were met. */
  function wrapFunction(fn: AstNode, index: number, parent: AstNode | undefined): void {
    // Arguments by name: a destructured parameter passes the values it bound, as an object.
    const values = (fn.params as AstNode[]).flatMap((p) => {
      const name = paramName(p);
      if (name === null) return [];
      return name.startsWith('{') ? [`{${boundNames(p).join(', ')}}`] : [name];
    });
    const test = testFlowName(fn, parent);
    // Only a declaration can run before its module's code (it is hoisted); others read R as it is.
    const runtime = fn.type === 'FunctionDeclaration' ? RUNTIME_AT_ENTRY : R;
    const first = test === null ? runtime : R;
    const call =
      values.length < PROBES.enter.length
        ? `${first}.${PROBES.enter[values.length]}(${[ref(index), ...values].join(', ')})`
        : `${first}.${PROBES.enterMany}(${ref(index)}, [${values.join(', ')}])`;
    const enter = test === null ? call : `(${runtime}.${PROBES.testRoot}(${JSON.stringify(test)}), ${call})`;
    const head = `const ${F} = ${enter}; try {`;
    const tail = `} catch (${E}) { ${R}.${PROBES.fail}(${F}, ${E}); throw ${E}; } finally { ${R}.${PROBES.exit}(${F}); }`;
    const body = fn.body as AstNode;
    if (body.type === 'BlockStatement') {
      const { at, gap } = afterSuperWithParameterProperties(fn, body, source) ?? afterDirectives(body, source);
      s.appendLeft(at, `${gap} ${head} `);
      s.appendLeft(body.end - 1, ` ${tail} `);
    } else {
      // An arrow's expression body becomes a block that returns it.
      wrap(body.start, body.end, `{ ${head} return ${R}.${PROBES.ret}(${F}, ${ref(index)}, `, `); ${tail} }`);
    }
  }

  /** `let x = init` records x by wrapping init; a destructuring declaration records after itself. */
  function declarator(d: AstNode, parents: readonly AstNode[], owner: number): void {
    const target = d.id as AstNode;
    const init = isNode(d.init) ? d.init : null;
    if (!init) return;
    if (target.type === 'Identifier') {
      if (RUNNER_NAME.test(String(target.name))) return;
      const k = record(d, 'assignment', String(target.name), owner);
      const key = JSON.stringify(String(target.name));
      // `const f = () => {}` names the function f; passed to the probe it would have no name, so it
      // is made a property of that name first (an object literal names it the same way).
      const [open, close] = isAnonymousFunction(init) ? [`({ ${key}: `, ` })[${key}]`] : ['', ''];
      wrap(init.start, init.end, `${R}.${PROBES.assign}(${ref(k)}, ${key}, ${open}`, `${close})`);
      return;
    }
    const decl = parents[parents.length - 1];
    const holder = parents[parents.length - 2];
    const statement = holder?.type === 'ExportNamedDeclaration' ? holder : decl;
    const list = statement === holder ? parents[parents.length - 3] : holder;
    if (!list || !STATEMENT_LISTS.has(list.type)) return; // a for-loop head, or a single-statement body
    const names = boundNames(target);
    if (names.length === 0) return;
    const k = record(d, 'assignment', names.join(', '), owner);
    s.appendLeft(statement.end, `;${R}.${PROBES.destructure}(${ref(k)}, ${JSON.stringify(names)}, undefined, ${names.join(', ')});`);
  }

  /** `for (const x of xs)`: each value bound is recorded as the body starts. */
  function loopHead(loop: AstNode, owner: number): void {
    const left = loop.left as AstNode;
    if (left.type !== 'VariableDeclaration') return;
    const target = (left.declarations as AstNode[])[0]?.id as AstNode | undefined;
    if (!target) return;
    const names = boundNames(target);
    if (names.length === 0) return;
    const k = record(left, 'assignment', names.join(', '), owner);
    const call = `${R}.${PROBES.destructure}(${ref(k)}, ${JSON.stringify(names)}, undefined, ${names.join(', ')});`;
    const body = loop.body as AstNode;
    if (body.type === 'BlockStatement') s.appendLeft(body.start + 1, ` ${call}`);
    else wrap(body.start, body.end, `{ ${call} `, ' }');
  }

  // The file's prologue: after a hashbang and the directives ("use strict" must stay first).
  // `var`s set by a hoisted function, not `const`s: see RUNTIME_AT_ENTRY. Setting them twice is
  // harmless (the runtime gives a file the same base each time).
  const prologue =
    `var ${R}, ${B}; function ${I}() { ${R} = globalThis.${RUNTIME_GLOBAL}; ${B} = ${R}.${PROBES.module}(${JSON.stringify(opts.key)}, ${nodes.length}); return ${R}; } ` +
    `${I}(); var ${F} = null;`;
  const start = afterDirectives(program, source);
  s.appendLeft(start.at, start.gap + prologue);

  const map = s.generateMap({ source: opts.sourceName ?? opts.file, includeContent: true, hires: 'boundary' });
  uniqueIds(nodes);
  return { code: s.toString(), map: map as unknown as SourceMapV3, nodes };
}

/** Starts of the code right after each `cinema-ignore` comment: the function (or its declaration) there is skipped. */
function ignoredStarts(source: string, comments: Array<{ value: string; end: number }>): Set<number> {
  const out = new Set<number>();
  for (const c of comments) {
    if (!/\bcinema-ignore\b/.test(c.value)) continue;
    let at = c.end;
    while (at < source.length && /\s/.test(source[at])) at++;
    out.add(at);
  }
  return out;
}

/** A function is ignored when it, or the statement, property or method it is part of, follows a cinema-ignore comment. */
function isIgnored(fn: AstNode, parents: readonly AstNode[], ignored: Set<number>): boolean {
  if (ignored.size === 0) return false;
  if (ignored.has(fn.start)) return true;
  for (let i = parents.length - 1; i >= 0 && i >= parents.length - 4; i--) {
    const p = parents[i];
    if (ignored.has(p.start)) return true;
    if (STATEMENT_LISTS.has(p.type)) break;
  }
  return false;
}
