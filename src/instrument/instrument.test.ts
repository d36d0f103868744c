// The instrumenter: the rewritten code does what the original did (run side by side on tricky
// constructs), keeps every line where it was, names nodes stably, and leaves out what it must.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { InstrumentError, instrument } from './instrument';
import { RUNTIME_GLOBAL } from './probes';
import { stripTypes } from './strip-types';
import { both, loggingRuntime } from './testing';

describe('instrumented code does what the original did', () => {
  const cases: Record<string, string> = {
    'returns, recursion and closures':
      'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } const inc = (() => { let c = 0; return () => ++c })(); inc(); var result = [fib(10), inc()];',
    'arrow bodies that are objects, sequences and assignments':
      'let y; const f = (a) => ({ a }); const g = (a) => (a, a + 1); const h = (a) => (y = a * 2); var result = [f(1), g(1), h(4), y];',
    'no semicolons (ASI)': 'let a = 1\nlet b = a\n;[a, b] = [b + 1, a]\nconst { c } = { c: a }\nvar result = [a, b, c]',
    'updates: prefix, postfix, in conditions':
      'let i = 0, j = 0; while (i++ < 3) j += i; let k = 5; const before = k--; var result = [i, j, k, before, ++k];',
    'destructuring in parameters, declarations and loops':
      'function f({ a, b: [c] = [9] }, ...rest) { return a + c + rest.length } const out = []; for (const [k, v] of Object.entries({ x: 1, y: 2 })) out.push(k + v); for (const k in { p: 1 }) out.push(k); var result = [f({ a: 1 }, 2, 3), out];',
    'classes: constructors with super, getters, setters, static members, private fields':
      'class A { constructor(x) { this.x = x } } class B extends A { #p = 2; static s = () => 7; constructor() { super(3); this.y = this.x + this.#p } get g() { return this.y } set g(v) { this.y = v } } const b = new B(); b.g = b.g + 1; var result = [b.g, B.s()];',
    'generators and exceptions caught, rethrown and finally':
      'function* gen() { const x = yield 1; yield x * 2 } const it = gen(); const seen = [it.next().value, it.next(5).value]; function f() { try { throw new Error("no") } catch (e) { return e.message } finally { seen.push("finally") } } function g() { try { return 1 } finally { seen.push("g") } } var result = [seen, f(), g()];',
    'labels, switch and default parameters':
      'function f(a = 1, b = a + 1) { return a + b } let n = 0; outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; n++ } } switch (n) { case 3: n = 30; break; default: n = -1 } var result = [f(), f(5), n];',
    'minified: return{...}, return(a, b), await(x), sequences':
      'function f(){let a=0;return a=1,a+1} function g(){return{k:1}} function h(){throw"no"} let e; try{h()}catch(x){e=x} var result=[f(),g(),e];',
    "'use strict' stays first":
      '"use strict"; function f() { "use strict"; return typeof this } var result = [f(), (function () { return this })() === undefined];',
    'functions and classes named by their declaration (fn.name), in parentheses too':
      'const g = (x) => x; let h = function () {}; var C = class {}; const p = (async () => {}); const named = function inner() {}; var result = [g.name, h.name, C.name, p.name, named.name, g(3)];',
    "'use strict' without its semicolon, in a file and in a function (as semver writes it)":
      "'use strict'\nfunction f() {\n  'use strict'\n  return typeof this\n}\nvar result = [f(), (function () { return this })() === undefined];",
  };
  for (const [name, body] of Object.entries(cases)) {
    it(name, () => {
      const r = both(body);
      expect(r.instrumented).toEqual(r.plain);
      expect(r.log.length).toBeGreaterThan(0);
    });
  }

  it('async functions and awaits resolve to the same values', async () => {
    const body =
      'async function f(x) { const a = await x; const b = await Promise.resolve(a + 1); return a + b } var result = f(Promise.resolve(2));';
    const r = both(body);
    expect(await r.instrumented).toBe(await r.plain);
    expect(r.log.filter((l) => l === 'suspend')).toHaveLength(2);
  });

  it('keeps every original line on its line (nothing inserted breaks a line)', () => {
    const body = Object.values(cases)
      .map((c) => `{\n${c}\n}`)
      .join('\n');
    const { code } = both(body);
    const original = body.split('\n');
    const rewritten = code.split('\n');
    expect(rewritten.length).toBe(original.length);
    original.forEach((line, i) => {
      for (const word of line.match(/[A-Za-z_]\w{3,}/g) ?? []) expect(rewritten[i]).toContain(word);
    });
  });
});

