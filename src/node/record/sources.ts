// The sources the recorder's runtime and the command-line tool are built from (dist/record/): the
// build hashes them (a rewritten file is cached per build), `cinema record` warns when one is newer
// than the build, and bin/cinema.js runs the built tool only while none is.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders under src/ whose files go into the build. */
export const RECORDER_SOURCE_FOLDERS = ['instrument', 'node', 'node/record', 'format', 'demo'] as const;

/** Whether a file in those folders is built (tests are not). */
export const isRecorderSource = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.test.ts');

/** The newest change to those sources under `src` (a checkout); 0 where they are absent (an installed package). */
export function newestSource(src: string): number {
  let newest = 0;
  for (const folder of RECORDER_SOURCE_FOLDERS) {
    const dir = join(src, folder);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (isRecorderSource(f)) newest = Math.max(newest, statSync(join(dir, f)).mtimeMs);
  }
  return newest;
}
