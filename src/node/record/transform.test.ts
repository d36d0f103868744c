// Rewriting code another tool compiled: node ids and the source record name the original file when
// its source map (inline, or a file beside the code) maps it to one original, and the code as it is
// otherwise.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKey, readCache, rewrite } from './transform';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// `tsc --sourceMap` output for src/twice.ts (`export function twice(n: number): number {` / `  return n * 2;` / `}`).
const TS = 'export function twice(n: number): number {\n  return n * 2;\n}\n';
const JS =
  '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.twice = twice;\nfunction twice(n) {\n    return n * 2;\n}\n';
const MAP = {
  version: 3,
  file: 'twice.js',
  sourceRoot: '',
  sources: ['../src/twice.ts'],
  names: [],
  mappings: ';;AAAA,sBAEC;AAFD,SAAgB,KAAK,CAAC,CAAS;IAC7B,OAAO,CAAC,GAAG,CAAC,CAAC;AACf,CAAC',
};

/** A project with src/twice.ts and its compiled dist/twice.js ending in `comment`; what rewriting it recorded. */
function compiled(comment: string, files: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'cinema-transform-'));
  dirs.push(root);
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'src/twice.ts'), TS);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const source = `${JS}${comment}`;
  const cache = join(root, '.cache');
  const r = rewrite(join(root, 'dist/twice.js'), source, { root, include: [], exclude: [] }, cache, 'commonjs');
  const entry = readCache(cache, cacheKey('dist/twice.js', source))!;
  const ids = (kind: string) => entry.nodes.filter((n) => n.kind === kind).map((n) => n.id);
  return { r, entry, functionId: ids('function')[0], assignmentIds: ids('assignment') };
}

describe('rewriting compiled code through its source map', () => {
  it('follows a map in a file beside the code: ids and source are the .ts file', () => {
    const { r, entry, functionId, assignmentIds } = compiled('//# sourceMappingURL=twice.js.map', {
      'dist/twice.js.map': JSON.stringify(MAP),
    });
    expect(r.warning).toBeNull();
    expect(entry.file).toBe('src/twice.ts');
    expect(entry.source).toBe(TS);
    // tsc maps both `exports.twice = twice` and `function twice` to the `export` of line 1: the
    // function keeps the plain id, the compiler's assignment is told apart by its kind.
    expect(functionId).toBe('src/twice.ts:1:1');
    expect(assignmentIds).toEqual(['src/twice.ts:1:1:assignment']);
    expect(r.code).not.toContain('sourceMappingURL=twice.js.map');
  });

  it('follows an inline map the same way, and takes the original from it when it carries it', () => {
    const inline = Buffer.from(JSON.stringify({ ...MAP, sourcesContent: [TS] })).toString('base64');
    const { entry, functionId } = compiled(`//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}`);
    expect([entry.file, functionId, entry.source]).toEqual(['src/twice.ts', 'src/twice.ts:1:1', TS]);
  });

  it('names the compiled file itself when the map cannot be followed', () => {
    const cases = {
      'a map that is not there': compiled('//# sourceMappingURL=missing.js.map'),
      'a map at a URL': compiled('//# sourceMappingURL=https://example.com/twice.js.map'),
      'a map that is not JSON': compiled('//# sourceMappingURL=twice.js.map', { 'dist/twice.js.map': '{"version":3,' }),
      "a bundle's map of two files": compiled('//# sourceMappingURL=twice.js.map', {
        'dist/twice.js.map': JSON.stringify({ ...MAP, sources: ['../src/twice.ts', '../src/other.ts'] }),
      }),
      'a map whose original is not there': compiled('//# sourceMappingURL=twice.js.map', {
        'dist/twice.js.map': JSON.stringify({ ...MAP, sources: ['../src/gone.ts'] }),
      }),
    };
    for (const [what, { r, entry, functionId }] of Object.entries(cases)) {
      expect([what, r.warning, entry.file, functionId]).toEqual([what, null, 'dist/twice.js', 'dist/twice.js:4:1']);
    }
  });
});
