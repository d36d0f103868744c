// What a recording carries besides events: its AST nodes, source files, links between events and
// bookmarks. Small next to the events, so each is read and written whole.
import type { AstNodeRecord, Database, LinkChunkRecord, LinkRecordStored } from '../engine/schema';
import { LINK_CHUNK, sessionRange } from '../engine/schema';

/** Everything of a session besides its events. */
export interface SessionExtras {
  ast: AstNodeRecord[];
  sources: Array<{ file: string; text: string }>;
  links: LinkRecordStored[];
  bookmarks: Bookmark[];
}

/** A moment marked, with a note; `id` is its place in the session (absent until stored). */
export interface Bookmark {
  id?: number;
  timestamp: number;
  label: string;
  note?: string;
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
    for (const { id: _id, ...b } of bookmarks) work.push(tx.objectStore('bookmarks').put(b, [session, next++]));
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
  const [ast, sources, linkRecords, count, marks, markKeys] = await Promise.all([
    tx.objectStore('ast').getAll(range),
    tx.objectStore('sources').getAll(range),
    withLinks ? tx.objectStore('links').getAll(range) : Promise.resolve([]),
    withLinks ? Promise.resolve(-1) : linkCount(tx.objectStore('links'), session),
    tx.objectStore('bookmarks').getAll(range),
    tx.objectStore('bookmarks').getAllKeys(range),
  ]);
  const bookmarks = marks.map((b, i) => ({ ...b, id: (markKeys[i] as [string, number])[1] }));
  const links = linkRecords.flatMap(linksOf);
  return { ast, sources, links, bookmarks, link_count: withLinks ? links.length : count };
}

/**
 * Changes a bookmark's label or note, or removes it (`patch` null). Fails when the session has no
 * bookmark of that id: the caller's list is stale.
 */
export async function updateBookmark(
  db: Database,
  session: string,
  id: number,
  patch: { label?: string; note?: string } | null,
): Promise<void> {
  const tx = db.transaction('bookmarks', 'readwrite');
  const key: [string, number] = [session, id];
  const current = (await tx.store.get(key)) as Bookmark | undefined;
  if (!current) throw new Error(`no bookmark ${id} in this session (it may have been removed in another window)`);
  if (patch === null) await tx.store.delete(key);
  else {
    const next: Bookmark = { ...current, ...(patch.label !== undefined ? { label: patch.label } : {}) };
    if (patch.note !== undefined) {
      if (patch.note) next.note = patch.note;
      else delete next.note;
    }
    await tx.store.put(next, key);
  }
  await tx.done;
}
