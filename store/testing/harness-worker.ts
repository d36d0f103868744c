// The store in a dedicated Worker on real IndexedDB, as the web build runs it. Browser tests call
// the functions below through Playwright's worker.evaluate.
import { demoRecordingLines } from '../../src/demo/recording';
import { SessionCatalog } from '../catalog/catalog';
import { importFile } from '../import/import-file';
import { importNativeSession } from '../import/native';
import { TemporalStorage } from '../temporal-storage';

import { SMALL_LAYOUT, conformanceCases } from './conformance';
import { chunksOf } from './chunks';
import { exportText } from './export-text';
import { crashOps } from './crash-ops';

let dbCounter = 0;

const harness = {
  /** Runs one conformance case in a fresh database (default or small layout); null or the failure. */
  async runCase(name: string, small: boolean): Promise<string | null> {
    const c = conformanceCases.find((k) => k.name === name);
    if (!c) return `no conformance case named "${name}"`;
    const dbName = `conformance-${Date.now()}-${dbCounter++}`;
    try {
      await c.run({ indexedDB: self.indexedDB, dbName, layout: small ? SMALL_LAYOUT : undefined });
      return null;
    } catch (err) {
      return err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
    } finally {
      self.indexedDB.deleteDatabase(dbName);
    }
  },

  /**
   * Imports a generated recording, exports it, imports the export and exports again; also starts
   * an import and cancels it. Returns what the browser test checks.
   */
  async importRoundTrip(events: number): Promise<unknown> {
    const dbName = `import-${Date.now()}-${dbCounter++}`;
    const text = [...demoRecordingLines({ events, seed: 3 })].join('\n') + '\n';
    let progressCalls = 0;
    const first = await importNativeSession(chunksOf(text), { file: 'demo.cinema', dbName, onProgress: () => progressCalls++ });
    const exported = await exportText(first.session, { dbName });
    const second = await importNativeSession(chunksOf(exported), { file: 'again.cinema', dbName });
    const again = await exportText(second.session, { dbName });
    const controller = new AbortController();
    const cancelled = await importNativeSession(chunksOf(text, 4096), {
      file: 'cancel.cinema',
      dbName,
      batchSize: 500,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    })
      .then(() => 'finished')
      .catch((err: Error) => err.name);
    const catalog = await SessionCatalog.open({ dbName });
    const listed = (await catalog.list()).map((x) => [x.name, x.total_events]);
    await catalog.close();
    self.indexedDB.deleteDatabase(dbName);
    return {
      events: first.events,
      links: first.links,
      progressCalls,
      identical: exported === again,
      exportedBytes: exported.length,
      cancelled,
      listed,
    };
  },

  /**
   * The same files imported with the parser in a Worker and on this thread: a valid one (then
   * exported), a gzipped one, a broken one (strict) and one with bad records (lenient, some refused
   * by the reader and one by the store). Returns what each way gave.
   */
  async importParsers(): Promise<unknown> {
    const dbName = `parsers-${Date.now()}-${dbCounter++}`;
    const lines = [...demoRecordingLines({ events: 3000, seed: 5 })];
    const good = lines.join('\n') + '\n';
    const broken = [...lines.slice(0, 56), '{"kind":"event","timestamp":"soon"}', ...lines.slice(56)].join('\n');
    const deep = `{"kind":"event","timestamp":${JSON.parse(lines[0]).epoch},"data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const bad = [
      ...lines.slice(0, 50),
      ...Array.from({ length: 30 }, (_, i) => `{"kind":"event","timestamp":${i % 2 ? '"x"' : '1.5'}}`),
      deep,
      ...lines.slice(50),
    ].join('\n');
    const gz = new Uint8Array(await new Response(new Blob([good]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const out: Record<string, unknown> = {};
    // A parser Worker that cannot start (its script missing): the file is read here instead.
    const fallback = await importNativeSession(chunksOf(good, 10_000), {
      file: 'good.cinema',
      dbName,
      parser: 'worker',
      startParser: () => new Worker('/no-such-parser.js', { type: 'module' }),
    });
    out.fallback = fallback.events;
    for (const parser of ['worker', 'here'] as const) {
      const imported = await importNativeSession(chunksOf(good, 10_000), { file: 'good.cinema', dbName, parser });
      const zipped = await importNativeSession(
        (async function* () {
          yield gz.slice();
        })(),
        { file: 'good.cinema.gz', dbName, parser },
      );
      const strict = await importNativeSession(chunksOf(broken), { file: 'broken.cinema', dbName, parser }).then(
        () => 'imported',
        (err: Error) => `${err.name}: ${err.message}`,
      );
      const lenient = await importNativeSession(chunksOf(bad), { file: 'bad.cinema', dbName, parser, strict: false });
      out[parser] = {
        events: imported.events,
        links: imported.links,
        ast: imported.ast,
        exported: await exportText(imported.session, { dbName }),
        zipped: zipped.events,
        strict,
        lenient: { events: lenient.events, skipped: lenient.skipped, messages: lenient.messages },
      };
    }
    self.indexedDB.deleteDatabase(dbName);
    return out;
  },

  /**
   * A Chrome trace (`text`) imported with its parser in a Worker and on this thread (then
   * exported), a copy with a broken element (strict) and one with five (lenient), and with a
   * parser Worker that cannot start. Returns what each way gave.
   */
  async traceParsers(text: string, file = 'chromium-trace.json', mark = '"ph":"X"'): Promise<unknown> {
    const dbName = `trace-parsers-${Date.now()}-${dbCounter++}`;
    let breaks = 0;
    // Every 40th `mark` (up to n of them) made invalid JSON: `mark,,`.
    const broken = (n: number) => text.split(mark).reduce((a, b) => a + (breaks++ % 40 === 0 && breaks <= 40 * n ? `${mark},,` : mark) + b);
    const [strictText, lenientText] = [broken(1), ((breaks = 0), broken(5))];
    const out: Record<string, unknown> = {};
    const fallback = await importFile(chunksOf(text, 10_000), {
      file,
      dbName,
      parser: 'worker',
      startParser: () => new Worker('/no-such-parser.js', { type: 'module' }),
    });
    out.fallback = fallback.events;
    for (const parser of ['worker', 'here'] as const) {
      const imported = await importFile(chunksOf(text, 10_000), { file, dbName, parser });
      const strict = await importFile(chunksOf(strictText), { file, dbName, parser }).then(
        () => 'imported',
        (err: Error) => `${err.name}: ${err.message}`,
      );
      const lenient = await importFile(chunksOf(lenientText), { file, dbName, parser, strict: false });
      out[parser] = {
        events: imported.events,
        links: imported.links,
        ast: imported.ast,
        notes: imported.notes,
        // A trace has no creation time of its own: the session's is when it was imported.
        exported: (await exportText(imported.session, { dbName })).replace(/"created_at":"[^"]*"/, ''),
        strict,
        lenient: { events: lenient.events, skipped: lenient.skipped, messages: lenient.messages },
      };
    }
    self.indexedDB.deleteDatabase(dbName);
    return out;
  },

  /** Stores `count` events in a session of the default database (for the reload test). */
  async store(session: string, count: number): Promise<number> {
    const s = await TemporalStorage.start({ session, maxEvents: Infinity, cleanupInterval: 0 });
    await s.storeEvents(
      [...Array(count).keys()].map((i) => ({ timestamp: i % 97, ast_node_id: `a${i % 5}`, correlation_id: `c${i % 9}`, data: { i } })),
    );
    const total = (await s.getStats()).total_events;
    await s.stop();
    return total;
  },

  /** Reads a session back: its events, one AST node's and one correlation's, and the stats. */
  async read(session: string): Promise<unknown> {
    const s = await TemporalStorage.start({ session, maxEvents: Infinity, cleanupInterval: 0 });
    const result = {
      all: await s.getAllEvents(),
      ast: (await s.getEventsForAstNode('a2')).map((e) => e.event_id),
      corr: (await s.getEventsForCorrelation('c4')).map((e) => e.event_id),
      stats: await s.getStats(),
    };
    await s.stop();
    return result;
  },
};

(self as unknown as { cinemaStore: typeof harness }).cinemaStore = harness;
(self as unknown as { cinemaCrash: typeof crashOps }).cinemaCrash = crashOps;
