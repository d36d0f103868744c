// Every importer through one check (store/testing/check-import.ts): a digest of what it stored,
// compared with the snapshot, and export -> import -> export giving the same bytes. The fixtures
// were written by the real producers (fixtures/README.md); the extra corpus beside the repository
// gets the same round trip where it exists.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { REAL_CORPUS_FILES, describeRealCorpus, fixture, realFixture } from '../../fixtures/fixtures';
import { checkImport } from '../testing/check-import';

const OWN: Array<[string, string]> = [
  ['chrome/chromium-trace.json', 'chrome-trace'],
  ['otlp/otel-sdk-trace.json', 'otlp'],
  ['otlp/otel-sdk-trace.jsonl', 'otlp'],
  ['speedscope/node-cpuprofile.speedscope.json', 'speedscope'],
  ['speedscope/evented.speedscope.json', 'speedscope'],
];

describe('importers on fixtures written by the real producers', () => {
  for (const [path, format] of OWN) {
    it(`${path}: reads as ${format}, as the snapshot says, and round-trips exactly`, async () => {
      const r = await checkImport(fixture(path), path.split('/').pop()!, new IDBFactory() as unknown as IDBFactory);
      expect(r.digest.format).toBe(format);
      expect(r.digest.events).toBeGreaterThan(0);
      expect(r.digest).toMatchSnapshot();
      expect(r.reexported).toBe(r.exported);
    });
  }
});

describeRealCorpus('importers on traces written by other projects', () => {
  const corpus = REAL_CORPUS_FILES;
  for (const [name, format] of corpus) {
    it(`${name}: reads as ${format} and round-trips exactly`, async () => {
      const r = await checkImport(realFixture(name), name, new IDBFactory() as unknown as IDBFactory);
      expect([r.digest.format, r.digest.events > 0]).toEqual([format, true]);
      expect(r.reexported).toBe(r.exported);
    });
  }
});
