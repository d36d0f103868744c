import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports, importsOf, readSources } from './check-layers';

describe('layer check', () => {
  it('finds every form of import', () => {
    const text = `import a from './a';\nimport { b } from "b-pkg/sub";\nexport * from '../c';\nimport './side';\nconst d = await import('./d');\nnew Worker(new URL('./w.ts', import.meta.url));\nimport type { T } from '@scope/pkg/x';`;
    expect(importsOf(text)).toEqual(['./a', 'b-pkg/sub', '../c', './side', './d', './w.ts', '@scope/pkg/x']);
    expect(importsOf("/** An import's result, what 'it' says */\nconst x = 1; // export's 'y'")).toEqual([]);
  });

  it('flags imports that cross the table', () => {
    const problems = checkImports([
      { path: 'src/model.ts', text: "import { x } from '../renderer/view';" },
      { path: 'src/fmt.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'renderer/panel.ts', text: "import { TemporalStorage } from '../store';" },
      { path: 'renderer/app.ts', text: "import { app } from 'electron';" },
      { path: 'store/x.ts', text: "import React from 'react';" },
      { path: 'electron/preload/index.ts', text: "import { y } from '../../store/index';" },
    ]);
    expect(problems).toEqual([
      'src/model.ts: src may not import renderer (../renderer/view)',
      'src/fmt.ts: src runs outside Node and may not import node:fs',
      'renderer/panel.ts: renderer may not import store (../store)',
      'renderer/app.ts: renderer may not import the package electron',
      'store/x.ts: store may not import the package react',
      'electron/preload/index.ts: electron/preload may not import store (../../store/index)',
    ]);
  });

  it('allows what the table allows', () => {
    expect(
      checkImports([
        { path: 'store/index.ts', text: "import { openDB } from 'idb';\nimport { e } from '../src/event';" },
        { path: 'renderer/web/boot.ts', text: "import { TemporalStorage } from '../../store/index';" },
        { path: 'store/a.test.ts', text: "import { it } from 'vitest';\nimport 'fake-indexeddb/auto';\nimport { c } from './testing/conformance';" },
        { path: 'src/node/cli.ts', text: "import { readFileSync } from 'node:fs';\nimport { e } from '../event';" },
      ]),
    ).toEqual([]);
  });

  it('passes on this repository', () => {
    expect(checkImports(readSources(resolve(__dirname, '..')))).toEqual([]);
  });
});

// The per-layer tsconfigs: a DOM name in src/ or a Node module in renderer/ must not compile.
describe('layer tsconfigs', () => {
  const root = resolve(__dirname, '..');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  function compiles(layer: string, code: string): string | null {
    const dir = mkdtempSync(join(tmpdir(), 'cinema-probe-'));
    try {
      writeFileSync(join(dir, 'probe.ts'), code);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: join(root, layer, 'tsconfig.json'), compilerOptions: { composite: false, noEmit: true, emitDeclarationOnly: false, declaration: false, typeRoots: [join(root, 'node_modules/@types')] }, files: ['probe.ts'], include: [] }),
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
