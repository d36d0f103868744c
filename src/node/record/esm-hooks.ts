// The module hooks Node 20 runs in a thread of their own (`module.register`): they rewrite the
// project's ES modules as they load. The scope and the cache folder come from the process that
// registered them. The rewriting (the parser and its native binding) is loaded with the first of
// the project's files: `register` waits for this thread to start, and every recorded process that
// loads none of them (npm, npx, a test runner's own process, the recorder's own threads) was
// paying ~35 ms for a parser it never used.
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadContext, LoadResult } from './load-hook';
import { type Scope, inScope } from './scope';

let scope: Scope = { root: process.cwd(), include: [], exclude: [] };
let cacheDir = '';
let rewriting: Promise<typeof import('./load-hook')> | null = null;

/**
 * Modules this thread loads for itself (the rewriter and what it imports: the parser, the source
 * map library), found as they resolve from the recorder's own files. They load through these hooks
 * too, and with --include reaching node_modules, rewriting one of them waited on the rewriter,
 * which waited on it: the program hung, then exited 13 with nothing said. The parser, which the
 * program may use too, is therefore not recorded where the program uses it (the recorder's other
 * packages are built into its own modules).
 */
const own = new Set<string>();
function isOwn(url: string): boolean {
  return own.has(url) || (scope.own !== undefined && url.startsWith('file:') && fileURLToPath(url).startsWith(scope.own + sep));
}

export function initialize(data: { scope: Scope; cacheDir: string }): void {
  scope = data.scope;
  cacheDir = data.cacheDir;
}

export async function resolve(
  specifier: string,
  context: { parentURL?: string },
  next: (specifier: string, context: { parentURL?: string }) => Promise<{ url: string }>,
): Promise<{ url: string }> {
  const resolved = await next(specifier, context);
  if (context.parentURL !== undefined && isOwn(context.parentURL)) own.add(resolved.url);
  return resolved;
}

export async function load(
  url: string,
  context: LoadContext,
  next: (url: string, context: LoadContext) => Promise<LoadResult>,
): Promise<LoadResult> {
  if (!url.startsWith('file:') || own.has(url) || !inScope(fileURLToPath(url), scope)) return next(url, context);
  rewriting ??= import('./load-hook');
  const { loadRewritten } = await rewriting;
  return loadRewritten(url, context, next, scope, cacheDir, false);
}
