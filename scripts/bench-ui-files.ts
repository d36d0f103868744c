// The files `npm run bench:ui` opens, made once into bench-data/ and kept: the generated session,
// the same events as a Chrome trace, the second run of the comparison, and an OTLP file of as many
// events (spans of two events each) with its copy that starts with a member larger than what the
// importer sniffs, so it is read whole (the baseline of the streamed OTLP import).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/electron-binary';
import { withRepeatedEvent } from '../src/demo/diverged';
import { fileLines, writeLines } from './file-lines';
import { writeOtlpFile } from './otlp-file';

export const DATA = join(REPO_ROOT, 'bench-data');
/** Where the second run of the comparison departs from the first, as a fraction of its events. */
export const DIVERGE_AT = 0.05;
/** More than the 64 KB an import sniffs a file's format from. */
const SNIFFED = 70_000;

export interface BenchFiles {
  native: string;
  chrome: string;
  diverged: string;
  otlp: string;
  otlpWhole: string;
}

const cli = (...args: string[]) =>
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin/cinema.js'), ...args], { cwd: REPO_ROOT, stdio: 'pipe' });

/** Makes what the parts not skipped need (at 10M events each file takes minutes and gigabytes). */
export function benchFiles(events: number, skip: Set<string>, log: (m: string) => void): BenchFiles {
  mkdirSync(DATA, { recursive: true });
  const f: BenchFiles = {
    native: join(DATA, `ui-${events}.cinema`),
    chrome: join(DATA, `ui-${events}.trace.json`),
    diverged: join(DATA, `ui-${events}-diverged.cinema`),
    otlp: join(DATA, `ui-${events}.otlp.json`),
    otlpWhole: join(DATA, `ui-${events}-whole.otlp.json`),
  };
  if (!existsSync(f.native)) {
    log(`generating ${f.native}`);
    cli('generate', '--events', String(events), '--seed', '5', '--out', f.native);
  }
  if (!skip.has('trace') && !existsSync(f.chrome)) {
    log(`converting to ${f.chrome}`);
    cli('convert', f.native, f.chrome);
  }
  if (!skip.has('compare') && !existsSync(f.diverged)) {
    log(`writing ${f.diverged}`);
    writeLines(f.diverged, withRepeatedEvent(fileLines(f.native), Math.floor(events * DIVERGE_AT)));
  }
  if (!skip.has('otlp')) {
    for (const [path, filler] of [
      [f.otlp, 0],
      [f.otlpWhole, SNIFFED],
    ] as const) {
      if (existsSync(path)) continue;
      log(`writing ${path}`);
      writeOtlpFile(path, Math.floor(events / 2), filler);
    }
  }
  return f;
}
