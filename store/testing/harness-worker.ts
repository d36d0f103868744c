// The store in a dedicated Worker on real IndexedDB, as the web build runs it. Browser tests call
// the functions below through Playwright's worker.evaluate.
import { TemporalStorage } from '../temporal-storage';
import { SMALL_LAYOUT, conformanceCases } from './conformance';

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

  /** Stores `count` events in a session of the default database (for the reload test). */
  async store(session: string, count: number): Promise<number> {
    const s = await TemporalStorage.start({ session, maxEvents: Infinity, cleanupInterval: 0 });
    await s.storeEvents([...Array(count).keys()].map((i) => ({ timestamp: i % 97, ast_node_id: `a${i % 5}`, correlation_id: `c${i % 9}`, data: { i } })));
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
