// ES modules importing each other in a circle: a module's functions may run before its own code
// has (the rewritten file's prologue then has not run either), and must run as they would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordProgram, root } from './testing';

describe('cinema record on ES modules that import each other', () => {
  it("runs and records a module's function called before the module's own code ran", () => {
    const dir = join(root, 'fixtures/programs/circular');
    const plain = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' });
    expect(plain.stdout).toBe('b: 41\na: 4\n');
    const r = recordProgram('circular', ['node', 'main.js']);
    expect([r.status, r.stdout]).toEqual([0, plain.stdout]);
    const helper = r.events.filter((e) => e.data.function === 'helper' && e.data.type === 'function_entry');
    // Called first from b.js, before a.js ran, then from a.js: both with their node's id.
    expect(helper.map((e) => [e.ast_node_id, e.data.args])).toEqual([
      ['a.js:3:8', [40]],
      ['a.js:3:8', [1]],
    ]);
  });
});
