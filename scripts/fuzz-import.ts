// `npm run fuzz:import -- [--seed S] [--cases N] [--json]`: every recording of the project's
// fixtures (and of the extra corpus of real traces, where it is), mutated N times (20,000 by
// default) and imported into a store in Node (fake-indexeddb) that already holds sessions
// (store/testing/fuzz-import.ts). The last line is the report:
// {"cases", "imported", "refused", "violations", "hangs", "max_case_ms", "stored_changed"}.
import 'fake-indexeddb/auto';
import { gzipSync } from 'node:zlib';
import { IDBFactory } from 'fake-indexeddb';
import { demoText } from '../store/testing/host-client';
import { fuzzSeeds } from '../fixtures/fuzz-seeds';
import { chunksOf } from '../store/testing/chunks';
import { fuzzCases, fuzzImport } from '../store/testing/fuzz-import';
import { arg } from './cli-args';

const seed = Number(arg('seed', '1'));
const cases = Number(arg('cases', '20000'));
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(cases) || cases < 1)
  throw new Error('--seed and --cases take integers (cases >= 1)');
const log = (line: string) => console.error(`[fuzz:import] ${line}`);

const seeds = fuzzSeeds(log, [{ name: 'demo.cinema', bytes: new TextEncoder().encode(demoText(300)) }]);
log(`seed ${seed}, ${cases} cases over ${seeds.length} recordings: ${seeds.map((s) => s.name).join(', ')}`);

const only = process.argv.indexOf('--case');
if (only >= 0) {
  // One case again, with its error's whole stack.
  const k = Number(process.argv[only + 1]);
  const c = [...fuzzCases(seeds, seed, k + 1, (b) => gzipSync(b))][k];
  log(`case ${k}: ${c.file} ${c.applied.join('+')}, ${c.input.length} bytes`);
  const { importFile } = await import('../store/import/import-file');
  const t0 = performance.now();
  await importFile(chunksOf(c.input, c.chunkSize), {
    file: c.file,
    indexedDB: new IDBFactory() as unknown as IDBFactory,
    dbName: 'one',
  }).then(
    (r) => log(`imported: ${r.events} events`),
    (e: Error) => log(`${e.name}: ${e.message.slice(0, 300)}\n${e.stack}`),
  );
  log(`${Math.round(performance.now() - t0)} ms`);
  process.exit(0);
}
const t = performance.now();
const report = await fuzzImport(seeds, {
  indexedDB: new IDBFactory() as unknown as IDBFactory,
  seed,
  cases,
  gzip: (b) => gzipSync(b),
  log,
});
log(`${Math.round((performance.now() - t) / 1000)} s`);
if (!process.argv.includes('--json')) console.error(JSON.stringify(report, null, 2));
console.log(JSON.stringify(report));
process.exit(report.violations + report.hangs + report.stored_changed === 0 ? 0 : 1);
