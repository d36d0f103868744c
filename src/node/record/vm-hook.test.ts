// vitest's wrapped files, rewritten where node:vm runs them; other vm code left alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rewriteWrapped } from './vm-hook';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'cinema-vm-hook-'));
  dirs.push(root);
  return { root, scope: { root, include: [], exclude: [] }, cache: join(root, '.cache') };
}

const HEAD = "'use strict';async (__vite_ssr_exports__,__vite_ssr_import__,__filename)=>{{";

describe('rewriting what vitest runs through node:vm', () => {
  it('rewrites the code inside the wrapper and keeps the wrapper and the runner comment around it', () => {
    const { root, scope, cache } = setup();
    const inner = 'function twice(n) { return n * 2; }\nconst x = twice(4);\n';
    const comment = '\n//# vitestCache=W10=';
    const r = rewriteWrapped(`${HEAD}${inner}${comment}\n}}`, join(root, 'src/a.js'), scope, cache)!;
    expect(r.warning).toBeNull();
    expect(r.code.startsWith(HEAD)).toBe(true);
    expect(r.code.endsWith(`${comment}\n}}`)).toBe(true);
    const body = r.code.slice(HEAD.length, r.code.length - comment.length - 3);
    expect(body).toContain('__cinema$'); // the recorder's prologue, inside the function
    expect(body).toContain('n * 2');
    expect(body).toMatch(/__c\$\.r\(/); // the return recorded
    // The rewritten code still runs as the wrapper's body.
    const fn = new Function(`return ${r.code.slice("'use strict';".length)}`) as () => unknown;
    expect(typeof fn()).toBe('function');
  });

  it('leaves code that is not a known wrapper alone', () => {
    const { root, scope, cache } = setup();
    expect(rewriteWrapped('var x = 1;', join(root, 'a.js'), scope, cache)).toBeNull();
    expect(rewriteWrapped(`${HEAD}var x = 1;`, join(root, 'a.js'), scope, cache)).toBeNull(); // no tail
  });
});
