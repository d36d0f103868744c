// A schema upgrade: a database written by this version of Cinema opens, unchanged, after an upgrade
// to the next. The next version is played by one more upgrade step (a new store and an index, as a
// real next step would add); every session must export exactly as before, only the new step runs,
// and the upgraded database takes new imports.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/fixtures';
import { demoRecordingLines } from '../src/demo/recording';
import { chunksOf } from './testing/chunks';
import { exportText } from './testing/export-text';
import { importFile } from './import/import-file';
import { TemporalStorage } from './temporal-storage';
import { DB_VERSION } from './engine/schema';
import { UPGRADES, type UpgradeStep, useUpgrades } from './engine/upgrades';

let restore = () => {};
afterEach(() => restore());

describe('upgrading the database to the next version', () => {
  it('keeps every session exactly, runs only the new step, and takes new imports', async () => {
    const indexedDB = new IDBFactory() as unknown as IDBFactory;
    const base = { indexedDB, dbName: 'cinema' };
    const open = (session: string) => TemporalStorage.start({ ...base, session, maxEvents: Infinity, cleanupInterval: 0 });
    const exportOf = (session: string) => exportText(session, base);

    // Written at this version: a generated recording (links, AST, sources), a Chrome trace, an OTLP trace, a bookmark with a note.
    const files: Array<[string, Uint8Array]> = [
      ['demo.cinema', new TextEncoder().encode([...demoRecordingLines({ events: 3_000, seed: 4 })].join('\n') + '\n')],
      ['chromium-trace.json', new Uint8Array(fixture('chrome/chromium-trace.json'))],
      ['otel-sdk-trace.json', new Uint8Array(fixture('otlp/otel-sdk-trace.json'))],
    ];
    const sessions: string[] = [];
    for (const [file, bytes] of files) sessions.push((await importFile(chunksOf(bytes), { ...base, file })).session);
    const s = await open(sessions[0]);
    await s.addExtras({ bookmarks: [{ timestamp: 1_000, label: 'kept', note: 'a note that must survive' }] });
    await s.stop();
    const before = new Map<string, string>();
    for (const id of sessions) before.set(id, await exportOf(id));

    // The next version: one more step, over the database as it is.
    const ran: string[] = [];
    const current: UpgradeStep[] = UPGRADES.map((step, i) => (db, tx) => (ran.push(`v${i + 1}`), step(db, tx)));
    const next: UpgradeStep = (db, tx) => {
      ran.push(`v${DB_VERSION + 1}`);
      db.createObjectStore('notes');
      tx.objectStore('sessions').createIndex('by_created', 'created_at');
    };
    restore = useUpgrades([...current, next]);

    for (const id of sessions) expect(await exportOf(id), `session ${id} after the upgrade`).toBe(before.get(id));
    expect(ran).toEqual([`v${DB_VERSION + 1}`]);
    const raw = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('cinema');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    expect(raw.version).toBe(DB_VERSION + 1);
    expect(raw.objectStoreNames.contains('notes')).toBe(true);
    raw.close();
    const again = await importFile(chunksOf(files[0][1]), { ...base, file: 'after.cinema' });
    expect(again.events).toBe(3_000);
    // The same file imported after the upgrade exports as the one imported before (the header names its session and time).
    const body = (t: string) => t.slice(t.indexOf('\n') + 1);
    expect(body(await exportOf(again.session))).toBe(body(before.get(sessions[0])!).replace(/\{"kind":"bookmark".*\n/, ''));
  });

  it('a database of this version opened by this version runs no step at all', async () => {
    const indexedDB = new IDBFactory() as unknown as IDBFactory;
    const ran: string[] = [];
    restore = useUpgrades(UPGRADES.map((step, i) => (db, tx) => (ran.push(`v${i + 1}`), step(db, tx))));
    const first = await importFile(chunksOf([...demoRecordingLines({ events: 100, seed: 1 })].join('\n') + '\n'), {
      indexedDB,
      dbName: 'cinema',
      file: 'a.cinema',
    });
    expect(ran).toEqual(UPGRADES.map((_s, i) => `v${i + 1}`)); // a new database: every step once
    ran.length = 0;
    const s = await TemporalStorage.start({ indexedDB, dbName: 'cinema', session: first.session, maxEvents: Infinity, cleanupInterval: 0 });
    await s.stop();
    expect(ran).toEqual([]);
  });

  it('a version 2 database drops its runs (keyed run first) and each session rebuilds them, bucket first, as it opens', async () => {
    const indexedDB = new IDBFactory() as unknown as IDBFactory;
    const where = { indexedDB, dbName: 'cinema', session: 'old', maxEvents: Infinity, cleanupInterval: 0 };
    const layout = { blockEvents: 40, blockBytes: 1 << 20, runEvents: 200, runBuckets: 3 };
    const events = Array.from({ length: 1000 }, (_, i) => ({ timestamp: i, ast_node_id: `n${i % 10}`, data: { i } }));
    restore = useUpgrades(UPGRADES.slice(0, 2));
    const s = await TemporalStorage.start({ ...where, layout });
    await s.storeEvents(events);
    await s.stop();
    // What version 2 kept: a run in `runs` under [session, run, bucket], named by the meta record.
    const raw = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('cinema');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    expect(raw.version).toBe(2);
    const tx = raw.transaction(['runs', 'sessions'], 'readwrite');
    tx.objectStore('runs').put({ ids: ['n0'], stale: true }, ['old', 0, 0]);
    const get = tx.objectStore('sessions').get('old');
    get.onsuccess = () =>
      tx
        .objectStore('sessions')
        .put({ ...get.result, runs: [{ no: 0, firstBlock: 0, lastBlock: 4, buckets: 3 }], compacted_block: 5, next_run: 1 });
    await new Promise((ok) => (tx.oncomplete = ok));
    raw.close();

    restore();
    restore = () => {};
    const again = await TemporalStorage.start({ ...where, layout });
    await again.cleanup(); // runs are rebuilt behind the open of a session that has an overview; this waits for them
    const stats = await again.getStats();
    expect(stats.runs).toBeGreaterThanOrEqual(4); // rebuilt as it opened
    for (let n = 0; n < 10; n++) {
      const got = await again.getEventsForAstNode(`n${n}`);
      expect(got.map((e) => (e.data as { i: number }).i)).toEqual(events.filter((e) => e.ast_node_id === `n${n}`).map((e) => e.data.i));
    }
    expect((await again.getStats()).events_read_from_runs).toBeGreaterThan(0);
    await again.stop();
    const upgraded = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('cinema');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const names = upgraded.objectStoreNames;
    // Through every step since: version 4 adds the stores of spans an import builds.
    expect([upgraded.version, names.contains('runs'), names.contains('runBuckets'), names.contains('spans')]).toEqual([
      4,
      false,
      true,
      true,
    ]);
    upgraded.close();
  });
});
