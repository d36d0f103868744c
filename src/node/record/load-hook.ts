// The load hook itself, for both ways Node runs hooks (in-thread `registerHooks`, or a hooks thread
// behind `register`): a project file's source comes from the next loader, is rewritten, and goes
// on with the same format. TypeScript files get a format when Node's own loader has none for them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTypeScript } from '../../instrument/strip-types';
import { type Scope, inScope } from './scope';
import { rewrite } from './transform';

export interface LoadContext {
  format?: string | null;
  conditions?: string[];
  importAttributes?: Record<string, string>;
}

export interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

type Next<R> = (url: string, context: LoadContext) => R;

const warnings = new Set<string>();
function warn(line: string): void {
  if (warnings.has(line)) return;
  warnings.add(line);
  process.stderr.write(`${line}\n`);
}

/** The nearest package.json's "type" (module or commonjs), for a .ts file Node has no format for. */
const types = new Map<string, string>();
function packageType(file: string): 'module' | 'commonjs' {
  let dir = dirname(file);
  for (;;) {
    const known = types.get(dir);
    if (known) return known as 'module' | 'commonjs';
    try {
      const type =
        (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string }).type === 'module' ? 'module' : 'commonjs';
      types.set(dir, type);
      return type;
    } catch {
      const up = dirname(dir);
      if (up === dir) return 'commonjs';
      dir = up;
    }
  }
}

function formatFor(file: string, context: LoadContext): LoadContext {
  if (context.format || !isTypeScript(file)) return context;
  const format = /\.m[jt]sx?$/.test(file) ? 'module' : /\.c[jt]sx?$/.test(file) ? 'commonjs' : packageType(file);
  return { ...context, format };
}

function rewritten(file: string, result: LoadResult, scope: Scope, cacheDir: string, commonJs: boolean): LoadResult {
  if (result.source === null || result.source === undefined) return result;
  // CommonJS on Node 20 is rewritten where it is compiled (hooks.ts), never twice.
  if (result.format !== 'module' && !(commonJs && result.format === 'commonjs')) return result;
  const text = typeof result.source === 'string' ? result.source : Buffer.from(result.source as ArrayBuffer).toString('utf8');
  const r = rewrite(file, text, scope, cacheDir, result.format);
  if (r.warning) warn(r.warning);
  return { ...result, source: r.code };
}

/**
 * The hook: async next (hooks thread) gives a promise, sync next (registerHooks) a result.
 * `commonJs`: this hook also sees CommonJS (registerHooks does; Node 20's hooks thread does not).
 */
export function loadRewritten<R extends LoadResult | Promise<LoadResult>>(
  url: string,
  context: LoadContext,
  next: Next<R>,
  scope: Scope,
  cacheDir: string,
  commonJs: boolean,
): R {
  if (!url.startsWith('file:')) return next(url, context);
  const file = fileURLToPath(url);
  if (!inScope(file, scope)) return next(url, context);
  const result = next(url, formatFor(file, context));
  if (result instanceof Promise) return result.then((r) => rewritten(file, r, scope, cacheDir, commonJs)) as R;
  return rewritten(file, result as LoadResult, scope, cacheDir, commonJs) as R;
}
