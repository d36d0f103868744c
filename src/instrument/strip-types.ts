// TypeScript out, JavaScript in, after instrumenting: the probes are inserted into the original
// `.ts` text (so node ids and spans are the `.ts` file's own), then oxc-transform removes the types.
// It prints the code anew, so its source map is composed with the instrumenter's: the result maps
// straight back to the original `.ts` lines and columns, and stack traces follow it. JSX is kept as
// it is (the runtime that runs the file decides how JSX is compiled).
import remapping, { type SourceMapInput } from '@jridgewell/remapping';
import { transformSync } from 'oxc-transform';
import { InstrumentError, type Instrumented, type SourceMapV3 } from './instrument';

/** Whether a file name says TypeScript. */
export function isTypeScript(file: string): boolean {
  return /\.[mc]?tsx?$/.test(file);
}

/** Removes the types from instrumented TypeScript; the map now leads to the original source. */
export function stripTypes(instrumented: Instrumented, file: string): Instrumented {
  const lang = /x$/.test(file) ? 'tsx' : 'ts';
  const out = transformSync(file, instrumented.code, {
    lang,
    sourceType: /\.cts$/.test(file) ? 'commonjs' : 'unambiguous',
    sourcemap: true,
    jsx: 'preserve',
    typescript: { onlyRemoveTypeImports: false },
  });
  const error = out.errors.find((e) => e.severity === 'Error');
  if (error) throw new InstrumentError(file, 1, 1, `the TypeScript could not be compiled: ${error.message}`);
  if (!out.map) throw new InstrumentError(file, 1, 1, 'the TypeScript compiler gave no source map');
  // The compiler's map points into the instrumented text; one level down, the instrumenter's map
  // points into the original (its sources are the original's: no further level).
  const composed = remapping(out.map as unknown as SourceMapInput, (_source, ctx) =>
    ctx.depth === 1 ? (instrumented.map as unknown as SourceMapInput) : null,
  );
  const map = JSON.parse(composed.toString()) as SourceMapV3;
  // Named as the instrumenter named them (remapping resolves them against the file's folder).
  map.sources = instrumented.map.sources;
  map.sourcesContent = instrumented.map.sourcesContent;
  return { code: out.code, map, nodes: instrumented.nodes };
}
