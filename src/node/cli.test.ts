import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from './cli';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'cinema-cli-'));
const at = (name: string) => join(dir, name);

describe('cinema command-line tool', () => {
  it('generates, inspects and validates a demo recording', async () => {
    expect((await run('generate', '--events', '3000', '--seed', '4', '--out', at('demo.cinema'))).code).toBe(0);
    const inspected = await run('inspect', at('demo.cinema'), '--json');
    expect(inspected.code).toBe(0);
    const report = JSON.parse(inspected.out);
    expect(report).toMatchObject({ format: 'cinema', events: 3000, time_unit: 'ns', ast_nodes: expect.any(Number) });
    expect(report.correlations).toBeGreaterThan(10);
    expect(report.first_timestamp).toMatch(/^17642304000\d{8}$/);
    expect(BigInt(report.last_timestamp) > BigInt(report.first_timestamp)).toBe(true);
    expect(report.top_ast_nodes[0].events).toBeGreaterThan(report.top_ast_nodes[9].events - 1);
    expect((await run('validate', at('demo.cinema'))).code).toBe(0);
    expect((await run('inspect', at('demo.cinema'))).out).toMatch(
      /demo\.cinema: cinema "demo \(3000 events, seed 4\)", time unit ns\n {2}events 3000/,
    );
  });

  it('converts to .cinema.gz, back, and to Chrome JSON that reads back as a trace', async () => {
    await run('generate', '--events', '2000', '--out', at('a.cinema'));
    expect((await run('convert', at('a.cinema'), at('b.cinema.gz'))).code).toBe(0);
    expect(gunzipSync(readFileSync(at('b.cinema.gz'))).toString()).toBe(readFileSync(at('a.cinema'), 'utf8'));
    expect((await run('convert', at('b.cinema.gz'), at('c.cinema'))).code).toBe(0);
    expect(readFileSync(at('c.cinema'), 'utf8')).toBe(readFileSync(at('a.cinema'), 'utf8'));
    expect((await run('convert', at('a.cinema'), at('trace.json'))).code).toBe(0);
    const trace = JSON.parse(readFileSync(at('trace.json'), 'utf8'));
    const phases = trace.traceEvents.map((e: { ph: string }) => e.ph);
    const source = readFileSync(at('a.cinema'), 'utf8');
    // The recording ends mid-flow, so entries may outnumber exits: each maps one to one.
    expect(phases.filter((p: string) => p === 'B').length).toBe(source.split('"type":"function_entry"').length - 1);
    expect(phases.filter((p: string) => p === 'E').length).toBe(source.split('"type":"function_exit"').length - 1);
    expect(phases).toContain('M');
    expect(phases).toContain('s');
    const back = await run('inspect', at('trace.json'), '--json');
    expect(JSON.parse(back.out)).toMatchObject({ format: 'chrome-trace', events: 2000 });
  });

  it('streams a Chrome trace and an OTLP file, writing what reading them whole writes, header included', async () => {
    for (const [fixture, name] of [
      ['chrome/chromium-trace.json', 'trace.json'],
      ['otlp/otel-sdk-trace.json', 'spans.otlp.json'],
    ]) {
      const doc = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures', fixture), 'utf8'));
      writeFileSync(at(name), JSON.stringify(doc));
      // A member past the first 64 KB the tool sniffs hides the events: that copy is read whole.
      writeFileSync(at(`whole-${name}`), JSON.stringify({ filler: 'x'.repeat(70_000), ...doc }));
      for (const f of [name, `whole-${name}`]) expect((await run('convert', at(f), at(`${f}.cinema`))).code).toBe(0);
      const [streamed, whole] = [name, `whole-${name}`].map((f) => readFileSync(at(`${f}.cinema`), 'utf8').split('\n'));
      // An OTLP file streamed takes its first span's start as its epoch, one read whole its earliest:
      // the lines carry absolute times, so only the header's epoch differs.
      const header = (line: string) => ({ ...JSON.parse(line), epoch: null });
      expect(header(streamed[0]), name).toEqual(header(whole[0]));
      expect(streamed.slice(1), name).toEqual(whole.slice(1));
      expect(streamed.length).toBeGreaterThan(10);
    }
    // The trace's header names its processes, though its metadata events come anywhere in it.
    expect(JSON.parse(readFileSync(at('trace.json.cinema'), 'utf8').split('\n')[0]).processes).toMatchObject({ 16553: 'Browser' });
    expect(readdirSync(dir).filter((f) => f.includes('.lines-') || f.includes('partial'))).toEqual([]);
  });

  it('reports bad input with FILE:LINE:COL and exit 1, leaving no OUT behind', async () => {
    writeFileSync(
      at('bad.cinema'),
      '{"format":"cinema-session","version":1,"time_unit":"ns","epoch":"0"}\n{"kind":"event","timestamp":1.5}\n{"kind":"zzz"}\n',
    );
    const v = await run('validate', at('bad.cinema'));
    expect(v.code).toBe(1);
    expect(v.out.trim().split('\n')).toEqual([
      `${at('bad.cinema')}:2:29: expected an integer timestamp, found 1.5`,
      `${at('bad.cinema')}:3:9: expected a record kind of event, ast, source, link or bookmark, found a string ("zzz")`,
    ]);
    writeFileSync(at('bad-trace.json'), '{"traceEvents":[{"ph":"X","ts":1,"dur":1,"name":"a"},{"ph":"B","ts":null,"name":"b"}]}');
    expect(await run('validate', at('bad-trace.json'))).toMatchObject({
      code: 1,
      // Streamed, as the app reads it: the element's own line and column.
      out: `${at('bad-trace.json')}:1:54: traceEvents[1]: expected ts in microseconds as a number, found null\n`,
    });
    const c = await run('convert', at('bad.cinema'), at('out.cinema'));
    expect(c.code).toBe(1);
    expect(c.err).toBe('bad.cinema:2:29: expected an integer timestamp, found 1.5\n');
    expect(existsSync(at('out.cinema'))).toBe(false);
    // A streamed trace's lines wait beside OUT for its header: they go too.
    expect((await run('convert', at('bad-trace.json'), at('out.cinema'))).code).toBe(1);
    expect(existsSync(at('out.cinema'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial') || f.includes('.lines-'))).toEqual([]);
  });

  it('says what is wrong with the command line (exit 2) or a missing file (exit 3)', async () => {
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: 'cinema: unknown command "frobnicate" (cinema --help)\n' });
    expect((await run('generate')).code).toBe(2);
    expect((await run('convert', at('a.cinema'), at('x.txt'))).code).toBe(2);
    const missing = await run('inspect', at('nope.cinema'));
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/^cinema: ENOENT/);
    expect((await run('--help')).out).toMatch(/Exit codes:\n {2}0 {2}done/);
  });

  it('runs as `cinema` from the package bin', () => {
    const out = execFileSync(process.execPath, [join(__dirname, '../../bin/cinema.js'), '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/^cinema: record programs, and inspect, validate, convert and generate Cinema recordings\n/);
  });

  it('ends quietly when the reader of its output stops (`cinema generate | head`)', async () => {
    const child = spawn(process.execPath, [join(__dirname, '../../bin/cinema.js'), 'generate', '--events', '300000'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // The first chunk read, the reader goes away.
    await new Promise((ok) => child.stdout.once('data', ok));
    child.stdout.destroy();
    const code = await new Promise((ok) => child.on('exit', ok));
    expect({ code, err }).toEqual({ code: 0, err: '' });
  });
});
