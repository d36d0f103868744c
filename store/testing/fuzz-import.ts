// Importers under mutation: seed recordings of every format, mutated (mutate.ts), imported one
// after another into a store that already holds sessions. Each case either imports or fails with a
// FormatError naming `file:line:col`; nothing else may come out, no case may outlast its time bound,
// and the sessions stored before must export exactly as they did (checked along the way and at the
// end), with nothing of a failed import left in the library.
import { seededRandom } from '../../src/random';
import { FormatError } from '../../src/format/format-error';
import { SessionCatalog } from '../catalog/catalog';
import { importFile } from '../import/import-file';
import { chunksOf } from './chunks';
import { exportText } from './export-text';
import { demoText } from './host-client';
import { mutate } from './mutate';

export interface FuzzImportReport {
  cases: number;
  imported: number;
  refused: number;
  /** Failures that were not a FormatError with file:line:col (each logged with its case). */
  violations: number;
  /** Cases still running at their time bound. */
  hangs: number;
  max_case_ms: number;
  /** Which case that was. */
  slowest_case: string;
  /** Checks of the stored sessions that found one changed, or a failed import left behind. */
  stored_changed: number;
}

/** A recording to mutate: its file name (the format is told by it) and bytes. */
export interface SeedFile {
  name: string;
  bytes: Uint8Array;
}

export interface FuzzImportOptions {
  indexedDB: IDBFactory;
  seed: number;
  cases: number;
  /** A case's time bound (ms). */
  timeoutMs?: number;
  /** Gzip for some cases (the bytes, gzipped); none: no gzipped cases. */
  gzip?: (b: Uint8Array) => Uint8Array;
  log(line: string): void;
}

export interface FuzzCase {
  k: number;
  file: string;
  input: Uint8Array;
  applied: string[];
  chunkSize: number;
}

/** The cases of a seed, in order: case k is the same wherever it is made (to look at one again). */
export function* fuzzCases(seeds: SeedFile[], seed: number, cases: number, gzip?: (b: Uint8Array) => Uint8Array): Generator<FuzzCase> {
  const r = seededRandom(seed);
  for (let k = 0; k < cases; k++) {
    const seedFile = seeds[Math.floor(r() * seeds.length)];
    const m = mutate(seedFile.bytes, r);
    const zipped = gzip !== undefined && r() < 0.1;
    yield {
      k,
      file: zipped ? `${seedFile.name}.gz` : seedFile.name,
      input: zipped ? gzip(m.bytes) : m.bytes,
      applied: m.applied,
      chunkSize: 1 + Math.floor(r() * 65536),
    };
  }
}

const FILE_LINE_COL = /^[^\n]+:\d+:\d+: \S/;

export async function fuzzImport(seeds: SeedFile[], o: FuzzImportOptions): Promise<FuzzImportReport> {
  const dbName = `fuzz-import-${o.seed}`;
  const timeoutMs = o.timeoutMs ?? 20_000;
  const opts = { indexedDB: o.indexedDB, dbName };
  const catalog = await SessionCatalog.open(opts);
  // Sessions stored before: one of each kind of seed that imports as it is, and a demo recording.
  const kept = new Map<string, string>();
  const demo = await importFile(chunksOf(demoText(500)), { ...opts, file: 'kept.cinema' });
  kept.set(demo.session, await exportText(demo.session, opts));
  for (const f of seeds) {
    const res = await importFile(chunksOf(f.bytes), { ...opts, file: f.name }).catch(() => null);
    if (res) kept.set(res.session, await exportText(res.session, opts));
  }
  o.log(`${kept.size} sessions stored before the cases (a demo recording and each seed that imports as it is)`);
  const report: FuzzImportReport = {
    cases: 0,
    imported: 0,
    refused: 0,
    violations: 0,
    hangs: 0,
    max_case_ms: 0,
    slowest_case: '',
    stored_changed: 0,
  };

  const checkStored = async (when: string) => {
    const listed = (await catalog.list()).map((s) => s.id).sort();
    const want = [...kept.keys()].sort();
    if (JSON.stringify(listed) !== JSON.stringify(want)) {
      report.stored_changed++;
      o.log(`${when}: the library lists ${JSON.stringify(listed)}, expected ${JSON.stringify(want)}`);
    }
    for (const [id, text] of kept) {
      if ((await exportText(id, opts)) !== text) {
        report.stored_changed++;
        o.log(`${when}: session ${id} no longer exports as it did`);
      }
    }
  };

  for (const c of fuzzCases(seeds, o.seed, o.cases, o.gzip)) {
    const { k, file, input, chunkSize } = c;
    const what = `case ${k} (seed ${o.seed}): ${file} ${c.applied.join('+')}, ${input.length} bytes`;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), timeoutMs)));
    const t = performance.now();
    const outcome = await Promise.race([
      importFile(chunksOf(input, chunkSize), { ...opts, file, signal: controller.signal }).then(
        (res) => ({ ok: true as const, session: res.session }),
        (err: unknown) => ({ ok: false as const, err }),
      ),
      bound,
    ]);
    clearTimeout(timer);
    const ms = Math.round(performance.now() - t);
    if (ms > report.max_case_ms) [report.max_case_ms, report.slowest_case] = [ms, what];
    report.cases++;
    if (outcome === 'hang') {
      report.hangs++;
      controller.abort();
      o.log(`${what}: still running after ${timeoutMs} ms`);
    } else if (outcome.ok) {
      report.imported++;
      await catalog.delete(outcome.session);
    } else if (
      outcome.err instanceof FormatError &&
      FILE_LINE_COL.test(outcome.err.message) &&
      outcome.err.message.startsWith(`${file}:`)
    ) {
      report.refused++;
    } else {
      report.violations++;
      const e = outcome.err as Error;
      o.log(`${what}: failed with ${e?.name ?? typeof e}: ${String(e?.message ?? e).slice(0, 300)}`);
    }
    if ((k + 1) % 500 === 0) {
      await checkStored(`after ${k + 1} cases`);
      o.log(`${k + 1} cases: ${JSON.stringify(report)}`);
    }
  }
  await checkStored('at the end');
  await catalog.close();
  return report;
}
