// Recording never changes what a program does, and it misses no call: real packages' own tests pass
// the same under recording, a CPU-bound program prints the same bytes, and every function's
// recorded entries equal V8's own call count for the same run (NODE_V8_COVERAGE, precise counts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALS } from '../../instrument/probes';
import { type Recorded, recordProgram } from './testing';

const root = resolve(__dirname, '../../..');

describe('recording changes nothing', () => {
  it("minimist's own test suite passes the same, every assertion, under recording", () => {
    const tape = [join(root, 'node_modules/tape/bin/tape'), 'node_modules/minimist/test/*.js'];
    const plain = spawnSync(process.execPath, tape, { cwd: root, encoding: 'utf8' });
    const out = join(mkdtempSync(join(tmpdir(), 'cinema-minimist-')), 'minimist.cinema');
    const recorded = spawnSync(
      process.execPath,
      [join(root, 'bin/cinema.js'), 'record', '--out', out, '--include', 'node_modules/minimist/**', '--', 'node', ...tape],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(plain.status).toBe(0);
    expect(recorded.status).toBe(plain.status);
    expect(recorded.stdout).toBe(plain.stdout);
    expect(plain.stdout).toMatch(/# pass +\d+/);
    // minimist is `module.exports = function (args, opts) {...}`: the function takes that name.
    const parse = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"module":"node_modules/minimist/index.js","function":"module.exports"') && l.includes('function_entry'));
    expect(parse.length).toBeGreaterThan(50);
  }, 120_000);

  it('a CPU-bound program (marked rendering a document) prints the same bytes under recording', () => {
    const dir = join(root, 'fixtures/programs/markdown');
    const plain = spawnSync(process.execPath, ['render.js', '60'], { cwd: dir, encoding: 'utf8' });
    const r = recordProgram('markdown', ['node', 'render.js', '60'], { args: ['--include', '../../../node_modules/marked/**'] });
    expect(plain.status).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.events.length).toBeGreaterThan(10_000);
  }, 120_000);

  it('a program that recursed to the end of its stack is recorded after it, and told why when that ends it', () => {
    const r = recordedLikePlain('deep', ['main.js']);
    // The stack ran out inside a snapshot the recorder took (the error, as each level exited):
    // that left it taking no more events, and the call after was missing.
    const after = r.events.filter((e) => e.data.type === 'function_entry' && e.data.function === 'after');
    expect(after.map((e) => e.data.args)).toEqual([[1]]);
    const uncaught = recordProgram('deep', ['node', 'main.js', 'uncaught']);
    expect(uncaught.status).not.toBe(0);
    expect(uncaught.stderr).toMatch(/cinema record: the program ran out of stack;.*--stack-size/);
  }, 120_000);

  it('a program that removes every listener of the process is still recorded', () => {
    const r = recordedLikePlain('listeners', ['main.js']);
    // The recorder's 'exit' listener went with the program's, and the recording with it.
    const calls = r.events.filter((e) => e.data.type === 'function_entry' && e.data.function === 'double');
    expect(calls.map((e) => e.data.args)).toEqual([[1], [2]]);
  }, 120_000);

  it("sees the names and lengths of Node's functions the recorder wraps as they are without it", () => {
    // Timers, emitters, vm and Module#_compile had the recorder's own (setTimeout.length 1, not 5).
    const r = recordedLikePlain('wrapped', ['main.js']);
    expect(r.stdout).toMatch(/^setTimeout setTimeout\/5$/m);
  }, 120_000);

  it('a program that replaces built-ins the recorder uses (push, Map.get, Object.keys, JSON.stringify) runs and counts the same', () => {
    // The counts it prints are of its own calls: the recorder's snapshots and names call none.
    const r = recordedLikePlain('builtins', ['main.mjs']);
    const total = r.events.find((e) => e.data.type === 'function_entry' && e.data.function === 'total');
    expect((total?.data.args as unknown[])?.[0]).toMatchObject({ $class: 'Cart', items: { $type: 'Map', size: 2 } });
    // The replacements are the program's code, recorded as they run for it, and only then.
    const replacements = r.events.filter((e) => e.data.type === 'function_entry' && e.ast_node_id === 'main.mjs:12:16');
    expect(replacements.length).toBeGreaterThan(10);
    expect(replacements.length).toBeLessThan(40);
  }, 120_000);
});

/** A fixture program run with `node ARGS` plain and recorded: the recording, its exit code and output checked to be the plain run's. */
function recordedLikePlain(program: string, args: string[]): Recorded {
  const plain = spawnSync(process.execPath, args, { cwd: join(root, 'fixtures/programs', program), encoding: 'utf8' });
  expect(plain.status).toBe(0);
  const r = recordProgram(program, ['node', ...args]);
  expect([r.status, r.stdout]).toEqual([0, plain.stdout]);
  return r;
}

/** V8's call counts per function of each file (url -> name -> counts), from a coverage folder. */
function v8Counts(dir: string): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>();
  for (const f of readdirSync(dir)) {
    const cov = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      result: Array<{ url: string; functions: Array<{ functionName: string; ranges: Array<{ count: number }> }> }>;
    };
    for (const script of cov.result) {
      if (!script.url.startsWith('file:') || script.url.includes('/node_modules/')) continue;
      const file = fileURLToPath(script.url);
      const byName = out.get(file) ?? new Map<string, number[]>();
      out.set(file, byName);
      for (const fn of script.functions) {
        // Unnamed functions cannot be told apart; <instance_members_initializer> and the like are V8's own.
        if (!fn.functionName || fn.functionName.startsWith('<')) continue;
        byName.set(fn.functionName, [...(byName.get(fn.functionName) ?? []), fn.ranges[0].count]);
      }
    }
  }
  return out;
}

describe('the recording misses no call', () => {
  for (const [program, command] of [
    ['esm', ['node', 'main.js']],
    ['workers', ['node', 'main.js']],
    ['cjs', ['node', 'main.js']],
  ] as const) {
    it(`${program}: recorded entries per function equal V8's call counts`, () => {
      const coverage = mkdtempSync(join(tmpdir(), 'cinema-v8cov-'));
      const r = recordProgram(program, [...command], { env: { NODE_V8_COVERAGE: coverage } });
      expect(r.status).toBe(0);
      const v8 = v8Counts(coverage);
      let compared = 0;
      for (const [file, byName] of v8) {
        if (!file.startsWith(`${r.dir}/`)) continue; // the cinema command's own process
        const rel = file.slice(r.dir.length + 1);
        for (const [name, counts] of byName) {
          if (name === LOCALS.init) continue; // the prologue's own function (instrument.ts), not the program's
          // V8 names methods without their class, and a constructor by its class.
          const ours = r.events.filter((e) => {
            if (e.data.type !== 'function_entry' || e.data.module !== rel) return false;
            const fn = String(e.data.function);
            const short = fn.includes('.') ? fn.slice(fn.indexOf('.') + 1) : fn;
            return short === name || (short === 'constructor' && fn.startsWith(`${name}.`));
          });
          if (counts.length !== 1 || counts[0] === 0) continue; // a name V8 gives twice, or a function never called
          expect([rel, name, ours.length]).toEqual([rel, name, counts[0]]);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(0);
    }, 120_000);
  }
});
