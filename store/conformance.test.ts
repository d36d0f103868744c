import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, it } from 'vitest';
import { SMALL_LAYOUT, conformanceCases } from './testing/conformance';

for (const [label, layout] of [
  ['default layout', undefined],
  ['small layout', SMALL_LAYOUT],
] as const) {
  describe(`TemporalStorage on fake-indexeddb, ${label}`, () => {
    for (const c of conformanceCases) {
      it(c.name, () => c.run({ indexedDB: new IDBFactory(), dbName: 'cinema-test', layout }));
    }
  });
}
