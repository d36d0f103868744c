import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/random';
import { exportNativeText } from './native';
import { TemporalStorage } from '../temporal-storage';

async function text(gen: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const t of gen) s += t;
  return s;
}

/** The padding of event i: a length from a seeded generator, the same in every session and run. */
const pads = (() => {
  const rand = seededRandom(41);
  return Array.from({ length: 3000 }, () => 'x'.repeat(Math.floor(rand() * 40)));
})();

/** 3,000 events with unique times, some with ids that need escaping and payloads JSON cannot carry. */
function events() {
  return Array.from({ length: 3000 }, (_, i) => ({
    timestamp: i * 7 + 3,
    ast_node_id: i % 5 === 0 ? null : `node "${i % 13}"`,
    correlation_id: i % 3 === 0 ? null : `flow-${i % 40}\n`,
    data: i % 250 === 0 ? { at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), gone: undefined } : { i, pad: pads[i] },
  }));
}

/** Fisher-Yates with the seeded generator: the same shuffle every run. */
function shuffle<T>(items: T[], seed: number): T[] {
  const rand = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function session(indexedDB: IDBFactory, name: string, order: 'time' | 'shuffled') {
  const s = await TemporalStorage.start({
    session: name,
    indexedDB,
    dbName: 'export',
    maxEvents: Infinity,
    cleanupInterval: 0,
    layout: { blockEvents: 64 },
    sessionInit: { name: 'same', time_unit: 'ns', epoch: '1764230400000000000', header: { created_at: '2026-11-27T00:00:00.000Z' } },
  });
  const all = events();
  const list = order === 'time' ? all : shuffle(all, 7);
  const ids = new Map<number, string>();
  for (let k = 0; k < list.length; k += 100) {
    const batch = list.slice(k, k + 100);
    (await s.storeEvents(batch)).forEach((id, j) => ids.set(batch[j].timestamp, id));
  }
  // Links between events named by time, so both sessions link the same events.
  await s.addExtras({
    links: [
      [3, 10],
      [500, 1403],
      [20_002, 20_996],
    ].map(([a, b]) => ({ from: ids.get(a)!, to: ids.get(b)!, label: 'x' })),
  });
  return s;
}

describe('exportNativeText', () => {
  it('writes the same text block by block (blocks in time order) as page by page (blocks overlapping)', async () => {
    const indexedDB = new IDBFactory();
    const ordered = await session(indexedDB, 'ordered', 'time');
    const shuffled = await session(indexedDB, 'shuffled', 'shuffled');
    expect(await ordered.rangeRuns()).not.toBeNull();
    expect(await shuffled.rangeRuns()).toBeNull(); // the other path
    for (const range of [undefined, [500, 9000] as [number, number], [9000, 500] as [number, number]]) {
      const a = await text(exportNativeText(ordered, { range }));
      const b = await text(exportNativeText(shuffled, { range }));
      expect(a, String(range)).toBe(b);
    }
    const whole = await text(exportNativeText(ordered));
    const lines = whole.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('{"kind":"event"')).length).toBe(3000);
    expect(lines).toContain(
      '{"kind":"event","timestamp":1764230400000000003,"id":"e0","ast_node_id":null,"correlation_id":null,"data":{"at":"2026-01-01T00:00:00.000Z"}}',
    );
    expect(lines).toContain(
      `{"kind":"event","timestamp":1764230400000000010,"id":"e1","ast_node_id":"node \\"1\\"","correlation_id":"flow-1\\n","data":{"i":1,"pad":"${pads[1]}"}}`,
    );
    expect(lines.filter((l) => l.startsWith('{"kind":"link"'))).toHaveLength(3);
    await ordered.stop();
    await shuffled.stop();
  });
});
