import { describe, expect, it } from 'vitest';
import { globMatcher } from './glob';
import { inScope } from './scope';

describe('scope', () => {
  it('matches globs against paths from the project root', () => {
    expect(globMatcher('src/**/*.ts')('src/a/b/c.ts')).toBe(true);
    expect(globMatcher('src/**/*.ts')('src/c.ts')).toBe(true);
    expect(globMatcher('src/*.ts')('src/a/c.ts')).toBe(false);
    expect(globMatcher('*.test.js')('deep/x.test.js')).toBe(true);
    expect(globMatcher('node_modules/marked')('node_modules/marked/lib/marked.esm.js')).toBe(true);
    expect(globMatcher('src/legacy/**')('src/legacy/x.js')).toBe(true);
    expect(globMatcher('a?c.js')('abc.js')).toBe(true);
  });

  it("records the project's own code files by default, node_modules only when included, nothing excluded", () => {
    const scope = { root: '/p', include: [], exclude: [] };
    expect(inScope('/p/src/a.ts', scope)).toBe(true);
    expect(inScope('/p/src/a.d.ts', scope)).toBe(false);
    expect(inScope('/p/data.json', scope)).toBe(false);
    expect(inScope('/p/node_modules/x/index.js', scope)).toBe(false);
    expect(inScope('/elsewhere/a.js', scope)).toBe(false);
    expect(inScope('/p/node_modules/x/index.js', { ...scope, include: ['node_modules/x/**'] })).toBe(true);
    expect(inScope('/p/src/gen/a.js', { ...scope, exclude: ['src/gen/**'] })).toBe(false);
  });
});
