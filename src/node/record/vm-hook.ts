// Test runners that load files themselves run each file's compiled code through node:vm, where
// Node's loader hooks never see it (without this hook a recorded `vitest run` rewrote nothing). vitest wraps a file's
// code in one async arrow function and gives the file's path as the script's name; the code inside
// is rewritten like any file (its node ids and source named through the runner's inline source
// map, so they are the original .ts file's). Other vm code is left as it is: a script run at the
// top level would declare the recorder's locals again in one global scope.
import { isAbsolute } from 'node:path';
import type * as NodeVm from 'node:vm';
import { type Scope, inScope, rewrite } from './transform';

/** vitest's wrapper (4.x): `'use strict';async (names...)=>{{` + code + `\n}}`. */
const VITEST_HEAD = /^'use strict';async \([\w$,]*\)=>\{\{/;
const TAIL = '\n}}';
/** vitest's own comment after the source map, put back after the rewritten code. */
const RUNNER_COMMENT = /\n\/\/# vitestCache=[A-Za-z0-9+/=]*\s*$/;

/** The wrapped code with the code inside rewritten; null when `code` is not a wrapper known here. */
export function rewriteWrapped(
  code: string,
  filename: string,
  scope: Scope,
  cacheDir: string,
): { code: string; warning: string | null } | null {
  const head = VITEST_HEAD.exec(code);
  if (head === null || !code.endsWith(TAIL)) return null;
  let body = code.slice(head[0].length, code.length - TAIL.length);
  const comment = RUNNER_COMMENT.exec(body);
  if (comment !== null) body = body.slice(0, comment.index);
  const r = rewrite(filename, body, scope, cacheDir, 'module');
  return { code: head[0] + r.code + (comment?.[0] ?? '') + TAIL, warning: r.warning };
}

type Run = (code: string, ...rest: unknown[]) => unknown;

/** Rewrites the project's wrapped files as vm runs them (runInThisContext and runInContext). */
export function installVmHook(vm: typeof NodeVm, scope: Scope, cacheDir: string, warn: (line: string) => void): void {
  const patch = (name: 'runInThisContext' | 'runInContext', optionsAt: number) => {
    const run = vm[name] as unknown as Run;
    (vm as unknown as Record<string, Run>)[name] = function (this: unknown, code: string, ...rest: unknown[]) {
      const options = rest[optionsAt] as { filename?: unknown } | string | undefined;
      const filename = typeof options === 'string' ? options : options?.filename;
      let text = code;
      try {
        if (typeof code === 'string' && typeof filename === 'string' && isAbsolute(filename) && inScope(filename, scope)) {
          const r = rewriteWrapped(code, filename, scope, cacheDir);
          if (r?.warning) warn(r.warning);
          if (r) text = r.code;
        }
      } catch (err) {
        warn(`cinema record: ${String(filename)}: ${(err as Error).message}; it runs without recording`);
        text = code;
      }
      return run.call(this, text, ...rest);
    };
  };
  patch('runInThisContext', 0);
  patch('runInContext', 1);
}
