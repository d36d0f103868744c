// What a recording carries besides events: its AST nodes, source files, links between events and
// bookmarks. Small next to the events, so each is read and written whole.
import type { AstNodeRecord, Database, LinkChunkRecord, LinkRecordStored } from '../engine/schema';
import { LINK_CHUNK, sessionRange } from '../engine/schema';

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
  const links = add.links ?? [];
  if (links.length > 0) {
    let next = await linkCount(tx.objectStore('links'), session);
    for (let i = 0; i < links.length; i += LINK_CHUNK) {
      const chunk: LinkChunkRecord = { links: links.slice(i, i + LINK_CHUNK) };
      work.push(tx.objectStore('links').put(chunk, [session, next]));
      next += chunk.links.length;
    }
  }
  const bookmarks = add.bookmarks ?? [];
  if (bookmarks.length > 0) {
    const cursor = await tx.objectStore('bookmarks').openKeyCursor(sessionRange(session), 'prev');
    let next = cursor ? (cursor.key as [string, number])[1] + 1 : 0;
    for (const b of bookmarks) work.push(tx.objectStore('bookmarks').put(b, [session, next++]));
  }
  await Promise.all([...work, tx.done]);
}

type LinkStore = {
  openCursor(range: IDBKeyRange, dir: 'prev'): Promise<{ key: unknown; value: LinkChunkRecord | LinkRecordStored } | null>;
};

/** Links a session holds: the last record's key (its first link's position) plus its size. */
async function linkCount(store: LinkStore, session: string): Promise<number> {
  const last = await store.openCursor(sessionRange(session), 'prev');
  return last ? (last.key as [string, number])[1] + linksOf(last.value).length : 0;
}

function linksOf(record: LinkChunkRecord | LinkRecordStored): LinkRecordStored[] {
  return 'links' in record ? record.links : [record];
}

/**
 * Reads everything of a session besides its events. Links can be many (one per message between
 * processes: 20k in a 1M-event recording, 0.3 s to read): `links: false` leaves them out and
 * counts them instead.
 */
export async function readExtras(
  db: Database,
  session: string,
  opts: { links?: boolean } = {},
): Promise<SessionExtras & { link_count: number }> {
  const withLinks = opts.links !== false;
  const tx = db.transaction(['ast', 'sources', 'links', 'bookmarks'], 'readonly');
  const range = sessionRange(session);
  const [ast, sources, linkRecords, count, bookmarks] = await Promise.all([
    tx.objectStore('ast').getAll(range),
    tx.objectStore('sources').getAll(range),
    withLinks ? tx.objectStore('links').getAll(range) : Promise.resolve([]),
    withLinks ? Promise.resolve(-1) : linkCount(tx.objectStore('links'), session),
    tx.objectStore('bookmarks').getAll(range),
  ]);
  const links = linkRecords.flatMap(linksOf);
  return { ast, sources, links, bookmarks, link_count: withLinks ? links.length : count };
}
