// Test runners that load files themselves run each file's compiled code through node:vm, where
// Node's loader hooks never see it (without this hook a recorded `vitest run` or `jest` rewrote
// nothing). Each runner hands vm a file's code in a shape of its own, named by the file's path:
//   - vitest (4.x): one async arrow function around the code, run by runInThisContext/runInContext;
//   - jest 29: an object literal holding one function around the code, compiled by `new vm.Script`
//     and run in the test environment's own context;
//   - jest 30: the code alone as a function body, compiled by vm.compileFunction in that context;
//   - jest's ES modules (--experimental-vm-modules): a vm.SourceTextModule of the code.
// The code inside is rewritten like any file (its node ids and source named through the runner's
// inline source map, so they are the original file's). Code run in a context of its own finds the
// recorder there too: its prologue reads the recorder from `globalThis`, which is that context's.
// Other vm code is left as it is: a script run at the top level would declare the recorder's
// locals again in one global scope.
import { isAbsolute } from 'node:path';
import type * as NodeVm from 'node:vm';
import { RUNTIME_GLOBAL } from '../../instrument/probes';
import { likeOriginal } from './like-original';
import { SafeWeakSet } from './safe';
import { type Scope, inScope } from './scope';
import { rewrite } from './transform';

interface Wrapper {
  head: RegExp;
  tail: string;
  /** A runner's own comment after the source map, put back after the rewritten code. */
  comment?: RegExp;
  format: 'module' | 'commonjs';
}

