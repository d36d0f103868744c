// Search: events whose payload (as stored JSON text) or ids contain a query - a substring, or a
// regular expression. One pass over the session's stored text, in time order; payloads are parsed
// only for the page returned. A scan takes seconds at 1M events, so it checks for cancellation
// between pages.
import { abortError } from '../../src/abort';
import type { StoredEvent } from '../../src/event';
import type { RawEvent } from './block';
import { type EventKey, compareKeys } from './directory';
import type { Page } from './types';

export interface SearchOptions {
  regex?: boolean;
  ignoreCase?: boolean;
  /** A cancelled search stops at its next page of SCAN_PAGE events. */
  signal?: { readonly aborted: boolean };
}

/** Events read from the store a page at a time while scanning. */
export const SCAN_PAGE = 8192;

/** The test a search applies to each text; throws for an empty query or a bad expression. */
export function textMatcher(query: string, opts: SearchOptions): (text: string) => boolean {
  if (typeof query !== 'string' || query === '') throw new TypeError('query must be a non-empty string');
  if (opts.regex) {
    let re: RegExp;
    try {
      re = new RegExp(query, opts.ignoreCase ? 'i' : '');
    } catch (err) {
      throw new RangeError(`query is not a valid regular expression: ${(err as Error).message}`, { cause: err });
    }
    return (s) => re.test(s);
  }
  if (opts.ignoreCase) {
    const q = query.toLowerCase();
    return (s) => s.toLowerCase().includes(q);
  }
  return (s) => s.includes(query);
}

/**
 * Scans every event through `readPage` (raw events in time order after a cursor) and returns the
 * page of matches after `after`, at most `limit`, with the total number of matches.
 */
export async function searchPages(
  readPage: (cursor: EventKey | null, pageSize: number) => Promise<{ events: RawEvent[]; next: EventKey | null }>,
  test: (text: string) => boolean,
  limit: number,
  after: EventKey | null,
  signal?: { readonly aborted: boolean },
): Promise<Page & { total: number }> {
  let total = 0;
  const page: StoredEvent[] = [];
  let next: EventKey | null = null;
  let cursor: EventKey | null = null;
  for (;;) {
    if (signal?.aborted) throw abortError('search');
    const raw = await readPage(cursor, SCAN_PAGE);
    for (const e of raw.events) {
      const text = e.json ?? JSON.stringify(e.data) ?? '';
      if (!(
        test(text) ||
        (e.ast_node_id !== null && test(e.ast_node_id)) ||
        (e.correlation_id !== null && test(e.correlation_id)) ||
        test(e.event_id)
      ))
        continue;
      total++;
      const key = { ts: e.timestamp, seq: Number(e.event_id) };
      if (after !== null && compareKeys(key.ts, key.seq, after.ts, after.seq) <= 0) continue;
      if (page.length < limit) {
        page.push({
          timestamp: e.timestamp,
          event_id: e.event_id,
          ast_node_id: e.ast_node_id,
          correlation_id: e.correlation_id,
          data: e.json !== null ? JSON.parse(e.json) : e.data,
        });
        if (page.length === limit) next = key;
      }
    }
    if (raw.next === null) break;
    cursor = raw.next;
  }
  return { events: page, next: page.length === limit && limit > 0 && next !== null ? next : null, total };
}
