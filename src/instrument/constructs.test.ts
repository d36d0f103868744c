// Instrumented code does what the original did, on the corners of the language a rewrite can
// trip on (each run as written and as instrumented, the results compared). A function's text
// (toString) is the one thing a program sees change: it is the rewritten text.
import { describe, expect, it } from 'vitest';
import { both } from './testing';

const cases: Record<string, string> = {
  newTarget: 'function F() { return new.target === F } var result = [new F() instanceof F, F()]',
  argumentsObj:
    'function f(a) { a = 2; return arguments[0] } function g() { "use strict"; return arguments.length } var result = [f(1), g(1,2,3)]',
  directEval: 'function f(x) { var y = 3; return eval("x + y") } var result = f(2)',
  withStmt: 'var o = { a: 1 }; var r; with (o) { r = a + 1 } var result = r',
  forOfTarget: 'var x; var seen = []; for (x of [1,2]) seen.push(x); var o = {}; for (o.k of [3]) ; var result = [seen, x, o.k]',
  forInTarget: 'var k; for (k in {a:1}) ; var result = k',
  optionalCall: 'var a = { b() { return 1 } }; var n = null; var result = [a?.b(), n?.b(), a.c?.()]',
  tagged: 'function t(s, ...v) { return s.raw.join("|") + v.join(",") } var result = t`a${1}b${2}`',
  deleteExpr: 'var o = {a:1}; var d = delete o.a; var result = [d, "a" in o]',
  superInObject:
    'var base = { hi() { return "base" } }; var o = { __proto__: base, hi() { return super.hi() + "!" } }; var result = o.hi()',
  staticBlock: 'class A { static #x = 1; static y; static { A.y = A.#x + 1 } } var result = A.y',
  privateMethods:
    'class A { #m() { return 5 } get #g() { return 6 } call() { return this.#m() + this.#g } static is(o) { return #m in o } } var result = [new A().call(), A.is(new A()), A.is({})]',
  asyncGen:
    'async function* g() { yield 1; yield 2 } var result = (async () => { const out = []; for await (const v of g()) out.push(v); return out })()',
  genReturn:
    'function* g() { try { yield 1; yield 2 } finally { fin = true } } var fin = false; var it = g(); it.next(); var r = it.return(9); var result = [r, fin]',
  labeledTry:
    'var log = []; outer: for (let i = 0; i < 3; i++) { try { if (i === 1) continue outer; log.push(i) } finally { log.push("f" + i) } } var result = log',
  defaultsClosure: 'function f(a, b = () => a) { a = 5; return b() } var result = f(1)',
  classFieldArrow: 'class A { v = 3; get = () => this.v; static s = () => this.name } var result = [new A().get(), A.s()]',
  getterCtor: 'var o = { get constructor() { return 1 } }; var result = o.constructor',
  commaFor: 'var s = 0; for (var i = 0, j = 10; i < j; i++, j--) s += i; var result = [s, i, j]',
  destructDefaults:
    'var calls = 0; function d() { calls++; return 7 } var { a = d(), b = d() } = { a: 1 }; var [c = d()] = []; var result = [a, b, c, calls]',
  exponentAssign: 'var x = 2; x **= 3; var y = null; y ??= 4; var z = 1; z ||= 5; z &&= 6; var result = [x, y, z]',
  chainAssign: 'var a, b, c; a = b = c = 3; var result = [a, b, c]',
  updateMember: 'var o = { n: 1 }; o.n++; ++o.n; var arr = [1]; arr[0]--; var result = [o.n, arr[0]]',
  asyncArrowThis: 'var o = { v: 1, f() { return (async () => this.v)() } }; var result = o.f()',
  catchNoBinding: 'var r; try { throw 1 } catch { r = 2 } var result = r',
  throwInFinally:
    'function f() { try { return 1 } finally { throw new Error("fin") } } var result; try { f() } catch (e) { result = e.message }',
  recursionDeep: 'function f(n) { return n === 0 ? 0 : 1 + f(n - 1) } var result = f(3000)',
  generatorThrow:
    'function* g() { try { yield 1 } catch (e) { yield "caught " + e } } var it = g(); it.next(); var result = it.throw("x").value',
  arrowParamsDestruct: 'var f = ({ a, b: [c] }, ...rest) => a + c + rest.length; var result = f({ a: 1, b: [2] }, 3, 4)',
  fnLength: 'function f(a, b = 1, ...c) {} var g = (x, y) => x; var result = [f.length, g.length, f.name, g.name]',
  getterSetterStatic: 'class A { static get x() { return 1 } static set x(v) { A.y = v } } A.x = 5; var result = [A.x, A.y]',
  asyncThrow: 'async function f() { throw new Error("boom") } var result = f().catch((e) => e.message)',
  awaitInLoopTry:
    'async function f() { let s = 0; for (const p of [1,2,3]) { try { s += await p } finally { s += 10 } } return s } var result = f()',
  switchFallthrough:
    'function f(x) { let r = ""; switch (x) { case 1: r += "a"; case 2: r += "b"; break; default: r += "d" } return r } var result = [f(1), f(2), f(3)]',
  ifElseNoBraces: 'function f(x) { if (x) return 1; else return 2 } var result = [f(1), f(0)]',
  arrowReturnsObjectSeq: 'var f = () => ({}); var g = (a) => (a, { a }); var result = [f(), g(1)]',
  sparseAndSpread: 'var a = [1,,3]; var b = [...a]; var result = [a.length, 1 in a, b[1]]',
  symbolIter: 'var o = { *[Symbol.iterator]() { yield 1; yield 2 } }; var result = [...o]',
  computedMethods: 'var k = "m"; var o = { [k + "1"]() { return 1 }, get [k]() { return 2 } }; var result = [o.m1(), o.m]',
  assignInCondition: 'var m, s = "a1b2", out = []; var re = /\\d/g; while ((m = re.exec(s)) !== null) out.push(m[0]); var result = out',
  letInSwitchCase: 'function f(x) { switch (x) { case 1: { let y = 2; return y } } } var result = f(1)',
  yieldStar: 'function* a() { yield 1; return 2 } function* b() { const r = yield* a(); yield r } var result = [...b()]',
  thisInFn: 'function f() { return this } var result = [f.call(5) == 5, typeof f.call(undefined)]',
  bigStrings: 'var s = "x".repeat(100000); var t = s + s; var result = t.length',
  doWhile: 'var i = 0; do { i++ } while (i < 3); var result = i',
};

describe('instrumented code does what the original did, construct by construct', () => {
  for (const [name, body] of Object.entries(cases)) {
    it(name, async () => {
      const r = both(body);
      // Async results are compared once settled, a rejection by its reason.
      const settle = async (v: unknown) =>
        v instanceof Promise
          ? v.then(
              (x: unknown) => x,
              (e: unknown) => `rejected ${String(e)}`,
            )
          : v;
      expect(await settle(r.instrumented)).toEqual(await settle(r.plain));
      expect(r.log.length).toBeGreaterThan(0);
    });
  }
});
