// Globs for --include and --exclude, matched against paths relative to the project root with
// forward slashes: `*` within a folder name, `**` across folders, `?` one character; a glob
// without a slash matches a name in any folder (`*.test.ts`). Node 20 has no glob matcher of its own.

const cache = new Map<string, (path: string) => boolean>();

/** A test for one glob. */
export function globMatcher(glob: string): (path: string) => boolean {
  let test = cache.get(glob);
  if (test) return test;
  const anywhere = !glob.includes('/');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches any folders (none included); a trailing `**` anything.
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A folder glob (`src/legacy`) covers what is inside it.
  const rx = new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${re}(?:/.*)?$`);
  test = (path: string) => rx.test(path);
  cache.set(glob, test);
  return test;
}
