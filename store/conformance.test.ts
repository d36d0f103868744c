import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, it } from 'vitest';
import { conformanceCases } from './testing/conformance';

describe('TemporalStorage on fake-indexeddb', () => {
  for (const c of conformanceCases) {
    it(c.name, () => c.run({ indexedDB: new IDBFactory(), dbName: 'cinema-test' }));
  }
});
