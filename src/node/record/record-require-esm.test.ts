// require() of ES modules (Node 20.19 and later): Node compiles the required file where CommonJS
// is compiled, with its kind, and the recorder rewrites it as the kind Node loads it as.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordProgram, root } from './testing';

describe('cinema record of a CommonJS program that requires ES modules', () => {
  it('records the required ES modules, by .mjs name and as a .js of no stated kind, with no warning', () => {
    const dir = join(root, 'fixtures/programs/require-esm');
    const plain = spawnSync(process.execPath, ['main.cjs'], { cwd: dir, encoding: 'utf8' });
    const rec = recordProgram('require-esm', ['node', 'main.cjs']);
    expect([rec.status, rec.stdout]).toEqual([0, plain.stdout]);
    // Rewritten as CommonJS they did not parse, and ran unrecorded with a warning each.
    expect(rec.stderr).not.toMatch(/runs without recording/);
    const entries = rec.events.filter((e) => e.data.type === 'function_entry').map((e) => [e.data.function, e.data.args]);
    expect(entries).toContainEqual(['total', [[1, 2, 3]]]);
    expect(entries).toContainEqual(['label', [12]]);
    const exits = rec.events.filter((e) => e.data.type === 'function_exit').map((e) => [e.data.function, e.data.return]);
    expect(exits).toContainEqual(['label', 'total 12']);
    // What such a module imports is loaded by Node 20 with no hook to see it (it reads the file
    // itself); Node 22.15's hooks in the same thread (module.registerHooks) see it too.
    const sync = 'registerHooks' in (process.getBuiltinModule?.('node:module') ?? {});
    expect(entries.some(([name]) => name === 'double')).toBe(sync);
  }, 120_000);
});
