// `cinema record` on the fixture programs (fixtures/programs/), each with facts known in advance:
// the command runs as a user runs it, and the recording must say what the program did.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording, recordProgram, root, type Recorded } from './testing';

const entries = (r: Recorded) => r.events.filter((e) => e.data.type === 'function_entry');
const calls = (r: Recorded, fn: string) => entries(r).filter((e) => e.data.function === fn);
const exits = (r: Recorded, fn: string) => r.events.filter((e) => e.data.type === 'function_exit' && e.data.function === fn);
const assigned = (r: Recorded, variable: string) =>
  r.events.filter((e) => e.data.type === 'variable_assignment' && e.data.variable === variable).map((e) => e.data.value);

describe('cinema record on JavaScript (ES modules)', () => {
  const r = recordProgram('esm', ['node', 'main.js']);

  it("passes the program's output and exit code through", () => {
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      f: 24,
      second: 2,
      owner: 'ada',
      balance: 30,
      values: [1, 2, 3],
      first: 1,
      rest: [2, 3],
      total: 41,
      outcomes: ['fine', 'caught: flag was set'],
    });
    expect(r.stderr).toMatch(/^cinema record: \d+ events from 1 process, 1 file instrumented -> /m);
  });

  it('records recursion: arguments going down, return values coming back', () => {
    expect(calls(r, 'factorial').map((e) => e.data.args)).toEqual([[4], [3], [2], [1]]);
    expect(exits(r, 'factorial').map((e) => e.data.return)).toEqual([1, 2, 6, 24]);
    expect(new Set(calls(r, 'factorial').map((e) => e.ast_node_id))).toEqual(new Set(['main.js:2:1']));
    expect(exits(r, 'factorial')[0].data.return_at).toBe('main.js:3:15');
  });

  it('records a closure updating what it closed over, and classes with private fields and getters', () => {
    expect(assigned(r, 'count')).toEqual([0, 1, 2]);
    expect(calls(r, 'Account.constructor').map((e) => e.data.args)).toEqual([['ada']]);
    expect(assigned(r, 'this.#balance')).toEqual([30]);
    expect(exits(r, 'Account.get balance').map((e) => e.data.return)).toEqual([30]);
    expect(assigned(r, 'account')).toEqual([{ $class: 'Account', owner: 'ada' }]);
  });

  it('records a generator yielding and resuming, and an async function suspending at await', () => {
    const range = r.events.filter((e) => e.data.function === 'range').map((e) => e.data.type);
    expect(range).toEqual(['function_entry', ...Array(3).fill(['generator_yield', 'generator_resume']).flat(), 'function_exit']);
    expect(assigned(r, 'i')).toEqual([1, 2, 3, 4]);
    const price = r.events.filter((e) => e.data.function === 'fetchPrice').map((e) => [e.data.type, e.data.value ?? e.data.return ?? null]);
    expect(price).toEqual([
      ['function_entry', null],
      ['await_suspend', null],
      ['await_resume', 40],
      ['function_exit', 40],
    ]);
    expect(assigned(r, 'total')).toEqual([41]);
  });

  it('records destructuring, a throw caught, and finally blocks', () => {
    expect([assigned(r, 'owner'), assigned(r, 'balance'), assigned(r, 'first'), assigned(r, 'rest')]).toEqual([
      ['ada'],
      [30],
      [1],
      [[2, 3]],
    ]);
    const thrown = r.events.find((e) => e.data.type === 'error')!;
    expect(thrown.ast_node_id).toBe('main.js:40:15');
    expect(thrown.data.error).toMatchObject({ $type: 'Error', class: 'RangeError', message: 'flag was set' });
    expect(assigned(r, 'message')).toEqual(['flag was set']);
    expect(assigned(r, 'cleanedUp')).toEqual([true, true]);
    expect(exits(r, 'risky').map((e) => e.data.return)).toEqual(['fine', 'caught: flag was set']);
  });

  it('gives every call its own number, the same on its entry and exit, in one flow: the main script', () => {
    const ids = entries(r).map((e) => e.data.call);
    expect(new Set(ids).size).toBe(ids.length);
    // Arguments are a list, empty for a call with none (a getter's), never a lone `undefined`.
    expect(
      entries(r)
        .filter((e) => !Array.isArray(e.data.args))
        .map((e) => e.data.function),
    ).toEqual([]);
    for (const e of entries(r))
      expect(r.events.filter((x) => x.data.type === 'function_exit' && x.data.call === e.data.call)).toHaveLength(1);
    expect(new Set(r.events.map((e) => e.correlation_id))).toEqual(new Set([`p${r.events[0].data.pid}:main`]));
  });

  it('carries the module -> class -> method tree, with spans, and the source text', () => {
    const byId = new Map(r.ast.map((a) => [a.id, a]));
    expect(byId.get('main.js')).toMatchObject({ type: 'module', parent_id: null });
    expect(byId.get('main.js:15:1')).toMatchObject({ type: 'class', name: 'Account', parent_id: 'main.js' });
    expect(byId.get('main.js:23:3')).toMatchObject({
      type: 'method',
      name: 'Account.deposit',
      parent_id: 'main.js:15:1',
      span: { start_line: 23, end_line: 26 },
    });
    expect(r.sources.map((s) => s.file)).toEqual(['main.js']);
    expect(r.sources[0].text).toBe(readFileSync(join(r.dir, 'main.js'), 'utf8'));
  });
});

