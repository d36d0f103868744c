// The module hooks Node 20 runs in a thread of their own (`module.register`): they rewrite the
// project's ES modules as they load. The scope and the cache folder come from the process that
// registered them.
import { type LoadContext, type LoadResult, loadRewritten } from './load-hook';
import type { Scope } from './transform';

let scope: Scope = { root: process.cwd(), include: [], exclude: [] };
let cacheDir = '';

export function initialize(data: { scope: Scope; cacheDir: string }): void {
  scope = data.scope;
  cacheDir = data.cacheDir;
}

export function load(
  url: string,
  context: LoadContext,
  next: (url: string, context: LoadContext) => Promise<LoadResult>,
): Promise<LoadResult> {
  return loadRewritten(url, context, next, scope, cacheDir, false);
}
