// Checking a query's arguments: ids, page options, filters.
import type { EventKey } from './directory';
import { postingKey } from './postings';
import { IdKind } from './schema';
import type { PageOptions } from './types';

/** The posting key of a filter on one AST node or one correlation; null for no such filter. */
export function filterKey(filter: { astNodeId?: string; correlationId?: string }): string | null {
  if (filter.astNodeId !== undefined) return postingKey(IdKind.Ast, filter.astNodeId);
  if (filter.correlationId !== undefined) return postingKey(IdKind.Correlation, filter.correlationId);
  return null;
}

export function requireId(kind: IdKind, id: unknown): void {
  if (typeof id !== 'string') {
    const name = kind === IdKind.Ast ? 'astNodeId' : 'correlationId';
    throw new TypeError(`${name} must be a string, got ${id === null ? 'null' : typeof id}`);
  }
}

export function pageOptions(opts: PageOptions): { limit: number; after: EventKey | null } {
  const limit = opts.limit ?? 1000;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${String(limit)}`);
  const after = opts.after ?? null;
  if (after !== null && (typeof after !== 'object' || !Number.isSafeInteger(after.ts) || typeof after.seq !== 'number')) {
    throw new TypeError('after must be a cursor returned as `next` by an earlier page');
  }
  return { limit, after };
}
