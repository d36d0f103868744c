// The module hooks Node 20 runs in a thread of their own (`module.register`): they rewrite the
// project's ES modules as they load. The scope and the cache folder come from the process that
// registered them. The rewriting (the parser and its native binding) is loaded with the first of
// the project's files: `register` waits for this thread to start, and every recorded process that
// loads none of them (npm, npx, a test runner's own process, the recorder's own threads) was
// paying ~35 ms for a parser it never used.
import { fileURLToPath } from 'node:url';
import type { LoadContext, LoadResult } from './load-hook';
import { type Scope, inScope } from './scope';

let scope: Scope = { root: process.cwd(), include: [], exclude: [] };
let cacheDir = '';
let rewriting: Promise<typeof import('./load-hook')> | null = null;

export function initialize(data: { scope: Scope; cacheDir: string }): void {
  scope = data.scope;
  cacheDir = data.cacheDir;
}

export async function load(
  url: string,
  context: LoadContext,
  next: (url: string, context: LoadContext) => Promise<LoadResult>,
): Promise<LoadResult> {
  if (!url.startsWith('file:') || !inScope(fileURLToPath(url), scope)) return next(url, context);
  rewriting ??= import('./load-hook');
  const { loadRewritten } = await rewriting;
  return loadRewritten(url, context, next, scope, cacheDir, false);
}
