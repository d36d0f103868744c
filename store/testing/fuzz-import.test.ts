// A short run of fuzz:import in npm test (the command runs 20,000 cases): every mutated recording
// imports or fails with file:line:col, none outlasts its bound, and the stored sessions stay.
import 'fake-indexeddb/auto';
import { gzipSync } from 'node:zlib';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { demoText } from './host-client';
import { fuzzSeeds } from '../../fixtures/fuzz-seeds';
import { fuzzImport } from './fuzz-import';

describe('importers under mutation', () => {
  it('400 mutated recordings: each imports or says file:line:col; stored sessions unchanged', async () => {
    const problems: string[] = [];
    const report = await fuzzImport(fuzzSeeds(console.log, [{ name: 'demo.cinema', bytes: new TextEncoder().encode(demoText(300)) }]), {
      indexedDB: new IDBFactory() as unknown as IDBFactory,
      seed: 11,
      cases: 400,
      timeoutMs: 20_000,
      gzip: (b) => gzipSync(b),
      log: (line) => problems.push(line),
    });
    expect(problems.filter((l) => / case \d+ |no longer|the library lists/.test(l))).toEqual([]);
    expect(report).toMatchObject({ cases: 400, violations: 0, hangs: 0, stored_changed: 0 });
    expect(report.imported + report.refused).toBe(400);
  }, 120_000);
});
