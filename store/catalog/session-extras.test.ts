import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LINK_CHUNK, openDatabase } from '../engine/schema';
import { addExtras, readExtras } from './session-extras';

let n = 0;
const fresh = () => openDatabase(indexedDB, `extras-${n++}`);
const links = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    from: String(from + i),
    to: String(from + i + 1),
    ...(i % 7 === 0 ? { label: `l${i}` } : {}),
  }));

describe('session extras', () => {
  it('stores links in chunks and reads them back in order, across appends', async () => {
    const db = await fresh();
    const first = links(0, LINK_CHUNK + 10);
    const second = links(100_000, 5);
    await addExtras(db, 's', { links: first });
    await addExtras(db, 's', { links: second });
    // Another session's links stay out of it.
    await addExtras(db, 't', { links: links(7, 3) });
    const records = await db.getAll('links');
    expect(records.length).toBe(4); // two chunks, one small append, the other session's
    const x = await readExtras(db, 's');
    expect(x.links).toEqual([...first, ...second]);
    expect(x.link_count).toBe(first.length + second.length);
    const counted = await readExtras(db, 's', { links: false });
    expect(counted.links).toEqual([]);
    expect(counted.link_count).toBe(first.length + second.length);
    db.close();
  });

  it('still reads links stored one a record, and appends after them', async () => {
    const db = await fresh();
    await db.put('links', { from: '1', to: '2' }, ['s', 0]);
    await db.put('links', { from: '2', to: '3', label: 'x' }, ['s', 1]);
    await addExtras(db, 's', { links: [{ from: '3', to: '4' }] });
    const x = await readExtras(db, 's');
    expect(x.links).toEqual([
      { from: '1', to: '2' },
      { from: '2', to: '3', label: 'x' },
      { from: '3', to: '4' },
    ]);
    expect((await readExtras(db, 's', { links: false })).link_count).toBe(3);
    db.close();
  });

  it('keeps bookmarks in the order they were added', async () => {
    const db = await fresh();
    await addExtras(db, 's', { bookmarks: [{ timestamp: 5, label: 'a' }] });
    await addExtras(db, 's', {
      bookmarks: [
        { timestamp: 1, label: 'b' },
        { timestamp: 9, label: 'c' },
      ],
    });
    expect((await readExtras(db, 's')).bookmarks.map((b) => b.label)).toEqual(['a', 'b', 'c']);
    db.close();
  });
});
