// The layer rules (.dependency-cruiser.cjs) and the per-layer tsconfigs, each shown to fire: probe
// files that break a rule are cruised in a scratch tree, and the repository itself must pass.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));
const scratch = mkdtempSync(join(tmpdir(), 'cinema-layers-'));
symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let probe = 0;
/** Writes `files` into a fresh scratch folder and returns each violation as "from -> to: rule". */
async function violations(files: Record<string, string>): Promise<string[]> {
  const base = join(scratch, `p${probe++}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), text);
  }
  symlinkSync(join(root, 'node_modules'), join(base, 'node_modules'));
  const tops = [...new Set(Object.keys(files).map((p) => p.split('/')[0]))];
  const cwd = process.cwd();
  process.chdir(base);
  try {
    const result = await cruise(tops, {
      ...config.options,
      preserveSymlinks: true,
      ruleSet: { allowed: config.allowed, allowedSeverity: config.allowedSeverity, forbidden: config.forbidden },
      validate: true,
    });
    const out = result.output as { summary: { violations: Array<{ from: string; to: string; rule: { name: string } }> } };
    return out.summary.violations.map((v) => `${v.from} -> ${v.to.replace(/^node_modules\/([^/]+).*$/, '$1')}: ${v.rule.name}`).sort();
  } finally {
    process.chdir(cwd);
  }
}

describe('layer rules', () => {
  it('flags imports that cross the table', async () => {
    expect(
      await violations({
        'src/model.ts': "import { x } from '../renderer/view';\nexport const m = x;",
        'src/fmt.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;",
        'renderer/view.ts': "import { s } from '../store/index';\nexport const x = s;",
        'renderer/app.ts': "import { app } from 'electron';\nexport const a = app;",
        'store/index.ts': "import React from 'react';\nexport const s = React;",
        'electron/preload/index.ts': "import { s } from '../../store/index';\nexport const y = s;",
      }),
    ).toEqual([
      'electron/preload/index.ts -> store/index.ts: not-in-allowed',
      'renderer/app.ts -> electron: not-in-allowed',
      'renderer/view.ts -> store/index.ts: not-in-allowed',
      'src/fmt.ts -> fs: not-in-allowed',
      'src/model.ts -> renderer/view.ts: not-in-allowed',
      'store/index.ts -> react: not-in-allowed',
    ]);
  });

  it('keeps the storage engine to src/ and itself', async () => {
    expect(
      await violations({
        'store/engine/blocks.ts': "import { io } from '../io/input';\nimport { x } from '../../src/x';\nexport const b = [io, x];",
        'store/io/input.ts': "import { b } from '../engine/blocks';\nexport const io = () => b;",
        'src/x.ts': 'export const x = 1;',
      }),
    ).toEqual(['store/engine/blocks.ts -> store/io/input.ts: no-circular', 'store/engine/blocks.ts -> store/io/input.ts: not-in-allowed']);
  });

  it('finds cycles made of type-only imports', async () => {
    expect(
      await violations({
        'store/a.ts': "import type { B } from './b';\nexport type A = { b?: B };",
        'store/b.ts': "import type { A } from './a';\nexport type B = { a?: A };",
      }),
    ).toEqual(['store/a.ts -> store/b.ts: no-circular']);
  });

  it('allows what the table allows', async () => {
    expect(
      await violations({
        'store/index.ts': "import { openDB } from 'idb';\nimport { e } from '../src/event';\nexport const s = [openDB, e];",
        'src/event.ts': 'export const e = 1;',
        'renderer/web/boot.ts': "import { s } from '../../store/index';\nexport const w = s;",
        'store/a.test.ts':
          "import { it } from 'vitest';\nimport 'fake-indexeddb/auto';\nimport { c } from './testing/conformance';\nit('x', () => c);",
        'store/testing/conformance.ts': 'export const c = 1;',
        'src/node/cli.ts': "import { readFileSync } from 'node:fs';\nimport { e } from '../event';\nexport const r = [readFileSync, e];",
      }),
    ).toEqual([]);
  });

  it('passes on this repository', () => {
    const run = () =>
      execFileSync(
        process.execPath,
        [
          join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
          '--config',
          '.dependency-cruiser.cjs',
          'src',
          'store',
          'renderer',
          'electron',
          'e2e',
          'scripts',
          'fixtures',
        ],
        { cwd: root, stdio: 'pipe' },
      );
    expect(run).not.toThrow();
  });
});

// The per-layer tsconfigs: a DOM name in src/ or a Node module in renderer/ must not compile.
describe('layer tsconfigs', () => {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  function compiles(layer: string, code: string): string | null {
    const dir = mkdtempSync(join(tmpdir(), 'cinema-probe-'));
    try {
      writeFileSync(join(dir, 'probe.ts'), code);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: join(root, layer, 'tsconfig.json'),
          compilerOptions: {
            composite: false,
            noEmit: true,
            emitDeclarationOnly: false,
            declaration: false,
            typeRoots: [join(root, 'node_modules/@types')],
          },
          files: ['probe.ts'],
          include: [],
        }),
      );
      execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { stdio: 'pipe' });
      return null;
    } catch (err) {
      return String((err as { stdout?: Buffer }).stdout ?? err);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('src/ has no DOM and no Node', () => {
    expect(compiles('src', 'export const n: number = [1, 2].length;')).toBeNull();
    expect(compiles('src', 'export const t = document.title;')).toMatch(/Cannot find name 'document'/);
    expect(compiles('src', "import { readFileSync } from 'fs'; export const r = readFileSync;")).toMatch(/Cannot find module 'fs'/);
  });

  it('renderer/ has the DOM but no Node', () => {
    expect(compiles('renderer', 'export const t: string = document.title;')).toBeNull();
    expect(compiles('renderer', "import { readFileSync } from 'fs'; export const r = readFileSync;")).toMatch(/Cannot find module 'fs'/);
  });

  it('store/ has IndexedDB but no document', () => {
    expect(compiles('store', 'export const f: IDBFactory = indexedDB;')).toBeNull();
    expect(compiles('store', 'export const t = document.title;')).toMatch(/Cannot find name 'document'/);
  });
});
