// Rewriting the project's files as Node loads them. ES modules go through loader hooks: on Node
// 22.15 and later `module.registerHooks` (in this thread, and it sees require() too); on Node 20
// `module.register` (a hooks thread of its own, esm-hooks.ts), which does not see require(), so
// CommonJS is rewritten where it is compiled (Module.prototype._compile).
import type * as NodeModule from 'node:module';
import { loadRewritten, type LoadContext, type LoadResult } from './load-hook';
import { likeOriginal } from './like-original';
import { type Scope, inScope } from './scope';
import { rewrite } from './transform';

type ModuleApi = typeof NodeModule & {
  registerHooks?: (hooks: {
    load(url: string, context: LoadContext, next: (url: string, context: LoadContext) => LoadResult): LoadResult;
  }) => unknown;
};

/** Installs the module hooks: in this thread where Node can, else in a hooks thread. */
export function installModuleHooks(module: ModuleApi, scope: Scope, cacheDir: string, here: string): void {
  if (typeof module.registerHooks === 'function') {
    module.registerHooks({ load: (url, context, next) => loadRewritten(url, context, next, scope, cacheDir, true) });
    return;
  }
  module.register(new URL('./esm-hooks.mjs', here), { parentURL: here, data: { scope, cacheDir } });
}

/** Node 20: rewrites CommonJS files where they are compiled. */
export function installCommonJsHook(module: ModuleApi, scope: Scope, cacheDir: string, warn: (line: string) => void): void {
  // `node:module`'s default export is the Module class itself.
  const proto = (module as unknown as { prototype: CompileTarget }).prototype;
  const compile = proto._compile;
  proto._compile = likeOriginal(function (this: unknown, content: string, filename: string, ...rest: unknown[]) {
    let code = content;
    try {
      if (inScope(filename, scope)) {
        // A TypeScript runner (tsx) hands over its own JavaScript with a source map: the node ids
        // name the original .ts through it. Plain `require` of a .ts file hands over the TypeScript.
        // Node 20.19+ also compiles here the ES modules that require() loads: `format` is 'module'
        // for one its package says is (uuid's), and none for a file of no stated kind, which Node
        // loads as an ES module when it compiles as one and not as CommonJS.
        const format = rest[0];
        let r = rewrite(filename, content, scope, cacheDir, format === 'module' ? 'module' : 'commonjs');
        if (r.warning && format == null) {
          const asModule = rewrite(filename, content, scope, cacheDir, 'module');
          if (!asModule.warning) r = asModule;
        }
        if (r.warning) warn(r.warning);
        code = r.code;
      }
    } catch (err) {
      warn(`cinema record: ${filename}: ${(err as Error).message}; it runs without recording`);
      code = content;
    }
    return compile.call(this, code, filename, ...rest);
  }, compile);
}

interface CompileTarget {
  _compile(this: unknown, content: string, filename: string, ...rest: unknown[]): unknown;
}
