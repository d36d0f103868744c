// Deciding which files are recorded, and rewriting them: instrumented (and, for TypeScript, stripped
// of types), checked to parse, given an inline source map (stack traces point at the original
// lines), and cached by content hash, so a file is rewritten once however many runs and processes
// load it. A file that cannot be rewritten runs as it is, with one warning line: recording never
// turns a working program into a failing one.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import remapping, { type SourceMapInput } from '@jridgewell/remapping';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { compileProblem } from '../../instrument/check';
import { InstrumentError, type Instrumented, type SourceMapV3, instrument } from '../../instrument/instrument';
import { LineIndex } from '../../instrument/positions';
import type { InstrumentedNode } from '../../instrument/probes';
import { isTypeScript, stripTypes } from '../../instrument/strip-types';
import type { Scope } from './scope';

/** Bumped when the cache entry's shape changes. */
export const REWRITE_VERSION = 2;

// The build of the recorder (a hash of its sources, set by scripts/build-record.ts): a file is
// rewritten again by a recorder built from other sources. From sources (tests): "source".
declare const __CINEMA_RECORD_BUILD__: string | undefined;
const BUILD = typeof __CINEMA_RECORD_BUILD__ === 'string' ? __CINEMA_RECORD_BUILD__ : 'source';

/**
 * What the recording needs of a rewritten file, cached as `<key>.json`; the code to run is beside
 * it in `<key>.js`, read as it is (a file loaded from the cache costs one read, no parse).
 */
export interface CacheEntry {
  version: number;
  /** The file relative to the root (node ids start with it). */
  file: string;
  key: string;
  nodes: InstrumentedNode[];
  /** The original text, for the recording's source record. */
  source: string;
}

/** The cache key of a file's text: the same text at the same path rewrites the same way. */
export function cacheKey(rel: string, source: string): string {
  return createHash('sha1').update(`${REWRITE_VERSION}\0${BUILD}\0${rel}\0${source}`).digest('hex').slice(0, 24);
}

/** Reads a cache entry, or null when it is missing or from another version. */
export function readCache(dir: string, key: string): CacheEntry | null {
  try {
    const e = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as CacheEntry;
    return e.version === REWRITE_VERSION ? e : null;
  } catch {
    return null;
  }
}

/** The cached code for `key`, or null. */
function readCachedCode(dir: string, key: string): string | null {
  try {
    return readFileSync(join(dir, `${key}.js`), 'utf8');
  } catch {
    return null;
  }
}

