// The one line a recording ends with, on stderr: what it holds and how to open it.
import { relative } from 'node:path';
import type { MergeResult } from './merge';

/**
 * Said (within the line) when no file was rewritten: the command's files were outside the scope, or
 * were loaded by a tool that reads and runs them its own way, which Node's loader hooks never see
 * (vitest's is known: vm-hook.ts).
 */
export const NOTHING_REWRITTEN =
  ' (no file of the project was loaded through Node, vitest or jest: check --include/--exclude; a tool that loads files its own way is not seen)';

export function summaryLine(r: MergeResult): string {
  // A path from here when the file is under here, else the whole path.
  const rel = relative(process.cwd(), r.out);
  const where = rel && !rel.startsWith('..') ? rel : r.out;
  const lost = r.dropped > 0 ? ` (the ${r.dropped.toLocaleString('en-US')} oldest let go: raise --max-events or --max-mb)` : '';
  const cut =
    r.unreadable > 0
      ? ` (${r.unreadable} process${r.unreadable === 1 ? '' : 'es'} or thread${r.unreadable === 1 ? '' : 's'} killed as ${r.unreadable === 1 ? 'it' : 'they'} began writing: left out)`
      : '';
  return (
    `cinema record: ${r.events.toLocaleString('en-US')} events${lost} from ${r.processes} process${r.processes === 1 ? '' : 'es'}` +
    `${r.threads > r.processes ? ` (${r.threads} threads)` : ''}${cut}, ${r.files} file${r.files === 1 ? '' : 's'} instrumented` +
    `${r.files === 0 ? NOTHING_REWRITTEN : ''} -> ${where}; open it in Cinema (npm start, then Open recording) or: cinema inspect ${where}`
  );
}