describe('cinema record on CommonJS', () => {
  const r = recordProgram('cjs', ['node', 'main.js']);

  it('records required modules too, with their own file names', () => {
    expect(JSON.parse(r.stdout)).toEqual({ sum: 5, top: 'b', size: 1, swapped: [2, 1], n: 1 });
    expect(r.sources.map((s) => s.file).sort()).toEqual(['lib.js', 'main.js']);
    expect(calls(r, 'add').map((e) => [e.ast_node_id, e.data.args])).toEqual([['lib.js:1:1', [2, 3]]]);
    expect(calls(r, 'Stack.push').map((e) => e.data.args)).toEqual([['a'], ['b']]);
    expect(exits(r, 'Stack.pop').map((e) => e.data.return)).toEqual(['b']);
    expect(assigned(r, 'n')).toEqual([0, 1]);
    expect(assigned(r, 'module.exports')).toHaveLength(1);
  });
});

describe('cinema record on TypeScript', () => {
  it("names the .ts files' own lines when tsx runs them as ES modules", () => {
    const r = recordProgram('ts-esm', ['npx', 'tsx', 'main.ts']);
    expect(JSON.parse(r.stdout)).toEqual({ total: 30 });
    expect(r.sources.map((s) => s.file).sort()).toEqual(['cart.ts', 'main.ts']);
    expect(calls(r, 'shippingFor').map((e) => e.ast_node_id)).toEqual(['main.ts:14:1']);
    expect(exits(r, 'shippingFor')[0].data).toMatchObject({ return: 15, return_at: 'main.ts:16:3' });
    expect(calls(r, 'Cart.add').map((e) => [e.ast_node_id, e.data.args])).toEqual([
      ['cart.ts:4:3', ['book', 12]],
      ['cart.ts:4:3', ['pen', 3]],
    ]);
    expect(assigned(r, 'sum')).toEqual([0, 12, 15]);
  });

  it("names the .ts files' own lines when tsx compiles them to CommonJS", () => {
    const r = recordProgram('ts-cjs', ['npx', 'tsx', 'main.ts']);
    expect(r.stdout.trim()).toBe('hello world, hello world');
    const greet = calls(r, 'greet').filter((e) => e.data.arity === 2);
    expect(greet.map((e) => [e.ast_node_id, e.data.args])).toEqual([['greet.ts:1:8', ['world', 2]]]);
    expect(exits(r, 'greet').find((e) => e.data.call === greet[0].data.call)!.data).toMatchObject({
      return: 'hello world, hello world',
      return_at: 'greet.ts:4:3',
    });
    expect(assigned(r, 'who')).toEqual(['world']);
  });
});