function writeCache(dir: string, entry: CacheEntry, code: string): void {
  mkdirSync(dir, { recursive: true });
  // Several processes may rewrite the same file at once: each writes its own temporary file and
  // renames it into place, so a reader never sees half an entry. The entry goes first: whoever
  // finds the code finds the entry too.
  const put = (name: string, text: string) => {
    const tmp = join(dir, `${name}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
  };
  put(`${entry.key}.json`, JSON.stringify(entry));
  put(`${entry.key}.js`, code);
}

export interface Rewrite {
  code: string;
  /** Set when the file runs uninstrumented, and why (one line for stderr). */
  warning: string | null;
  /** Whether it came from the cache. */
  cached: boolean;
}

/**
 * The source map of code another tool compiled, and where its comment starts: inline (a TypeScript
 * runner's CommonJS, a test runner's output) or a file beside the code (`tsc` or a build's output:
 * `//# sourceMappingURL=main.js.map`), with the folder its sources are named from. Only a map of
 * one original file is followed: a file's node ids name one file, and a bundle's many would be
 * named by the first. A map that cannot be read leaves the code named as it is.
 */
function sourceMapOf(code: string, file: string): { map: SourceMapV3; at: number; dir: string } | null {
  const m = /\n?\/\/# sourceMappingURL=(\S+)\s*$/.exec(code);
  if (!m) return null;
  const url = m[1];
  const inline = /^data:application\/json;(?:charset=[^;,]+;)?base64,([A-Za-z0-9+/=]+)$/.exec(url);
  // Only a path beside the code, never a URL to fetch.
  if (!inline && /^[a-z][a-z0-9+.-]*:/i.test(url)) return null;
  try {
    const mapFile = inline ? null : resolve(dirname(file), decodeURIComponent(url));
    const text = inline ? Buffer.from(inline[1], 'base64').toString('utf8') : readFileSync(mapFile!, 'utf8');
    const map = JSON.parse(text) as SourceMapV3;
    if (map.version !== 3 || map.sources.length !== 1) return null;
    return { map, at: m.index, dir: dirname(mapFile ?? file) };
  } catch {
    return null;
  }
}

/** What to instrument: the text, the name its node ids use, the original source, and how to locate positions in it. */
interface Input {
  code: string;
  rel: string;
  original: string;
  map: SourceMapV3 | null;
  locate?: (offset: number) => { line: number; col: number } | null;
}

function inputOf(file: string, source: string, root: string): Input {
  const rel = relative(root, file).split(sep).join('/');
  const found = sourceMapOf(source, file);
  if (!found) return { code: source, rel, original: source, map: null };
  // Compiled by another tool: ids name the original file and lines.
  const map = found.map;
  const originalFile = resolve(found.dir, map.sourceRoot ?? '', map.sources[0]);
  let original = map.sourcesContent?.[0] ?? null;
  try {
    original ??= readFileSync(originalFile, 'utf8');
  } catch {
    // The original is not there (a package shipped without it): the code is named as it is.
    return { code: source, rel, original: source, map: null };
  }
  const tm = new TraceMap(map as never);
  const code = source.slice(0, found.at);
  const lines = new LineIndex(code);
  return {
    code,
    rel: relative(root, originalFile).split(sep).join('/'),
    original,
    map,
    locate: (offset) => {
      const g = lines.at(offset);
      const p = originalPositionFor(tm, { line: g.line, column: g.col - 1 });
      return p.line === null || p.column === null ? null : { line: p.line, col: p.column + 1 };
    },
  };
}

/**
 * The code to run for `file` (absolute) with text `source`: instrumented, or as it is with a
 * warning. `format` is what the loader knows it to be (a CommonJS file may `return` at its top).
 */
export function rewrite(file: string, source: string, scope: Scope, cacheDir: string, format?: 'module' | 'commonjs'): Rewrite {
  const key = cacheKey(relative(scope.root, file).split(sep).join('/'), source);
  const hit = readCachedCode(cacheDir, key);
  if (hit !== null) return { code: hit, warning: null, cached: true };
  let rel = relative(scope.root, file).split(sep).join('/');
  try {
    const input = inputOf(file, source, scope.root);
    rel = input.rel;
    const sourceType = format ?? 'unambiguous';
    const lang = input.map ? (/x$/.test(file) ? 'jsx' : 'js') : undefined;
    let out: Instrumented = instrument(input.code, { file: rel, key, sourceName: file, sourceType, lang, locate: input.locate });
    if (input.map) {
      const composed = remapping(out.map as unknown as SourceMapInput, (_s, ctx) =>
        ctx.depth === 1 ? (input.map as unknown as SourceMapInput) : null,
      );
      out = { ...out, map: JSON.parse(composed.toString()) as SourceMapV3 };
    }
    // TypeScript is compiled by stripTypes, which reports what would not compile; the rest is checked.
    const stripped = !input.map && isTypeScript(file);
    if (stripped) out = stripTypes(out, file);
    const problem = stripped ? null : compileProblem(file, out.code, sourceType);
    if (problem) throw new InstrumentError(rel, 1, 1, `the instrumented code does not compile (${problem}); this is Cinema's fault`);
    const map = Buffer.from(JSON.stringify(out.map)).toString('base64');
    const code = `${out.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}\n`;
    writeCache(cacheDir, { version: REWRITE_VERSION, file: rel, key, nodes: out.nodes, source: input.original }, code);
    return { code, warning: null, cached: false };
  } catch (err) {
    const why = err instanceof InstrumentError ? err.message : `${rel}: ${(err as Error).message}`;
    return { code: source, warning: `cinema record: ${why}; it runs without recording`, cached: false };
  }
}
