// Fails when an import crosses the layer table (scripts/layers.ts): src/ importing the DOM-side
// renderer, renderer/ importing store/ outside renderer/web/, a package where it does not belong.
// The per-layer tsconfigs catch globals (a `window` in src/); this catches imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAYERS, TEST_PACKAGES, type Layer } from './layers';

export interface SourceFile { path: string; text: string }

/** The layer a repository-relative path belongs to (longest prefix), or undefined. */
export function layerOf(path: string): Layer | undefined {
  let best: Layer | undefined;
  // A folder import ('../store') resolves to its index file, so the bare folder counts as inside.
  for (const l of LAYERS) if ((path + '/').startsWith(l.prefix) && (!best || l.prefix.length > best.prefix.length)) best = l;
  return best;
}

// Static imports and re-exports start a line; dynamic imports and worker URLs may stand anywhere.
// (Anchoring keeps prose such as "an import's result" in comments from counting.)
const IMPORT = /^\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]|new URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url/gm;

/** Every module specifier a file imports. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return out;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function allows(layer: Layer, target: Layer): boolean {
  return target === layer || layer.layers.includes(target.name);
}

/** One line per import that breaks the table, as `file: message`. */
export function checkImports(files: SourceFile[]): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const layer = layerOf(f.path);
    if (!layer) continue;
    const isTest = /\.test\.tsx?$/.test(f.path);
    for (const spec of importsOf(f.text)) {
      if (spec.startsWith('.')) {
        const target = normalize(join(dirname(f.path), spec)).replace(/\\/g, '/');
        const targetLayer = layerOf(target);
        if (!targetLayer) {
          problems.push(`${f.path}: imports ${spec}, which is outside every layer`);
        } else if (!allows(layer, targetLayer) && !(isTest && targetLayer.name === 'store/testing')) {
          problems.push(`${f.path}: ${layer.name} may not import ${targetLayer.name} (${spec})`);
        }
        continue;
      }
      if (spec.startsWith('node:') || NODE_BUILTINS.has(packageName(spec))) {
        if (!layer.node && !isTest) problems.push(`${f.path}: ${layer.name} runs outside Node and may not import ${spec}`);
        continue;
      }
      const pkg = packageName(spec);
      const ok = layer.packages.includes('*') || layer.packages.includes(pkg) || (isTest && TEST_PACKAGES.includes(pkg));
      if (!ok) problems.push(`${f.path}: ${layer.name} may not import the package ${pkg}`);
    }
  }
  return problems;
}

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'stream', 'zlib', 'http', 'https', 'net', 'worker_threads', 'events', 'buffer', 'process', 'readline', 'module', 'assert']);

function walk(root: string, dir: string, out: SourceFile[]): void {
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) walk(root, rel, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push({ path: rel, text: readFileSync(join(root, rel), 'utf8') });
  }
}

/** Reads the source folders of a repository. */
export function readSources(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const top of ['src', 'store', 'renderer', 'electron', 'e2e', 'scripts']) {
    try {
      if (statSync(join(root, top)).isDirectory()) walk(root, top, out);
    } catch {
      // a folder the project does not have yet
    }
  }
  return out;
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = readSources(root);
  const problems = checkImports(files);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`layer check: ${problems.length} import(s) cross the layer table (scripts/layers.ts)`);
    process.exit(1);
  }
  console.log(`layer check: ${files.length} files follow the layer table`);
}
