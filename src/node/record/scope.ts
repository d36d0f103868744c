// Which files are recorded: the project's own, unless --include or --exclude say otherwise. Kept
// apart from the rewriting (transform.ts), which loads the parser: a process or hooks thread asks
// this of every file it loads, and loads the parser only once one of them is the project's.
import { relative, sep } from 'node:path';
import { globMatcher } from './glob';

const CODE_FILES = /\.(?:[mc]?[jt]s|[jt]sx)$/;

export interface Scope {
  /** The project root: node ids are paths relative to it. */
  root: string;
  include: string[];
  exclude: string[];
  /**
   * The recorder's own folder (its built modules), never recorded whatever the globs say: they
   * load through the same hooks, and rewriting the rewriter waited on itself for ever.
   */
  own?: string;
}

/** Whether a file is recorded: under the root and not in node_modules, unless the globs say otherwise. */
export function inScope(file: string, scope: Scope): boolean {
  if (!CODE_FILES.test(file) || file.endsWith('.d.ts')) return false;
  if (scope.own !== undefined && file.startsWith(scope.own + sep)) return false;
  const rel = relative(scope.root, file).split(sep).join('/');
  const inside = !rel.startsWith('../') && rel !== '..' && !/^[a-zA-Z]:/.test(rel);
  if (scope.exclude.some((g) => globMatcher(g)(rel))) return false;
  if (scope.include.some((g) => globMatcher(g)(rel))) return true;
  return inside && !/(^|\/)node_modules\//.test(rel);
}