describe('the AST table', () => {
  const source =
    'class Cart {\n  add(item) {\n    this.items.push(item);\n    return this.items.length;\n  }\n}\nconst f = (a) => g(a)(a);\n';

  it('names nodes by file, line and column, the same every time, and unique when two start together', () => {
    const a = instrument(source, { file: 'src/cart.js', key: 'k' }).nodes;
    const b = instrument(source, { file: 'src/cart.js', key: 'other' }).nodes;
    expect(a.map((n) => n.id)).toEqual(b.map((n) => n.id));
    expect(new Set(a.map((n) => n.id)).size).toBe(a.length);
    expect(a.find((n) => n.kind === 'method')).toMatchObject({
      id: 'src/cart.js:2:3',
      name: 'Cart.add',
      fn: { params: ['item'], arity: 1 },
    });
    expect(a.find((n) => n.kind === 'module')).toMatchObject({ id: 'src/cart.js', parent: -1 });
    // g(a)(a): two calls start at the same place.
    expect(a.filter((n) => n.kind === 'call' && n.line === 7).map((n) => n.id)).toEqual(['src/cart.js:7:18', 'src/cart.js:7:18:call']);
  });

  it("writes its prologue after a hashbang's line, not into it (that line is a comment to its end)", () => {
    const { r, log } = loggingRuntime();
    for (const [source, want] of [
      ['#!/usr/bin/env node\nvar hashbangResult = (() => { const x = 2; return x * 21 })();', 42],
      ["#!/usr/bin/env node\n'use strict'\nvar hashbangResult = (() => { const x = 3; return x * 21 })();", 63],
    ] as const) {
      const out = instrument(source, { file: 'bin.js', key: 'k', sourceType: 'script' });
      expect(out.code.split('\n')[0]).toBe('#!/usr/bin/env node');
      const context: Record<string, unknown> = { [RUNTIME_GLOBAL]: r };
      runInNewContext(out.code, context);
      expect(context.hashbangResult).toBe(want);
    }
    expect(log.filter((l) => l.startsWith('x = '))).toEqual(['x = 2', 'x = 3']);
    // A file of a hashbang alone.
    expect(instrument('#!/usr/bin/env node', { file: 'bin.js', key: 'k', sourceType: 'script' }).code.split('\n')[0]).toBe(
      '#!/usr/bin/env node',
    );
  });

  it('leaves out a function after a cinema-ignore comment, with all it holds', () => {
    const out = instrument('// cinema-ignore\nfunction secret(x) { let y = x; return y }\nfunction open(x) { return x }\n', {
      file: 'a.js',
      key: 'k',
    });
    expect(out.nodes.filter((n) => n.kind === 'function').map((n) => n.name)).toEqual(['open']);
    expect(out.code.split('\n')[1]).toBe('function secret(x) { let y = x; return y }');
  });

  it("leaves out what vitest's transform adds, and names its calls of imports by the imported name", () => {
    // Vite's SSR output for `import { test } from 'vitest'; import { Cart } from './cart'; export const n = 1; test('t', () => new Cart());`
    const code = [
      'const __vite_ssr_import_0__ = await __vite_ssr_import__("vitest");',
      'const __vite_ssr_import_1__ = await __vite_ssr_import__("./cart");',
      '__vite_ssr_exportName__("n", () => { try { return n } catch {} });',
      'const n = 1;',
      "(0, __vite_ssr_import_0__.test)('t', () => new __vite_ssr_import_1__.Cart());",
    ].join('\n');
    const nodes = instrument(code, { file: 'a.test.js', key: 'k', sourceType: 'module' }).nodes;
    expect(nodes.map((n) => [n.kind, n.name])).toEqual([
      ['module', 'a.test.js'],
      ['assignment', 'n'],
      ['arrow', "test('t') callback"],
      ['call', 'new Cart'],
      ['call', 'test'],
    ]);
  });

  it('names a function passed to a call by the call, with its label when the first argument is a string', () => {
    const code = [
      "describe('a cart that holds more than forty characters of name', function () {});",
      'xs.map((x) => x * 2);',
      'setTimeout(() => {}, 10);',
      "app.get('/users', async (req) => req);",
      'new Promise((resolve) => resolve(1));',
      '(function () {})();',
      "run('a', 1, () => {});",
      // TypeScript's CommonJS output for `import { test } from '@jest/globals'; test('adds', () => total());`
      "(0, globals_1.test)('adds', () => (0, cart_1.total)());",
    ].join('\n');
    const nodes = instrument(code, { file: 'a.js', key: 'k', sourceType: 'module' }).nodes;
    const fns = nodes.filter((n) => n.kind !== 'call');
    expect(fns.map((n) => n.name).slice(1)).toEqual([
      "describe('a cart that holds more than forty charac…') callback",
      'xs.map callback',
      'setTimeout callback',
      "app.get('/users') callback",
      'new Promise callback',
      '<anonymous>', // called where it is written: not passed to anything
      "run('a') callback",
      "test('adds') callback",
    ]);
    expect(nodes.filter((n) => n.kind === 'call' && n.line === 8).map((n) => n.name)).toEqual(['total', 'test']);
    // Calls through short chains of names keep them; longer ones and calls on results do not.
    const calls = instrument('this.items.push(1); a.b.c.d(); a.b.c.d.e(); fetch(x).then(f); class Q { #q; m() { this.#q.add(2); } }', {
      file: 'b.js',
      key: 'k',
      sourceType: 'script',
    }).nodes.filter((n) => n.kind === 'call');
    expect(calls.map((n) => n.name).sort()).toEqual(['a.b.c.d', 'fetch', 'this.#q.add', 'this.items.push', '….e', '….then'].sort());
  });

  it("marks a test runner's tests and hooks to start flows of their own, and nothing else", () => {
    const code = [
      "describe('cart', () => {",
      '  beforeEach(() => {});',
      "  it('adds', async () => {});",
      "  test.only('totals', function () {});",
      '  xs.forEach((x) => x);',
      "  (0, globals_1.test)('compiled', () => {});",
      '  test.each([1, 2])(`adds ${1} and %i`, (n) => n);',
      "  test.only.each([3])('only %i', (n) => n);",
      "  describe.each([1])('suite %i', () => {});",
      '});',
    ].join('\n');
    const { r, log } = loggingRuntime();
    (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] = r;
    const out = instrument(code, { file: 'a.test.js', key: 'k', sourceType: 'script' });
    const testRoots = [...out.code.matchAll(/__c\$\.k\(("[^"]*")\)/g)].map((m) => JSON.parse(m[1]) as string);
    expect(testRoots).toEqual(['beforeEach', 'adds', 'totals', 'compiled', 'adds ${…} and %i', 'only %i']);
    // The probe goes just before the callback's entry, when it is called.
    const runner = (label: unknown, fn?: () => unknown) => void (fn ?? (label as () => unknown))();
    const each = () => runner;
    new Function('describe', 'beforeEach', 'it', 'test', 'xs', 'globals_1', out.code)(
      Object.assign((_: string, fn: () => void) => fn(), { each }),
      runner,
      runner,
      { only: Object.assign(runner, { each }), each },
      [1],
      { test: runner },
    );
    expect(log.filter((l) => l.startsWith('test root'))).toEqual([
      'test root beforeEach',
      'test root adds',
      'test root totals',
      'test root compiled',
      'test root adds ${…} and %i',
      'test root only %i',
    ]);
  });

  it('says where a file does not parse', () => {
    expect(() => instrument('const x = (1 + ;\n', { file: 'bad.js', key: 'k' })).toThrow(InstrumentError);
    expect(() => instrument('let a;\nconst x = (1 + ;\n', { file: 'bad.js', key: 'k' })).toThrow(/^bad\.js:2:16: /);
  });
});

describe('TypeScript', () => {
  it('instruments the .ts text, strips the types, and maps the JavaScript back to the .ts lines', () => {
    const ts =
      'interface P { x: number }\nenum E { A = 1 }\nexport function area(p: P, k: E = E.A): number {\n  const s: number = p.x * p.x;\n  return s * k;\n}\n';
    const out = stripTypes(instrument(ts, { file: 'src/area.ts', key: 'k' }), 'src/area.ts');
    expect(out.nodes.find((n) => n.kind === 'function')).toMatchObject({ id: 'src/area.ts:3:8', fn: { params: ['p', 'k'] } });
    expect(out.code).not.toMatch(/: number|interface/);
    expect(out.map.sources).toEqual(['src/area.ts']);
    const { r } = loggingRuntime();
    (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] = r;
    const area = new Function(`${out.code.replace('export function', 'function')}\nreturn area;`)();
    expect(area({ x: 3 })).toBe(9);
  });

  it("keeps a derived class's parameter properties after super(), where stripping the types puts them", () => {
    const ts = [
      'class Shape { constructor(public kind: string) {} }',
      "class Sq extends Shape { constructor(private side: number, readonly tag = 'sq') { super('square') } area() { return this.side ** 2 } }",
      'var result = [new Sq(3).area(), new Sq(2).tag, new Sq(1).kind];',
    ].join('\n');
    const out = stripTypes(instrument(ts, { file: 'src/sq.ts', key: 'k', sourceType: 'script' }), 'src/sq.ts');
    const { r, log } = loggingRuntime();
    (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] = r;
    expect(new Function(`${out.code}\nreturn result;`)()).toEqual([9, 'sq', 'square']);
    // Each constructor's entry is recorded (the derived one's once its parent's has run).
    expect(log.filter((l) => l.endsWith(' [3,"sq"]'))).toHaveLength(1);
  });
});
