// Test runners' files, rewritten where node:vm compiles or runs them (vitest's wrapper, jest 29's
// Script, jest 30's compileFunction), the recorder visible in the runner's own context; other vm
// code left alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { RUNTIME_GLOBAL } from '../../instrument/probes';
import { loggingRuntime } from '../../instrument/testing';
import { installVmHook, rewriteWrapped } from './vm-hook';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'cinema-vm-hook-'));
  dirs.push(root);
  return { root, scope: { root, include: [], exclude: [] }, cache: join(root, '.cache') };
}

const HEAD = "'use strict';async (__vite_ssr_exports__,__vite_ssr_import__,__filename)=>{{";

describe('rewriting what vitest runs through node:vm', () => {
  it('rewrites the code inside the wrapper and keeps the wrapper and the runner comment around it', () => {
    const { root, scope, cache } = setup();
    const inner = 'function twice(n) { return n * 2; }\nconst x = twice(4);\n';
    const comment = '\n//# vitestCache=W10=';
    const r = rewriteWrapped(`${HEAD}${inner}${comment}\n}}`, join(root, 'src/a.js'), scope, cache)!;
    expect(r.warning).toBeNull();
    expect(r.code.startsWith(HEAD)).toBe(true);
    expect(r.code.endsWith(`${comment}\n}}`)).toBe(true);
    const body = r.code.slice(HEAD.length, r.code.length - comment.length - 3);
    expect(body).toContain('__cinema$'); // the recorder's prologue, inside the function
    expect(body).toContain('n * 2');
    expect(body).toMatch(/__c\$\.r\(/); // the return recorded
    // The rewritten code still runs as the wrapper's body.
    const fn = new Function(`return ${r.code.slice("'use strict';".length)}`) as () => unknown;
    expect(typeof fn()).toBe('function');
  });

  it('leaves code that is not a known wrapper alone', () => {
    const { root, scope, cache } = setup();
    expect(rewriteWrapped('var x = 1;', join(root, 'a.js'), scope, cache)).toBeNull();
    expect(rewriteWrapped(`${HEAD}var x = 1;`, join(root, 'a.js'), scope, cache)).toBeNull(); // no tail
  });
});

/**
 * A project, vm's functions with the hook installed on a copy (the process's own vm stays as it
 * is), the logging probes as the recorder, and a context of the runner's own.
 */
function hooked() {
  const { root, scope, cache } = setup();
  const { r, log } = loggingRuntime();
  (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL] = r;
  const table = { ...vm } as typeof vm;
  const warnings: string[] = [];
  installVmHook(table, scope, cache, (line) => warnings.push(line));
  return { root, vm: table, warnings, log, context: vm.createContext({}) };
}

/** Runs a compiled CommonJS module function as jest does; its exports. */
function runModule(fn: { call(self: unknown, ...args: unknown[]): unknown }): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  fn.call(module.exports, module, module.exports);
  return module.exports;
}

const JEST_PARAMS = ['module', 'exports', 'require', '__dirname', '__filename', 'jest'];
const CART = 'class Cart {\n  add(price) {\n    return price + 1;\n  }\n}\nmodule.exports = { total: new Cart().add(2) };\n';

describe("rewriting what jest runs in its test environment's own context", () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL];
  });

  it('jest 30: rewrites the body vm.compileFunction compiles, and the recorder is seen in the parsing context', () => {
    const h = hooked();
    const context = h.context;
    const fn = h.vm.compileFunction(CART, JEST_PARAMS, { filename: join(h.root, 'src/cart.js'), parsingContext: context });
    expect(runModule(fn).total).toBe(3);
    expect(h.log).toEqual(['enter 2 [2]', 'return 3', 'exit 2', 'module.exports = {"total":3}']);
    // Seen there, yet not listed among the context's globals (jest checks those for leaks).
    expect(vm.runInContext(`globalThis.${RUNTIME_GLOBAL} !== undefined`, context)).toBe(true);
    expect(vm.runInContext('Object.keys(globalThis)', context)).toEqual([]);
    expect(h.warnings).toEqual([]);
  });

  it('jest 29: rewrites the code inside the wrapper a vm.Script compiles, run in a context of its own', () => {
    const h = hooked();
    const head = `({"Object.<anonymous>":function(${JEST_PARAMS.join(',')}){`;
    const script = new h.vm.Script(`${head}${CART}\n}});`, { filename: join(h.root, 'src/cart.js') });
    expect(script).toBeInstanceOf(vm.Script);
    const fn = (script.runInContext(h.context) as Record<string, (...a: unknown[]) => void>)['Object.<anonymous>'];
    expect(runModule(fn).total).toBe(3);
    expect(h.log).toEqual(['enter 2 [2]', 'return 3', 'exit 2', 'module.exports = {"total":3}']);
  });

  it("leaves files outside the project, and code that is not a file's, as they are", () => {
    const h = hooked();
    const context = h.context;
    const outside = h.vm.compileFunction(CART, JEST_PARAMS, { filename: join(h.root, 'node_modules/x/cart.js'), parsingContext: context });
    const unnamed = h.vm.compileFunction(CART, JEST_PARAMS, { parsingContext: context });
    for (const fn of [outside, unnamed]) runModule(fn);
    expect(h.log).toEqual([]);
    expect(vm.runInContext(`typeof globalThis.${RUNTIME_GLOBAL}`, context)).toBe('undefined');
  });
});