describe('cinema record on a test runner that loads files itself', () => {
  it("records a vitest run: the tests' and the code's events, named by the .ts files' own lines", () => {
    const r = recordProgram('vitest', ['npx', 'vitest', 'run']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/, 2 files instrumented -> /);
    expect(r.sources.map((s) => s.file).sort()).toEqual(['src/cart.test.ts', 'src/cart.ts']);
    expect(r.sources.find((s) => s.file === 'src/cart.ts')!.text).toContain('add(name: string, price: number): number {');
    expect(r.ast.find((n) => n.id === 'src/cart.ts:4:3')).toMatchObject({ type: 'method', name: 'Cart.add' });
    expect(calls(r, 'Cart.add').map((e) => [e.ast_node_id, e.data.args])).toEqual([
      ['src/cart.ts:4:3', ['book', 12]],
      ['src/cart.ts:4:3', ['pen', 3]],
    ]);
    expect(exits(r, 'Cart.add').map((e) => e.data.return)).toEqual([12, 15]);
    expect(assigned(r, 'sum')).toEqual([0, 12, 0, 12, 15]);
    // The runner's own code (its import bindings and export getters) is not the program's.
    expect(r.events.filter((e) => String(e.data.variable ?? '').startsWith('__vite_ssr_'))).toEqual([]);
    expect(r.ast.filter((n) => n.file === 'src/cart.ts' && n.type === 'arrow')).toEqual([]); // cart.ts has none of its own
    // The test is a flow of its own, named by it, holding the calls it made.
    const start = r.events.find((e) => e.data.type === 'flow_start' && e.data.root === 'test')!;
    expect(start.data.detail).toBe('adds');
    expect(calls(r, 'Cart.add').map((e) => e.correlation_id)).toEqual([start.correlation_id, start.correlation_id]);
  });

  it('records jest running ES modules (node --experimental-vm-modules), in their own flow per test', () => {
    const r = recordProgram('jest-esm', ['npx', 'jest'], { env: { NODE_OPTIONS: '--experimental-vm-modules' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
    expect(r.stderr).toMatch(/, 2 files instrumented -> /);
    expect(calls(r, 'Cart.add').map((e) => [e.ast_node_id, e.data.args])).toEqual([
      ['src/cart.js:6:3', ['book', 12]],
      ['src/cart.js:6:3', ['pen', 3]],
    ]);
    expect(exits(r, 'Cart.add').map((e) => e.data.return)).toEqual([12, 15]);
    const start = r.events.find((e) => e.data.type === 'flow_start' && e.data.root === 'test')!;
    expect(start.data.detail).toBe('adds');
    expect(calls(r, 'Cart.add').map((e) => e.correlation_id)).toEqual([start.correlation_id, start.correlation_id]);
  });

  it("leaves a coverage run's counters out: jest --coverage records what jest alone does", () => {
    const coverage = mkdtempSync(join(tmpdir(), 'cinema-coverage-'));
    const covered = recordProgram('jest', ['npx', 'jest', '--coverage', '--coverageDirectory', coverage]);
    const plain = recordProgram('jest', ['npx', 'jest']);
    expect(covered.status).toBe(0);
    expect(readdirSync(coverage)).toContain('lcov.info'); // istanbul did instrument the files
    rmSync(coverage, { recursive: true, force: true });
    const kinds = (r: Recorded) => r.events.map((e) => `${e.data.type} ${String(e.data.function ?? e.data.variable ?? '')}`);
    expect(kinds(covered).filter((k) => /cov_/.test(k))).toEqual([]);
    expect(kinds(covered)).toEqual(kinds(plain));
  });

  it("names the .ts files' own lines when the program runs as tsc built it, through the maps beside the JavaScript", () => {
    const r = recordProgram('compiled', ['node', 'lib/main.js']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ total: 15 });
    expect(r.sources.map((s) => s.file).sort()).toEqual(['src/cart.ts', 'src/main.ts']);
    expect(r.sources.find((s) => s.file === 'src/cart.ts')!.text).toContain('  add(name: string, price: number): number {');
    expect(calls(r, 'Cart.add').map((e) => [e.ast_node_id, e.data.args])).toEqual([
      ['src/cart.ts:10:3', ['book', 12]],
      ['src/cart.ts:10:3', ['pen', 3]],
    ]);
    expect(assigned(r, 'total')).toEqual([15]);
    expect(r.ast.find((n) => n.id === 'src/cart.ts:7:1')).toMatchObject({ type: 'class', name: 'Cart' });
  });

  it("records a jest run: the code's events in jest's own context, named by the files' own lines", () => {
    const r = recordProgram('jest', ['npx', 'jest']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/Tests:\s+3 passed, 3 total/);
    expect(r.stderr).toMatch(/, 2 files instrumented -> /);
    expect(r.sources.map((s) => s.file).sort()).toEqual(['src/cart.js', 'src/cart.test.js']);
    expect(r.sources.find((s) => s.file === 'src/cart.js')!.text).toContain('    this.items.push({ name, price });');
    expect(calls(r, 'Cart.add').map((e) => [e.ast_node_id, e.data.args])).toEqual([
      ['src/cart.js:6:3', ['book', 12]],
      ['src/cart.js:6:3', ['pen', 3]],
    ]);
    expect(exits(r, 'Cart.add').map((e) => e.data.return)).toEqual([12, 15]);
    expect(assigned(r, 'sum')).toEqual([0, 12, 0, 12, 15]);
    // A value made in jest's context is read as one made here would be.
    expect(assigned(r, 'tags')).toEqual([{ $type: 'Set', size: 2, values: ['a', 'b'] }]);
    // The tests are named by what they say they test, and each is a flow of its own.
    expect(calls(r, "test('adds') callback").map((e) => e.ast_node_id)).toEqual(['src/cart.test.js:4:14']);
    const flowOf = (fn: string) => calls(r, fn).map((e) => e.correlation_id);
    const starts = r.events.filter((e) => e.data.type === 'flow_start' && e.data.root === 'test');
    expect(starts.map((e) => e.data.detail)).toEqual(['adds', 'counts a set of tags', 'waits for a price']);
    expect(flowOf("test('adds') callback")).toEqual([starts[0].correlation_id]);
    expect(flowOf('Cart.add')).toEqual([starts[0].correlation_id, starts[0].correlation_id]);
    expect(r.events.filter((e) => e.data.variable === 'tags').map((e) => e.correlation_id)).toEqual([starts[1].correlation_id]);
    // An async test: its flow goes on after the await; the timer it set is a flow of its own under it.
    expect(r.events.filter((e) => e.data.variable === 'price').map((e) => [e.correlation_id, e.data.value])).toEqual([
      [starts[2].correlation_id, 7],
    ]);
    const timer = r.events.find((e) => e.data.type === 'flow_start' && e.data.root === 'timer')!;
    expect(timer.data.parent_flow).toBe(starts[2].correlation_id);
    expect(flowOf('setTimeout callback')).toEqual([timer.correlation_id]);
  });
});

describe('cinema record on concurrent work', () => {
  it('gives two HTTP requests served at once a flow each, and their events never mix', () => {
    const r = recordProgram('http', ['node', 'server.js']);
    const plain = spawnSync(process.execPath, ['server.js'], { cwd: r.dir, encoding: 'utf8' });
    expect(plain.stdout.trim()).toMatch(/^apple=500 kiwi=400 end\/\d+ setTimeout\/\d+ setInterval\/\d+ setImmediate\/\d+$/);
    expect(r.stdout).toBe(plain.stdout);
    const starts = r.events.filter((e) => e.data.type === 'flow_start' && e.data.root === 'http');
    expect(starts.map((e) => e.data.detail).sort()).toEqual(['GET /apple', 'GET /kiwi']);
    for (const start of starts) {
      const sku = String(start.data.detail).slice(5);
      const flow = r.events.filter((e) => e.correlation_id === start.correlation_id);
      expect(flow.filter((e) => e.data.type === 'variable_assignment' && e.data.variable === 'sku').map((e) => e.data.value)).toEqual([
        sku,
      ]);
      expect(flow.filter((e) => e.data.function === 'price' && e.data.type === 'function_exit').map((e) => e.data.return)).toEqual([
        sku.length * 100,
      ]);
      // The flow is answered when the program has ended its response, with the response's status:
      // its latest event, after the handler that ended it returned.
      expect(flow.filter((e) => e.data.type === 'flow_end').map((e) => e.data.status)).toEqual([sku === 'kiwi' ? 404 : 200]);
      expect(flow.slice(-2).map((e) => [e.data.type, e.data.function ?? null])).toEqual([
        ['function_exit', 'handle'],
        ['flow_end', null],
      ]);
    }
  });

  it('records worker threads as threads of the process, even one ended by terminate()', () => {
    const r = recordProgram('workers', ['node', 'main.js']);
    expect(r.stdout.trim()).toBe('fib(20) = 6765');
    const fib = calls(r, 'fib');
    expect(fib).toHaveLength(21891); // fib(20) makes 21,891 calls
    expect(new Set(fib.map((e) => e.data.tid)).size).toBe(1);
    expect(fib[0].data.tid).not.toBe(0);
    expect(assigned(r, 'answer')).toEqual([6765]);
    expect(r.stderr).toMatch(/from 1 process \(2 threads\)/);
  });

  it("holds a pool of worker threads within the process's --max-mb, all threads together", () => {
    // 20,000 events in 8 MB: 16 shares of 1,250 events. Four workers make ~40,000 events; each thread
    // alone could have kept 20,000 of them.
    const opts = { args: ['--max-events', '20000', '--max-mb', '8'] };
    const r = recordProgram('pool', ['node', 'main.js', '4'], opts);
    expect(r.stdout.trim()).toBe('pool of 4: 987 1597 2584 987');
    expect(r.events.length).toBeLessThanOrEqual(20_000);
    const tids = new Set(calls(r, 'fib').map((e) => e.data.tid));
    expect(tids.size).toBe(4);
    // Each worker's last events are kept: its first fib call's exit, with the answer.
    expect(exits(r, 'fib').filter((e) => [987, 1597, 2584].includes(e.data.return as number)).length).toBeGreaterThanOrEqual(4);
    expect(r.stderr).not.toMatch(/is not recorded/);

    // Twenty workers and the main thread ask for more shares than there are: some go unrecorded, saying so.
    const many = recordProgram('pool', ['node', 'main.js', '20'], opts);
    expect(many.status).toBe(0);
    expect(many.events.length).toBeLessThanOrEqual(20_000);
    const refused = many.stderr.match(/cinema record: thread \d+ of process \d+ is not recorded/g) ?? [];
    const recorded = new Set(calls(many, 'fib').map((e) => e.data.tid));
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expect(recorded.size + refused.length).toBe(20);
  });

  it('records every Node process the command starts', () => {
    const r = recordProgram('children', ['node', 'parent.js']);
    expect(r.stdout.trim()).toBe('child says 18');
    expect(new Set(r.events.map((e) => e.data.pid)).size).toBe(2);
    expect(exits(r, 'triple').map((e) => e.data.return)).toEqual([18]);
    expect(exits(r, 'askChild').map((e) => e.data.return)).toEqual([18]);
  });
});

describe('a program that crashes', () => {
  it('is recorded up to an uncaught exception, and its exit code and error output are its own', () => {
    const plain = spawnSync('node', ['uncaught.js'], { cwd: join(__dirname, '../../../fixtures/programs/crash'), encoding: 'utf8' });
    const r = recordProgram('crash', ['node', 'uncaught.js']);
    expect(r.status).toBe(plain.status);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TypeError: bad quantity 0');
    // The trace points at the original lines and columns, as without recording.
    const frames = (text: string) => text.match(/uncaught\.js:\d+:\d+/g) ?? [];
    expect(frames(plain.stderr).length).toBeGreaterThan(1);
    expect(frames(r.stderr)).toEqual(frames(plain.stderr));
    expect(exits(r, 'validate').map((e) => e.data.exception?.message ?? e.data.return)).toEqual([true, 'bad quantity 0']);
    const last = r.events.at(-1)!;
    expect(last.data).toMatchObject({ type: 'error', uncaught: true, origin: 'uncaughtException', error: { class: 'TypeError' } });
  });

  it('is recorded up to a rejection nothing handled', () => {
    const r = recordProgram('crash', ['node', 'rejection.js']);
    expect(r.status).toBe(1);
    expect(r.events.at(-1)!.data).toMatchObject({
      type: 'error',
      uncaught: true,
      origin: 'unhandledRejection',
      error: { message: 'no record 42' },
    });
  });
});

describe('the recording itself', () => {
  it('keeps the last --max-events events of a process, and says how many older ones went', () => {
    const all = recordProgram('cjs', ['node', 'main.js']);
    const last = recordProgram('cjs', ['node', 'main.js'], { args: ['--max-events', '10'] });
    expect(last.status).toBe(0);
    expect(all.events.length).toBeGreaterThan(20);
    expect(last.events.length).toBe(10);
    expect(last.stderr).toMatch(
      new RegExp(`cinema record: 10 events \\(the ${all.events.length - 10} oldest let go: raise --max-events or --max-mb\\)`),
    );
    const types = (r: Recorded) => r.events.map((e) => `${e.ast_node_id} ${e.data.type}`);
    expect(types(last)).toEqual(types(all).slice(-10));
  });

  it('records a process started with node --import on its own, into the file CINEMA_RECORD_OUT names', () => {
    const dir = join(root, 'fixtures/programs/esm');
    const out = join(mkdtempSync(join(tmpdir(), 'cinema-standalone-')), 'alone.cinema.gz');
    const plain = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' });
    const r = spawnSync(process.execPath, ['--import', join(root, 'dist/record/register.mjs'), 'main.js'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CINEMA_RECORD_OUT: out },
    });
    expect([r.status, r.stdout]).toEqual([plain.status, plain.stdout]);
    expect(r.stderr).toMatch(/cinema record: \d+ events from 1 process, 1 file instrumented -> .*alone\.cinema\.gz/);
    const rec = readRecording(out, { dir, status: r.status, stdout: r.stdout, stderr: r.stderr });
    expect(rec.header?.processes).toEqual([r.pid]);
    expect(rec.events.filter((e) => e.data.type === 'function_entry').length).toBeGreaterThan(5);
    expect(rec.sources.map((f) => f.file)).toEqual(['main.js']);
  });

  it('leaves nothing behind when run alone with silent probes (they record nothing)', () => {
    const dir = join(root, 'fixtures/programs/esm');
    const tmp = mkdtempSync(join(tmpdir(), 'cinema-silent-'));
    const plain = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' });
    const r = spawnSync(process.execPath, ['--import', join(root, 'dist/record/register.mjs'), 'main.js'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        TMPDIR: tmp,
        CINEMA_RECORD_MODE: 'silent',
        CINEMA_RECORD_OUT: join(tmp, 'x.cinema'),
        CINEMA_RECORD_CACHE: join(tmpdir(), 'cinema-silent-cache'),
      },
    });
    expect([r.status, r.stdout, r.stderr]).toEqual([plain.status, plain.stdout, '']);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('reports an unwritable recording in one line, leaving the exit code alone', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cinema-nowrite-')), 'missing-dir', 'x.cinema');
    const r = recordProgram('cjs', ['node', 'main.js'], { out });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/cinema record: the recording could not be written to .*x\.cinema/);
  });
});