const WRAPPERS: Wrapper[] = [
  // vitest: `'use strict';async (names...)=>{{` + code + `\n}}` (its code is ES modules turned into calls).
  { head: /^'use strict';async \([\w$,]*\)=>\{\{/, tail: '\n}}', comment: /\n\/\/# vitestCache=[A-Za-z0-9+/=]*\s*$/, format: 'module' },
  // jest 29: `({"Object.<anonymous>":function(module,exports,require,...){` + code + `\n}});`
  { head: /^\(\{"Object\.<anonymous>":function\([\w$,]*\)\{/, tail: '\n}});', format: 'commonjs' },
];

type Rewritten = { code: string; warning: string | null };

/** The wrapped code with the code inside rewritten; null when `code` is not a wrapper known here. */
export function rewriteWrapped(code: string, filename: string, scope: Scope, cacheDir: string): Rewritten | null {
  for (const w of WRAPPERS) {
    const head = w.head.exec(code);
    if (head === null || !code.endsWith(w.tail)) continue;
    let body = code.slice(head[0].length, code.length - w.tail.length);
    const comment = w.comment?.exec(body) ?? null;
    if (comment !== null) body = body.slice(0, comment.index);
    const r = rewrite(filename, body, scope, cacheDir, w.format);
    return { code: head[0] + r.code + (comment?.[0] ?? '') + w.tail, warning: r.warning };
  }
  return null;
}

/** Whether vm code named `filename` is one of the project's files (only those are rewritten). */
function ours(filename: unknown, scope: Scope): filename is string {
  return typeof filename === 'string' && isAbsolute(filename) && inScope(filename, scope);
}

/** The filename in vm's options argument (an options object, or the filename itself). */
function filenameOf(options: unknown): unknown {
  return typeof options === 'string' ? options : (options as { filename?: unknown } | undefined)?.filename;
}

/** Makes the recorder visible in a context of the runner's own (the recorder's global is set by then). */
function shareRecorder(context: unknown): void {
  if (typeof context !== 'object' || context === null || RUNTIME_GLOBAL in context) return;
  const value = (globalThis as Record<string, unknown>)[RUNTIME_GLOBAL];
  // Not enumerable: a runner listing its environment's globals (jest's leak checks) does not see it.
  Object.defineProperty(context, RUNTIME_GLOBAL, { value, writable: true, configurable: true, enumerable: false });
}

type Rewrite = (code: string) => Rewritten | null;

/** Rewrites the project's files as vm compiles or runs them, in each runner's shape. */
export function installVmHook(vm: typeof NodeVm, scope: Scope, cacheDir: string, warn: (line: string) => void): void {
  /** `code` rewritten by `how` when it is one of the project's files; as it is otherwise, or if that fails. */
  const attempt = (code: unknown, filename: unknown, how: Rewrite): { code: unknown; rewritten: boolean } => {
    if (typeof code !== 'string' || !ours(filename, scope)) return { code, rewritten: false };
    try {
      const r = how(code);
      if (r?.warning) warn(r.warning);
      return r ? { code: r.code, rewritten: r.warning === null } : { code, rewritten: false };
    } catch (err) {
      warn(`cinema record: ${filename}: ${(err as Error).message}; it runs without recording`);
      return { code, rewritten: false };
    }
  };
  const wrapped = (filename: string) => (code: string) => rewriteWrapped(code, filename, scope, cacheDir);
  const table = vm as unknown as Record<string, unknown>;

  type Run = (code: unknown, ...rest: unknown[]) => unknown;
  const runInThisContext = vm.runInThisContext as unknown as Run;
  table.runInThisContext = likeOriginal(function (this: unknown, code: unknown, ...rest: unknown[]) {
    const filename = filenameOf(rest[0]);
    return runInThisContext.call(this, attempt(code, filename, wrapped(filename as string)).code, ...rest);
  }, runInThisContext);

  const runInContext = vm.runInContext as unknown as Run;
  table.runInContext = likeOriginal(function (this: unknown, code: unknown, ...rest: unknown[]) {
    const filename = filenameOf(rest[1]);
    const r = attempt(code, filename, wrapped(filename as string));
    if (r.rewritten) shareRecorder(rest[0]);
    return runInContext.call(this, r.code, ...rest);
  }, runInContext);

  // jest 30: the file's code is the function's body (CommonJS: it may `return` at its top).
  const compileFunction = vm.compileFunction as unknown as Run;
  table.compileFunction = likeOriginal(function (this: unknown, code: unknown, ...rest: unknown[]) {
    const options = rest[1] as { filename?: unknown; parsingContext?: unknown } | undefined;
    const filename = options?.filename;
    const r = attempt(code, filename, (text) => rewrite(filename as string, text, scope, cacheDir, 'commonjs'));
    if (r.rewritten) shareRecorder(options?.parsingContext);
    return compileFunction.call(this, r.code, ...rest);
  }, compileFunction);

  // jest 29: a Script compiled from the wrapper, then run in the test environment's context.
  const Script = vm.Script;
  const rewrittenScripts = new SafeWeakSet<object>();
  class RecordedScript extends Script {
    constructor(code: string, options?: NodeVm.ScriptOptions | string) {
      const filename = filenameOf(options);
      const r = attempt(code, filename, wrapped(filename as string));
      super(r.code as string, options);
      if (r.rewritten) rewrittenScripts.add(this);
    }
    override runInContext(context: NodeVm.Context, options?: NodeVm.RunningScriptOptions): unknown {
      if (rewrittenScripts.has(this)) shareRecorder(context);
      return super.runInContext(context, options);
    }
  }
  // Named as vm's own class: code that prints or compares constructor names sees what it saw.
  table.Script = likeOriginal(RecordedScript, Script);

  // jest's ES modules (node --experimental-vm-modules): a SourceTextModule of the file's code,
  // named by its path, in the test environment's context. vm has the class only under that flag.
  type ModuleOptions = { identifier?: string; context?: object };
  const SourceTextModule = (vm as unknown as { SourceTextModule?: new (code: string, options?: ModuleOptions) => object }).SourceTextModule;
  if (typeof SourceTextModule !== 'function') return;
  class RecordedModule extends SourceTextModule {
    constructor(code: string, options?: ModuleOptions) {
      const file = options?.identifier;
      const r = attempt(code, file, (text) => rewrite(file as string, text, scope, cacheDir, 'module'));
      if (r.rewritten) shareRecorder(options?.context);
      super(r.code as string, options);
    }
  }
  table.SourceTextModule = likeOriginal(RecordedModule, SourceTextModule);
}
