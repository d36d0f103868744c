// Recording what --include reaches beyond the project: the recorder's own modules and the parser
// it loads are in such a scope too, and must load as they are.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording, root } from './testing';

describe('cinema record with --include reaching node_modules', () => {
  it("records what --include reaches in node_modules, the recorder's own modules and packages among them left alone", () => {
    // From the repository's root, 'node_modules/**' takes in the recorder's build and the parser
    // and source map library it loads: rewriting those waited on the rewriter itself (exit 13).
    const program = join('fixtures/programs/deps/main.mjs');
    const plain = spawnSync(process.execPath, [program], { cwd: root, encoding: 'utf8' });
    const out = join(mkdtempSync(join(tmpdir(), 'cinema-deps-')), 'deps.cinema');
    for (const include of ['node_modules/marked/**', 'node_modules/**']) {
      const r = spawnSync(
        process.execPath,
        [join(root, 'bin/cinema.js'), 'record', '--out', out, '--include', include, '--', 'node', program],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect([r.status, r.stdout]).toEqual([0, plain.stdout]);
      const rec = readRecording(out, { dir: root, status: r.status, stdout: r.stdout, stderr: r.stderr });
      const modules = new Set(rec.events.map((e) => String(e.data.module ?? '')));
      expect([...modules].some((m) => m.startsWith('node_modules/marked/'))).toBe(true);
      // The recorder's own, and the parser it shares with the program, are not recorded.
      expect([...modules].filter((m) => m.startsWith('dist/') || m.includes('oxc-parser'))).toEqual([]);
    }
  }, 120_000);
});
