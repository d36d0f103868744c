// What a recording carries besides events: its AST nodes, source files, links between events and
// bookmarks. Small next to the events, so each is read and written whole.
import type { AstNodeRecord, Database, LinkRecordStored } from './schema';
import { sessionRange } from './schema';

/** Everything of a session besides its events. */
export interface SessionExtras {
  ast: AstNodeRecord[];
  sources: Array<{ file: string; text: string }>;
  links: LinkRecordStored[];
  bookmarks: Array<{ timestamp: number; label: string }>;
}

/** Adds AST nodes, sources, links and bookmarks to a session in one transaction. */
export async function addExtras(db: Database, session: string, add: Partial<SessionExtras>): Promise<void> {
  const tx = db.transaction(['ast', 'sources', 'links', 'bookmarks'], 'readwrite');
  const work: Promise<unknown>[] = [];
  for (const n of add.ast ?? []) work.push(tx.objectStore('ast').put(n, [session, n.id]));
  for (const s of add.sources ?? []) work.push(tx.objectStore('sources').put(s, [session, s.file]));
  // Links and bookmarks keep their order: keys continue after the last stored one.
  const appendTo = async (store: 'links' | 'bookmarks', items: unknown[]) => {
    if (items.length === 0) return;
    const cursor = await tx.objectStore(store).openKeyCursor(sessionRange(session), 'prev');
    let next = cursor ? (cursor.key as [string, number])[1] + 1 : 0;
    for (const item of items) work.push(tx.objectStore(store).put(item as never, [session, next++]));
  };
  await appendTo('links', add.links ?? []);
  await appendTo('bookmarks', add.bookmarks ?? []);
  await Promise.all([...work, tx.done]);
}

/**
 * Reads everything of a session besides its events. Links can be many (one per message between
 * processes: 20k in a 1M-event recording, 0.3 s to read): `links: false` leaves them out and
 * counts them instead.
 */
export async function readExtras(db: Database, session: string, opts: { links?: boolean } = {}): Promise<SessionExtras & { link_count: number }> {
  const withLinks = opts.links !== false;
  const tx = db.transaction(['ast', 'sources', 'links', 'bookmarks'], 'readonly');
  const range = sessionRange(session);
  const [ast, sources, links, linkCount, bookmarks] = await Promise.all([
    tx.objectStore('ast').getAll(range),
    tx.objectStore('sources').getAll(range),
    withLinks ? tx.objectStore('links').getAll(range) : Promise.resolve([]),
    withLinks ? Promise.resolve(-1) : tx.objectStore('links').count(range),
    tx.objectStore('bookmarks').getAll(range),
  ]);
  return { ast, sources, links, bookmarks, link_count: withLinks ? links.length : linkCount };
}
